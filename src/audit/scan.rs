//! The privacy scan over files: record and page sources and their attachments, read from
//! disk in parallel, each turned into text (see `extract`) and scanned (see `privacy`).
//!
//! `build` scans what it publishes; `check` scans everything under content/.

use super::extract::{self, Extracted, TextPart, column_name};
use super::privacy::{HitClass, ScanPolicy, scan_text};
use crate::diag::{Diagnostic, Pos};
use crate::t;
use anyhow::Context;
use rayon::prelude::*;
use std::path::Path;

/// One personal number found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHit {
    /// Path relative to the site root.
    pub file: String,
    pub pos: Pos,
    pub class: HitClass,
    /// "unmasked resident ID number 110105********002X in sheet1, cell C3"
    pub message: String,
    pub masked: String,
    /// The number's digits as found, for the policy's known identifiers.
    pub digits: String,
}

/// What the scan found in a set of files.
#[derive(Debug, Default)]
pub struct ScanResult {
    pub hits: Vec<FileHit>,
    /// (file, why) of files whose text could not be read.
    pub unscanned: Vec<(String, String)>,
    pub files_scanned: usize,
}

/// Scans each of `files` (paths relative to `root`).
pub fn scan_files(
    root: &Path,
    files: &[String],
    policy: &ScanPolicy,
) -> anyhow::Result<ScanResult> {
    let results: Vec<anyhow::Result<FileScan>> = files
        .par_iter()
        .map(|file| scan_file(root, file, policy))
        .collect();
    collect(files, results, policy)
}

/// What the scan found in one file: its hits, or why it could not be read. The hits are not
/// yet checked against the policy's known identifiers, which `collect` does, so that a cached
/// scan stays good when records are added.
type FileScan = (Vec<FileHit>, Option<String>);

fn scan_file(root: &Path, file: &str, policy: &ScanPolicy) -> anyhow::Result<FileScan> {
    let bytes = std::fs::read(root.join(file))
        .with_context(|| t!("reading {file} for the privacy scan", file))?;
    let hits = |parts: &[TextPart]| -> Vec<FileHit> {
        parts
            .iter()
            .flat_map(|p| part_hits(file, p, policy))
            .collect()
    };
    Ok(match extract::extract(file, &bytes) {
        Extracted::Parts(parts) => (hits(&parts), None),
        // What was read is scanned; what was not is reported as unscanned.
        Extracted::Partial { parts, why } => (hits(&parts), Some(why)),
        Extracted::Unscanned(why) => (Vec::new(), Some(why)),
    })
}

fn collect(
    files: &[String],
    results: Vec<anyhow::Result<FileScan>>,
    policy: &ScanPolicy,
) -> anyhow::Result<ScanResult> {
    let mut out = ScanResult::default();
    for (file, result) in files.iter().zip(results) {
        let (hits, unscanned) = result?;
        out.hits
            .extend(hits.into_iter().filter(|h| !policy.knows(&h.digits)));
        match unscanned {
            Some(why) => out.unscanned.push((file.clone(), why)),
            None => out.files_scanned += 1,
        }
    }
    Ok(out)
}

/// Scans of an earlier build, kept by `serve`: a file whose size and modification time are
/// unchanged, scanned with the same allowed numbers, is not read again. The known identifiers
/// (every 索引号) are applied after the cache, so adding a record does not make every file
/// be read again.
#[derive(Debug, Default)]
pub struct ScanCache {
    policy: u64,
    files: std::collections::HashMap<String, (crate::load::Stamp, FileScan)>,
}

impl ScanCache {
    pub fn forget(&mut self, file: &str) {
        self.files.remove(file);
    }
}

/// `scan_files`, taking unchanged files from `cache` and refilling it. `stamps` are the files'
/// sizes and modification times where the caller knows them already.
pub fn scan_files_cached(
    root: &Path,
    files: &[String],
    policy: &ScanPolicy,
    cache: &mut ScanCache,
    stamps: &std::collections::HashMap<String, crate::load::Stamp>,
) -> anyhow::Result<ScanResult> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    policy.allow.hash(&mut h);
    let policy_key = h.finish();
    if cache.policy != policy_key {
        cache.files.clear();
        cache.policy = policy_key;
    }
    let old = &cache.files;
    let results: Vec<(Option<crate::load::Stamp>, anyhow::Result<FileScan>)> = files
        .par_iter()
        .map(|file| {
            let stamp = match stamps.get(file) {
                Some(&s) => Some(s).filter(|s| s.1.is_some()),
                None => std::fs::metadata(root.join(file))
                    .ok()
                    .and_then(|m| Some((m.len(), Some(m.modified().ok()?)))),
            };
            match (stamp, old.get(file)) {
                (Some(stamp), Some((s, scan))) if *s == stamp => (Some(stamp), Ok(scan.clone())),
                _ => (stamp, scan_file(root, file, policy)),
            }
        })
        .collect();
    let mut next = std::collections::HashMap::with_capacity(files.len());
    for (file, (stamp, result)) in files.iter().zip(&results) {
        if let (Some(stamp), Ok(scan)) = (stamp, result) {
            next.insert(file.clone(), (*stamp, scan.clone()));
        }
    }
    cache.files = next;
    collect(files, results.into_iter().map(|(_, r)| r).collect(), policy)
}

fn part_hits(file: &str, part: &TextPart, policy: &ScanPolicy) -> Vec<FileHit> {
    scan_text(&part.text, part.layout, policy)
        .into_iter()
        .map(|h| {
            let what = match h.class {
                HitClass::Leak => t!("unmasked {what}", what = h.what),
                HitClass::Suspicious => h.what.to_string(),
            };
            let (pos, place) = match &part.cells {
                Some(rows) => {
                    let col = rows
                        .get(h.line - 1)
                        .and_then(|cells| cells.iter().rev().find(|c| c.0 < h.col))
                        .map_or(1, |c| c.1);
                    (
                        Pos::new(h.line, col),
                        t!(
                            " in {part}, cell {cell}",
                            part = part.part,
                            cell = format!("{}{}", column_name(col), h.line)
                        ),
                    )
                }
                None if part.part.is_empty() && part.unit == "line" => {
                    (Pos::new(h.line, h.col), String::new())
                }
                None if part.part.is_empty() => (
                    Pos::new(h.line, h.col),
                    match part.unit {
                        "row" => t!(" in row {n}", n = h.line),
                        "paragraph" => t!(" in paragraph {n}", n = h.line),
                        _ => t!(" in line {n}", n = h.line),
                    },
                ),
                // A PDF page: "in page 2, line 5"; the position is within the page.
                None => (
                    Pos::new(h.line, h.col),
                    t!(" in {part}, line {n}", part = part.part, n = h.line),
                ),
            };
            FileHit {
                file: file.to_string(),
                pos,
                class: h.class,
                message: format!("{what} {}{place}", h.masked), // not a message: parts of one
                masked: h.masked,
                digits: h.digits,
            }
        })
        .collect()
}

pub fn leak_help() -> String {
    t!(
        "mask the number (keep at most the first 6 and last 4 characters, as in 440401********1768 or 138****1234) or remove it; a number that may be published, such as an office phone, goes under site.privacy_allow in catalog.yaml"
    )
}

pub fn suspicious_help() -> String {
    t!(
        "a mistyped ID number still identifies a person: mask it, or correct it if it is not personal"
    )
}

/// The hits as build diagnostics: leaks are errors unless the site says `privacy: warn`;
/// suspicious numbers are warnings.
pub fn diagnostics(hits: &[FileHit], leaks_are_errors: bool) -> Vec<Diagnostic> {
    hits.iter()
        .map(|h| {
            let (d, help) = match h.class {
                HitClass::Leak if leaks_are_errors => {
                    (Diagnostic::error(&h.file, &h.message), leak_help())
                }
                HitClass::Leak => (Diagnostic::warning(&h.file, &h.message), leak_help()),
                HitClass::Suspicious => {
                    (Diagnostic::warning(&h.file, &h.message), suspicious_help())
                }
            };
            d.at(h.pos).help(help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A number that reads as a phone number, and an 索引号 made of the same digits: the cache
    /// keeps the file's scan when the known identifiers change (a record added), and they are
    /// still applied to it.
    #[test]
    fn cached_scans_survive_new_records_and_still_know_their_numbers() {
        let dir = std::env::temp_dir().join(format!("gongkai-scan-{}", std::process::id()));
        let _ignored = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = "a.md".to_string();
        let path = dir.join(&file);
        std::fs::write(&path, "联系电话 13800138000。\n").expect("written");
        let files = [file.clone()];
        let none = HashMap::new();
        let without = ScanPolicy::new(&[], Vec::new());
        let with = ScanPolicy::new(&[], vec!["13800138000/2024-00001".into()]);
        let mut cache = ScanCache::default();
        let hits = |policy: &ScanPolicy, cache: &mut ScanCache| {
            scan_files_cached(&dir, &files, policy, cache, &none)
                .expect("scanned")
                .hits
                .len()
        };
        assert_eq!(hits(&without, &mut cache), 1);
        // Same size, same modification time, other digits: only a scan read from the cache
        // still finds the number.
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::fs::write(&path, "联系电话 00000000000。\n").expect("written");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(modified))
            .expect("mtime set back");
        assert_eq!(hits(&with, &mut cache), 0, "the known 索引号 passes");
        assert_eq!(
            hits(&without, &mut cache),
            1,
            "read from the cache, not again"
        );
        assert_eq!(
            scan_files(&dir, &files, &without)
                .expect("scanned")
                .hits
                .len(),
            0
        );
        let _ignored = std::fs::remove_dir_all(&dir);
    }
}
