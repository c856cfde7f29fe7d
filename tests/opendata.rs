//! Feeds, sitemap and open data, read back with standard parsers (Python's feedparser, rdflib,
//! csv and xml.etree) by tests/validate/open_data.py.

mod common;

use common::*;
use std::path::Path;

fn python_has_parsers() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import feedparser, rdflib"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn validate(public: &Path, base_url: Option<&str>) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate/open_data.py");
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(script).arg(public);
    cmd.args(base_url);
    let out = cmd.output().expect("running python3");
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    eprintln!("{}", stdout(&out).trim());
}

#[test]
fn feeds_sitemap_and_open_data_parse_with_standard_parsers() {
    if !python_has_parsers() {
        assert!(
            !in_ci(),
            "python3 with feedparser and rdflib is required in CI"
        );
        eprintln!("skipping: python3 with feedparser and rdflib is not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = TempDir::new("data-relative");
    let out = gongkai(
        &[
            "build",
            "--quiet",
            "--out",
            relative.path().to_str().expect("utf-8"),
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    validate(relative.path(), None);

    let absolute = TempDir::new("data-absolute");
    let base = "https://xxgk.example.gov.cn/sx/";
    let out = gongkai(
        &[
            "build",
            "--quiet",
            "--base-url",
            base,
            "--out",
            absolute.path().to_str().expect("utf-8"),
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    validate(absolute.path(), Some(base));
}

#[test]
fn specific_audience_records_stay_out_of_feeds_and_open_data() {
    let site = fixture_site("basic");
    let out = gongkai(&["build", "--quiet"], site.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = site.path().join("public");
    for file in [
        "feed.xml",
        "areas/social-assistance/feed.xml",
        "publishers/xz/feed.xml",
        "data/records.json",
        "data/records.csv",
        "data/catalog.jsonld",
    ] {
        let text =
            std::fs::read_to_string(public.join(file)).unwrap_or_else(|_| panic!("{file} missing"));
        assert!(
            !text.contains("2024-00007"),
            "{file} lists a record meant for a specific audience"
        );
    }
    let records: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(public.join("data/records.json")).expect("json"),
    )
    .expect("json");
    assert_eq!(records.as_array().map(Vec::len), Some(4));
    // A feed's date is its newest record's, never the build time.
    let feed = std::fs::read_to_string(public.join("feed.xml")).expect("feed");
    assert!(
        feed.contains("<updated>2024-03-08T00:00:00+08:00</updated>"),
        "{feed}"
    );
    let index = std::fs::read_to_string(public.join("areas/social-assistance/index.html"))
        .expect("area page");
    assert!(index.contains(r#"<link rel="alternate" type="application/atom+xml" title="社会救助 - 测试县人民政府信息公开" href="../../areas/social-assistance/feed.xml">"#), "area pages link their feed");
}
