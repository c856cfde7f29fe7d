//! Watching a site's sources for `serve`: file-system events in, batches of changes out.
//!
//! Every way an editor saves is one of a few event kinds (write in place, write a temporary
//! file and rename it over the original, create, delete, rename); a `git checkout` is a burst
//! of hundreds. Events are collected until the files have been quiet for a moment, the last
//! event per path is kept, and the batch is handed on as one rebuild. The output folder,
//! hidden files and editors' temporary files are ignored.

use crate::load::is_ignored_name;
use notify::{EventKind, RecursiveMode};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long the files must be quiet before a batch is complete: an editor's write-and-rename
/// and a `git checkout` write their files within a few milliseconds of each other.
const QUIET: Duration = Duration::from_millis(50);
/// The longest a batch waits for quiet, so that a steady stream still rebuilds.
const MAX_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Modified,
    Removed,
}

/// One changed path (relative to the site root) and what last happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.kind {
            ChangeKind::Created => crate::t!("{path} added", path = self.path),
            ChangeKind::Modified => crate::t!("{path} changed", path = self.path),
            ChangeKind::Removed => crate::t!("{path} removed", path = self.path),
        };
        f.write_str(&text)
    }
}

pub struct Watcher {
    root: PathBuf,
    rx: Receiver<notify::Result<notify::Event>>,
    inner: Box<dyn notify::Watcher + Send>,
}

/// The path relative to the root when a change there matters to the site.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let first = parts.first()?;
    if !crate::load::SITE_SOURCES.contains(&first.as_str())
        || parts.iter().any(|p| is_ignored_name(p))
    {
        return None;
    }
    Some(parts.join("/"))
}

impl Watcher {
    pub fn start(root: &Path, poll: bool) -> anyhow::Result<Watcher> {
        let root = std::path::absolute(root)?;
        let (tx, rx) = channel();
        let mut inner: Box<dyn notify::Watcher + Send> = if poll {
            // Contents are compared too: a save within the same second as the last scan keeps
            // the modification time the poller already saw.
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(300))
                .with_compare_contents(true);
            Box::new(notify::PollWatcher::new(tx, config)?)
        } else {
            Box::new(notify::recommended_watcher(tx)?)
        };
        inner.watch(&root, RecursiveMode::NonRecursive)?;
        for name in crate::load::SITE_SOURCES {
            let path = root.join(name);
            if path.is_dir() {
                inner.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watcher { root, rx, inner })
    }

    /// Waits for the next batch of relevant changes; `None` when watching has stopped.
    pub fn next_batch(&mut self) -> Option<Vec<Change>> {
        loop {
            let mut batch: BTreeMap<String, ChangeKind> = BTreeMap::new();
            while batch.is_empty() {
                let event = self.rx.recv().ok()?;
                self.collect(event, &mut batch);
            }
            let started = Instant::now();
            while started.elapsed() < MAX_WAIT {
                match self.rx.recv_timeout(QUIET) {
                    Ok(event) => self.collect(event, &mut batch),
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
            // Temporary files that came and went leave an empty batch: wait for the next.
            if !batch.is_empty() {
                return Some(
                    batch
                        .into_iter()
                        .map(|(path, kind)| Change { path, kind })
                        .collect(),
                );
            }
        }
    }

    fn collect(
        &mut self,
        event: notify::Result<notify::Event>,
        batch: &mut BTreeMap<String, ChangeKind>,
    ) {
        let Ok(event) = event else { return };
        let kind = match event.kind {
            EventKind::Create(_) => ChangeKind::Created,
            EventKind::Remove(_) => ChangeKind::Removed,
            EventKind::Modify(_) | EventKind::Any | EventKind::Other => ChangeKind::Modified,
            EventKind::Access(_) => return,
        };
        for path in &event.paths {
            let Some(rel) = relevant(&self.root, path) else {
                continue;
            };
            // A watched folder created after start (content/, templates/ …) is watched from now on.
            if kind == ChangeKind::Created && !rel.contains('/') && path.is_dir() {
                self.inner.watch(path, RecursiveMode::Recursive).ok();
            }
            // A rename reports both names; which one still exists tells what happened.
            let kind = if kind == ChangeKind::Modified && !path.exists() {
                ChangeKind::Removed
            } else {
                kind
            };
            // A file created and removed within one batch (an editor's or tool's temporary
            // file) never mattered.
            if kind == ChangeKind::Removed && batch.get(&rel) == Some(&ChangeKind::Created) {
                batch.remove(&rel);
                continue;
            }
            batch.insert(rel, kind);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sites_sources_matter() {
        let root = Path::new("/site");
        assert_eq!(
            relevant(root, Path::new("/site/content/a.md")).as_deref(),
            Some("content/a.md")
        );
        assert_eq!(
            relevant(root, Path::new("/site/catalog.yaml")).as_deref(),
            Some("catalog.yaml")
        );
        assert_eq!(relevant(root, Path::new("/site/public/index.html")), None);
        assert_eq!(relevant(root, Path::new("/site/target/debug/x")), None);
        assert_eq!(relevant(root, Path::new("/site/content/.a.md.swp")), None);
        assert_eq!(relevant(root, Path::new("/site/content/a.md~")), None);
        assert_eq!(relevant(root, Path::new("/site/content/.git/x")), None);
        assert_eq!(relevant(root, Path::new("/elsewhere/content/a.md")), None);
    }
}
