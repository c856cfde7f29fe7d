//! The demo site under exactly the Content-Security-Policy and X-Content-Type-Options headers
//! the README's deployment notes give: built into a temporary folder, served by a small static
//! server in this test on 127.0.0.1, and loaded in headless Chromium (tests/browser/csp.mjs).
//! Every page type is opened and its large-text toggle used; a search is run from the header's
//! box, filtered and re-sorted. No CSP violation may be reported, no script may fail, the
//! search must load term shards and find records. Without node, playwright-core or Chromium
//! the test says so and passes, except in CI (`CI` set), where it fails.

mod common;

use common::{TempDir, gongkai, stderr};
use gongkai::http;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The value of `add_header NAME "VALUE"` (or `add_header NAME VALUE`) in the README's nginx
/// example: the test sends exactly what the README tells deployers to send.
fn readme_header(readme: &str, name: &str) -> String {
    let prefix = format!("add_header {name} ");
    let line = readme
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("README.md has no `{prefix}…` line"));
    let rest = &line[prefix.len()..];
    let value = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next().unwrap_or(""),
        None => rest.split_whitespace().next().unwrap_or(""),
    };
    assert!(!value.is_empty(), "empty {name} in README.md");
    value.to_string()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// A static file server for `root` with the given headers on every response, like nginx with
/// the README's configuration: a folder serves its index.html, unknown paths get 404.html with
/// status 404. Stopped by `stop`.
struct StaticServer {
    stopper: http::Stopper,
    thread: Option<std::thread::JoinHandle<()>>,
    origin: String,
}

impl StaticServer {
    fn start(root: PathBuf, headers: Vec<(String, String)>) -> StaticServer {
        let server = http::Server::bind("127.0.0.1:0").expect("a free port");
        let port = server.local_addr().expect("an address").port();
        let stopper = server.stopper().expect("a stopper");
        let thread = std::thread::spawn(move || {
            server.run(move |request| {
                let (status, file) = resolve(&root, &request.target);
                let bytes = std::fs::read(&file).unwrap_or_default();
                let mut response = http::Response::new(status, content_type(&file), bytes);
                for (name, value) in &headers {
                    response = response.header(name, value);
                }
                http::Reply::Whole(response)
            });
        });
        StaticServer {
            stopper,
            thread: Some(thread),
            origin: format!("http://127.0.0.1:{port}"),
        }
    }

    fn stop(&mut self) {
        self.stopper.stop();
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the server thread ends");
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The file a request path names, or 404.html.
fn resolve(root: &Path, url: &str) -> (u16, PathBuf) {
    let not_found = (404, root.join("404.html"));
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(rel) = gongkai::serve::site_path(path) else {
        return not_found;
    };
    let mut file = root.join(&rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    if file.is_file() {
        (200, file)
    } else {
        not_found
    }
}

/// The first page (in name order) exactly `depth` folders below `public/<under>/`, not
/// counting list pages (`page/N/`).
fn first_page(public: &Path, under: &str, depth: usize) -> String {
    let page = walkdir::WalkDir::new(public.join(under))
        .min_depth(depth + 1)
        .max_depth(depth + 1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name() == "index.html" && !e.path().components().any(|c| c.as_os_str() == "page")
        })
        .unwrap_or_else(|| panic!("no page {depth} levels below {under}/"));
    let rel = page.path().strip_prefix(public).expect("inside");
    rel.to_string_lossy().replace('\\', "/")
}

#[test]
fn the_demo_site_runs_under_the_readme_csp_in_chromium() {
    if !common::browser_tools_available("CSP browser test") {
        return;
    }

    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let csp = readme_header(&readme, "Content-Security-Policy");
    let nosniff = readme_header(&readme, "X-Content-Type-Options");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(nosniff, "nosniff");

    let dir = TempDir::new("csp-demo");
    let public = dir.path().join("public");
    let mut server = StaticServer::start(
        public.clone(),
        vec![
            ("Content-Security-Policy".into(), csp.clone()),
            ("X-Content-Type-Options".into(), nosniff),
        ],
    );
    // Built for its address, as the README says a deployed site should be: the 404 page,
    // served for any missing path however deep, then links its stylesheet and script by
    // absolute URL. (Without base_url they are relative to the site root, and under nosniff a
    // deep missing path would get the 404 page in place of them.)
    let out_arg = public.to_string_lossy().into_owned();
    let root_arg = repo().to_string_lossy().into_owned();
    let base_url = format!("{}/", server.origin);
    let built = gongkai(
        &[
            "build",
            "--quiet",
            "--root",
            &root_arg,
            "--out",
            &out_arg,
            "--base-url",
            &base_url,
        ],
        repo(),
    );
    assert!(built.status.success(), "{}", stderr(&built));

    let pages = vec![
        "index.html".to_string(),
        "catalog/index.html".to_string(),
        first_page(&public, "areas", 1),
        first_page(&public, "areas", 2),
        first_page(&public, "records", 2),
        "publishers/index.html".to_string(),
        first_page(&public, "publishers", 1),
        first_page(&public, "reports", 2),
        "guide/index.html".to_string(),
        "apply/index.html".to_string(),
        "data/index.html".to_string(),
        "search/index.html".to_string(),
        "no/such/page/".to_string(),
    ];
    let out = Command::new("node")
        .arg(repo().join("tests/browser/csp.mjs"))
        .arg(&server.origin)
        .arg("低保")
        .args(&pages)
        .current_dir(repo())
        .output()
        .expect("running node");
    server.stop();
    assert!(
        out.status.success(),
        "the browser script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let ctx = format!("{report:#}");
    assert_eq!(report["violations"], serde_json::json!([]), "{ctx}");
    assert_eq!(report["errors"], serde_json::json!([]), "{ctx}");
    let loaded = report["pages"].as_array().expect("pages");
    assert_eq!(loaded.len(), pages.len(), "{ctx}");
    for p in loaded {
        let expected_status = if p["path"] == "no/such/page/" {
            404
        } else {
            200
        };
        assert_eq!(p["status"], expected_status, "{ctx}");
        assert_eq!(p["csp"].as_str(), Some(csp.as_str()), "{ctx}");
        assert_eq!(p["toggled"], true, "the large-text toggle works: {ctx}");
    }
    assert!(report["results"].as_u64() > Some(0), "{ctx}");
    assert!(report["filtered"].as_u64() > Some(0), "{ctx}");
    assert!(report["sorted"].as_u64() > Some(0), "{ctx}");
    assert!(report["shardRequests"].as_u64() > Some(0), "{ctx}");
}

#[test]
fn readme_headers_are_read_as_nginx_writes_them() {
    let text = "    add_header Content-Security-Policy \"default-src 'self'; object-src 'none'\" always;\n    add_header X-Content-Type-Options nosniff always;\n";
    assert_eq!(
        readme_header(text, "Content-Security-Policy"),
        "default-src 'self'; object-src 'none'"
    );
    assert_eq!(readme_header(text, "X-Content-Type-Options"), "nosniff");
}
