//! The fuzz targets' inputs kept in `fuzz/seeds/<target>/` run through the same library entry
//! points in the normal test suite, without cargo-fuzz. A crash the fuzzers find is fixed in
//! the library and its input added to its target's seeds, where it stays a regression test.

mod common;

use gongkai::markdown::{LinkResolution, MarkdownInput, render};
use std::path::Path;

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let files = common::sorted_entries(&dir);
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
        .into_iter()
        .map(|f| {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
            (name.unwrap_or_default(), std::fs::read(&f).expect("a seed"))
        })
        .collect()
}

#[test]
fn front_matter_seeds() {
    for (name, bytes) in seeds("front_matter") {
        match std::str::from_utf8(&bytes) {
            Ok(text) => {
                let (_, diags) = gongkai::record::parse(text, "content/records/fuzz.md");
                let lines = text.split(['\n', '\r']).count() + 1;
                for d in &diags {
                    assert!(d.line.is_none_or(|l| l >= 1 && l <= lines), "{name}: {d}");
                }
            }
            Err(e) => assert!(gongkai::text::invalid_utf8("x.md", &bytes, e).is_error()),
        }
    }
}

#[test]
fn catalog_seeds() {
    let calendar = gongkai::calendar::Calendar::embedded().expect("the embedded calendar");
    for (name, bytes) in seeds("catalog") {
        let text = String::from_utf8_lossy(&bytes);
        let parsed = gongkai::catalog::Catalog::parse(&text, "catalog.yaml", calendar.clone());
        assert!(parsed.is_ok(), "{name}");
    }
}

#[test]
fn markdown_seeds() {
    for (name, bytes) in seeds("markdown") {
        let text = String::from_utf8_lossy(&bytes);
        let input = MarkdownInput {
            text: &text,
            first_line: 5,
        };
        let mut resolve = |path: &str, _: Option<&str>| LinkResolution::Href(path.to_string());
        let html = render(&input, &mut resolve).html.to_ascii_lowercase();
        for bad in [
            "<script",
            "<iframe",
            "<style",
            " onerror=",
            "href=\"javascript:",
            "src=\"javascript:",
            "src=\"data:",
        ] {
            assert!(!html.contains(bad), "{name}: {bad} in {html}");
        }
    }
}

#[test]
fn search_query_seeds() {
    for (_, bytes) in seeds("search_query") {
        let text = String::from_utf8_lossy(&bytes);
        let _groups = gongkai::search::analyzer::parse_query(&text);
        let _tokens = gongkai::search::analyzer::analyze(&text);
    }
}

#[test]
fn pdf_seeds() {
    use gongkai::audit::extract::{Extracted, extract};
    for (name, bytes) in seeds("pdf") {
        match extract("attachment.pdf", &bytes) {
            Extracted::Parts(parts) | Extracted::Partial { parts, .. } => {
                assert!(!parts.is_empty(), "{name}");
            }
            Extracted::Unscanned(why) => assert!(!why.is_empty(), "{name}"),
        }
    }
}
