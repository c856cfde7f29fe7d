//! Helpers shared by the integration tests: fixture sites copied to temporary folders, the
//! gongkai binary, and snapshots.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("gongkai-test-{}-{name}-{n}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("clearing an old temp dir");
        }
        std::fs::create_dir_all(&dir).expect("creating a temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("GONGKAI_KEEP_TEMP").is_none() {
            std::fs::remove_dir_all(&self.0).ok();
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walking a fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copying a fixture file");
        }
    }
}

/// The paths of the entries of `dir`, in name order (test cases one per file or folder).
pub fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("an entry").path())
        .collect();
    paths.sort();
    paths
}

/// A copy of fixture `name` in a new temporary folder.
pub fn fixture_site(name: &str) -> TempDir {
    let dir = TempDir::new(name.replace('/', "-").as_str());
    copy_dir(&fixtures().join(name), dir.path());
    dir
}

/// Runs gongkai in English (the language most tests pin), whatever the site or the locale.
pub fn gongkai(args: &[&str], cwd: &Path) -> Output {
    gongkai_in("en", args, cwd)
}

/// Runs gongkai with its messages in `lang` (`en` or `zh-CN`).
pub fn gongkai_in(lang: &str, args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(cwd)
        .env("GONGKAI_LANG", lang)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("running gongkai")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file below `dir` (relative path → bytes).
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walking output");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).expect("reading output"));
        }
    }
    files
}

/// Compares `actual` with the snapshot file, or rewrites it when UPDATE_SNAPSHOTS is set.
pub fn assert_snapshot(snapshot: &Path, actual: &str) {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(snapshot.parent().expect("parent")).expect("mkdir");
        std::fs::write(snapshot, actual).expect("writing snapshot");
        return;
    }
    let expected = std::fs::read_to_string(snapshot).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}; run with UPDATE_SNAPSHOTS=1 to create it",
            snapshot.display()
        )
    });
    if expected != actual {
        let diff_line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\nexpected: {:?}\nactual:   {:?}\n(run with UPDATE_SNAPSHOTS=1 to accept the new output)",
            snapshot.display(),
            diff_line + 1,
            expected.lines().nth(diff_line),
            actual.lines().nth(diff_line)
        );
    }
}

/// True when the test must not skip for a missing tool.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Whether Node.js, playwright-core (`npm ci`) and Debian's Chromium are here for a browser
/// test; when one is missing the test named `test` is skipped with a message, except in CI,
/// where that is a failure.
pub fn browser_tools_available(test: &str) -> bool {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    for (what, found) in [
        ("node", node),
        (
            "node_modules/playwright-core (npm ci)",
            repo.join("node_modules/playwright-core").is_dir(),
        ),
        ("/usr/bin/chromium", Path::new("/usr/bin/chromium").exists()),
    ] {
        if !found {
            assert!(
                !in_ci(),
                "{what} is missing, and CI must run the {test} (see .ci/run)"
            );
            eprintln!("{test} skipped: {what} is missing");
            return false;
        }
    }
    true
}
