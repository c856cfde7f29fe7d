//! The load stage: walk `content/`, parse every Markdown file in parallel, and list the other
//! files (attachments) by path.

use crate::diag::{Diagnostic, rel_path};
use crate::limits::Limits;
use crate::record::{self, Source};
use crate::t;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";

/// Everything in a site folder that a build reads, relative to its root: what `serve` watches
/// and what a no-change rebuild hashes.
pub const SITE_SOURCES: &[&str] = &[
    "catalog.yaml",
    CONTENT_DIR,
    "templates",
    "static",
    "i18n",
    "themes",
];

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Parsed Markdown files, sorted by path.
    pub sources: Vec<Source>,
    /// Paths (relative to the site root) and sizes of every other file: the attachments.
    pub files: BTreeMap<String, u64>,
    /// Annual-report files (`content/reports/<publisher>/<year>.yaml`): path and text.
    pub reports: Vec<(String, String)>,
    /// Paths of every Markdown file, including those that could not be parsed.
    pub md_files: std::collections::BTreeSet<String>,
    /// Size and modification time of every file, when a cache asked for them: `serve`'s
    /// privacy scan tells unchanged files by them without asking the file system again.
    pub stamps: std::collections::HashMap<String, Stamp>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Size and modification time of a file: when both are as before, the file is taken to be
/// unchanged (and `serve` also forgets every file its watcher reports as changed).
pub type Stamp = (u64, Option<std::time::SystemTime>);

/// Markdown files parsed by an earlier load, kept by `serve` so that a rebuild parses only the
/// files that changed.
#[derive(Debug, Default)]
pub struct SourceCache {
    parsed: std::collections::HashMap<String, (Stamp, Option<Source>, Vec<Diagnostic>)>,
    /// The limits the files were parsed under: a parse depends on them as on the file.
    limits: Option<Limits>,
}

impl SourceCache {
    /// Forgets a file, so that the next load reads it again whatever its stamp says.
    pub fn forget(&mut self, file: &str) {
        self.parsed.remove(file);
    }
}

/// True for files an editor or the system leaves behind, which are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

/// Loads `content/` under the default limits.
pub fn load(root: &Path) -> anyhow::Result<Loaded> {
    load_with(root, &Limits::default(), None)
}

/// Loads `content/` under the site's limits (`limits:` in catalog.yaml): a Markdown or report
/// file larger than `max_file_mb` is not read (a disclosure notice is a few pages; more is a
/// pasted document or a mistake, and reading it whole would cost every build), and when
/// content/ holds more than `max_records` Markdown files none is parsed. With a `cache`,
/// unchanged Markdown files are taken from it, and it is refilled.
pub fn load_with(
    root: &Path,
    limits: &Limits,
    mut cache: Option<&mut SourceCache>,
) -> anyhow::Result<Loaded> {
    let max_bytes = limits.max_file_bytes();
    let content = root.join(CONTENT_DIR);
    let mut loaded = Loaded::default();
    if !content.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::warning(
                CONTENT_DIR,
                t!("there is no content/ folder: the site has no records"),
            )
            .help(t!("create content/ and add records with `gongkai new`")),
        );
        return Ok(loaded);
    }
    let mut md_files = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    // The walk lists the files (their kinds come with the folder listing); their sizes and
    // modification times are then asked for on all cores.
    let mut found = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                loaded.diagnostics.push(
                    Diagnostic::error(file, t!("cannot read: {e}", e))
                        .help(t!("check the file's permissions")),
                );
                continue;
            }
        };
        let file = rel_path(root, entry.path());
        if entry.path_is_symlink() {
            loaded.diagnostics.push(
                Diagnostic::error(file, t!("symbolic links are not published"))
                    .help(t!("copy the file into content/ instead of linking to it, so the site contains exactly what is in its folder")),
            );
            continue;
        }
        if entry.file_type().is_file() {
            found.push((file, entry));
        }
    }
    let metas: Vec<Option<std::fs::Metadata>> = found
        .par_iter()
        .map(|(_, entry)| entry.metadata().ok())
        .collect();
    for ((file, entry), meta) in found.into_iter().zip(metas) {
        let size = meta.as_ref().map_or(0, |m| m.len());
        if cache.is_some() {
            let stamp = (size, meta.as_ref().and_then(|m| m.modified().ok()));
            loaded.stamps.insert(file.clone(), stamp);
        }
        let is_report = file.starts_with(crate::report::REPORTS_DIR) && file.ends_with(".yaml");
        if (file.ends_with(".md") || is_report) && size > max_bytes {
            if file.ends_with(".md") {
                loaded.md_files.insert(file.clone());
            }
            loaded.diagnostics.push(
                Diagnostic::error(file, t!("the file is {size} MiB; limits.max_file_mb allows {max} MiB", size = format!("{:.1}", size as f64 / (1024.0 * 1024.0)), max = limits.max_file_mb))
                    .help(t!("put large tables and documents in attachments beside the record and keep the Markdown to the notice itself, or raise `limits.max_file_mb` in catalog.yaml")),
            );
            continue;
        }
        if file.ends_with(".md") {
            loaded.md_files.insert(file.clone());
            let stamp = (size, meta.and_then(|m| m.modified().ok()));
            md_files.push((file, entry.into_path(), stamp));
        } else if is_report {
            match std::fs::read(entry.path()) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => loaded.reports.push((file, text)),
                    Err(e) => loaded.diagnostics.push(crate::text::invalid_utf8(
                        &file,
                        e.as_bytes(),
                        e.utf8_error(),
                    )),
                },
                Err(e) => loaded.diagnostics.push(
                    Diagnostic::error(file, t!("cannot read: {e}", e))
                        .help(t!("check the file's permissions")),
                ),
            }
        } else {
            loaded.files.insert(file, size);
        }
    }
    if md_files.len() > limits.max_records {
        loaded.diagnostics.push(
            Diagnostic::error(
                CONTENT_DIR,
                t!(
                    "content/ holds {n} records and pages; limits.max_records allows {max}",
                    n = md_files.len(),
                    max = limits.max_records
                ),
            )
            .help(t!("none was read; remove files that do not belong to the site, or raise `limits.max_records` in catalog.yaml")),
        );
        return Ok(loaded);
    }
    if let Some(c) = cache.as_deref_mut()
        && c.limits != Some(*limits)
    {
        c.parsed.clear();
        c.limits = Some(*limits);
    }
    let old = cache.as_deref();
    // `None` where the cached parse of the file is still good.
    let parsed: Vec<Option<(Option<Source>, Vec<Diagnostic>)>> = md_files
        .par_iter()
        .map(
            |(file, path, stamp)| match old.and_then(|c| c.parsed.get(file)) {
                Some((s, _, _)) if s == stamp && stamp.1.is_some() => None,
                _ => Some(parse_file(file, path, limits)),
            },
        )
        .collect();
    let mut old = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.parsed))
        .unwrap_or_default();
    let mut next = std::collections::HashMap::with_capacity(md_files.len());
    for ((file, _, stamp), fresh) in md_files.into_iter().zip(parsed) {
        let (source, diags) = match fresh {
            Some(fresh) => fresh,
            None => match old.remove(&file) {
                Some((_, source, diags)) => (source, diags),
                None => continue,
            },
        };
        if cache.is_some() {
            loaded.sources.extend(source.clone());
            loaded.diagnostics.extend(diags.iter().cloned());
            next.insert(file, (stamp, source, diags));
        } else {
            loaded.sources.extend(source);
            loaded.diagnostics.extend(diags);
        }
    }
    if let Some(cache) = cache {
        cache.parsed = next;
    }
    Ok(loaded)
}

fn parse_file(file: &str, path: &Path, limits: &Limits) -> (Option<Source>, Vec<Diagnostic>) {
    match std::fs::read(path) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => record::parse_with(text, file, limits),
            Err(e) => (None, vec![crate::text::invalid_utf8(file, &bytes, e)]),
        },
        Err(e) => (
            None,
            vec![
                Diagnostic::error(file, t!("cannot read: {e}", e))
                    .help(t!("check the file's permissions")),
            ],
        ),
    }
}
