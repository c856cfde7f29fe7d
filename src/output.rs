//! The write stage: output files → the output folder.
//!
//! Each changed file is written to a temporary name and renamed into place, so a reader never
//! sees half a file; unchanged files are left alone (deploy tools re-upload nothing), and the
//! files an earlier build wrote but this one no longer produces are deleted. Which files are
//! gongkai's is kept in a manifest inside the output folder: files gongkai did not write are
//! never touched.

use crate::render::{Content, OutputFile};
use crate::t;
use anyhow::{Context, bail};
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = ".gongkai-manifest";
const TMP_SUFFIX: &str = ".gongkai-tmp";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub deleted: usize,
}

/// The files the last build in `out_dir` wrote.
pub fn read_manifest(out_dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    match fs::read_to_string(out_dir.join(MANIFEST)) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| is_safe_rel(l))
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(e) => {
            Err(e).with_context(|| t!("reading {path}", path = out_dir.join(MANIFEST).display()))
        }
    }
}

/// Writes a file under a temporary name and renames it into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(TMP_SUFFIX);
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, bytes).with_context(|| t!("writing {path}", path = tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| {
        t!(
            "renaming {from} to {to}",
            from = tmp.display(),
            to = path.display()
        )
    })
}

/// True for a relative `/`-separated path with no empty, `.` or `..` part.
fn is_safe_rel(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}

/// What is on disk where a file goes.
#[derive(PartialEq, Eq)]
enum OnDisk {
    Nothing,
    Same,
    Different,
}

/// Compares a file on disk with new contents without reading more than needed.
fn on_disk(path: &Path, new: &[u8]) -> OnDisk {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return OnDisk::Nothing,
        Ok(m) if m.is_file() && m.len() == new.len() as u64 => {}
        _ => return OnDisk::Different,
    }
    let mut old = Vec::with_capacity(new.len());
    let same = fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut old))
        .is_ok()
        && old == new;
    if same {
        OnDisk::Same
    } else {
        OnDisk::Different
    }
}

/// Refuses output paths that would leave the output folder or overwrite gongkai's own files.
fn check_paths(files: &[OutputFile]) -> anyhow::Result<()> {
    for f in files {
        if !is_safe_rel(&f.path) || f.path == MANIFEST || f.path == crate::fingerprint::STATE_FILE {
            bail!(t!(
                "refusing to write output path `{path}` (from {origin})",
                path = f.path,
                origin = f.origin
            ));
        }
    }
    Ok(())
}

/// Writes `files` into `out_dir`.
pub fn write_to_disk(out_dir: &Path, files: &[OutputFile]) -> anyhow::Result<WriteStats> {
    check_paths(files)?;
    fs::create_dir_all(out_dir).with_context(|| t!("creating {path}", path = out_dir.display()))?;
    let old = read_manifest(out_dir)?;
    let new: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    // Until this build is complete, the manifest names both old and new files, so that an
    // interrupted build leaves nothing that a later build would not clean up.
    let union: BTreeSet<&String> = old.iter().chain(new.iter()).collect();
    write_atomic(
        &out_dir.join(MANIFEST),
        manifest_text(union.into_iter()).as_bytes(),
    )?;

    // Every folder once, parents first, instead of asking for each file's folder.
    let folders: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in folders {
        let path = out_dir.join(dir);
        fs::create_dir_all(&path).with_context(|| t!("creating {path}", path = path.display()))?;
    }
    let results: Vec<anyhow::Result<bool>> = {
        use rayon::prelude::*;
        files.par_iter().map(|f| write_one(out_dir, f)).collect()
    };
    let mut stats = WriteStats::default();
    for r in results {
        if r? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    for stale in old.difference(&new) {
        let path = out_dir.join(stale);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {
                fs::remove_file(&path)
                    .with_context(|| t!("deleting {path}", path = path.display()))?;
                stats.deleted += 1;
                remove_empty_parents(out_dir, &path);
            }
            _ => {}
        }
    }
    write_atomic(
        &out_dir.join(MANIFEST),
        manifest_text(new.iter()).as_bytes(),
    )?;
    Ok(stats)
}

fn manifest_text<'a>(paths: impl Iterator<Item = &'a String>) -> String {
    let mut text = String::new();
    for p in paths {
        text.push_str(p);
        text.push('\n');
    }
    text
}

/// Writes one file if it changed; returns whether it was written.
fn write_one(out_dir: &Path, f: &OutputFile) -> anyhow::Result<bool> {
    let path = out_dir.join(&f.path);
    let bytes: std::borrow::Cow<[u8]> = match &f.content {
        Content::Bytes(b) => b.as_slice().into(),
        Content::Copy(src) => fs::read(src)
            .with_context(|| t!("reading {path}", path = src.display()))?
            .into(),
        Content::Staged => bail!(t!(
            "internal error: {path} was written to a staging folder, not kept",
            path = f.path
        )),
    };
    match on_disk(&path, &bytes) {
        OnDisk::Same => return Ok(false),
        // A new file is no part of the published site yet, so it needs no temporary name:
        // if the build stops halfway, the next one finds it different and replaces it.
        OnDisk::Nothing => {
            let written = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .and_then(|mut file| std::io::Write::write_all(&mut file, &bytes));
            if written.is_ok() {
                return Ok(true);
            }
            write_atomic(&path, &bytes)?;
        }
        OnDisk::Different => write_atomic(&path, &bytes)?,
    }
    Ok(true)
}

/// Removes the folders above a deleted file while they are empty, up to the output folder.
fn remove_empty_parents(out_dir: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out_dir || !d.starts_with(out_dir) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Where a stage hands the files it has made while the build runs.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    /// Written to the staging folder at once, and their bytes let go.
    Write(&'a Staging),
    /// Let go unwritten: the build already has an error, so it will publish nothing, and a
    /// large site's pages would otherwise all be held until it ends (3.6 GB at 100,000
    /// records). Their paths stay, for the collision checks.
    Drop,
}

impl Sink<'_> {
    pub fn take(self, file: &mut OutputFile) {
        match self {
            Sink::Write(staging) => staging.take(file),
            Sink::Drop => file.content = Content::Staged,
        }
    }

    pub fn take_all(self, files: &mut [OutputFile]) {
        match self {
            Sink::Write(staging) => staging.take_all(files),
            Sink::Drop => files.iter_mut().for_each(|f| f.content = Content::Staged),
        }
    }
}

/// A build into an output folder that is missing or empty: there is nothing to compare with
/// and nothing to keep, so files are written, as soon as they are made, into a folder beside
/// it, which takes the output folder's place in one rename when the build succeeds and is
/// deleted when it fails. A reader of the output folder sees the whole new site or nothing,
/// and the writing overlaps the stages still running.
pub struct Staging {
    dir: PathBuf,
    out_dir: PathBuf,
    /// Files written so far.
    written: std::sync::atomic::AtomicUsize,
    /// The first write that failed; the build fails with it.
    failed: std::sync::Mutex<Option<anyhow::Error>>,
    /// Set once the folder has been renamed into place.
    done: bool,
}

impl Staging {
    /// A staging folder for `out_dir` when it is missing or an empty folder; `None` when it
    /// holds anything (its files are then compared and only changes written).
    pub fn for_fresh(out_dir: &Path) -> anyhow::Result<Option<Staging>> {
        let empty = match fs::read_dir(out_dir) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            // Not a folder, or unreadable: the ordinary write reports it.
            Err(_) => false,
        };
        let name = out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let (Some(name), true) = (name, empty) else {
            return Ok(None);
        };
        let dir = out_dir.with_file_name(format!(".{name}{STAGING_SUFFIX}"));
        // Left by a build that was stopped; nothing else writes there.
        if dir.exists() {
            fs::remove_dir_all(&dir)
                .with_context(|| t!("deleting {path}", path = dir.display()))?;
        }
        fs::create_dir_all(&dir).with_context(|| t!("creating {path}", path = dir.display()))?;
        Ok(Some(Staging {
            dir,
            out_dir: out_dir.to_path_buf(),
            written: Default::default(),
            failed: Default::default(),
            done: false,
        }))
    }

    /// The folder files are written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a file and lets go of its bytes (its content becomes `Content::Staged`), so a
    /// large site is never held in memory whole. A file already staged is left alone. Two
    /// files with one path are a collision the build reports; the second is not written. A
    /// failed write is kept for `publish` to report.
    pub fn take(&self, file: &mut OutputFile) {
        if matches!(file.content, Content::Staged) {
            return;
        }
        let written = check_paths(std::slice::from_ref(file))
            .and_then(|()| write_new(&self.dir.join(&file.path), &file.content));
        match written {
            Ok(true) => {
                self.written
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                file.content = Content::Staged;
            }
            Ok(false) => {}
            Err(e) => {
                let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                failed.get_or_insert(e);
            }
        }
    }

    /// `take` for many files, on all cores.
    pub fn take_all(&self, files: &mut [OutputFile]) {
        use rayon::prelude::*;
        files.par_iter_mut().for_each(|f| self.take(f));
    }

    /// Puts the staged site in the output folder's place, with the manifest of `files` (all
    /// of which `write` has written).
    pub fn publish(mut self, files: &[OutputFile]) -> anyhow::Result<WriteStats> {
        let failed = self.failed.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(e) = failed {
            return Err(e);
        }
        let written = self.written.load(std::sync::atomic::Ordering::Relaxed);
        if written != files.len() {
            bail!(t!(
                "internal error: {written} of {total} output files were written",
                written,
                total = files.len()
            ));
        }
        let paths: BTreeSet<&String> = files.iter().map(|f| &f.path).collect();
        write_atomic(
            &self.dir.join(MANIFEST),
            manifest_text(paths.into_iter()).as_bytes(),
        )?;
        if self.out_dir.exists() {
            fs::remove_dir(&self.out_dir).with_context(|| {
                t!(
                    "replacing the empty folder {path}",
                    path = self.out_dir.display()
                )
            })?;
        }
        fs::rename(&self.dir, &self.out_dir).with_context(|| {
            t!(
                "renaming {from} to {to}",
                from = self.dir.display(),
                to = self.out_dir.display()
            )
        })?;
        self.done = true;
        Ok(WriteStats {
            written: files.len(),
            unchanged: 0,
            deleted: 0,
        })
    }
}

impl Drop for Staging {
    /// A build that failed or stopped leaves no staging folder behind.
    fn drop(&mut self) {
        if !self.done {
            let _ignored = fs::remove_dir_all(&self.dir);
        }
    }
}

const STAGING_SUFFIX: &str = ".gongkai-new";

/// Writes a file that does not exist yet, making its folders when they are missing; false when
/// it exists already.
fn write_new(path: &Path, content: &Content) -> anyhow::Result<bool> {
    let attempt = || -> std::io::Result<()> {
        match content {
            Content::Bytes(bytes) => {
                let mut file = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)?;
                std::io::Write::write_all(&mut file, bytes)
            }
            Content::Copy(src) => {
                let mut from = fs::File::open(src)?;
                let mut to = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)?;
                std::io::copy(&mut from, &mut to).map(|_| ())
            }
            Content::Staged => Err(std::io::ErrorKind::AlreadyExists.into()),
        }
    };
    let mut result = attempt();
    // Another thread may be making the same folder: making it is harmless either way.
    if let Err(e) = &result
        && e.kind() == std::io::ErrorKind::NotFound
        && let Some(parent) = path.parent()
    {
        fs::create_dir_all(parent)
            .with_context(|| t!("creating {path}", path = parent.display()))?;
        result = attempt();
    }
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| match content {
            Content::Copy(src) => t!(
                "copying {from} to {to}",
                from = src.display(),
                to = path.display()
            ),
            Content::Bytes(_) | Content::Staged => t!("writing {path}", path = path.display()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            content: Content::bytes(text.as_bytes()),
            origin: "test".into(),
        }
    }

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "gongkai-output-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ignored = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn writes_only_what_changed_and_deletes_only_its_own_files() {
        let dir = tempdir();
        let out = dir.join("public");
        fs::create_dir_all(&out).expect("mkdir");
        fs::write(out.join("CNAME"), "mine").expect("write");
        let s = write_to_disk(
            &out,
            &[file("index.html", "a"), file("records/x/index.html", "x")],
        )
        .expect("write");
        assert_eq!(
            s,
            WriteStats {
                written: 2,
                unchanged: 0,
                deleted: 0
            }
        );
        let s = write_to_disk(
            &out,
            &[file("index.html", "a"), file("records/x/index.html", "x")],
        )
        .expect("write");
        assert_eq!(
            s,
            WriteStats {
                written: 0,
                unchanged: 2,
                deleted: 0
            }
        );
        let s = write_to_disk(&out, &[file("index.html", "b")]).expect("write");
        assert_eq!(
            s,
            WriteStats {
                written: 1,
                unchanged: 0,
                deleted: 1
            }
        );
        assert!(!out.join("records").exists());
        assert_eq!(fs::read_to_string(out.join("CNAME")).expect("kept"), "mine");
        assert_eq!(
            fs::read_to_string(out.join(MANIFEST)).expect("manifest"),
            "index.html\n"
        );
        fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn a_missing_or_empty_folder_is_staged_beside_it_and_renamed_into_place() {
        let dir = tempdir();
        let files = || {
            [
                file("index.html", "a"),
                file("records/x/2024-00001/index.html", "x"),
            ]
        };
        for make_empty in [false, true] {
            let out = dir.join(format!("public-{make_empty}"));
            if make_empty {
                fs::create_dir_all(&out).expect("mkdir");
            }
            let staging = Staging::for_fresh(&out).expect("staging").expect("fresh");
            let mut files = files();
            staging.take(&mut files[0]);
            staging.take_all(&mut files);
            // Written once each, and no longer held.
            assert!(files.iter().all(|f| matches!(f.content, Content::Staged)));
            assert!(
                staging
                    .dir()
                    .join("records/x/2024-00001/index.html")
                    .is_file()
            );
            // Nothing appears in the output folder until the build succeeds.
            assert!(!out.join("index.html").exists());
            let stats = staging.publish(&files).expect("publish");
            assert_eq!(stats.written, 2);
            assert_eq!(
                fs::read_to_string(out.join("records/x/2024-00001/index.html")).expect("read"),
                "x"
            );
            assert_eq!(
                fs::read_to_string(out.join(MANIFEST)).expect("manifest"),
                "index.html\nrecords/x/2024-00001/index.html\n"
            );
            // A folder with files in it is compared file by file instead.
            assert!(Staging::for_fresh(&out).expect("checked").is_none());
        }
        let mut left: Vec<String> = fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["public-false", "public-true"]);
        fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn a_staged_build_that_fails_or_collides_leaves_nothing() {
        let dir = tempdir();
        let out = dir.join("public");
        let staging = Staging::for_fresh(&out).expect("staging").expect("fresh");
        staging.take(&mut file("index.html", "a"));
        let staged = staging.dir().to_path_buf();
        drop(staging);
        assert!(!staged.exists() && !out.exists());

        // Two files with one path: the second is not written, so the site cannot be
        // published (the build reports the collision).
        let staging = Staging::for_fresh(&out).expect("staging").expect("fresh");
        let mut twice = [file("a.html", "first"), file("a.html", "second")];
        staging.take_all(&mut twice);
        assert!(staging.publish(&twice).is_err());
        assert!(!staged.exists() && !out.exists());

        // Files for the same new folders in both halves of the list, which threads take from
        // both ends at once: they race to make each folder.
        let staging = Staging::for_fresh(&out).expect("staging").expect("fresh");
        let mut many: Vec<OutputFile> = (0..4000)
            .map(|i| file(&format!("d{}/f{i}.html", i % 500), "x"))
            .collect();
        staging.take_all(&mut many);
        staging
            .publish(&many)
            .expect("every folder made once, by whichever thread came first");
        fs::remove_dir_all(&out).expect("cleanup");

        // Left by a build that was stopped: cleared before the next one.
        fs::create_dir_all(staged.join("old")).expect("mkdir");
        let staging = Staging::for_fresh(&out).expect("staging").expect("fresh");
        assert!(!staged.join("old").exists());
        let mut escape = [file("../escape", "x")];
        staging.take_all(&mut escape);
        assert!(staging.publish(&escape).is_err());
        assert!(!dir.join("escape").exists() && !staged.exists());
        fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn refuses_paths_that_escape() {
        let dir = tempdir();
        assert!(write_to_disk(&dir, &[file("../x", "a")]).is_err());
        assert!(write_to_disk(&dir, &[file("/etc/x", "a")]).is_err());
        fs::remove_dir_all(&dir).expect("cleanup");
    }
}
