//! A county moving an existing site: 索引号 of seven patterns, old addresses kept
//! working through aliases (redirect pages, `_redirects`, an nginx map checked by nginx
//! itself), and `gongkai new` and `gongkai renumber` on a site with numbers of many shapes.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every alias of the fixture and the page it must lead to.
const ALIASES: &[(&str, &str)] = &[
    (
        "art/2024/3/8/art_1229_123.html",
        "records/11990100MB0000019L/2024-00001/index.html",
    ),
    (
        "xxgk/123.htm",
        "records/11990100MB0000019L/2024-00001/index.html",
    ),
    (
        "col/col1229/index.html",
        "records/11990100MB0000019L/2024-00001/index.html",
    ),
    (
        "xxgk/zcwj/4567/index.html",
        "records/11990100MB0000019L/2024-00001/index.html",
    ),
    (
        "art/2019/5/10/art_1229_98.html",
        "records/MB0000019/2019-00153/index.html",
    ),
    (
        "xxgk/cz/2020/0921001.shtml",
        "records/11990100MB0000027F-/2020-0921001/index.html",
    ),
    (
        "xxgk/xz/3740.htm",
        "records/xzfgzbmzfb/2021-3740/index.html",
    ),
    ("xxgk/gkzn/index.html", "guide/index.html"),
    ("xxgk/gkzn.html", "guide/index.html"),
];

fn build(site: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--quiet"];
    args.extend_from_slice(extra);
    gongkai(&args, site)
}

fn build_ok(site: &Path, extra: &[&str]) {
    let out = build(site, extra);
    assert_eq!(
        out.status.code(),
        Some(0),
        "build failed:\n{}",
        stderr(&out)
    );
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The start tags of `html`, each with its lower-case name and attributes (values decoded).
fn start_tags(html: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 {
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        rest = &rest[name_len..];
        let mut attrs = BTreeMap::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let key_len = rest
                .find(|c: char| c == '=' || c == '>' || c.is_whitespace())
                .unwrap_or(rest.len());
            let key = rest[..key_len].to_ascii_lowercase();
            rest = &rest[key_len..];
            let value = if let Some(after) = rest.strip_prefix('=') {
                let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
                match quote {
                    Some(q) => {
                        let end = after[1..].find(q).expect("closing quote") + 1;
                        rest = &after[end + 1..];
                        after[1..end].to_string()
                    }
                    None => {
                        let end = after
                            .find(|c: char| c == '>' || c.is_whitespace())
                            .unwrap_or(after.len());
                        rest = &after[end..];
                        after[..end].to_string()
                    }
                }
            } else {
                String::new()
            };
            attrs.insert(key, decode_entities(&value));
        }
        tags.push((name, attrs));
    }
    tags
}

/// The file a relative `href` on the page at `page` (relative to `public`) reaches.
fn resolve(public: &Path, page: &str, href: &str) -> PathBuf {
    assert!(!href.starts_with('/'), "{page}: `{href}` is root-absolute");
    assert!(!href.contains("://"), "{page}: `{href}` is absolute");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(parts.pop().is_some(), "{page}: `{href}` leaves the site");
            }
            s => parts.push(s),
        }
    }
    public.join(parts.join("/"))
}

/// What a redirect page says, checked for its form: doctype, noindex, no script.
struct RedirectPage {
    canonical: String,
    refresh: String,
    links: Vec<String>,
}

fn read_redirect(public: &Path, page: &str) -> RedirectPage {
    let html = std::fs::read_to_string(public.join(page))
        .unwrap_or_else(|_| panic!("no redirect page at {page}"));
    assert!(
        html.starts_with("<!doctype html>"),
        "{page} does not start with a doctype"
    );
    let tags = start_tags(&html);
    let names: Vec<&str> = tags.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&"script"), "{page} has a script");
    assert!(!html.contains(" on"), "{page} has an event handler");
    let attr = |tag: &str, key: &str, value: &str, want: &str| -> Vec<String> {
        tags.iter()
            .filter(|(n, a)| n == tag && a.get(key).map(String::as_str) == Some(value))
            .filter_map(|(_, a)| a.get(want).cloned())
            .collect()
    };
    assert_eq!(
        attr("meta", "name", "robots", "content"),
        vec!["noindex"],
        "{page}: robots"
    );
    let canonical = attr("link", "rel", "canonical", "href");
    assert_eq!(canonical.len(), 1, "{page}: one canonical link");
    let refresh = attr("meta", "http-equiv", "refresh", "content");
    assert_eq!(refresh.len(), 1, "{page}: one refresh");
    let refresh = refresh[0]
        .strip_prefix("0; url=")
        .unwrap_or_else(|| panic!("{page}: refresh `{}` is not immediate", refresh[0]))
        .to_string();
    let links = tags
        .iter()
        .filter(|(n, _)| n == "a")
        .filter_map(|(_, a)| a.get("href").cloned())
        .collect();
    RedirectPage {
        canonical: canonical[0].clone(),
        refresh,
        links,
    }
}

#[test]
fn legacy_numbers_of_every_pattern_build_and_every_alias_leads_to_its_page() {
    let site = fixture_site("legacy");
    // Built into a deep folder, as when county IT deploys under a sub-path; the pages must
    // work from file:// there too.
    let out_dir = site.path().join("www/xxgk/site");
    build_ok(site.path(), &["--out", out_dir.to_str().expect("utf-8")]);
    let public = std::path::absolute(&out_dir).expect("absolute");
    for record in [
        "records/MB0000019/2019-00153/index.html",
        "records/11990100MB0000027F/202110-00013/index.html",
        "records/shg58/2021-402/index.html",
        "records/QZ04117-222-2020-00008/index.html",
    ] {
        assert!(public.join(record).is_file(), "{record} was not built");
    }
    for (alias, target) in ALIASES {
        let page = read_redirect(&public, alias);
        let expected = std::fs::canonicalize(public.join(target)).expect("target exists");
        for href in [&page.canonical, &page.refresh]
            .into_iter()
            .chain(&page.links)
        {
            let reached = resolve(&public, alias, href);
            assert!(reached.is_file(), "{alias}: `{href}` reaches no file");
            assert_eq!(
                std::fs::canonicalize(&reached).expect("exists"),
                expected,
                "{alias}: `{href}` reaches the wrong page"
            );
        }
        assert_eq!(page.links.len(), 1, "{alias}: one visible link");
    }
}

#[test]
fn with_a_base_url_the_canonical_address_is_absolute() {
    let site = fixture_site("legacy");
    let out = build(
        site.path(),
        &["--base-url", "https://xxgk.example.gov.cn/xxgk/"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The fixture's old paths under /xxgk/ were written for a site at the server's root.
    assert!(
        stderr(&out).contains("content/records/social-assistance/2024-policy.md:12:3: warning: alias `/xxgk/123.htm` starts with the site's own folder /xxgk/: it is published at /xxgk/xxgk/123.htm"),
        "{}",
        stderr(&out)
    );
    let public = site.path().join("public");
    let page = read_redirect(&public, "art/2019/5/10/art_1229_98.html");
    let want = "https://xxgk.example.gov.cn/xxgk/records/MB0000019/2019-00153/";
    assert_eq!(page.canonical, want);
    assert_eq!(page.refresh, want);
    assert_eq!(page.links, vec![want.to_string()]);
    let redirects = std::fs::read_to_string(public.join("_redirects")).expect("_redirects");
    assert!(
        redirects.contains(
            "\n/xxgk/art/2019/5/10/art_1229_98.html /xxgk/records/MB0000019/2019-00153/ 301!\n"
        ),
        "{redirects}"
    );
}

const EXPECTED_REDIRECTS: &str = "\
# Old addresses of this site and where they moved, written by gongkai build.
# `!` makes the redirect win over the small redirect page at the old address.
/art/2019/5/10/art_1229_98.html /records/MB0000019/2019-00153/ 301!
/art/2024/3/8/art_1229_123.html /records/11990100MB0000019L/2024-00001/ 301!
/col/col1229/ /records/11990100MB0000019L/2024-00001/ 301!
/xxgk/123.htm /records/11990100MB0000019L/2024-00001/ 301!
/xxgk/cz/2020/0921001.shtml /records/11990100MB0000027F-/2020-0921001/ 301!
/xxgk/gkzn.html /guide/ 301!
/xxgk/gkzn/ /guide/ 301!
/xxgk/xz/3740.htm /records/xzfgzbmzfb/2021-3740/ 301!
/xxgk/zcwj/4567/ /records/11990100MB0000019L/2024-00001/ 301!
";

const EXPECTED_MAP: &str = r#"    "/art/2019/5/10/art_1229_98.html" "/records/MB0000019/2019-00153/";
    "/art/2024/3/8/art_1229_123.html" "/records/11990100MB0000019L/2024-00001/";
    "/col/col1229" "/records/11990100MB0000019L/2024-00001/";
    "/col/col1229/" "/records/11990100MB0000019L/2024-00001/";
    "/xxgk/123.htm" "/records/11990100MB0000019L/2024-00001/";
    "/xxgk/cz/2020/0921001.shtml" "/records/11990100MB0000027F-/2020-0921001/";
    "/xxgk/gkzn" "/guide/";
    "/xxgk/gkzn.html" "/guide/";
    "/xxgk/gkzn/" "/guide/";
    "/xxgk/xz/3740.htm" "/records/xzfgzbmzfb/2021-3740/";
    "/xxgk/zcwj/4567" "/records/11990100MB0000019L/2024-00001/";
    "/xxgk/zcwj/4567/" "/records/11990100MB0000019L/2024-00001/";
}
"#;

#[test]
fn the_redirect_lists_name_every_alias() {
    let site = fixture_site("legacy");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert_eq!(
        std::fs::read_to_string(public.join("_redirects")).expect("_redirects"),
        EXPECTED_REDIRECTS
    );
    let map = std::fs::read_to_string(public.join("_redirects.nginx.conf")).expect("map");
    let body = map
        .split_once("map $uri $gongkai_redirect {\n")
        .map(|(_, b)| b)
        .unwrap_or_else(|| panic!("no map block in\n{map}"));
    assert_eq!(body, EXPECTED_MAP);
    assert!(
        !map.contains("map_hash"),
        "short paths need no hash settings"
    );
}

/// The nginx executable, when installed (Debian puts it in /usr/sbin).
fn nginx() -> Option<PathBuf> {
    ["nginx", "/usr/sbin/nginx"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| {
            Command::new(p)
                .arg("-v")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn nginx_config(dir: &Path, public: &Path, port: u16) -> PathBuf {
    let conf = dir.join("nginx.conf");
    let text = format!(
        "pid {dir}/nginx.pid;\nerror_log {dir}/error.log;\ndaemon off;\nmaster_process off;\nevents {{}}\nhttp {{\n    access_log off;\n    client_body_temp_path {dir}/body;\n    include {public}/_redirects.nginx.conf;\n    server {{\n        listen 127.0.0.1:{port};\n        root {public};\n        if ($gongkai_redirect) {{ return 301 $gongkai_redirect; }}\n    }}\n}}\n",
        dir = dir.display(),
        public = public.display()
    );
    std::fs::write(&conf, text).expect("writing nginx.conf");
    conf
}

/// The status line and Location header nginx answers `path` with.
fn get(port: u16, path: &str) -> (String, Option<String>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let status = response.lines().next().unwrap_or("").to_string();
    let location = response
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .map(str::to_string);
    (status, location)
}

#[test]
fn nginx_accepts_the_map_and_redirects_old_addresses() {
    let Some(nginx) = nginx() else {
        assert!(
            !in_ci(),
            "nginx is required in CI (apt-get install nginx-light)"
        );
        eprintln!("skipping: nginx is not installed");
        return;
    };
    let site = fixture_site("legacy");
    // A very long old path needs a larger hash bucket than nginx's default.
    let record = site
        .path()
        .join("content/records/social-assistance/2019-notice.md");
    let text = std::fs::read_to_string(&record).expect("record").replace(
        "aliases: [",
        "aliases: [/art/2019/5/10/a_rather_long_path_from_the_old_content_management_system/art_1229_98_2019.html, ",
    );
    std::fs::write(&record, text).expect("record");
    build_ok(site.path(), &[]);
    let public = std::path::absolute(site.path().join("public")).expect("absolute");
    let map = std::fs::read_to_string(public.join("_redirects.nginx.conf")).expect("map");
    assert!(map.contains("map_hash_bucket_size 128;"), "{map}");

    let conf_dir = TempDir::new("nginx");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let conf = nginx_config(conf_dir.path(), &public, port);
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = vec![
            "-c".into(),
            conf.display().to_string(),
            "-p".into(),
            conf_dir.path().display().to_string(),
            "-e".into(),
            conf_dir.path().join("error.log").display().to_string(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let test = Command::new(&nginx)
        .args(args(&["-t"]))
        .output()
        .expect("nginx -t");
    assert!(
        test.status.success(),
        "nginx -t refused the map:\n{}\n{map}",
        stderr(&test)
    );

    // Serve the site and ask for old addresses. One process (master_process off), so that
    // stopping it leaves nothing running.
    let mut server = Command::new(&nginx)
        .args(args(&[]))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting nginx");
    let mut up = false;
    for _ in 0..50 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let answers: Vec<(String, Option<String>)> = if up {
        [
            "/art/2019/5/10/art_1229_98.html",
            "/xxgk/zcwj/4567",
            "/xxgk/gkzn/",
            "/guide/",
        ]
        .into_iter()
        .map(|p| get(port, p))
        .collect()
    } else {
        Vec::new()
    };
    server.kill().ok();
    server.wait().ok();
    assert!(up, "nginx did not start");
    assert!(answers[0].0.contains(" 301 "), "{:?}", answers[0]);
    for (answer, target) in answers.iter().zip([
        "/records/MB0000019/2019-00153/",
        "/records/11990100MB0000019L/2024-00001/",
        "/guide/",
    ]) {
        assert!(
            answer.1.as_deref().is_some_and(|l| l.ends_with(target)),
            "{answer:?}"
        );
    }
    assert!(answers[3].0.contains(" 200 "), "{:?}", answers[3]);
}

#[test]
fn a_removed_alias_loses_its_redirect_page() {
    let site = fixture_site("legacy");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert!(public.join("xxgk/xz/3740.htm").is_file());
    let manifest = std::fs::read_to_string(public.join(".gongkai-manifest")).expect("manifest");
    assert!(manifest.lines().any(|l| l == "xxgk/xz/3740.htm"));
    let record = site
        .path()
        .join("content/records/social-assistance/2021-review-a.md");
    let text = std::fs::read_to_string(&record)
        .expect("record")
        .replace("aliases: [/xxgk/xz/3740.htm]\n", "");
    std::fs::write(&record, text).expect("record");
    build_ok(site.path(), &[]);
    assert!(!public.join("xxgk/xz/3740.htm").exists());
    assert!(
        !public.join("xxgk/xz").exists(),
        "the empty folder is removed"
    );
    let redirects = std::fs::read_to_string(public.join("_redirects")).expect("_redirects");
    assert!(!redirects.contains("3740.htm"));
}

/// Runs gongkai with its clock set to `day` (YYYY-MM-DD, noon in China).
fn gongkai_on(day: &str, args: &[&str], cwd: &Path) -> std::process::Output {
    let (y, m, d) = (
        day[..4].parse::<i64>().expect("year"),
        day[5..7].parse::<i64>().expect("month"),
        day[8..].parse::<i64>().expect("day"),
    );
    // Days since 1970-01-01 by the civil-calendar formula.
    let (y2, m2) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    let days = 365 * y2 + y2 / 4 - y2 / 100 + y2 / 400 + (153 * (m2 - 3) + 2) / 5 + d - 719_469;
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(cwd)
        .env("GONGKAI_LANG", "en")
        .env("SOURCE_DATE_EPOCH", (days * 86_400 + 4 * 3600).to_string())
        .output()
        .expect("running gongkai")
}

#[test]
fn new_takes_the_next_serial_of_the_first_pattern_only() {
    let site = fixture_site("legacy");
    let out = gongkai_on(
        "2024-06-03",
        &[
            "new",
            "budget/dept-budget",
            "--title",
            "测试县财政局2024年预算调整",
            "--publisher",
            "cz",
        ],
        site.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = site.path().join(stdout(&out).trim());
    let text = std::fs::read_to_string(&path).expect("new record");
    assert!(
        text.contains("\nindex_no: 11990100MB0000027F/2024-00004\n"),
        "{text}"
    );
    // The old numbers of mz (2008 form, 2019) do not count towards its 2024 series.
    let out = gongkai_on(
        "2024-06-03",
        &[
            "new",
            "social-assistance/dibao-policy",
            "--title",
            "测试县低保标准调整",
            "--publisher",
            "mz",
        ],
        site.path(),
    );
    let text = std::fs::read_to_string(site.path().join(stdout(&out).trim())).expect("new");
    assert!(
        text.contains("\nindex_no: 11990100MB0000019L/2024-00002\n"),
        "{text}"
    );
    build_ok(site.path(), &[]);
}

#[test]
fn renumber_changes_only_the_number_of_an_unpublished_record() {
    let site = fixture_site("legacy");
    // A second office, on its own branch, took the same next number for a record due later.
    let copy = site.path().join("content/records/budget/2024-budget-b.md");
    let original = "---\r\n# 另一科室\r\nindex_no:   11990100MB0000027F/2024-00003   # 待发布\r\ntitle: 测试县财政局2024年预算执行情况\r\nitem: budget/dept-budget\r\npublisher: cz\r\nformed: 2024-05-20\r\npublished: 2024-07-01\r\n---\r\n正文不变。\r\n";
    std::fs::write(&copy, original).expect("write");
    let dup = build(site.path(), &[]);
    assert_eq!(dup.status.code(), Some(1));
    let err = stderr(&dup);
    assert!(
        err.contains("content/records/budget/2024-budget-b.md:3:1: error: 索引号 `11990100MB0000027F/2024-00003` is also used by content/records/budget/2024-budget.md\n    help: every record needs its own 索引号, and a published one never changes: if this record was never published, give it the next free number with `gongkai renumber content/records/budget/2024-budget-b.md`"),
        "{err}"
    );
    assert!(
        err.contains("content/records/budget/2024-budget.md:2:1: error: 索引号 `11990100MB0000027F/2024-00003` is also used by content/records/budget/2024-budget-b.md"),
        "{err}"
    );

    // The published one is refused, and nothing changes.
    let before =
        std::fs::read(site.path().join("content/records/budget/2024-budget.md")).expect("read");
    let refused = gongkai_on(
        "2024-06-03",
        &[
            "renumber",
            "content/records/budget/2024-budget.md",
            "content/records/budget/2024-budget-b.md",
        ],
        site.path(),
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        stderr(&refused),
        "content/records/budget/2024-budget.md:2:1: error: 索引号 `11990100MB0000027F/2024-00003` was published on 2024-02-20, and a published 索引号 never changes\n    help: renumber the other record with this number instead, if it was never published; only drafts and records without `published`, or dated after today, can be renumbered\nnothing was renumbered\n"
    );
    assert_eq!(
        std::fs::read(site.path().join("content/records/budget/2024-budget.md")).expect("read"),
        before
    );
    assert_eq!(std::fs::read_to_string(&copy).expect("read"), original);

    // The one due in July gets the next free number; only that line changes.
    let out = gongkai_on(
        "2024-06-03",
        &["renumber", "content/records/budget/2024-budget-b.md"],
        site.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "content/records/budget/2024-budget-b.md: 11990100MB0000027F/2024-00003 → 11990100MB0000027F/2024-00004\n"
    );
    assert_eq!(
        std::fs::read_to_string(&copy).expect("read"),
        original.replace(
            "index_no:   11990100MB0000027F/2024-00003   # 待发布",
            "index_no:   11990100MB0000027F/2024-00004   # 待发布"
        )
    );
    build_ok(site.path(), &[]);
    assert!(
        site.path()
            .join("public/records/11990100MB0000027F/2024-00004/index.html")
            .is_file()
    );
}

#[test]
fn a_record_without_a_published_date_keeps_its_number_from_new_and_can_be_renumbered() {
    let site = fixture_site("legacy");
    let undated = site.path().join("content/records/budget/2024-draft.md");
    std::fs::write(
        &undated,
        "---\nindex_no: 11990100MB0000027F/2024-00004\ntitle: 测试县财政局2024年预算草案\nitem: budget/dept-budget\npublisher: cz\nformed: 2024-05-20\n---\n草稿。\n",
    )
    .expect("write");
    let out = gongkai_on(
        "2024-06-03",
        &[
            "new",
            "budget/dept-budget",
            "--title",
            "测试县财政局2024年预算调整",
            "--publisher",
            "cz",
        ],
        site.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.path().join(stdout(&out).trim())).expect("new");
    assert!(
        text.contains("\nindex_no: 11990100MB0000027F/2024-00005\n"),
        "{text}"
    );
    let out = gongkai_on(
        "2024-06-03",
        &["renumber", "content/records/budget/2024-draft.md"],
        site.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&undated)
            .expect("read")
            .starts_with("---\nindex_no: 11990100MB0000027F/2024-00006\ntitle:"),
    );
}
