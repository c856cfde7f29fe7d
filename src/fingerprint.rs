//! The inputs of a build in one hash, so that a rebuild with nothing changed stops before
//! doing any work and rewrites no file.
//!
//! The hash covers every source file the build reads (path, length and contents), the build
//! options and the gongkai executable itself; it is kept, with the build's diagnostics and
//! counts, in `.gongkai-state.json` in the output folder. Deleting that file forces a full
//! build.

use crate::build::BuildOptions;
use crate::diag::Diagnostic;
use crate::load::is_ignored_name;
use serde::{Deserialize, Serialize};
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;
use walkdir::WalkDir;

pub const STATE_FILE: &str = ".gongkai-state.json";

/// What the last successful build recorded.
#[derive(Debug, Serialize, Deserialize)]
pub struct State {
    pub inputs: String,
    pub records: usize,
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// The hash of everything a build with `opts` depends on.
pub fn inputs(opts: &BuildOptions) -> anyhow::Result<String> {
    let mut h = DefaultHasher::new();
    let exe = std::env::current_exe()?;
    let meta = std::fs::metadata(&exe)?;
    h.write_u64(meta.len());
    if let Ok(modified) = meta.modified()
        && let Ok(since) = modified.duration_since(std::time::UNIX_EPOCH)
    {
        h.write_u128(since.as_nanos());
    }
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(
        format!(
            "{:?}|{}|{}|{}",
            opts.base_url, opts.include_drafts, opts.no_search, opts.defer_search_and_data
        )
        .as_bytes(),
    );
    for source in crate::load::SITE_SOURCES {
        let top = opts.root.join(source);
        if !top.exists() {
            continue;
        }
        let walker = WalkDir::new(&top)
            .sort_by_file_name()
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
        for entry in walker {
            let entry = entry?;
            let rel = entry
                .path()
                .strip_prefix(&opts.root)
                .unwrap_or(entry.path());
            h.write(rel.to_string_lossy().as_bytes());
            h.write_u8(0);
            if entry.path_is_symlink() {
                h.write(
                    std::fs::read_link(entry.path())?
                        .to_string_lossy()
                        .as_bytes(),
                );
            } else if entry.file_type().is_file() {
                // Each file's bytes through the quick hash, a few times faster than the
                // keyed one over the megabytes of a site's records and attachments.
                let bytes = std::fs::read(entry.path())?;
                h.write_usize(bytes.len());
                h.write_u64(crate::text::fast_hash(&bytes));
            }
        }
    }
    Ok(format!("{:016x}", h.finish()))
}

/// The state of the last build in `out_dir`, when its inputs were `inputs` and every file it
/// wrote is still there; with the number of those files.
pub fn unchanged(out_dir: &Path, inputs: &str) -> Option<(State, usize)> {
    let text = std::fs::read_to_string(out_dir.join(STATE_FILE)).ok()?;
    let state: State = serde_json::from_str(&text).ok()?;
    if state.inputs != inputs {
        return None;
    }
    let files = crate::output::read_manifest(out_dir).ok()?;
    if files.is_empty() || !files.iter().all(|f| out_dir.join(f).is_file()) {
        return None;
    }
    Some((state, files.len()))
}

/// Records a successful build.
pub fn save(out_dir: &Path, state: &State) -> anyhow::Result<()> {
    // The state keeps the build's warnings, which quote the sources: it is published with
    // public/, so no markup from them may reach it as is.
    let text = crate::text::markup_safe_json(state, false, 0)?;
    crate::output::write_atomic(&out_dir.join(STATE_FILE), text.as_bytes())
}
