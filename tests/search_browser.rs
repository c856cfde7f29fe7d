//! The search page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core
//! from tests/search/browser.mjs), over a local HTTP server and from file://: a Chinese query
//! typed in the header's box, an English one typed on the search page, the filters (behind a
//! button, opened from the keyboard, and opened by a filter in the URL), an area filter, a query
//! that finds nothing, following a result, and a hostile record title that must stay text.
//! Without node, playwright-core or Chromium the test says so and passes, except in CI (`CI`
//! set), where it fails.

mod common;

use common::{gongkai, stderr};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const HOSTILE: &str = r#"---
index_no: 11990100MB0000019L/2024-00090
title: "<img src=x onerror=window.__xss=1><script>window.__xss=1</script>最低生活保障 Open Data 名单"
item: social-assistance/dibao-policy
publisher: mz
formed: 2024-10-08
published: 2024-10-09
---
本县 open data 目录列出最低生活保障的统计数字。<b onmouseover="window.__xss=1">粗体</b>
"#;

#[test]
fn search_page_works_in_chromium_over_http_and_file() {
    if !common::browser_tools_available("search browser test") {
        return;
    }
    let site = common::fixture_site("basic");
    std::fs::write(
        site.path()
            .join("content/records/social-assistance/hostile.md"),
        HOSTILE,
    )
    .expect("writing a record");
    let built = gongkai(&["build", "--quiet"], site.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let public = site.path().join("public");
    let out = Command::new("node")
        .arg(repo().join("tests/search/browser.mjs"))
        .arg(&public)
        .args(["最低生活保障", "open data"])
        .current_dir(repo())
        .output()
        .expect("running node");
    assert!(
        out.status.success(),
        "the browser script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    for mode in ["http", "file"] {
        let r = &report[mode];
        let ctx = format!("{mode}: {r:#}");
        assert_eq!(r["errors"], serde_json::json!([]), "{ctx}");
        assert_eq!(r["xss"], Value::Null, "{ctx}");
        let header = &r["fromHeader"];
        let titles: Vec<&str> = header["titles"]
            .as_array()
            .expect("titles")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(titles.len() >= 2, "{ctx}");
        assert!(titles.iter().all(|t| t.contains("最低生活保障")), "{ctx}");
        // The hostile title is shown as the text it is.
        assert!(titles.iter().any(|t| t.contains("<img src=x")), "{ctx}");
        assert!(
            header["marks"]
                .as_array()
                .expect("marks")
                .iter()
                .all(|m| m == "最低生活保障"),
            "{ctx}"
        );
        assert!(header["excerptMarks"].as_u64() > Some(0), "{ctx}");
        assert!(
            header["url"].as_str().is_some_and(|u| u.contains("?q=")),
            "{ctx}"
        );

        let english = &r["english"];
        assert_eq!(english["titles"].as_array().map(Vec::len), Some(1), "{ctx}");
        let marks: Vec<String> = english["marks"]
            .as_array()
            .expect("marks")
            .iter()
            .filter_map(|m| m.as_str().map(str::to_lowercase))
            .collect();
        assert!(
            marks.contains(&"open".to_string()) && marks.contains(&"data".to_string()),
            "{ctx}"
        );

        // The filters wait behind a button, closed and not loaded, until it is pressed.
        let closed = &r["filtersClosed"];
        assert_eq!(closed["expanded"], "false", "{ctx}");
        assert_eq!(closed["controls"], "gk-filters", "{ctx}");
        assert_eq!(closed["hidden"], true, "{ctx}");
        assert_eq!(closed["fieldsets"], 0, "{ctx}");
        assert_eq!(closed["facetFiles"], 0, "{ctx}");
        let opened = &r["filtersOpened"];
        assert_eq!(opened["expanded"], "true", "{ctx}");
        assert_eq!(opened["hidden"], false, "{ctx}");
        assert!(opened["fieldsets"].as_u64() >= Some(3), "{ctx}");
        assert!(opened["facetFiles"].as_u64() > Some(0), "{ctx}");
        // The filter keeps the results of one area and says so in the URL.
        let label = r["filterLabel"].as_str().expect("a filter label");
        let count: usize = label
            .rsplit('(')
            .next()
            .and_then(|c| c.trim_end_matches(')').parse().ok())
            .expect("a count in the label");
        assert_eq!(
            r["filtered"]["titles"].as_array().map(Vec::len),
            Some(count),
            "{ctx}"
        );
        assert!(
            r["filtered"]["url"]
                .as_str()
                .is_some_and(|u| u.contains("area=")),
            "{ctx}"
        );
        assert_eq!(r["filtered"]["filters"]["expanded"], "true", "{ctx}");
        // Opened with the filter in its URL, the page shows the same results, the filters open
        // and the filter chosen.
        let direct = &r["direct"];
        assert_eq!(direct["titles"], r["filtered"]["titles"], "{ctx}");
        assert_eq!(direct["filters"]["expanded"], "true", "{ctx}");
        assert_eq!(direct["checked"].as_str(), Some(label), "{ctx}");
        let dates: Vec<&str> = r["byDate"]["dates"]
            .as_array()
            .expect("dates")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            !dates.is_empty() && dates.windows(2).all(|w| w[0] >= w[1]),
            "{ctx}"
        );
        assert!(
            r["nothing"]["status"]
                .as_str()
                .is_some_and(|s| s.contains("没有找到")),
            "{ctx}"
        );
        assert!(
            r["followed"]["url"]
                .as_str()
                .is_some_and(|u| u.contains("/records/")),
            "{ctx}"
        );
    }
}
