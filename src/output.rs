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

/// Writes `files` into `out_dir`.
pub fn write_to_disk(out_dir: &Path, files: &[OutputFile]) -> anyhow::Result<WriteStats> {
    for f in files {
        if !is_safe_rel(&f.path) || f.path == MANIFEST || f.path == crate::fingerprint::STATE_FILE {
            bail!(t!(
                "refusing to write output path `{path}` (from {origin})",
                path = f.path,
                origin = f.origin
            ));
        }
    }
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
    fn refuses_paths_that_escape() {
        let dir = tempdir();
        assert!(write_to_disk(&dir, &[file("../x", "a")]).is_err());
        assert!(write_to_disk(&dir, &[file("/etc/x", "a")]).is_err());
        fs::remove_dir_all(&dir).expect("cleanup");
    }
}
