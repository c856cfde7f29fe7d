//! `gongkai serve` over HTTP: edits, write-and-rename saves, new, renamed and deleted records,
//! errors shown and cleared, path escapes refused, and no stale page after a series of edits.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `gongkai serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(site: &Path, extra: &[&str]) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .args(extra)
            .env("GONGKAI_LANG", "en")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting gongkai serve");
        // Owned by a Server from here on, so that Drop stops it even if start-up fails.
        let mut server = Server {
            child,
            addr: String::new(),
        };
        let stdout = server.child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve printed its address");
            if let Some(rest) = line.split("at http://").nth(1) {
                server.addr = rest.split('/').next().expect("address").to_string();
                // Keep draining stdout so the server never blocks on a full pipe.
                std::thread::spawn(move || while rx.recv().is_ok() {});
                return server;
            }
        }
    }

    /// (status, content type, body) of a raw GET of `path`, sent exactly as given.
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n", self.addr).expect("request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("response");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or("")
            .to_string();
        (status, content_type, raw[split + 4..].to_vec())
    }

    fn text(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.get(path);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        write!(
            stream,
            "GET /__gongkai/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .expect("request");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        assert!(
            events.wait_for(": connected", Duration::from_secs(10)),
            "the event stream opens"
        );
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn wait_for(&mut self, wanted: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut line = String::new();
        while Instant::now() < deadline {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => return false,
                Ok(_) if line.trim_end() == wanted => return true,
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return false,
            }
        }
        false
    }

    fn reload(&mut self) {
        assert!(
            self.wait_for("event: reload", Duration::from_secs(20)),
            "no reload event"
        );
    }
}

const BUDGET: &str = "content/records/budget/2024-budget.md";
const BUDGET_URL: &str = "/records/11990100MB0000027F/2024-00003/";

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path)
        .expect("read")
        .replace(from, to);
    std::fs::write(&path, text).expect("write");
}

#[test]
fn edits_saves_renames_deletes_and_errors_reach_the_browser() {
    let site = fixture_site("basic");
    let server = Server::start(site.path(), &[]);
    let (status, home) = server.text("/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__gongkai/reload.js\" defer></script></head>"));
    let mut events = server.events();
    // The preview refreshed the editors' schemas in the site folder.
    let schema = std::fs::read_to_string(site.path().join(".gongkai/record.schema.json"))
        .expect("serve wrote the record schema");
    assert!(schema.contains("\"budget/dept-budget\""));

    // An in-place edit.
    edit(
        site.path(),
        BUDGET,
        "title: 测试县财政局2024年部门预算公开",
        "title: 测试县财政局2024年部门预算（修订）",
    );
    events.reload();
    assert!(
        server
            .text(BUDGET_URL)
            .1
            .contains("<h1>测试县财政局2024年部门预算（修订）</h1>")
    );

    // Save by writing a temporary file and renaming it over the original.
    let text = std::fs::read_to_string(site.path().join(BUDGET))
        .expect("read")
        .replace("（修订）", "（第二次修订）");
    std::fs::write(
        site.path()
            .join("content/records/budget/2024-budget.md.tmp"),
        text,
    )
    .expect("write");
    std::fs::rename(
        site.path()
            .join("content/records/budget/2024-budget.md.tmp"),
        site.path().join(BUDGET),
    )
    .expect("rename");
    events.reload();
    assert!(server.text(BUDGET_URL).1.contains("（第二次修订）"));

    // A new record in a new folder.
    std::fs::create_dir_all(site.path().join("content/records/new-area")).expect("mkdir");
    std::fs::write(
        site.path().join("content/records/new-area/2024-more.md"),
        "---\nindex_no: 11990100MB0000027F/2024-00004\ntitle: 新增的预算说明\nitem: budget/dept-budget\npublisher: cz\nformed: 2024-03-01\npublished: 2024-03-05\n---\n正文\n",
    )
    .expect("write");
    events.reload();
    assert_eq!(
        server.text("/records/11990100MB0000027F/2024-00004/").0,
        200
    );

    // A renamed file keeps its URL; a deleted one is gone, with the site's 404 page.
    std::fs::rename(
        site.path().join("content/records/new-area/2024-more.md"),
        site.path().join("content/records/budget/2024-more.md"),
    )
    .expect("rename");
    events.reload();
    assert_eq!(
        server.text("/records/11990100MB0000027F/2024-00004/").0,
        200
    );
    std::fs::remove_file(site.path().join("content/records/budget/2024-more.md")).expect("delete");
    events.reload();
    let (status, page) = server.text("/records/11990100MB0000027F/2024-00004/");
    assert_eq!(status, 404);
    assert!(page.contains("页面未找到"), "the site's own 404 page");

    // A mistake: the last good site stays, with every problem on every page; fixing it clears them.
    edit(site.path(), BUDGET, "publisher: cz", "publisher: caizheng");
    events.reload();
    let (status, page) = server.text(BUDGET_URL);
    assert_eq!(status, 200);
    assert!(
        page.contains("<div id=\"gongkai-overlay\" role=\"alert\">"),
        "overlay shown"
    );
    assert!(
        page.contains(
            "content/records/budget/2024-budget.md:5:1: error: unknown publisher `caizheng`"
        ),
        "{page}"
    );
    assert!(
        page.contains("（第二次修订）"),
        "the last good page is still served"
    );
    edit(site.path(), BUDGET, "publisher: caizheng", "publisher: cz");
    events.reload();
    assert!(!server.text(BUDGET_URL).1.contains("gongkai-overlay"));
}

#[test]
fn requests_cannot_leave_the_site_and_get_correct_types() {
    let site = fixture_site("basic");
    std::fs::write(site.path().join("secret.txt"), "not for the web").expect("write");
    let server = Server::start(site.path(), &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
    ] {
        let (status, body) = server.text(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("not for the web"), "{path} leaked a file");
    }
    let (status, content_type, _) = server.get("/static/style.css");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    let (_, content_type, _) = server.get("/");
    assert_eq!(content_type, "text/html; charset=utf-8");
    let (status, _, _) = server.get("/records/11990100MB0000027F/2024-00003");
    assert_eq!(status, 301, "a folder without its slash is redirected");
}

/// Removes what serve adds to HTML, so served pages compare with built ones.
fn without_injection(body: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(body)
        .replace("<script src=\"/__gongkai/reload.js\" defer></script>", "")
        .into_bytes()
}

#[test]
fn after_a_series_of_changes_no_page_is_stale() {
    let site = fixture_site("basic");
    let server = Server::start(site.path(), &["--poll"]);
    let mut events = server.events();
    edit(
        site.path(),
        BUDGET,
        "2024年部门预算收入",
        "2024年部门预算总收入",
    );
    events.reload();
    edit(
        site.path(),
        "content/records/social-assistance/2024-policy.md",
        "title: 测试县最低生活保障审核确认办法",
        "title: 测试县最低生活保障审核确认办法（2024年修订）",
    );
    std::fs::rename(
        site.path()
            .join("content/records/social-assistance/2021-policy-old.md"),
        site.path()
            .join("content/records/social-assistance/2021-old.md"),
    )
    .expect("rename");
    edit(
        site.path(),
        "content/records/social-assistance/2024-policy.md",
        "本细则",
        "本细则",
    );
    events.reload();
    std::fs::remove_file(
        site.path()
            .join("content/records/social-assistance/2024q3-review.md"),
    )
    .expect("delete");
    std::fs::remove_file(
        site.path()
            .join("content/records/social-assistance/roster-2024q3.csv"),
    )
    .expect("delete");
    events.reload();
    // Let a possible second batch of the last changes settle.
    std::thread::sleep(Duration::from_millis(800));

    let clean = TempDir::new("serve-clean");
    let out = gongkai(
        &[
            "build",
            "--quiet",
            "--out",
            clean.path().to_str().expect("utf-8"),
        ],
        site.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = read_tree(clean.path());
    assert!(expected.len() > 30);
    for (path, bytes) in &expected {
        if path == ".gongkai-manifest" || path == ".gongkai-state.json" {
            continue;
        }
        let (status, _, body) = server.get(&format!("/{}", path.replace("index.html", "")));
        assert_eq!(status, 200, "{path} is not served");
        let body = if path.ends_with(".html") {
            without_injection(&body)
        } else {
            body
        };
        assert!(&body == bytes, "{path} differs from a clean build");
    }
    assert_eq!(
        server.get("/records/11990100MB0000035A/2024-00007/").0,
        404,
        "the deleted record is gone"
    );
}
