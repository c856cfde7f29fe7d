//! `gongkai serve`: live preview. The site is built into memory and served over HTTP on
//! loopback; every save rebuilds it, and open pages reload themselves once the new site is
//! complete. A failed rebuild keeps the last good site and shows every diagnostic on every
//! page, injected by the server so it appears before any script runs.
//!
//! Rebuilds are full builds into memory (the pipeline is fast, and partial rebuilds go stale);
//! the changes that trigger them come from `watch`.

use crate::build::{BuildOptions, Built, Cache, build_cached, build_in_memory};
use crate::diag::{Diagnostic, count};
use crate::http::{self, Reply, Request, Response};
use crate::render::Content;
use crate::t;
use crate::term;
use crate::tn;
use crate::watch::{Change, Watcher};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Paths under this prefix belong to the preview server, not the site.
const SERVER_PREFIX: &str = "/__gongkai/";
// not a message: a script
const RELOAD_JS: &str = "(function () {\n  var source = new EventSource('/__gongkai/events');\n  source.addEventListener('reload', function () { window.location.reload(); });\n})();\n";
/// How long the editor must pause before the search index and open data are rebuilt.
const DEFERRED_PAUSE: Duration = Duration::from_secs(2);
const OVERLAY_CSS: &str = "#gongkai-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#fff;color:#111;padding:1.5rem;font:16px/1.6 system-ui,sans-serif}#gongkai-overlay h2{color:#a40000;margin-top:0}#gongkai-overlay pre{white-space:pre-wrap;background:#f6f6f6;border-left:4px solid #a40000;padding:.75rem}\n";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub poll: bool,
    pub drafts: bool,
}

/// What the server serves: the last good site, and the problems of the newest build.
struct Snapshot {
    /// Pages in memory; attachments as the paths they are read from when asked for.
    files: Arc<HashMap<String, Content>>,
    /// Diagnostics of the newest build when it failed; empty when it succeeded.
    errors: Vec<Diagnostic>,
    generation: u64,
    /// True while the search index and open-data files are those of an older build.
    deferred_stale: bool,
    built_at: Instant,
}

struct Shared {
    /// Options of the quick rebuild after each change (search index deferred).
    build_opts: BuildOptions,
    /// One search-index refresh at a time.
    refreshing: Mutex<()>,
    snapshot: Mutex<Arc<Snapshot>>,
    changed: Condvar,
}

/// Locks a mutex; a thread that panicked while holding it left data that is still whole
/// (every write replaces a value at once), so the lock is taken anyway.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&lock(&self.snapshot))
    }

    fn replace(&self, next: Snapshot) {
        let mut guard = lock(&self.snapshot);
        *guard = Arc::new(next);
        self.changed.notify_all();
    }
}

/// Moves a built site's files into a snapshot's map.
fn to_memory(built: &mut Built) -> HashMap<String, Content> {
    std::mem::take(&mut built.files)
        .into_iter()
        .map(|f| (f.path, f.content))
        .collect()
}

/// The bytes of a served file; attachments are read from the site when asked for.
fn file_bytes(content: &Content) -> Option<Arc<Vec<u8>>> {
    match content {
        Content::Bytes(b) => Some(Arc::clone(b)),
        Content::Copy(path) => std::fs::read(path).ok().map(Arc::new),
        // `serve` builds in memory and never stages.
        Content::Staged => None,
    }
}

/// Files a quick rebuild leaves out: the search index (everything under `search/` but the
/// search page itself) and the open data with its page (`data/`).
fn is_deferred(path: &str) -> bool {
    (path.starts_with("search/") && path != "search/index.html")
        || path.starts_with(crate::opendata::DATA_DIR)
}

/// Builds once and turns the result into the next snapshot, keeping `previous` files when
/// the build failed. When `opts` defers the search index, the previous index files are kept
/// until the index is refreshed.
fn rebuild(
    opts: &BuildOptions,
    previous: &Snapshot,
    cache: &mut Cache,
) -> anyhow::Result<(Snapshot, Built)> {
    let mut built = build_cached(opts, cache)?;
    let generation = previous.generation + 1;
    let snapshot = if built.has_errors() {
        Snapshot {
            files: Arc::clone(&previous.files),
            errors: built.diagnostics.clone(),
            generation,
            deferred_stale: previous.deferred_stale,
            built_at: Instant::now(),
        }
    } else {
        let mut files = to_memory(&mut built);
        if opts.defer_search_and_data {
            for (path, content) in previous.files.iter().filter(|(p, _)| is_deferred(p)) {
                files.entry(path.clone()).or_insert_with(|| content.clone());
            }
        }
        Snapshot {
            files: Arc::new(files),
            errors: Vec::new(),
            generation,
            deferred_stale: opts.defer_search_and_data,
            built_at: Instant::now(),
        }
    };
    Ok((snapshot, built))
}

/// Rebuilds the search index and the open data when they are stale, keeping the pages: after
/// the editor pauses, or at once when one of their files is asked for. A newer change in the
/// meantime wins.
fn refresh_deferred(shared: &Shared) {
    let _one_at_a_time = lock(&shared.refreshing);
    let current = shared.current();
    if !current.deferred_stale || !current.errors.is_empty() {
        return;
    }
    let full = BuildOptions {
        defer_search_and_data: false,
        ..shared.build_opts.clone()
    };
    let Ok(mut built) = build_in_memory(&full) else {
        return;
    };
    if built.has_errors() {
        return;
    }
    let files = Arc::new(to_memory(&mut built));
    let mut guard = lock(&shared.snapshot);
    if guard.generation == current.generation {
        *guard = Arc::new(Snapshot {
            files,
            errors: Vec::new(),
            generation: current.generation,
            deferred_stale: false,
            built_at: current.built_at,
        });
    }
}

pub fn serve(opts: &ServeOptions) -> anyhow::Result<()> {
    // Watch before the first build, so that no save after it can be missed.
    let mut watcher = Watcher::start(&opts.root, opts.poll)?;
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        include_drafts: opts.drafts,
        defer_search_and_data: true,
        ..BuildOptions::default()
    };
    let start = Instant::now();
    let empty = Snapshot {
        files: Arc::new(HashMap::new()),
        errors: Vec::new(),
        generation: 0,
        deferred_stale: false,
        built_at: start,
    };
    // The first build includes the index, so search works from the start.
    let mut cache = Cache::default();
    let (first, built) = rebuild(
        &BuildOptions {
            defer_search_and_data: false,
            ..build_opts.clone()
        },
        &empty,
        &mut cache,
    )?;
    report(&built, start.elapsed(), None, &[], &cache);
    let shared = Arc::new(Shared {
        build_opts: build_opts.clone(),
        refreshing: Mutex::new(()),
        snapshot: Mutex::new(Arc::new(first)),
        changed: Condvar::new(),
    });
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(250));
                let s = shared.current();
                if s.deferred_stale && s.built_at.elapsed() >= DEFERRED_PAUSE {
                    refresh_deferred(&shared);
                }
            }
        });
    }

    let server = http::Server::bind((opts.bind.as_str(), opts.port)).map_err(|e| {
        anyhow::anyhow!(t!(
            "cannot listen on {bind}:{port}: {e}",
            bind = opts.bind,
            port = opts.port,
            e
        ))
    })?;
    let addr = server
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| format!("{}:{}", opts.bind, opts.port));
    term::println(&t!(
        "serving {root} at http://{addr}/ (Ctrl-C to stop)",
        root = opts.root.display(),
        addr
    ));

    {
        let shared = Arc::clone(&shared);
        let mut last_diagnostics = built.diagnostics;
        std::thread::spawn(move || {
            while let Some(changes) = watcher.next_batch() {
                let started = Instant::now();
                for change in &changes {
                    cache.forget(&change.path);
                }
                let previous = shared.current();
                match rebuild(&build_opts, &previous, &mut cache) {
                    Ok((next, built)) => {
                        report(
                            &built,
                            started.elapsed(),
                            Some(&changes),
                            &last_diagnostics,
                            &cache,
                        );
                        shared.replace(next);
                        last_diagnostics = built.diagnostics;
                    }
                    Err(e) => term::eprintln(&format!(
                        "{}: {}",
                        t!("error"),
                        t!("rebuild failed: {e}", e = format!("{e:#}"))
                    )),
                }
            }
        });
    }

    server.run(move |request| handle(request, &shared));
    Ok(())
}

/// One line per rebuild; diagnostics once, when they differ from the last build's.
fn report(
    built: &Built,
    took: Duration,
    changes: Option<&[Change]>,
    last: &[Diagnostic],
    cache: &Cache,
) {
    let what = match changes {
        None => t!("built"),
        Some(changes) => {
            t!(
                "rebuilt after {names}",
                names = crate::term::short_list(changes, 3)
            )
        }
    };
    if built.diagnostics != last {
        term::print_diagnostics(&built.diagnostics);
    }
    let (errors, warnings) = count(&built.diagnostics);
    let ms = took.as_millis();
    if errors > 0 {
        term::println(&t!(
            "{what}: {errors} and {warnings}; still serving the last good site ({ms} ms)",
            what,
            errors = tn!("{n} error|{n} errors", errors),
            warnings = tn!("{n} warning|{n} warnings", warnings),
            ms
        ));
    } else {
        let (rendered, reused) = cache.pages_rendered();
        let filled = if changes.is_some() {
            t!(
                ", {rendered} of {reused} pages changed",
                rendered,
                reused = rendered + reused
            )
        } else {
            String::new()
        };
        term::println(&t!(
            "{what}: {records} and {pages} in {ms} ms{filled}",
            what,
            records = tn!("{n} record|{n} records", built.records),
            pages = tn!("{n} page|{n} pages", built.pages),
            ms,
            filled
        ));
    }
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "jsonld" => "application/ld+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// The site path a request URL names, or `None` when it tries to leave the site.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::urls::percent_decode(path);
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded[1..].split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if decoded.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The overlay that lists a failed build's diagnostics.
fn overlay(errors: &[Diagnostic]) -> String {
    let (e, w) = count(errors);
    let mut html = String::from("<div id=\"gongkai-overlay\" role=\"alert\"><h2>");
    html.push_str(&crate::text::escape_html(&t!(
        "The last change has {errors} and {warnings}; this is the last good version of the site.",
        errors = tn!("{n} error|{n} errors", e),
        warnings = tn!("{n} warning|{n} warnings", w)
    )));
    html.push_str("</h2><pre>");
    for d in errors {
        html.push_str(&crate::text::escape_html(&d.to_string()));
        html.push('\n');
    }
    html.push_str("</pre></div>");
    html
}

/// Adds the reload script and, after a failed build, the overlay to an HTML page.
fn inject(page: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut head = format!("<script src=\"{SERVER_PREFIX}reload.js\" defer></script>");
    if !errors.is_empty() {
        head.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{SERVER_PREFIX}overlay.css\">"
        ));
    }
    let mut out = match text.find("</head>") {
        Some(i) => format!("{}{head}{}", &text[..i], &text[i..]),
        None => format!("{head}{text}"),
    };
    if !errors.is_empty() {
        let body_end = out
            .find("<body")
            .and_then(|i| out[i..].find('>').map(|j| i + j + 1));
        let at = body_end.unwrap_or(0);
        out.insert_str(at, &overlay(errors));
    }
    out.into_bytes()
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Reply::Whole(
        Response::new(status, content_type, body)
            .header("Cache-Control", "no-store")
            .header("X-Content-Type-Options", "nosniff"),
    )
}

fn handle(request: &Request, shared: &Arc<Shared>) -> Reply {
    let url = request.target.as_str();
    if request.method != "GET" && request.method != "HEAD" {
        return respond(
            405,
            "text/plain; charset=utf-8",
            format!("{}\n", t!("only GET and HEAD are served")).into_bytes(),
        );
    }
    match url.split('?').next().unwrap_or("") {
        "/__gongkai/events" => return events(Arc::clone(shared)),
        "/__gongkai/reload.js" => {
            return respond(
                200,
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes().to_vec(),
            );
        }
        "/__gongkai/overlay.css" => {
            return respond(
                200,
                "text/css; charset=utf-8",
                OVERLAY_CSS.as_bytes().to_vec(),
            );
        }
        _ => {}
    }
    let Some(path) = site_path(url) else {
        return respond(
            400,
            "text/plain; charset=utf-8",
            format!("{}\n", t!("this path leaves the site")).into_bytes(),
        );
    };
    let mut snapshot = shared.current();
    if is_deferred(&path) && snapshot.deferred_stale {
        refresh_deferred(shared);
        snapshot = shared.current();
    }
    let file_path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = snapshot.files.get(&file_path).and_then(file_bytes) {
        let ct = content_type(&file_path);
        let body = if ct.starts_with("text/html") {
            inject(&bytes, &snapshot.errors)
        } else {
            bytes.to_vec()
        };
        return respond(200, ct, body);
    }
    if snapshot.files.contains_key(&format!("{path}/index.html")) {
        let location = format!("/{path}/");
        return Reply::Whole(
            Response::new(301, "text/plain; charset=utf-8", Vec::new())
                .header("Location", &location),
        );
    }
    let body = match snapshot.files.get("404.html").and_then(file_bytes) {
        Some(page) => inject(&page, &snapshot.errors),
        None => inject(b"<!DOCTYPE html><html><head><title>404</title></head><body><p>Not found</p></body></html>", &snapshot.errors),
    };
    respond(404, "text/html; charset=utf-8", body)
}

/// Server-sent events: one `reload` event each time a new build is in place.
fn events(shared: Arc<Shared>) -> Reply {
    let headers = vec![
        ("Content-Type".to_string(), "text/event-stream".to_string()),
        ("Cache-Control".to_string(), "no-store".to_string()),
    ];
    Reply::Stream(
        headers,
        Box::new(move |writer: &mut dyn Write| {
            if writer
                .write_all(b": connected\n\n")
                .and_then(|()| writer.flush())
                .is_err()
            {
                return;
            }
            let mut seen = shared.current().generation;
            loop {
                let guard = lock(&shared.snapshot);
                let (guard, _) =
                    match shared
                        .changed
                        .wait_timeout_while(guard, Duration::from_secs(15), |s| {
                            s.generation == seen
                        }) {
                        Ok(r) => r,
                        Err(poisoned) => poisoned.into_inner(),
                    };
                let generation = guard.generation;
                drop(guard);
                let message = if generation != seen {
                    seen = generation;
                    format!("event: reload\ndata: {generation}\n\n") // not a message: the event stream
                } else {
                    ": keep-alive\n\n".to_string()
                };
                if writer
                    .write_all(message.as_bytes())
                    .and_then(|()| writer.flush())
                    .is_err()
                {
                    return;
                }
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_cannot_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(
            site_path("/records/A/2024-1/").as_deref(),
            Some("records/A/2024-1/")
        );
        assert_eq!(
            site_path("/static/style.css?v=1").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(
            site_path("/a/%E9%99%84%E4%BB%B6.csv").as_deref(),
            Some("a/附件.csv")
        );
        assert_eq!(site_path("/../catalog.yaml"), None);
        assert_eq!(site_path("/%2e%2e/catalog.yaml"), None);
        assert_eq!(site_path("/a/..%2F..%2Fcatalog.yaml"), None);
        assert_eq!(site_path("/a\\..\\b"), None);
        assert_eq!(site_path("/%zz").as_deref(), Some("%zz"));
    }

    #[test]
    fn pages_get_the_reload_script_and_the_overlay() {
        let page = b"<!DOCTYPE html><html><head><title>t</title></head><body class=\"x\"><p>hi</p></body></html>";
        let clean = String::from_utf8(inject(page, &[])).expect("utf-8");
        assert!(clean.contains("<script src=\"/__gongkai/reload.js\" defer></script></head>"));
        assert!(!clean.contains("gongkai-overlay"));
        let errors = vec![Diagnostic::error("content/a.md", "unknown field `<titel>`")];
        let broken = String::from_utf8(inject(page, &errors)).expect("utf-8");
        assert!(broken.contains("<body class=\"x\"><div id=\"gongkai-overlay\" role=\"alert\">"));
        assert!(
            broken.contains("content/a.md: error: unknown field `&lt;titel&gt;`"),
            "{broken}"
        );
    }

    #[test]
    fn the_overlay_shows_hostile_file_text_as_text() {
        // Diagnostics quote the broken file: its name, a field's value, YAML around an error.
        let hostile = "</pre></div><script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
        let errors = vec![
            Diagnostic::error(
                format!("content/{hostile}.md"),
                format!("`title: {hostile}`"),
            )
            .at(crate::diag::Pos::new(3, 1))
            .help(hostile),
            Diagnostic::warning("catalog.yaml", "{{ site.title }}{% raw %}"),
        ];
        let page = b"<!DOCTYPE html><html><head></head><body><p>hi</p></body></html>";
        let html = String::from_utf8(inject(page, &errors)).expect("utf-8");
        // The only script is the preview's own; nothing from the diagnostics became markup.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("</pre></div><script>"), "{html}");
        let escaped = "&lt;/pre&gt;&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;";
        assert_eq!(html.matches(escaped).count(), 3, "{html}");
        assert!(html.contains("{{ site.title }}{% raw %}"), "{html}");
        // The overlay is one element, closed where it began.
        let overlay = &html[html.find("<div id=\"gongkai-overlay\"").expect("overlay")..];
        assert!(overlay.starts_with("<div id=\"gongkai-overlay\" role=\"alert\"><h2>"));
        assert!(
            overlay.ends_with("</pre></div><p>hi</p></body></html>"),
            "{overlay}"
        );
    }
}
