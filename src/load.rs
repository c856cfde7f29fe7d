//! The load stage: walk `content/`, parse every Markdown file in parallel, and list the other
//! files (attachments) by path.

use crate::diag::{Diagnostic, rel_path};
use crate::limits::Limits;
use crate::record::{self, Source};
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
    pub diagnostics: Vec<Diagnostic>,
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
    load_with(root, &Limits::default())
}

/// Loads `content/` under the site's limits (`limits:` in catalog.yaml): a Markdown or report
/// file larger than `max_file_mb` is not read (a disclosure notice is a few pages; more is a
/// pasted document or a mistake, and reading it whole would cost every build), and when
/// content/ holds more than `max_records` Markdown files none is parsed.
pub fn load_with(root: &Path, limits: &Limits) -> anyhow::Result<Loaded> {
    let max_bytes = limits.max_file_bytes();
    let content = root.join(CONTENT_DIR);
    let mut loaded = Loaded::default();
    if !content.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::warning(
                CONTENT_DIR,
                "there is no content/ folder: the site has no records",
            )
            .help("create content/ and add records with `gongkai new`"),
        );
        return Ok(loaded);
    }
    let mut md_files = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                loaded.diagnostics.push(
                    Diagnostic::error(file, format!("cannot read: {e}"))
                        .help("check the file's permissions"),
                );
                continue;
            }
        };
        let file = rel_path(root, entry.path());
        if entry.path_is_symlink() {
            loaded.diagnostics.push(
                Diagnostic::error(file, "symbolic links are not published")
                    .help("copy the file into content/ instead of linking to it, so the site contains exactly what is in its folder"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let is_report = file.starts_with(crate::report::REPORTS_DIR) && file.ends_with(".yaml");
        if (file.ends_with(".md") || is_report) && size > max_bytes {
            if file.ends_with(".md") {
                loaded.md_files.insert(file.clone());
            }
            loaded.diagnostics.push(
                Diagnostic::error(file, format!("the file is {:.1} MiB; limits.max_file_mb allows {} MiB", size as f64 / (1024.0 * 1024.0), limits.max_file_mb))
                    .help("put large tables and documents in attachments beside the record and keep the Markdown to the notice itself, or raise `limits.max_file_mb` in catalog.yaml"),
            );
            continue;
        }
        if file.ends_with(".md") {
            loaded.md_files.insert(file.clone());
            md_files.push((file, entry.into_path()));
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
                    Diagnostic::error(file, format!("cannot read: {e}"))
                        .help("check the file's permissions"),
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
                format!(
                    "content/ holds {} records and pages; limits.max_records allows {}",
                    md_files.len(),
                    limits.max_records
                ),
            )
            .help("none was read; remove files that do not belong to the site, or raise `limits.max_records` in catalog.yaml"),
        );
        return Ok(loaded);
    }
    let parsed: Vec<(Option<Source>, Vec<Diagnostic>)> = md_files
        .par_iter()
        .map(|(file, path)| match std::fs::read(path) {
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Ok(text) => record::parse_with(text, file, limits),
                Err(e) => (None, vec![crate::text::invalid_utf8(file, &bytes, e)]),
            },
            Err(e) => (
                None,
                vec![
                    Diagnostic::error(file.clone(), format!("cannot read: {e}"))
                        .help("check the file's permissions"),
                ],
            ),
        })
        .collect();
    for (source, diags) in parsed {
        loaded.sources.extend(source);
        loaded.diagnostics.extend(diags);
    }
    Ok(loaded)
}
