//! The adversarial corpus in tests/fixtures/hostile/ (see its README.md):
//!
//! - `build/` is overlaid on the basic fixture and must build. Every text field of the catalog
//!   and of the records carries markup, event handlers, `javascript:`/`data:` URLs, template
//!   syntax and bidi overrides; the files use BOM, CRLF and lone-CR line endings. The build's
//!   exact warnings are in `build.expected.txt`, and every file gongkai writes is scanned for
//!   markup that came through.
//! - `fail/` holds one bad input per file (`<case>.md` is added as a record,
//!   `<case>.catalog.yaml` replaces catalog.yaml, `<case>.report.yaml` replaces the annual
//!   report's figures); the cases too large or too odd to commit
//!   (oversized files, symbolic links, a 100,000-character title, the `limits:` settings) are
//!   made by `generated_cases` below. Each must fail with exactly the diagnostics listed under
//!   its name in `fail.expected.txt` and leave the previous public/ byte for byte as it was.
//!
//! `UPDATE_SNAPSHOTS=1` rewrites both expectation files; review the diff.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn hostile() -> std::path::PathBuf {
    fixtures().join("hostile")
}

/// The warning every build of the basic fixture gives (it has no base_url).
const BASE_URL_WARNING: &str = "catalog.yaml: warning: site.base_url is not set: sitemap.xml, the feeds and the open data use addresses relative to the site root\n    help: search engines and feed readers need absolute URLs; set base_url (or pass --base-url) when the site's address is known\n";

fn update() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some()
}

// ---------------------------------------------------------------------------------------------
// Must build

#[test]
fn hostile_text_is_built_escaped_and_reported() {
    let site = fixture_site("basic");
    copy_dir(&hostile().join("build"), site.path());
    let out = gongkai(&["build"], site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let expected_path = hostile().join("build.expected.txt");
    // The summary line carries a timing.
    let warnings: String = err
        .lines()
        .filter(|l| !l.starts_with("built "))
        .map(|l| format!("{l}\n"))
        .collect();
    if update() {
        std::fs::write(&expected_path, &warnings).expect("writing build.expected.txt");
    } else {
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        assert_eq!(
            expected, warnings,
            "the warnings of the hostile build differ"
        );
    }

    let public = site.path().join("public");
    let files = read_tree(&public);
    let mut problems = Vec::new();
    for (path, bytes) in &files {
        problems.extend(scan_file(path, bytes));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Template syntax is shown as written wherever the text appears.
    let record = text_of(&files, "records/11990100MB0000027F/2024-00105/index.html");
    for literal in [
        "模板 {{ 7 * 191 }}{% if true %}条件成立{% endif %}</h1>",
        "<p>正文 {{ 7 * 191 }}{% if true %}条件成立{% endif %}</p>",
        "<code>{{ code }}</code> 与 {#comment#}",
        "{{ 7 * 191 }}号",
    ] {
        assert!(record.contains(literal), "missing {literal:?}:\n{record}");
    }
    let home = text_of(&files, "index.html");
    assert!(
        home.contains("<title>测试县 &lt;script&gt;alert(&#39;site&#39;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</title>"),
        "{home}"
    );
    // The bidi overrides are gone from the title and the catalog's English area name.
    let bidi = text_of(&files, "records/11990100MB0000027F/2024-00106/index.html");
    assert!(bidi.contains("关于示公的低保审核情况</h1>"), "{bidi}");
    // Line endings change nothing: the CR-only and CRLF records read as the LF ones.
    let cr = text_of(&files, "records/11990100MB0000027F/2024-00108/index.html");
    assert!(cr.contains("<h1>CR 换行的记录</h1>") || cr.contains(">CR 换行的记录</h1>"));
    assert!(cr.contains("<p>第一行</p>"), "{cr}");
}

/// The catalog saved with CRLF (as committed), with lone CR and with LF gives the same site.
#[test]
fn catalog_line_endings_do_not_change_the_site() {
    let mut outputs = Vec::new();
    for (name, from, to) in [
        ("crlf", "\r\n", "\r\n"),
        ("cr", "\r\n", "\r"),
        ("lf", "\r\n", "\n"),
    ] {
        let site = fixture_site("basic");
        copy_dir(&hostile().join("build"), site.path());
        let catalog = site.path().join("catalog.yaml");
        let text = std::fs::read_to_string(&catalog).expect("catalog");
        assert!(text.starts_with('\u{feff}') && text.contains("\r\n"));
        std::fs::write(&catalog, text.replace(from, to)).expect("write");
        let out = gongkai(&["build", "--quiet"], site.path());
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let mut files = read_tree(&site.path().join("public"));
        files.remove(".gongkai-state.json");
        outputs.push((name, files));
    }
    for (name, files) in &outputs[1..] {
        assert!(
            files == &outputs[0].1,
            "the site built from the {name} catalog differs from the CRLF one"
        );
    }
}

fn text_of(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).cloned().unwrap_or_default()).expect("utf-8")
}

/// Problems in one output file: markup that came from the sources instead of the theme.
fn scan_file(path: &str, bytes: &[u8]) -> Vec<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit('.').next().unwrap_or("");
    // The theme's own assets are copied unchanged; CSV is data (served as text/csv) and keeps
    // its values as written; attachments are the publisher's files, copied as they are.
    if path.starts_with("static/") || matches!(ext, "css" | "csv") {
        return Vec::new();
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return vec![format!("{path}: not UTF-8")];
    };
    let mut problems = Vec::new();
    if let Some(c) = text.chars().find(|&c| gongkai::text::is_bidi_control(c)) {
        problems.push(format!(
            "{path}: bidirectional control U+{:04X} published",
            c as u32
        ));
    }
    for (at, _) in text.match_indices("{{") {
        if !["{{ 7 * 191 }}", "{{ code }}", "{{ 模板文本 }}"]
            .iter()
            .any(|lit| text[at..].starts_with(lit))
        {
            problems.push(format!("{path}: unexpected `{{{{` at byte {at}"));
        }
    }
    for (at, _) in text.match_indices("{%") {
        if !["{% if true %}", "{% endif %}"]
            .iter()
            .any(|lit| text[at..].starts_with(lit))
        {
            problems.push(format!("{path}: unexpected `{{%` at byte {at}"));
        }
    }
    if text.contains("1337") && matches!(ext, "html" | "xml") {
        problems.push(format!("{path}: `{{{{ 7 * 191 }}}}` was evaluated to 1337"));
    }
    match ext {
        "html" | "xml" => problems.extend(scan_markup(path, text)),
        // Data and scripts written by gongkai: JSON with `<` escaped, never raw markup.
        _ => {
            if let Some(at) = text.find('<') {
                problems.push(format!(
                    "{path}: `<` at byte {at}: {}",
                    &text[at..text.len().min(at + 40)]
                ));
            }
        }
    }
    problems
}

/// Reads every real tag (`<` followed by a letter; escaped text has `&lt;`) with its
/// attributes, and reports what a browser would run or load from a hostile source.
fn scan_markup(path: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let start = i + off;
        i = start + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = i + bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b':' || **b == b'-')
            .count();
        let tag = text[i..name_end].to_ascii_lowercase();
        let (attrs, end) = attributes(text, name_end);
        i = end;
        let here = format!("{path}: <{tag}> at byte {start}");
        let attr = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        match tag.as_str() {
            "script" => {
                let theme = attr("src").is_some_and(|s| {
                    s.ends_with("static/theme.js") || s.ends_with("static/search.js")
                });
                if !theme || attrs.len() != 2 || attr("defer").is_none() {
                    problems.push(format!("{here}: not one of the theme's scripts: {attrs:?}"));
                }
            }
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" | "style"
            | "svg" | "math" => problems.push(format!("{here}: element not allowed")),
            "meta" if attr("http-equiv").is_some() => {
                problems.push(format!("{here}: meta http-equiv"))
            }
            _ => {}
        }
        for (k, v) in &attrs {
            if k.starts_with("on") || k == "style" || k == "srcdoc" {
                problems.push(format!("{here}: attribute {k}={v:?}"));
            }
            let url = v
                .replace("&#58;", ":")
                .replace("&#x3a;", ":")
                .replace("&colon;", ":")
                .to_ascii_lowercase();
            let url: String = url.chars().filter(|c| !c.is_whitespace()).collect();
            if matches!(
                k.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "poster"
                    | "srcset"
                    | "data"
                    | "xlink:href"
            ) && (url.starts_with("javascript:")
                || url.starts_with("data:")
                || url.starts_with("vbscript:"))
            {
                problems.push(format!("{here}: {k}={v:?}"));
            }
        }
    }
    problems
}

/// Attributes from `pos` to the end of the tag, honouring quotes; returns them (names lower
/// case) and the position after the tag.
fn attributes(text: &str, mut pos: usize) -> (Vec<(String, String)>, usize) {
    let bytes = text.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
            pos += 1;
        }
        if pos >= bytes.len() || bytes[pos] == b'>' {
            return (attrs, (pos + 1).min(bytes.len()));
        }
        let name_start = pos;
        while pos < bytes.len()
            && !matches!(bytes[pos], b'=' | b'>' | b'/')
            && !bytes[pos].is_ascii_whitespace()
        {
            pos += 1;
        }
        let name = text[name_start..pos].to_ascii_lowercase();
        let mut value = String::new();
        if bytes.get(pos) == Some(&b'=') {
            pos += 1;
            match bytes.get(pos) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let v_start = pos + 1;
                    let v_end = text[v_start..]
                        .find(q as char)
                        .map_or(bytes.len(), |e| v_start + e);
                    value = text[v_start..v_end].to_string();
                    pos = v_end + 1;
                }
                _ => {
                    let v_start = pos;
                    while pos < bytes.len()
                        && !bytes[pos].is_ascii_whitespace()
                        && bytes[pos] != b'>'
                    {
                        pos += 1;
                    }
                    value = text[v_start..pos].to_string();
                }
            }
        }
        attrs.push((name, value));
    }
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    let bad = [
        "<p onclick=\"x()\">a</p>",
        "<a href=\" JavaScript&#58;alert(1)\">a</a>",
        "<img src='data:image/png;base64,AA'>",
        "<script>alert(1)</script>",
        "<script src=\"../static/theme.js\" defer onload=\"x\"></script>",
        "<p>{{ config }}</p>",
        "<p>{% include x %}</p>",
        "<iframe src=\"https://example.com\"></iframe>",
        "<p>\u{202e}abc</p>",
    ];
    for html in bad {
        assert!(
            !scan_file("x.html", html.as_bytes()).is_empty(),
            "missed {html}"
        );
    }
    let good = "<script src=\"../static/theme.js\" defer></script><p title=\"a onclick=b\">&lt;script&gt; onerror=x {{ 7 * 191 }}</p><a href=\"../x/\">javascript:alert(1)</a>";
    assert_eq!(scan_file("x.html", good.as_bytes()), Vec::<String>::new());
    assert!(!scan_file("search/f0-abc.js", b"add(\"f0\",[\"<b>\"]);").is_empty());
    assert!(scan_file("search/f0-abc.js", b"add(\"f0\",[\"\\u003cb\\u003e\"]);").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Must fail

/// Cases made by the test: too large to commit, or needing a symbolic link or a `limits:`
/// setting together with a record.
/// A way to turn the basic fixture into one bad site.
type MakeCase = Box<dyn Fn(&Path)>;

type Generated = (&'static str, fn(&Path));

fn generated_cases() -> Vec<Generated> {
    vec![
        ("generated: file over the size limit", |site| {
            let body = "很长的正文。".repeat(300_000);
            write(
                site,
                "content/records/hostile/huge.md",
                &record("测试", "", &body),
            );
        }),
        ("generated: symbolic link out of the site", |site| {
            let outside = site.join("secret.txt");
            std::fs::write(&outside, "not for the web").expect("write");
            std::os::unix::fs::symlink(&outside, site.join("content/records/budget/secret.csv"))
                .expect("symlink");
        }),
        ("generated: symbolic link loop", |site| {
            std::os::unix::fs::symlink(
                site.join("content/records"),
                site.join("content/records/budget/loop"),
            )
            .expect("symlink");
        }),
        ("generated: title of 100,000 characters", |site| {
            let title = "长".repeat(100_000);
            write(
                site,
                "content/records/hostile/long-title.md",
                &record(&title, "", ""),
            );
        }),
        ("generated: limits.max_file_mb", |site| {
            set_limits(site, "max_file_mb: 1");
            let body = "正文。".repeat(200_000);
            write(
                site,
                "content/records/hostile/big.md",
                &record("测试", "", &body),
            );
        }),
        ("generated: limits.max_records", |site| {
            set_limits(site, "max_records: 3");
        }),
        ("generated: limits.max_nesting", |site| {
            set_limits(site, "max_nesting: 8");
            write(
                site,
                "content/records/hostile/nested.md",
                &record("测试", "topics:\n  - - - - - - - - 深\n", ""),
            );
        }),
        ("generated: limits.max_field_chars", |site| {
            set_limits(site, "max_field_chars: 100");
            let title = "长".repeat(101);
            write(
                site,
                "content/records/hostile/long-title.md",
                &record(&title, "", ""),
            );
        }),
        ("generated: limits with impossible values", |site| {
            set_limits(
                site,
                "max_file_mb: 0\n  max_records: 0\n  max_nesting: 500\n  max_field_chars: 0",
            );
        }),
        ("generated: limits with an unknown key", |site| {
            set_limits(site, "max_file_size: 5");
        }),
    ]
}

fn record(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nindex_no: 11990100MB0000027F/2024-00201\ntitle: {title}\nitem: budget/dept-budget\npublisher: cz\nformed: 2024-02-01\npublished: 2024-02-20\n{extra}---\n{body}\n"
    )
}

fn write(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Adds a `limits:` block (its inner lines indented by two spaces) to catalog.yaml.
fn set_limits(site: &Path, inner: &str) {
    let path = site.join("catalog.yaml");
    let text = std::fs::read_to_string(&path).expect("catalog");
    std::fs::write(path, format!("{text}limits:\n  {inner}\n")).expect("write");
}

/// Applies a committed case file to the site.
fn apply_file(case: &Path, site: &Path) {
    let name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = if name.ends_with(".catalog.yaml") {
        site.join("catalog.yaml")
    } else if name.ends_with(".report.yaml") {
        site.join("content/reports/mz/2024.yaml")
    } else {
        let dir = site.join("content/records/hostile");
        std::fs::create_dir_all(&dir).expect("mkdir");
        dir.join(&name)
    };
    std::fs::copy(case, target).expect("copying a case");
}

/// Builds the basic fixture, applies the case, builds again; returns the second build's
/// diagnostics without the basic fixture's own warning and the summary line, or why the case
/// misbehaved.
fn run_case(apply: &dyn Fn(&Path)) -> Result<String, String> {
    let site = fixture_site("basic");
    let first = gongkai(&["build", "--quiet"], site.path());
    if first.status.code() != Some(0) {
        return Err(format!(
            "the basic fixture does not build: {}",
            stderr(&first)
        ));
    }
    let public = site.path().join("public");
    let before = read_tree(&public);
    apply(site.path());
    let out = gongkai(&["build"], site.path());
    let err = stderr(&out);
    let mut problems = Vec::new();
    if out.status.code() != Some(1) {
        problems.push(format!("exit code {:?}, expected 1", out.status.code()));
    }
    if read_tree(&public) != before {
        problems.push("public/ was changed by a failed build".to_string());
    }
    let Some(summary_at) = err.rfind("not built: ") else {
        problems.push(format!("no `not built` summary in:\n{err}"));
        return Err(problems.join("\n"));
    };
    if !problems.is_empty() {
        return Err(format!("{}\n{err}", problems.join("\n")));
    }
    Ok(err[..summary_at].replacen(BASE_URL_WARNING, "", 1))
}

#[test]
fn every_hostile_input_fails_located_and_publishes_nothing() {
    let fail_dir = hostile().join("fail");
    let files = common::sorted_entries(&fail_dir);
    let mut cases: Vec<(String, MakeCase)> = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        cases.push((name, Box::new(move |site: &Path| apply_file(&file, site))));
    }
    for (name, make) in generated_cases() {
        cases.push((name.to_string(), Box::new(make)));
    }

    let mut actual = String::new();
    let mut failures = Vec::new();
    for (name, apply) in &cases {
        match run_case(apply.as_ref()) {
            Ok(diags) => {
                if diags.trim().is_empty() {
                    failures.push(format!("{name}: failed without a diagnostic"));
                }
                if !diags.contains(" error: ") {
                    failures.push(format!("{name}: no error among:\n{diags}"));
                }
                actual.push_str(&format!("## {name}\n{diags}"));
            }
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    let expected_path = hostile().join("fail.expected.txt");
    if update() {
        std::fs::write(&expected_path, &actual).expect("writing fail.expected.txt");
    } else {
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        let split = |s: &str| -> BTreeMap<String, String> {
            let mut cases = BTreeMap::new();
            let mut current: Option<(String, String)> = None;
            for line in s.lines() {
                if let Some(name) = line.strip_prefix("## ") {
                    cases.extend(current.take());
                    current = Some((name.to_string(), String::new()));
                } else if let Some((_, diags)) = &mut current {
                    diags.push_str(line);
                    diags.push('\n');
                }
            }
            cases.extend(current);
            cases
        };
        let (want, got) = (split(&expected), split(&actual));
        for (name, diags) in &got {
            match want.get(name) {
                Some(w) if w == diags => {}
                Some(w) => failures.push(format!(
                    "{name}: diagnostics differ\n--- expected\n{w}--- actual\n{diags}"
                )),
                None => failures.push(format!(
                    "{name}: not listed in fail.expected.txt (run with UPDATE_SNAPSHOTS=1)"
                )),
            }
        }
        for name in want.keys().filter(|n| !got.contains_key(*n)) {
            failures.push(format!(
                "{name}: listed in fail.expected.txt but no such case"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
