//! Building valid sites: chosen pages snapshotted, determinism, deletions, and links that
//! resolve under any sub-path.

mod common;

use common::*;
use std::path::Path;

fn build_ok(site: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--quiet"];
    args.extend_from_slice(extra);
    let out = gongkai(&args, site);
    assert_eq!(
        out.status.code(),
        Some(0),
        "build failed:\n{}",
        stderr(&out)
    );
}

/// The language of the run changes what gongkai says, never what it publishes: the site is
/// built in the language of `site.language` either way.
#[test]
fn the_output_does_not_depend_on_the_language_of_the_run() {
    let mut trees = Vec::new();
    for lang in ["en", "zh-CN"] {
        let site = fixture_site("basic");
        let out = gongkai_in(lang, &["build", "--quiet"], site.path());
        assert_eq!(out.status.code(), Some(0), "{lang}: {}", stderr(&out));
        let mut tree = read_tree(&site.path().join("public"));
        // The state file records the options of the build, not its output.
        tree.remove(".gongkai-state.json");
        trees.push(tree);
    }
    assert!(trees[0] == trees[1], "public/ differs between en and zh-CN");
}

#[test]
fn basic_site_pages_match_their_snapshots() {
    let site = fixture_site("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let snapshots = fixtures().join("../snapshots/basic");
    for page in [
        "index.html",
        "areas/social-assistance/index.html",
        "areas/social-assistance/dibao-policy/index.html",
        "areas/social-assistance/dibao-policy/page/2/index.html",
        "records/11990100MB0000019L/2024-00001/index.html",
        "records/11990100MB0000035A/2024-00007/index.html",
        "guide/index.html",
        "reports/index.html",
        "reports/mz/2024/index.html",
        "reports/mz/2024/report.csv",
        "feed.xml",
        "data/records.json",
        "sitemap.xml",
    ] {
        let text = std::fs::read_to_string(public.join(page))
            .unwrap_or_else(|_| panic!("{page} was not written"));
        assert_snapshot(&snapshots.join(page.replace('/', "__")), &text);
    }
}

#[test]
fn specific_audience_records_are_published_but_not_listed() {
    let site = fixture_site("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let page =
        std::fs::read_to_string(public.join("records/11990100MB0000035A/2024-00007/index.html"))
            .expect("page");
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).expect("sitemap");
    assert!(!sitemap.contains("2024-00007"));
    assert!(sitemap.contains("records/11990100MB0000019L/2024-00001/"));
    let roster = std::fs::read_to_string(
        public.join("records/11990100MB0000035A/2024-00007/roster-2024q3.csv"),
    )
    .expect("attachment");
    assert!(roster.contains("440524********0014"));
}

/// Runs `command` under libfaketime with the clock moved forward, or says why it cannot.
fn faketime_available() -> bool {
    let now = std::process::Command::new("date").arg("+%s").output();
    let later = std::process::Command::new("faketime")
        .args(["-f", "+2d", "date", "+%s"])
        .output();
    match (now, later) {
        (Ok(now), Ok(later)) if later.status.success() => {
            let parse = |o: &std::process::Output| {
                String::from_utf8_lossy(&o.stdout)
                    .trim()
                    .parse::<i64>()
                    .unwrap_or(0)
            };
            parse(&later) - parse(&now) > 86_400
        }
        _ => false,
    }
}

#[test]
fn output_is_byte_identical_a_day_later() {
    if !faketime_available() {
        assert!(
            !in_ci(),
            "faketime is required in CI (apt-get install faketime)"
        );
        eprintln!("skipping: faketime is not installed");
        return;
    }
    let site = fixture_site("basic");
    build_ok(site.path(), &[]);
    let first = read_tree(&site.path().join("public"));
    std::fs::remove_dir_all(site.path().join("public")).expect("clearing public");
    let out = std::process::Command::new("faketime")
        .args([
            "-f",
            "+1d",
            env!("CARGO_BIN_EXE_gongkai"),
            "build",
            "--quiet",
        ])
        .current_dir(site.path())
        .env("GONGKAI_LANG", "en")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("running gongkai under faketime");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let second = read_tree(&site.path().join("public"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            bytes == &second[path],
            "{path} differs between the two builds"
        );
    }
}

#[test]
fn a_second_build_rewrites_nothing() {
    let site = fixture_site("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let times = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().display().to_string(),
                    e.metadata().expect("meta").modified().expect("mtime"),
                )
            })
            .collect()
    };
    let before = times(&public);
    let out = gongkai(&["build", "--format", "json"], site.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["files_written"], 0);
    assert!(json["files_unchanged"].as_u64().is_some_and(|n| n > 20));
    assert_eq!(
        json["warnings"], 1,
        "the last build's warnings are reported again"
    );
    assert_eq!(json["records"], 5);
    assert_eq!(times(&public), before, "no file was touched");

    // A file missing from the output makes the next build a real one, which restores it.
    std::fs::remove_file(public.join("guide/index.html")).expect("delete");
    let out = gongkai(&["build", "--format", "json"], site.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["files_written"], 1);
    assert!(public.join("guide/index.html").is_file());
}

#[test]
fn a_deleted_record_disappears_but_foreign_files_stay() {
    let site = fixture_site("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    std::fs::write(public.join("CNAME"), "xxgk.example.gov.cn").expect("foreign file");
    std::fs::create_dir_all(public.join("uploads")).expect("mkdir");
    std::fs::write(public.join("uploads/banner.png"), "png").expect("foreign file");
    std::fs::remove_file(site.path().join("content/records/budget/2024-budget.md"))
        .expect("delete record");
    // The guide links to the deleted record: that is now a broken link, so fix the guide too.
    let guide = site.path().join("content/pages/guide.md");
    let text = std::fs::read_to_string(&guide).expect("guide").replace(
        "[法定主动公开内容](../records/budget/2024-budget.md)",
        "法定主动公开内容",
    );
    std::fs::write(&guide, text).expect("guide");
    let out = gongkai(&["build", "--format", "json"], site.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // The record's page, and search files whose content (and so name) changed.
    assert!(
        json["files_deleted"].as_u64().is_some_and(|n| n >= 1),
        "{json}"
    );
    assert!(
        !public.join("records/11990100MB0000027F").exists(),
        "the record's folder is removed"
    );
    for (path, bytes) in read_tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("11990100MB0000027F/2024-00003"),
            "{path} still mentions the deleted record"
        );
        assert!(
            !text.contains("2024年部门预算公开"),
            "{path} still shows the deleted record's title"
        );
    }
    assert_eq!(
        std::fs::read_to_string(public.join("CNAME")).expect("kept"),
        "xxgk.example.gov.cn"
    );
    assert!(public.join("uploads/banner.png").exists());
}

/// Every href and src in every HTML page of `public`, as (page, link).
fn local_links(public: &Path) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for (path, bytes) in read_tree(public) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8 page");
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let end = rest.find('"').expect("closing quote");
                links.push((path.clone(), rest[..end].replace("&amp;", "&")));
            }
        }
    }
    links
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8 path")
}

fn assert_links_resolve(public: &Path, base_url: Option<&str>) {
    let links = local_links(public);
    assert!(links.len() > 100, "too few links found: {}", links.len());
    for (page, link) in links {
        let link = link.split('#').next().unwrap_or("").to_string();
        if link.is_empty() || link.starts_with("mailto:") || link.starts_with("tel:") {
            continue;
        }
        let target = match base_url {
            Some(base) if link.starts_with(base) => {
                let rel = &link[base.len()..];
                let rel = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                };
                public.join(percent_decode(&rel))
            }
            _ => {
                assert!(
                    !link.starts_with('/'),
                    "{page}: `{link}` is root-absolute and breaks under a sub-path"
                );
                assert!(
                    !link.contains("://"),
                    "{page}: `{link}` points outside the site"
                );
                let dir = Path::new(&page).parent().unwrap_or(Path::new(""));
                public.join(dir).join(percent_decode(&link))
            }
        };
        let normal = std::path::absolute(&target).expect("absolute");
        let mut clean = std::path::PathBuf::new();
        for c in normal.components() {
            match c {
                std::path::Component::ParentDir => {
                    clean.pop();
                }
                other => clean.push(other),
            }
        }
        assert!(
            clean.starts_with(public),
            "{page}: `{link}` leaves the site"
        );
        assert!(
            clean.is_file(),
            "{page}: `{link}` does not resolve to a file ({})",
            clean.display()
        );
    }
}

#[test]
fn every_link_resolves_under_a_sub_path() {
    let site = fixture_site("basic");
    // Build into a deep folder, as when county IT deploys under /xxgk/site/.
    let out_dir = site.path().join("www/xxgk/site");
    build_ok(
        site.path(),
        &["--out", out_dir.to_str().expect("utf-8 path")],
    );
    assert_links_resolve(&std::path::absolute(&out_dir).expect("absolute"), None);
}

#[test]
fn every_link_resolves_with_a_base_url() {
    let site = fixture_site("basic");
    build_ok(
        site.path(),
        &["--base-url", "https://xxgk.example.gov.cn/sub/"],
    );
    let public = std::path::absolute(site.path().join("public")).expect("absolute");
    assert_links_resolve(&public, Some("https://xxgk.example.gov.cn/sub/"));
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains(
        "<loc>https://xxgk.example.gov.cn/sub/records/11990100MB0000019L/2024-00001/</loc>"
    ));
    let robots = std::fs::read_to_string(public.join("robots.txt")).expect("robots");
    assert!(robots.contains("Sitemap: https://xxgk.example.gov.cn/sub/sitemap.xml"));
}

#[test]
fn the_demo_site_builds_without_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = TempDir::new("demo");
    let out = gongkai(
        &[
            "build",
            "--format",
            "json",
            "--out",
            tmp.path().to_str().expect("utf-8"),
        ],
        root,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        json["errors"],
        0,
        "{}",
        serde_json::to_string_pretty(&json["diagnostics"]).unwrap_or_default()
    );
    assert!(
        json["records"].as_u64().is_some_and(|n| n >= 150),
        "the demo site needs at least 150 records"
    );
    assert_links_resolve(&std::path::absolute(tmp.path()).expect("absolute"), None);
}

#[test]
fn a_site_overrides_single_templates_and_assets() {
    let site = fixture_site("basic");
    std::fs::create_dir_all(site.path().join("templates")).expect("mkdir");
    std::fs::create_dir_all(site.path().join("static")).expect("mkdir");
    std::fs::write(
        site.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>页面不存在（本站定制）</h1>{% endblock content %}",
    )
    .expect("write");
    std::fs::write(site.path().join("static/county.css"), "body{}").expect("write");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let not_found = std::fs::read_to_string(public.join("404.html")).expect("404");
    assert!(not_found.contains("页面不存在（本站定制）"));
    assert!(
        not_found.contains("测试县人民政府信息公开"),
        "the default base.html still applies"
    );
    assert!(public.join("static/county.css").is_file());
    assert!(
        public.join("static/style.css").is_file(),
        "assets not overridden come from the default theme"
    );
}

#[test]
fn a_named_theme_folder_replaces_the_default_where_it_has_files() {
    let site = fixture_site("basic");
    let theme = site.path().join("themes/plain/templates");
    std::fs::create_dir_all(&theme).expect("mkdir");
    std::fs::write(
        theme.join("reports.html"),
        "<!DOCTYPE html><title>{{ title }}</title><p>plain</p>",
    )
    .expect("write");
    let catalog = std::fs::read_to_string(site.path().join("catalog.yaml")).expect("catalog");
    std::fs::write(
        site.path().join("catalog.yaml"),
        catalog.replace("  language: zh-CN\n", "  language: zh-CN\n  theme: plain\n"),
    )
    .expect("write");
    build_ok(site.path(), &[]);
    let reports =
        std::fs::read_to_string(site.path().join("public/reports/index.html")).expect("reports");
    assert_eq!(
        reports,
        "<!DOCTYPE html><title>政府信息公开工作年度报告</title><p>plain</p>"
    );
}

#[test]
fn years_outside_the_calendar_are_warned_about_until_the_site_adds_them() {
    let site = fixture_site("basic");
    let record = site.path().join("content/records/budget/2018-budget.md");
    std::fs::write(
        &record,
        "---\nindex_no: 11990100MB0000027F/2018-00001\ntitle: 2018年部门预算\nitem: budget/dept-budget\npublisher: cz\nformed: 2018-02-01\npublished: 2018-02-09\n---\n正文\n",
    )
    .expect("write");
    let out = gongkai(&["build", "--format", "json"], site.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["ok"], true);
    let messages: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}",
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        messages.contains(&"content/records/budget/2018-budget.md:6: the working-day calendar has no official holidays for 2018".to_string()),
        "{messages:?}"
    );
    let catalog = std::fs::read_to_string(site.path().join("catalog.yaml")).expect("catalog");
    std::fs::write(
        site.path().join("catalog.yaml"),
        catalog.replace("publishers:\n", "calendar:\n  holidays: [\"2018-02-15..2018-02-21\"]\n  workdays: [2018-02-11]\npublishers:\n"),
    )
    .expect("write");
    let out = gongkai(&["build", "--format", "json"], site.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        json["warnings"], 1,
        "only the base_url warning is left: {}",
        json["diagnostics"]
    );
}

/// Everything a build produced, as comparable values: file paths with their bytes (or the
/// source of a copied file), and the diagnostics.
fn snapshot_of(built: &gongkai::build::Built) -> (Vec<(String, String)>, Vec<String>) {
    use gongkai::render::Content;
    let files = built
        .files
        .iter()
        .map(|f| {
            let content = match &f.content {
                Content::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                Content::Copy(p) => format!("copy of {}", p.display()),
                // Builds in memory never stage.
                Content::Staged => "staged".to_string(),
            };
            (f.path.clone(), content)
        })
        .collect();
    let diags = built.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    (files, diags)
}

#[test]
fn cached_rebuilds_equal_clean_builds_after_every_change() {
    use gongkai::build::{BuildOptions, Cache, build_cached, build_in_memory};
    let site = fixture_site("basic");
    let root = site.path();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        defer_search_and_data: true,
        ..BuildOptions::default()
    };
    let records = root.join("content/records/social-assistance");
    let policy = records.join("2024-policy.md");
    let edit = |path: &Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).expect("read");
        assert!(text.contains(from), "{from} in {}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).expect("write");
    };
    type Change<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let changes: Vec<Change> = vec![
        ("nothing", Box::new(|| {})),
        (
            "a title",
            Box::new(|| {
                edit(
                    &policy,
                    "title: 测试县最低生活保障审核确认办法",
                    "title: 测试县最低生活保障审核确认办法（修订）",
                )
            }),
        ),
        (
            "a body gains a link",
            Box::new(|| {
                edit(
                    &policy,
                    "制定本办法。",
                    "制定本办法，原办法见[旧办法](2021-policy-old.md)。",
                )
            }),
        ),
        (
            "the linked record moves",
            Box::new(|| {
                std::fs::rename(records.join("2021-policy-old.md"), records.join("old.md"))
                    .expect("rename")
            }),
        ),
        (
            "it moves back",
            Box::new(|| {
                std::fs::rename(records.join("old.md"), records.join("2021-policy-old.md"))
                    .expect("rename")
            }),
        ),
        (
            "a publication date (the order of lists)",
            Box::new(|| edit(&policy, "published: 2024-03-08", "published: 2019-03-08")),
        ),
        (
            "an attachment disappears",
            Box::new(|| {
                std::fs::rename(records.join("roster-2024q3.csv"), root.join("roster.csv"))
                    .expect("rename")
            }),
        ),
        (
            "it comes back",
            Box::new(|| {
                std::fs::rename(root.join("roster.csv"), records.join("roster-2024q3.csv"))
                    .expect("rename")
            }),
        ),
        (
            "a record is deleted",
            Box::new(|| {
                std::fs::remove_file(records.join("2024-policy-interpretation.md")).expect("delete")
            }),
        ),
        (
            "the site title",
            Box::new(|| edit(&root.join("catalog.yaml"), "title: ", "title: 新")),
        ),
        (
            "a template override",
            Box::new(|| {
                std::fs::create_dir_all(root.join("templates")).expect("mkdir");
                std::fs::write(root.join("templates/404.html"), "{% extends \"base.html\" %}{% block content %}<p>找不到</p>{% endblock content %}").expect("write");
            }),
        ),
        (
            "the site's limits (every record is parsed under them)",
            Box::new(|| {
                let catalog = root.join("catalog.yaml");
                let text = std::fs::read_to_string(&catalog).expect("catalog");
                std::fs::write(&catalog, format!("{text}limits:\n  max_field_chars: 10\n"))
                    .expect("write");
            }),
        ),
    ];
    let mut cache = Cache::default();
    build_cached(&opts, &mut cache).expect("first build");
    for (what, change) in changes {
        change();
        // A file rewritten within the same clock tick keeps its modification time; `serve`
        // forgets every file its watcher reports, and so does this test.
        for f in [
            "content/records/social-assistance/2024-policy.md",
            "catalog.yaml",
        ] {
            cache.forget(f);
        }
        let cached = build_cached(&opts, &mut cache).expect("cached build");
        let clean = build_in_memory(&opts).expect("clean build");
        assert!(
            snapshot_of(&cached) == snapshot_of(&clean),
            "after changing {what}, the cached build differs from a clean one"
        );
        if what == "nothing" {
            assert_eq!(
                cache.pages_rendered().0,
                0,
                "nothing changed, nothing rendered"
            );
        }
    }
}
