//! The editor's guides in docs/guide/: every example record is checked with `gongkai check
//! FILE` and built against the demo site's catalog, every quoted diagnostic is one the build
//! really prints (tests/fixtures/invalid/*/expected.txt, and expected.zh-CN.txt for the
//! Chinese guide), every front-matter field is
//! explained, and `gongkai init` ships the guides.

mod common;

use common::*;
use gongkai::record::RECORD_FIELDS;
use std::path::Path;

const GUIDES: [&str; 2] = ["docs/guide/zh-CN.md", "docs/guide/en.md"];

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The fenced blocks of a Markdown text: (info string, body).
fn fenced_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some((info.trim().to_string(), String::new()));
                }
            }
            Some((info, body)) => {
                if line == "```" {
                    blocks.push((std::mem::take(info), std::mem::take(body)));
                    open = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "a fenced block is not closed");
    blocks
}

/// A copy of the demo site's catalog and content.
fn demo_copy(name: &str) -> TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = TempDir::new(name);
    std::fs::copy(root.join("catalog.yaml"), dir.path().join("catalog.yaml")).expect("catalog");
    copy_dir(&root.join("content"), &dir.path().join("content"));
    dir
}

#[test]
fn example_records_pass_check_and_build_against_the_demo_catalog() {
    for guide in GUIDES {
        let text = read(guide);
        let examples: Vec<(String, String)> = fenced_blocks(&text)
            .into_iter()
            .filter_map(|(info, body)| {
                let path = info.strip_prefix("markdown record ")?;
                Some((path.trim().to_string(), body))
            })
            .collect();
        assert!(
            examples.len() >= 4,
            "{guide}: add, correct, repeal and interpret"
        );
        let site = demo_copy("guide");
        // Examples are applied in order, as an editor would save them: a later example of the
        // same file (a correction, a repeal) replaces the earlier one.
        for (n, (path, body)) in examples.iter().enumerate() {
            assert!(path.starts_with("content/records/"), "{guide}: {path}");
            std::fs::write(site.path().join(path), body).expect("writing an example");
            let out = gongkai(
                &["check", "--strict", "--as-of", "2026-11-27", path],
                site.path(),
            );
            assert_eq!(
                (
                    out.status.code(),
                    stdout(&out).as_str(),
                    stderr(&out).as_str()
                ),
                (Some(0), "checked 1 file: 0 errors, 0 warnings\n", ""),
                "{guide}: example {} ({path})",
                n + 1
            );
        }
        let out = gongkai(&["build", "--no-search", "--format", "json"], site.path());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(json["errors"], 0, "{guide}: {}", json["diagnostics"]);
        let examples_warned: Vec<&serde_json::Value> = json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| examples.iter().any(|(p, _)| d["file"] == p.as_str()))
            .collect();
        assert!(examples_warned.is_empty(), "{guide}: {examples_warned:?}");
        for index_no in [
            "11990100MB2098320N/2026-00901",
            "11990100MB2098320N/2026-00902",
        ] {
            let page = site
                .path()
                .join(format!("public/records/{index_no}/index.html"));
            assert!(page.is_file(), "{guide}: {index_no} was not built");
        }
        let repealed = std::fs::read_to_string(
            site.path()
                .join("public/records/11990100MB2098320N/2026-00901/index.html"),
        )
        .expect("page");
        assert!(
            repealed.contains("本文件已于 2026-10-01 废止"),
            "{guide}: the last example repeals"
        );
    }
}

#[test]
fn quoted_diagnostics_are_what_gongkai_prints() {
    // The Chinese guide quotes the Chinese diagnostics, the English one the English.
    for (guide, expected) in [
        ("docs/guide/zh-CN.md", "expected.zh-CN.txt"),
        ("docs/guide/en.md", "expected.txt"),
    ] {
        let mut printed = String::new();
        for entry in std::fs::read_dir(fixtures().join("invalid")).expect("cases") {
            let case = entry.expect("entry").path();
            printed.push_str(&std::fs::read_to_string(case.join(expected)).unwrap_or_default());
        }
        let printed: Vec<&str> = printed.lines().collect();
        let blocks: Vec<String> = fenced_blocks(&read(guide))
            .into_iter()
            .filter(|(info, _)| info == "text diagnostics")
            .map(|(_, body)| body)
            .collect();
        assert!(blocks.len() >= 10, "{guide}: the common diagnostics");
        for block in blocks {
            for line in block.lines() {
                assert!(
                    printed.contains(&line),
                    "{guide}: no bad-input fixture prints this line ({expected}):\n{line}"
                );
            }
        }
    }
}

#[test]
fn every_field_is_explained_with_its_legal_term() {
    for guide in GUIDES {
        let text = read(guide);
        for f in RECORD_FIELDS {
            let row = text
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", f.key)))
                .unwrap_or_else(|| panic!("{guide}: no table row for `{}`", f.key));
            // The term before any alternative name in brackets: 文号（发文字号） → 文号.
            let term = f.zh.split('（').next().unwrap_or(f.zh);
            assert!(
                row.contains(term),
                "{guide}: `{}` lacks {term}: {row}",
                f.key
            );
        }
    }
    let readme = read("README.md");
    for guide in GUIDES {
        assert!(readme.contains(guide), "README does not link {guide}");
    }
}

#[test]
fn init_ships_the_guides_and_the_editor_settings() {
    let dir = TempDir::new("init-guide");
    let site = dir.path().join("county");
    let out = gongkai(&["init", site.to_str().expect("utf-8")], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(site.join("docs/编辑指南.md")).expect("Chinese guide"),
        read("docs/guide/zh-CN.md")
    );
    assert_eq!(
        std::fs::read_to_string(site.join("docs/editor-guide.md")).expect("English guide"),
        read("docs/guide/en.md")
    );
    let catalog = std::fs::read_to_string(site.join("catalog.yaml")).expect("catalog");
    assert!(
        catalog.starts_with("# yaml-language-server: $schema=.gongkai/catalog.schema.json\n"),
        "{catalog}"
    );
    for schema in ["catalog.schema.json", "record.schema.json"] {
        let text = std::fs::read_to_string(site.join(".gongkai").join(schema)).expect(schema);
        let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert!(json["$schema"].is_string(), "{schema}");
    }
    let settings: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join(".vscode/settings.json")).expect("settings"),
    )
    .expect("settings.json is JSON");
    assert_eq!(
        settings["yaml.schemas"]["./.gongkai/catalog.schema.json"],
        serde_json::json!(["catalog.yaml"])
    );
    let tasks: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join(".vscode/tasks.json")).expect("tasks"),
    )
    .expect("tasks.json is JSON");
    assert_eq!(
        tasks["tasks"][0]["args"],
        serde_json::json!(["check", "${file}"])
    );
    let label = tasks["tasks"][0]["label"].as_str().expect("label");
    for guide in GUIDES {
        assert!(
            read(guide).contains(label),
            "{guide} names the task differently"
        );
    }
    // The task's problem matchers read gongkai's own output, in English and in Chinese.
    let patterns: Vec<&str> = tasks["tasks"][0]["problemMatcher"]
        .as_array()
        .expect("matchers")
        .iter()
        .map(|m| m["pattern"]["regexp"].as_str().expect("regexp"))
        .collect();
    assert_eq!(
        patterns,
        [
            r"^(.+?):(\d+):(\d+): (error|warning): (.*)$",
            r"^(.+?):(\d+):(\d+): 错误: (.*)$",
            r"^(.+?):(\d+):(\d+): 警告: (.*)$",
        ]
    );
}
