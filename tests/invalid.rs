//! Bad input: every case in tests/fixtures/invalid/ is the basic fixture with some files
//! replaced or added. (Hostile input — alias bombs, deep nesting, invalid UTF-8, control
//! characters, path escapes, symbolic links, oversized files — is in tests/hostile.rs.) Each
//! must fail with exactly the diagnostics in its `expected.txt` (in English) and
//! `expected.zh-CN.txt` (the same in Chinese), exit code 1, and leave the previously built
//! public/ untouched.

mod common;

use common::*;
use std::path::Path;

const EXPECTED: &str = "expected.txt";
const EXPECTED_ZH: &str = "expected.zh-CN.txt";

fn overlay(case: &Path, site: &Path) {
    for entry in walkdir::WalkDir::new(case) {
        let entry = entry.expect("walking a case");
        let rel = entry.path().strip_prefix(case).expect("inside");
        if rel == Path::new(EXPECTED) || rel == Path::new(EXPECTED_ZH) {
            continue;
        }
        let target = site.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copying a case file");
        }
    }
}

fn run_case(case: &Path) -> Result<(), String> {
    let site = fixture_site("basic");
    let first = gongkai(&["build", "--quiet"], site.path());
    if first.status.code() != Some(0) {
        return Err(format!(
            "the basic fixture does not build: {}",
            stderr(&first)
        ));
    }
    let before = read_tree(&site.path().join("public"));
    overlay(case, site.path());
    let mut problems = Vec::new();
    for (lang, expected_file) in [("en", EXPECTED), ("zh-CN", EXPECTED_ZH)] {
        let out = gongkai_in(lang, &["build"], site.path());
        let actual = stderr(&out);
        if out.status.code() != Some(1) {
            problems.push(format!(
                "{lang}: exit code {:?}, expected 1",
                out.status.code()
            ));
        }
        let expected_path = case.join(expected_file);
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&expected_path, &actual).expect("writing the expected text");
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != actual {
                problems.push(format!(
                    "{lang}: diagnostics differ from {expected_file}.\n--- expected\n{expected}--- actual\n{actual}"
                ));
            }
        }
    }
    if read_tree(&site.path().join("public")) != before {
        problems.push("public/ was changed by a failed build".to_string());
    }
    // Into a folder that does not exist yet, files are written beside it while the build runs
    // (output::Staging): a failed build must leave neither the folder nor its staging behind.
    let elsewhere = TempDir::new("fresh-out");
    let fresh = elsewhere.path().join("site-out");
    let out = gongkai(&["build", "--out", &fresh.to_string_lossy()], site.path());
    if out.status.code() != Some(1) {
        problems.push(format!(
            "into a new folder: exit code {:?}, expected 1",
            out.status.code()
        ));
    }
    // There, once the build has an error, files are let go as they are made (output::Sink):
    // every problem must still be reported, as into public/ (all but the last line, which
    // names the folder).
    let problems_of = |text: &str| {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.pop();
        lines
    };
    let expected = std::fs::read_to_string(case.join(EXPECTED)).unwrap_or_default();
    if problems_of(&stderr(&out)) != problems_of(&expected) {
        problems.push(format!(
            "into a new folder, the problems differ from {EXPECTED}:\n{}",
            stderr(&out)
        ));
    }
    let left: Vec<_> = common::sorted_entries(elsewhere.path());
    if !left.is_empty() {
        problems.push(format!("a failed build into a new folder left {left:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn every_kind_of_bad_input_is_reported_and_publishes_nothing() {
    let cases_dir = fixtures().join("invalid");
    let cases = common::sorted_entries(&cases_dir);
    assert!(cases.len() >= 20, "expected at least 20 bad-input cases");
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = run_case(case) {
            failures.push(format!(
                "case {}:\n{why}",
                case.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_site_without_a_catalog_is_a_located_error() {
    let dir = TempDir::new("empty");
    let out = gongkai(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .starts_with("catalog.yaml: error: there is no catalog.yaml in the site folder"),
        "{}",
        stderr(&out)
    );
}
