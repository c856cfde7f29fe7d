//! The command line: exit codes, the JSON format, `new` and `init`.

mod common;

use common::*;

#[test]
fn exit_codes() {
    let site = fixture_site("basic");
    assert_eq!(
        gongkai(&["build", "--quiet"], site.path()).status.code(),
        Some(0)
    );
    // Usage errors and internal errors exit with 2.
    assert_eq!(
        gongkai(&["build", "--no-such-flag"], site.path())
            .status
            .code(),
        Some(2)
    );
    let bad_base = gongkai(&["build", "--base-url", "ftp://example"], site.path());
    assert_eq!(bad_base.status.code(), Some(2));
    assert!(
        stderr(&bad_base).contains("--base-url"),
        "{}",
        stderr(&bad_base)
    );
    let into_content = gongkai(&["build", "--out", "content/x"], site.path());
    assert_eq!(
        into_content.status.code(),
        Some(2),
        "{}",
        stderr(&into_content)
    );
    // Problems in the site exit with 1.
    std::fs::write(
        site.path().join("content/records/broken.md"),
        "---\ntitle: [\n---\n",
    )
    .expect("write");
    assert_eq!(gongkai(&["build"], site.path()).status.code(), Some(1));
}

/// How many files the last build wrote, by its manifest.
fn manifest_len(site: &std::path::Path) -> usize {
    std::fs::read_to_string(site.join("public/.gongkai-manifest"))
        .expect("manifest")
        .lines()
        .count()
}

#[test]
fn text_summary_and_quiet() {
    let site = fixture_site("basic");
    let out = gongkai(&["build"], site.path());
    let err = stderr(&out);
    let written = manifest_len(site.path());
    assert!(
        err.contains(&format!("built 5 records and 3 pages into ./public: {written} files written, 0 unchanged, 0 deleted in ")),
        "{err}"
    );
    assert!(err.trim_end().ends_with("s (1 warning)"), "{err}");
    let quiet = gongkai(&["build", "--quiet"], site.path());
    assert!(!stderr(&quiet).contains("built"), "{}", stderr(&quiet));
}

#[test]
fn json_format_carries_the_summary_and_every_diagnostic() {
    let site = fixture_site("basic");
    let out = gongkai(&["build", "--format", "json"], site.path());
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("valid JSON on stdout");
    assert_eq!(json["ok"], true);
    assert_eq!(json["records"], 5);
    assert_eq!(json["pages"], 3);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 1);
    assert_eq!(json["files_written"], manifest_len(site.path()));
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    assert_eq!(json["diagnostics"][0]["file"], "catalog.yaml");

    std::fs::write(
        site.path().join("content/records/broken.md"),
        "---\nindex_no: x\ntitle: t\n---\n",
    )
    .expect("write");
    let out = gongkai(&["build", "--format", "json"], site.path());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("valid JSON on stdout");
    assert_eq!(json["ok"], false);
    assert_eq!(json["errors"], 4);
    let first = &json["diagnostics"][1];
    assert_eq!(first["file"], "content/records/broken.md");
    assert_eq!(first["line"], 1);
    assert_eq!(first["col"], 1);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["message"], "missing required field `formed`");
    assert!(
        first["help"]
            .as_str()
            .is_some_and(|h| h.contains("formed:"))
    );
}

#[test]
fn new_makes_the_next_index_number_and_the_site_still_builds() {
    let site = fixture_site("basic");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "new",
            "social-assistance/dibao-policy",
            "--title",
            "2024年低保标准调整的通知",
            "--publisher",
            "mz",
            "--formed",
            "2024-10-08",
        ])
        .current_dir(site.path())
        .env("SOURCE_DATE_EPOCH", "1728518400") // 2024-10-10
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = stdout(&out).trim().to_string();
    assert!(
        path.ends_with("content/records/social-assistance/2024-mz-00003.md"),
        "{path}"
    );
    let text = std::fs::read_to_string(
        site.path()
            .join(&path)
            .canonicalize()
            .unwrap_or(std::path::PathBuf::from(&path)),
    )
    .expect("written");
    assert_eq!(
        text,
        "---\nindex_no: 11990100MB0000019L/2024-00003\ntitle: \"2024年低保标准调整的通知\"\nitem: social-assistance/dibao-policy\npublisher: mz\nformed: 2024-10-08\npublished: 2024-10-10\n---\n\n（正文）\n"
    );
    let build = gongkai(&["build", "--quiet"], site.path());
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(
        site.path()
            .join("public/records/11990100MB0000019L/2024-00003/index.html")
            .is_file()
    );

    let bad = gongkai(
        &[
            "new",
            "social-assistance/nope",
            "--title",
            "x",
            "--publisher",
            "zz",
        ],
        site.path(),
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("there is no catalog item `social-assistance/nope`"),
        "{}",
        stderr(&bad)
    );
    assert!(
        stderr(&bad).contains("there is no publisher `zz`"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let dir = TempDir::new("init");
    let site = dir.path().join("county");
    let out = gongkai(&["init", site.to_str().expect("utf-8")], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let catalog = std::fs::read_to_string(site.join("catalog.yaml")).expect("catalog");
    assert_eq!(catalog.matches("\n  - id: ").count(), 26, "26 areas");
    let build = gongkai(&["build", "--format", "json"], &site);
    let json: serde_json::Value = serde_json::from_slice(&build.stdout).expect("json");
    assert_eq!(json["errors"], 0, "{}", json["diagnostics"]);
    assert!(
        site.join("public/areas/social-assistance/index.html")
            .is_file()
    );
    // A second init never overwrites.
    assert_eq!(
        gongkai(&["init", site.to_str().expect("utf-8")], dir.path())
            .status
            .code(),
        Some(2)
    );
}
