//! The published site as a citizen meets it, checked with real tools: every page passes the
//! Nu HTML Checker; one page of every type passes axe-core (WCAG 2.1 A and AA) in headless
//! Chromium, in normal and in large-text mode, at phone and desktop widths, without sideways
//! scrolling on small phones, and prints without navigation or search; no page reaches another
//! host or carries inline code; every page stays light; and `site.language: en` gives an
//! English interface.
//!
//! The validators come from `npm ci` (package.json) and Debian's `chromium` and Java. Without
//! them these tests print why and pass, except in CI (`CI` set), where they fail.

mod common;

use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// The sites every test here looks at, built once while any test holds them and removed
/// when the last one is done.
struct Sites {
    /// The demo site (the repository root).
    demo: TempDir,
    /// `tests/fixtures/basic`: small, with a paginated item page.
    basic: TempDir,
    /// `tests/fixtures/basic` with `language: en`.
    english: TempDir,
}

impl Sites {
    fn demo(&self) -> PathBuf {
        self.demo.path().join("public")
    }
    fn basic(&self) -> PathBuf {
        self.basic.path().join("public")
    }
    fn english(&self) -> PathBuf {
        self.english.path().join("public")
    }
    fn root(&self, site: &str) -> PathBuf {
        match site {
            "demo" => self.demo(),
            "basic" => self.basic(),
            "english" => self.english(),
            other => panic!("no site {other}"),
        }
    }
}

fn sites() -> Arc<Sites> {
    static SHARED: Mutex<Weak<Sites>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(sites) = shared.upgrade() {
        return sites;
    }
    let sites = Arc::new(build_sites());
    *shared = Arc::downgrade(&sites);
    sites
}

fn build_sites() -> Sites {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let demo = TempDir::new("quality-demo");
    let out = demo.path().join("public");
    let out_arg = out.to_string_lossy().into_owned();
    let root_arg = repo.to_string_lossy().into_owned();
    build_ok(
        &["build", "--quiet", "--root", &root_arg, "--out", &out_arg],
        repo,
    );

    let basic = fixture_site("basic");
    build_ok(&["build", "--quiet"], basic.path());

    let english = fixture_site("basic");
    let catalog = english.path().join("catalog.yaml");
    let text = std::fs::read_to_string(&catalog).expect("catalog");
    assert!(
        text.contains("language: zh-CN"),
        "the basic fixture sets its language"
    );
    // An English interface over Chinese records, as a county would publish it.
    std::fs::write(
        &catalog,
        text.replace("language: zh-CN", "language: en\n  content_language: zh-CN"),
    )
    .expect("write");
    build_ok(&["build", "--quiet"], english.path());

    Sites {
        demo,
        basic,
        english,
    }
}

fn build_ok(args: &[&str], cwd: &Path) {
    let out = gongkai(args, cwd);
    assert_eq!(
        out.status.code(),
        Some(0),
        "gongkai {args:?} failed:\n{}",
        stderr(&out)
    );
}

/// One page of a built site, named for messages.
struct Page {
    label: String,
    site: &'static str,
    /// Relative to the site's output folder.
    path: String,
}

/// Every HTML file of a built site, relative and sorted.
fn html_pages(public: &Path) -> Vec<String> {
    read_tree(public)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

/// The first page (in sorted order) whose path matches `path_ok` and whose text contains
/// `marker` (or, written `!marker`, does not contain it); fails the test when the site has
/// none, since the page type must be covered.
fn find_page(public: &Path, what: &str, path_ok: impl Fn(&str) -> bool, marker: &str) -> String {
    let (wanted, marker) = match marker.strip_prefix('!') {
        Some(absent) => (false, absent),
        None => (true, marker),
    };
    html_pages(public)
        .into_iter()
        .filter(|p| path_ok(p))
        .find(|p| {
            std::fs::read_to_string(public.join(p))
                .is_ok_and(|text| text.contains(marker) == wanted)
        })
        .unwrap_or_else(|| panic!("{} has no {what} page", public.display()))
}

/// Whether a page's relative path is of the kind looked for.
type PathTest = dyn Fn(&str) -> bool;

fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// One page of every type: the demo site's, the basic fixture's paginated item page, and the
/// main types in English.
fn pages_of_every_type(sites: &Sites) -> Vec<Page> {
    let demo = sites.demo();
    let record = |p: &str| p.starts_with("records/") && p.ends_with("/index.html");
    let mut chosen: Vec<(String, &'static str, String)> = vec![
        ("home".into(), "demo", "index.html".into()),
        ("catalog".into(), "demo", "catalog/index.html".into()),
        ("publishers".into(), "demo", "publishers/index.html".into()),
        ("guide".into(), "demo", "guide/index.html".into()),
        ("rules".into(), "demo", "rules/index.html".into()),
        ("apply".into(), "demo", "apply/index.html".into()),
        ("reports".into(), "demo", "reports/index.html".into()),
        ("404".into(), "demo", "404.html".into()),
    ];
    let found: [(&str, &PathTest, &str); 13] = [
        (
            "area",
            &|p: &str| p.starts_with("areas/") && depth(p) == 2,
            "class=\"catalog-grid",
        ),
        (
            "item",
            &|p: &str| p.starts_with("areas/") && depth(p) == 3,
            "class=\"record-list\"",
        ),
        (
            "item without records",
            &|p: &str| p.starts_with("areas/") && depth(p) == 3,
            "!class=\"record-list\"",
        ),
        (
            "item not applicable",
            &|p: &str| p.starts_with("areas/") && depth(p) == 3,
            "class=\"notice\" role=\"note\"",
        ),
        (
            "record with attachments",
            &record,
            "id=\"attachments-title\"",
        ),
        ("record that interprets", &record, "class=\"interprets\""),
        (
            "record with interpretations",
            &record,
            "id=\"interpretations-title\"",
        ),
        ("repealed record", &record, "notice-repealed"),
        ("noindex record", &record, "content=\"noindex\""),
        ("record with a table", &record, "class=\"table-wrap\""),
        (
            "publisher",
            &|p: &str| p.starts_with("publishers/") && depth(p) == 2,
            "class=\"record-list\"",
        ),
        (
            "publisher, page 2",
            &|p: &str| p.starts_with("publishers/") && p.contains("/page/"),
            "class=\"pagination\"",
        ),
        (
            "report page",
            &|p: &str| p.starts_with("reports/"),
            "class=\"content-page page-report\"",
        ),
    ];
    for (label, path_ok, marker) in found {
        let path = find_page(&demo, label, path_ok, marker);
        chosen.push((label.into(), "demo", path));
    }
    // Pages of features a site may be built without.
    for (label, path) in [
        ("search", "search/index.html"),
        ("open data", "data/index.html"),
    ] {
        if demo.join(path).is_file() {
            chosen.push((label.into(), "demo", path.into()));
        }
    }
    let annual_report = html_pages(&demo).into_iter().find(|p| {
        p.starts_with("reports/")
            && std::fs::read_to_string(demo.join(p))
                .is_ok_and(|text| text.contains("class=\"annual-report\""))
    });
    if let Some(path) = annual_report {
        chosen.push(("annual report with its tables".into(), "demo", path));
    }
    let basic = find_page(
        &sites.basic(),
        "paginated item",
        |p| p.starts_with("areas/") && p.contains("/page/2/"),
        "class=\"pagination\"",
    );
    chosen.push(("item, page 2".into(), "basic", basic));
    let english = sites.english();
    for (label, path) in [
        ("home", "index.html".to_string()),
        ("404", "404.html".into()),
        (
            "area",
            find_page(
                &english,
                "area",
                |p| p.starts_with("areas/") && depth(p) == 2,
                "catalog-grid",
            ),
        ),
        (
            "record",
            find_page(&english, "record", record, "class=\"meta-table\""),
        ),
    ] {
        chosen.push((format!("{label} (en)"), "english", path));
    }
    // The same page may be the first of two kinds; check it once.
    let mut pages: Vec<Page> = Vec::new();
    for (label, site, path) in chosen {
        if let Some(same) = pages.iter_mut().find(|p| p.site == site && p.path == path) {
            same.label = format!("{}, {label}", same.label);
        } else {
            pages.push(Page { label, site, path });
        }
    }
    for page in &pages {
        assert!(
            sites.root(page.site).join(&page.path).is_file(),
            "{} ({}) was not built",
            page.path,
            page.label
        );
    }
    pages
}

/// True when `what` is there; otherwise prints why the test is skipped, or fails in CI.
fn available(test: &str, what: &str, found: bool) -> bool {
    if found {
        return true;
    }
    assert!(
        !in_ci(),
        "{test}: {what} is missing, and CI must run this test (see .ci/run)"
    );
    eprintln!("{test}: skipped, {what} is missing (install it to run this test)");
    false
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let test = "every_page_passes_the_nu_html_checker";
    let jar = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    if !available(test, "java", runs("java", "-version"))
        || !available(test, "node_modules/vnu-jar (npm ci)", jar.is_file())
    {
        return;
    }
    let sites = sites();
    // Every page of the three sites, which covers one of every type (checked here too).
    let mut args: Vec<PathBuf> = Vec::new();
    for site in ["demo", "basic", "english"] {
        let public = sites.root(site);
        args.extend(html_pages(&public).iter().map(|p| public.join(p)));
    }
    for page in pages_of_every_type(&sites) {
        assert!(args.contains(&sites.root(page.site).join(&page.path)));
    }
    let page_count = args.len();
    args.push(sites.demo().join("static/style.css"));
    args.push(sites.demo().join("static/print.css"));
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--also-check-css"])
        .args(&args)
        .output()
        .expect("running the Nu HTML Checker");
    // Its JSON goes to stdout or, in some versions, to stderr.
    let report = [&out.stdout, &out.stderr]
        .into_iter()
        .find_map(|bytes| serde_json::from_slice::<serde_json::Value>(bytes).ok())
        .unwrap_or_else(|| panic!("the Nu HTML Checker gave no JSON:\n{}", stderr(&out)));
    let messages = report["messages"].as_array().expect("messages");
    let errors: Vec<String> = messages
        .iter()
        .map(|m| {
            format!(
                "{}:{}: {}: {}",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert!(
        errors.is_empty() && out.status.success(),
        "the Nu HTML Checker found {} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    println!("Nu HTML Checker: {page_count} pages and 2 stylesheets, no errors");
}

#[test]
fn every_page_type_passes_axe_in_chromium_without_sideways_scrolling() {
    let test = "every_page_type_passes_axe_in_chromium_without_sideways_scrolling";
    let Some(chromium) = browser_tools(test) else {
        return;
    };
    let sites = sites();
    let pages = pages_of_every_type(&sites);
    let report = browser_check(
        sites.demo.path(),
        &chromium,
        serde_json::json!({
            "demo": sites.demo(),
            "basic": sites.basic(),
            "english": sites.english(),
        }),
        &pages,
    );
    let list = |key: &str| -> Vec<String> {
        report[key]
            .as_array()
            .expect(key)
            .iter()
            .map(|v| v.to_string())
            .collect()
    };
    let violations = list("violations");
    let overflow = list("overflow");
    let printed = list("printed");
    let external = list("external");
    let errors = list("errors");
    assert!(
        violations.is_empty()
            && overflow.is_empty()
            && printed.is_empty()
            && external.is_empty()
            && errors.is_empty(),
        "in Chromium {}:\naxe violations:\n{}\npages wider than the screen:\n{}\nheader parts that print:\n{}\nrequests to other hosts:\n{}\nscript and load errors:\n{}",
        report["browser"],
        violations.join("\n"),
        overflow.join("\n"),
        printed.join("\n"),
        external.join("\n"),
        errors.join("\n")
    );
    // Two modes, two widths each, for axe and for the overflow check; print once.
    let expected = pages.len() * 4;
    assert_eq!(report["axe_runs"], expected, "axe runs");
    assert_eq!(report["overflow_checks"], expected, "overflow checks");
    assert_eq!(report["print_checks"], pages.len(), "print checks");
    for page in &pages {
        println!("{} ({}): {}", page.path, page.site, page.label);
    }
    println!(
        "axe-core in Chromium {}: {} pages, {expected} runs (normal and large text, 375 and 1280 px), no violations; no sideways scrolling at 320 and 375 px; only the site's name of the header prints",
        report["browser"],
        pages.len()
    );
}

/// Runs tests/browser/site-check.mjs on `pages` of `sites` and returns its JSON report.
fn browser_check(
    config_dir: &Path,
    chromium: &Path,
    sites: serde_json::Value,
    pages: &[Page],
) -> serde_json::Value {
    let config = serde_json::json!({
        "sites": sites,
        "pages": pages.iter().map(|p| serde_json::json!({
            "label": p.label, "site": p.site, "path": p.path,
        })).collect::<Vec<_>>(),
    });
    let config_path = config_dir.join("browser-check.json");
    std::fs::write(&config_path, config.to_string()).expect("writing the browser config");
    let out = Command::new("node")
        .arg(repo().join("tests/browser/site-check.mjs"))
        .arg(&config_path)
        .env("CHROMIUM", chromium)
        .current_dir(repo())
        .output()
        .expect("running node");
    assert!(
        out.status.success(),
        "tests/browser/site-check.mjs failed:\n{}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).expect("the browser check's JSON report")
}

/// The browser tools, or None (skipped) when they are missing outside CI.
fn browser_tools(test: &str) -> Option<PathBuf> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let modules = repo().join("node_modules");
    let ok = available(test, "node", runs("node", "--version"))
        && available(test, &chromium.display().to_string(), chromium.is_file())
        && available(
            test,
            "node_modules/playwright-core and axe-core (npm ci)",
            modules.join("playwright-core").is_dir() && modules.join("axe-core").is_dir(),
        );
    ok.then_some(chromium)
}

#[test]
fn the_browser_check_finds_what_a_broken_page_gets_wrong() {
    let test = "the_browser_check_finds_what_a_broken_page_gets_wrong";
    let Some(chromium) = browser_tools(test) else {
        return;
    };
    let dir = TempDir::new("quality-bad-page");
    let site = dir.path().join("bad");
    std::fs::create_dir_all(&site).expect("mkdir");
    // Too faint, wider than a phone, an image without text, a request to another host, a
    // search box that prints, and no large-text toggle.
    std::fs::write(
        site.join("index.html"),
        r#"<!DOCTYPE html><html lang="en"><head><title>bad</title>
<link rel="stylesheet" href="style.css"></head><body>
<header class="site-header"><div class="header-bar"><a class="site-title" href="index.html">Site</a>
<form class="site-search" action="index.html"><label>Search <input name="q"></label></form></div></header>
<main>
<p class="faint">too faint to read</p><div class="wide">wider than a phone</div>
<img src="photo.png"><img src="https://example.invalid/x.png" alt="">
</main></body></html>"#,
    )
    .expect("page");
    std::fs::write(
        site.join("style.css"),
        ".faint { color: #bbb; background: #fff; } .wide { width: 500px; }",
    )
    .expect("css");
    let pages = [Page {
        label: "bad".into(),
        site: "demo",
        path: "index.html".into(),
    }];
    let report = browser_check(
        dir.path(),
        &chromium,
        serde_json::json!({ "demo": site }),
        &pages,
    );
    let ids: Vec<&str> = report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter_map(|v| v["id"].as_str())
        .collect();
    assert!(ids.contains(&"color-contrast"), "{report}");
    assert!(ids.contains(&"image-alt"), "{report}");
    let widths: Vec<u64> = report["overflow"]
        .as_array()
        .expect("overflow")
        .iter()
        .filter_map(|o| o["width"].as_u64())
        .collect();
    assert_eq!(widths, [320, 375, 320, 375], "{report}");
    assert!(
        report["external"].to_string().contains("example.invalid"),
        "{report}"
    );
    assert!(
        report["errors"].to_string().contains("large-text toggle"),
        "{report}"
    );
    assert!(
        report["printed"].to_string().contains("form.site-search"),
        "{report}"
    );
}

/// What a page must not contain: references to other hosts (outside the links of record
/// bodies), inline scripts, style elements and attributes, event handlers.
fn inline_or_external(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let prose = prose_ranges(html);
    let mut pos = 0;
    while let Some(start) = html[pos..].find('<').map(|i| pos + i) {
        if html[start..].starts_with("<!--") {
            pos = html[start..]
                .find("-->")
                .map_or(html.len(), |i| start + i + 3);
            continue;
        }
        let end = html[start..].find('>').map_or(html.len(), |i| start + i);
        let tag = &html[start + 1..end];
        pos = end;
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let attrs = attributes(&tag[name.len()..]);
        let in_prose = prose.iter().any(|r| r.contains(&start));
        if name == "style" {
            problems.push("a <style> element".to_string());
        }
        if name == "script" {
            let body_empty = html[end..].starts_with("></script>");
            if !attrs.iter().any(|(n, _)| n == "src") || !body_empty {
                problems.push("an inline <script>".to_string());
            }
        }
        for (attr, value) in &attrs {
            if attr == "style" {
                problems.push(format!("a style attribute on <{name}>"));
            }
            if attr.starts_with("on") {
                problems.push(format!("an event handler {attr} on <{name}>"));
            }
            let is_url = matches!(
                attr.as_str(),
                "src" | "href" | "action" | "formaction" | "srcset" | "poster" | "data" | "ping"
            );
            let linked_from_body = name == "a" && attr == "href" && in_prose;
            if is_url && !linked_from_body {
                for url in value.split(',') {
                    if is_external(url) {
                        problems.push(format!("<{name} {attr}=\"{value}\">"));
                    }
                }
            }
        }
    }
    problems
}

fn is_external(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//")
}

/// Byte ranges of record and page bodies (`<div class="prose">` up to its closing tag).
fn prose_ranges(html: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(start) = html[from..].find("<div class=\"prose\">").map(|i| from + i) {
        let mut depth = 0usize;
        let mut pos = start;
        let end = loop {
            let open = html[pos..].find("<div").map(|i| pos + i);
            let close = html[pos..].find("</div>").map(|i| pos + i);
            match (open, close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    pos = o + 4;
                }
                (_, Some(c)) => {
                    depth -= 1;
                    pos = c + 6;
                    if depth == 0 {
                        break c;
                    }
                }
                (_, None) => break html.len(),
            }
        };
        ranges.push(start..end);
        from = end;
    }
    ranges
}

/// `(name, value)` of the attributes in the text of a start tag after its name.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = tag.trim_start();
    while !rest.is_empty() && !rest.starts_with('/') {
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = tail.trim_start();
        }
        if name.is_empty() {
            break;
        }
        attrs.push((name, value));
    }
    attrs
}

/// `url(...)` and `@import` targets in a stylesheet that point at another host.
fn external_in_css(css: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = css.to_ascii_lowercase();
    for (i, _) in lower.match_indices("url(") {
        let target = css[i + 4..]
            .split(')')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        if is_external(target) {
            found.push(format!("url({target})"));
        }
    }
    for (i, _) in lower.match_indices("@import") {
        let target = css[i + 7..].trim_start().trim_start_matches("url(");
        let target = target.trim_start_matches(['"', '\'']);
        if is_external(target) {
            found.push(format!("@import {target}"));
        }
    }
    found
}

#[test]
fn the_checks_for_inline_code_and_other_hosts_find_them() {
    let bad = r#"<p style="color:red">x</p><script>alert(1)</script><img src="https://cdn.example/x.png" onerror="x()">
<style>p{}</style><link rel="stylesheet" href="//fonts.example/x.css"><img srcset="a.png 1x, http://x.example/b.png 2x">
<div class="prose"><div class="table-wrap"><a href="https://gov.example/">ok</a></div><img src="http://x.example/i.png"></div>
<a href="https://outside.example/">not in a body</a><!-- <a href="https://in.comment/"> -->"#;
    let problems = inline_or_external(bad);
    assert_eq!(
        problems,
        vec![
            "a style attribute on <p>",
            "an inline <script>",
            "<img src=\"https://cdn.example/x.png\">",
            "an event handler onerror on <img>",
            "a <style> element",
            "<link href=\"//fonts.example/x.css\">",
            "<img srcset=\"a.png 1x, http://x.example/b.png 2x\">",
            "<img src=\"http://x.example/i.png\">",
            "<a href=\"https://outside.example/\">",
        ]
    );
    let good = r#"<script src="static/theme.js" defer></script><a href="../x/index.html">x</a>"#;
    assert!(inline_or_external(good).is_empty());
    assert_eq!(
        external_in_css(
            "a{background:url( 'https://x.example/a.png' )} @import \"//y.example/b.css\"; b{background:url(i.png)}"
        ),
        vec![
            "url(https://x.example/a.png)",
            "@import //y.example/b.css\"; b{background:url(i.png)}"
        ]
    );
}

#[test]
fn pages_reach_no_other_host_and_carry_no_inline_code() {
    let sites = sites();
    let mut problems = Vec::new();
    let mut checked = 0;
    for public in [sites.demo(), sites.english()] {
        for (rel, bytes) in read_tree(&public) {
            let text = String::from_utf8_lossy(&bytes);
            let found = if rel.ends_with(".html") {
                inline_or_external(&text)
            } else if rel.ends_with(".css") {
                external_in_css(&text)
            } else {
                continue;
            };
            checked += 1;
            problems.extend(found.into_iter().map(|p| format!("{rel}: {p}")));
        }
    }
    assert!(checked > 400, "only {checked} files checked");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    println!("{checked} HTML and CSS files: no other hosts, no inline code");
}

/// Largest gzip-compressed size of a page, in bytes.
const PAGE_BUDGET: usize = 50 * 1024;

fn gzip_size(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}

#[test]
fn every_page_and_the_stylesheet_stay_under_50_kb_gzipped() {
    let sites = sites();
    let mut sizes: Vec<(usize, String)> = read_tree(&sites.demo())
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html") || rel == "static/style.css")
        .map(|(rel, bytes)| (gzip_size(&bytes), rel))
        .collect();
    assert!(sizes.len() > 400, "only {} files measured", sizes.len());
    assert!(
        sizes.iter().any(|(_, rel)| rel == "static/style.css"),
        "style.css measured"
    );
    sizes.sort();
    let over: Vec<String> = sizes
        .iter()
        .filter(|(size, _)| *size >= PAGE_BUDGET)
        .map(|(size, rel)| format!("{rel}: {size} bytes gzipped"))
        .collect();
    assert!(
        over.is_empty(),
        "over {PAGE_BUDGET} bytes gzipped:\n{}",
        over.join("\n")
    );
    let total = sizes.len();
    for (size, rel) in sizes.iter().filter(|(_, rel)| rel.ends_with(".css")) {
        println!("{rel}: {size} bytes gzipped");
    }
    for (size, rel) in sizes.iter().rev().take(3) {
        println!("{rel}: {size} bytes gzipped");
    }
    println!("{total} files, all under {PAGE_BUDGET} bytes gzipped");
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
    })
}

/// The text from `start` up to the next `end`.
fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let len = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &html[from..from + len]
}

#[test]
fn an_english_site_has_an_english_interface() {
    let sites = sites();
    let public = sites.english();
    let read = |rel: &str| std::fs::read_to_string(public.join(rel)).expect(rel);
    let mut problems = Vec::new();
    // Chinese records on an English site are marked as Chinese, for screen readers.
    let record = read("records/11990100MB0000019L/2024-00001/index.html");
    assert!(
        record.contains("<h1 lang=\"zh-CN\">测试县最低生活保障审核确认办法</h1>"),
        "record title not marked"
    );
    assert!(
        record.contains("<div class=\"prose\" lang=\"zh-CN\">"),
        "record body not marked"
    );
    let list = read("areas/social-assistance/dibao-policy/index.html");
    assert!(list.contains("class=\"record-title\" href=\"../../../records/11990100MB0000019L/2024-00001/index.html\" lang=\"zh-CN\">"), "list titles not marked");
    for rel in html_pages(&public) {
        let html = read(&rel);
        if !html.contains("<html lang=\"en\">") {
            problems.push(format!("{rel}: no <html lang=\"en\">"));
        }
        // Interface strings every page has: skip link, toggle, navigation, labels.
        for (what, text) in [
            (
                "skip link",
                between(&html, "<a class=\"skip-link\"", "</a>"),
            ),
            ("large-text button", between(&html, "<button", "</button>")),
            (
                "navigation",
                between(&html, "<nav class=\"site-nav\"", "</nav>"),
            ),
        ] {
            if has_chinese(text) {
                problems.push(format!("{rel}: {what}: {text}"));
            }
        }
        for (tag, attrs) in start_tags(&html) {
            // A body table's container is named by the table's own (Chinese) header.
            if attrs.iter().any(|(n, v)| n == "class" && v == "table-wrap") {
                continue;
            }
            for (name, value) in attrs {
                if matches!(name.as_str(), "aria-label" | "data-label" | "data-group")
                    && has_chinese(&value)
                {
                    problems.push(format!("{rel}: <{tag} {name}=\"{value}\">"));
                }
            }
        }
        // Row and column heads of the record's metadata, the item columns, the catalog grid.
        for (open, close) in [
            ("<th scope=\"row\">", "</th>"),
            ("<th scope=\"col\"", "</th>"),
            ("<dt>", "</dt>"),
        ] {
            for (i, _) in html.match_indices(open) {
                let text = &html[i..i + html[i..].find(close).unwrap_or(0)];
                if has_chinese(text) {
                    problems.push(format!("{rel}: {text}"));
                }
            }
        }
    }
    let not_found = read("404.html");
    let main = between(&not_found, "<main", "</main>");
    if has_chinese(main) {
        problems.push(format!("404.html: {main}"));
    }
    assert!(main.contains("Page not found"), "{main}");
    let home = read("index.html");
    let nav = between(&home, "<nav class=\"site-nav\"", "</nav>");
    assert!(nav.contains("Disclosure guide"), "{nav}");
    assert!(
        problems.is_empty(),
        "Chinese in the English interface:\n{}",
        problems.join("\n")
    );
    // The same checks find the Chinese interface of the zh-CN build.
    let zh = std::fs::read_to_string(sites.basic().join("404.html")).expect("404");
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(has_chinese(between(&zh, "<main", "</main>")));
    assert!(has_chinese(between(
        &zh,
        "<nav class=\"site-nav\"",
        "</nav>"
    )));
}

/// Name and attributes of every start tag.
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    for piece in html.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        let name_len = tag
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(tag.len());
        if name_len > 0 {
            tags.push((tag[..name_len].to_string(), attributes(&tag[name_len..])));
        }
    }
    tags
}
