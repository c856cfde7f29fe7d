//! Old addresses that keep working: a record or page lists `aliases:` (paths of the county's
//! previous site, such as `/art/2019/3/5/art_1229_123.html`), and the build writes
//!
//! - a small redirect page at each alias path (a canonical link, an immediate refresh, a
//!   visible link and `noindex`; no script), which works on any host and from `file://`;
//! - `_redirects`, the Netlify-style list of real HTTP redirects;
//! - `_redirects.nginx.conf`, an nginx `map` of the same, for county IT to include.
//!
//! Both lists sit in the output folder, so they are written atomically with the pages they
//! point at, are listed in the manifest (a removed alias disappears from them and its page is
//! deleted), and deploy with the site; they hold nothing the redirect pages do not already
//! show.
//!
//! An alias is a path relative to the site's root (where `index.html` is); a leading `/` is
//! optional. With `base_url` set, the full old address on the same host is accepted too.

use crate::catalog::Language;
use crate::diag::{Diagnostic, Pos};
use crate::render::{Content, OutputFile};
use crate::site::Site;
use crate::t;
use crate::text::escape_html;
use crate::urls::{Linker, encode_path, out_path, percent_decode};
use std::collections::{BTreeMap, BTreeSet};

pub const NETLIFY_FILE: &str = "_redirects";
pub const NGINX_FILE: &str = "_redirects.nginx.conf";

/// One checked alias of a record or page.
#[derive(Debug, Clone)]
pub struct Alias {
    /// As written in the front matter.
    pub written: String,
    /// Site URL of the redirect page: `art/2019/3/5/a.html` or `xxgk/list/`.
    pub url: String,
    /// Where it is written.
    pub pos: Pos,
}

/// A problem with an alias: what is wrong and what to do.
pub struct AliasProblem {
    pub message: String,
    pub help: String,
}

fn problem(message: String, help: impl Into<String>) -> AliasProblem {
    AliasProblem {
        message,
        help: help.into(),
    }
}

/// Characters an alias path may hold (after percent-decoding): they need no quoting in a file
/// name, an nginx map or a `_redirects` line.
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '.' | '~' | '/' | '+' | ',' | '=' | '@' | '!')
}

/// The path part of `base_url` (`/xxgk/` for `https://example.gov.cn/xxgk/`), `/` without one.
pub fn base_path(linker: &Linker) -> String {
    linker
        .base_url()
        .and_then(|b| b.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".to_string())
}

/// Checks an alias as written and returns the site URL of its redirect page.
pub fn parse_alias(written: &str, linker: &Linker) -> Result<String, AliasProblem> {
    let path_only =
        t!("write the old address as a path of this site, such as /art/2019/3/5/art_1229_123.html");
    let mut rest = written.trim();
    if rest.starts_with("//") || rest.contains("://") {
        let Some(base) = linker.base_url() else {
            return Err(problem(
                t!(
                    "alias `{written}` is a full web address, but site.base_url is not set",
                    written
                ),
                t!(
                    "{path_only}; without base_url gongkai cannot tell whether the address is this site's",
                    path_only
                ),
            ));
        };
        let host_and_path = |u: &str| {
            u.split_once("://")
                .map_or(u.trim_start_matches('/'), |(_, r)| r)
                .to_string()
        };
        let (site, alias) = (host_and_path(base), host_and_path(rest));
        let host_len = site.find('/').unwrap_or(site.len());
        let same_host = alias
            .get(..host_len)
            .is_some_and(|h| h.eq_ignore_ascii_case(&site[..host_len]))
            && alias
                .get(host_len..)
                .is_some_and(|p| p.starts_with(&site[host_len..]));
        if !same_host {
            return Err(problem(
                t!(
                    "alias `{written}` is an address outside this site ({base})",
                    written,
                    base
                ),
                t!(
                    "{path_only}; links to another host are redirected on that host",
                    path_only
                ),
            ));
        }
        let skip = rest.len() - alias.len() + site.len();
        rest = rest.get(skip..).unwrap_or("");
    }
    if rest.contains(['?', '#']) {
        return Err(problem(
            t!(
                "alias `{written}` has a query or fragment (`?` or `#`)",
                written
            ),
            t!(
                "a static site cannot tell addresses apart by what follows `?` or `#`; redirect such links on the web server, or leave the alias out"
            ),
        ));
    }
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let decoded = percent_decode(rest);
    let encoded_note = if decoded != rest {
        t!(" (decoded: `{decoded}`)", decoded)
    } else {
        String::new()
    };
    if decoded.contains('\\') || decoded.split('/').any(|s| s == ".." || s == ".") {
        return Err(problem(
            t!(
                "alias `{written}` leads outside the site{encoded_note}",
                written,
                encoded_note
            ),
            t!("an alias names one old address inside this site; remove the `.` and `..` parts"),
        ));
    }
    if let Some(c) = decoded.chars().find(|c| !allowed(*c)) {
        let shown = if c.is_control() || c.is_whitespace() {
            format!("U+{:04X}", c as u32)
        } else {
            c.to_string()
        };
        return Err(problem(
            t!(
                "alias `{written}` contains `{shown}`, which an old path may not hold{encoded_note}",
                written,
                shown,
                encoded_note
            ),
            t!(
                "use ASCII letters, digits and - _ . ~ + , = @ ! between `/`; percent-escapes are decoded first"
            ),
        ));
    }
    let trimmed = decoded.strip_suffix('/').unwrap_or(&decoded);
    if !trimmed.is_empty() && trimmed.split('/').any(|s| s.is_empty()) {
        return Err(problem(
            t!("alias `{written}` has an empty part (`//`)", written),
            t!("write each `/` once"),
        ));
    }
    if trimmed.split('/').any(|s| s.starts_with('.')) {
        return Err(problem(
            t!("alias `{written}` has a part starting with `.`", written),
            t!("web servers hide such files; an alias cannot use one"),
        ));
    }
    // A last part without a dot is a folder: `/xxgk/123` is served from `xxgk/123/index.html`.
    let last = trimmed.rsplit('/').next().unwrap_or("");
    Ok(
        if trimmed.is_empty() || decoded.ends_with('/') || !last.contains('.') {
            if trimmed.is_empty() {
                String::new()
            } else {
                format!("{trimmed}/")
            }
        } else {
            trimmed.to_string()
        },
    )
}

/// An alias with what it redirects to.
struct Redirect<'a> {
    file: &'a str,
    alias: &'a Alias,
    target: &'a str,
    title: &'a str,
}

/// The redirect pages and the two redirect lists, after checking that no alias takes the place
/// of a file the site publishes or of another alias. `files` are the site's other outputs.
pub fn output_files(site: &Site, files: &[OutputFile]) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut redirects: Vec<Redirect> = Vec::new();
    for r in &site.records {
        redirects.extend(r.aliases.iter().map(|alias| Redirect {
            file: &r.file,
            alias,
            target: &r.url,
            title: &r.record.title,
        }));
    }
    for p in &site.pages {
        redirects.extend(p.aliases.iter().map(|alias| Redirect {
            file: &p.file,
            alias,
            target: &p.url,
            title: &p.page.title,
        }));
    }

    let mut real: BTreeMap<&str, &str> = files
        .iter()
        .map(|f| (f.path.as_str(), f.origin.as_str()))
        .collect();
    let own_list = t!("gongkai's list of redirects");
    real.insert(NETLIFY_FILE, &own_list);
    real.insert(NGINX_FILE, &own_list);
    let mut by_out: BTreeMap<String, Vec<&Redirect>> = BTreeMap::new();
    for r in &redirects {
        by_out.entry(out_path(&r.alias.url)).or_default().push(r);
    }
    // Every folder that holds a file, so that an alias cannot be a file where a folder must be.
    let mut folders: BTreeSet<&str> = BTreeSet::new();
    for path in real
        .keys()
        .copied()
        .chain(by_out.keys().map(String::as_str))
    {
        let mut p = path;
        while let Some(i) = p.rfind('/') {
            p = &p[..i];
            folders.insert(p);
        }
    }
    let mut ok: Vec<&Redirect> = Vec::new();
    for (out, list) in &by_out {
        let error = |r: &Redirect, message: String, help: String| {
            Diagnostic::error(r.file, message)
                .at(r.alias.pos)
                .help(help)
        };
        let mut bad = false;
        if let Some(origin) = real.get(out.as_str()) {
            for r in list {
                diags.push(error(r, t!("alias `{written}` is the address of a page of this site: {out}, from {origin}", written = r.alias.written, out, origin),
                    t!("an alias is an old address that no page uses any more; remove it, or remove the page")));
            }
            bad = true;
        } else if let Some((folder, origin)) =
            parents(out).find_map(|f| real.get(f).map(|o| (f, *o)))
        {
            for r in list {
                diags.push(error(r, t!("alias `{written}` needs a folder {folder}/, but that is a file of this site, from {origin}", written = r.alias.written, folder, origin),
                    t!("remove the alias: the site already uses that address")));
            }
            bad = true;
        } else if folders.contains(out.as_str()) {
            for r in list {
                diags.push(error(r, t!("alias `{written}` would be a file where the site has the folder {out}/", written = r.alias.written, out),
                    t!("write the alias with a trailing `/` if the old address was a folder, or remove it")));
            }
            bad = true;
        } else if let Some(parent) = parents(out).find(|f| by_out.contains_key(*f)) {
            for r in list {
                diags.push(error(
                    r,
                    t!(
                        "alias `{written}` needs a folder {parent}/, where another alias is a file",
                        written = r.alias.written,
                        parent
                    ),
                    t!("two aliases cannot be a file and a folder of the same name; remove one"),
                ));
            }
            bad = true;
        }
        if list.len() > 1 {
            for r in list {
                let others: Vec<String> = list
                    .iter()
                    .filter(|o| !std::ptr::eq(**o, *r))
                    .map(|o| {
                        if o.file == r.file {
                            t!("this file (`{written}`)", written = o.alias.written)
                        } else {
                            format!("{} (`{}`)", o.file, o.alias.written)
                        }
                    })
                    .collect();
                diags.push(error(r, t!("alias `{written}` is also listed by {others}", written = r.alias.written, others = others.join(", ")),
                    t!("an old address can redirect to one place only; keep the alias on the record it belongs to")));
            }
            bad = true;
        }
        if !bad {
            ok.extend(list.iter().copied());
        }
    }

    let mut out = Vec::new();
    for r in &ok {
        out.push(OutputFile {
            path: out_path(&r.alias.url),
            content: Content::bytes(redirect_page(site, r)),
            origin: r.file.to_string(),
        });
    }
    let prefix = base_path(&site.linker);
    if !ok.is_empty() {
        out.push(OutputFile {
            path: NETLIFY_FILE.into(),
            content: Content::bytes(netlify(&ok, &prefix)),
            origin: "aliases".into(),
        });
    }
    // Always written, so that an nginx `include` of it never breaks when the last alias goes.
    out.push(OutputFile {
        path: NGINX_FILE.into(),
        content: Content::bytes(nginx(&ok, &prefix)),
        origin: "aliases".into(),
    });
    (out, diags)
}

/// The folders above `path`, nearest first.
fn parents(path: &str) -> impl Iterator<Item = &str> {
    let mut p = path;
    std::iter::from_fn(move || {
        let i = p.rfind('/')?;
        p = &p[..i];
        Some(p)
    })
}

fn redirect_page(site: &Site, r: &Redirect) -> String {
    let linker = &site.linker;
    let href = escape_html(&linker.href(&r.alias.url, r.target));
    let canonical = linker
        .permalink(r.target)
        .map_or_else(|| href.clone(), |p| escape_html(&p));
    let lang = site.catalog.site.language;
    let moved = match lang {
        Language::ZhCn => "本页已迁移至",
        Language::En => "This page has moved to", // not a message: page text in the site's language
    };
    let title = escape_html(r.title);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n</head>\n<body>\n<p>{moved} <a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n",
        lang = lang.code()
    )
}

/// The server path of a site URL: the base path and the URL.
fn server_path(prefix: &str, url: &str) -> String {
    format!("{prefix}{}", encode_path(url))
}

fn netlify(redirects: &[&Redirect], prefix: &str) -> String {
    let mut lines: Vec<String> = redirects
        .iter()
        .map(|r| {
            format!(
                "{} {} 301!",
                server_path(prefix, &r.alias.url),
                server_path(prefix, r.target)
            )
        })
        .collect();
    lines.sort();
    let mut text = String::from(
        // not a message: file content
        "# Old addresses of this site and where they moved, written by gongkai build.\n# `!` makes the redirect win over the small redirect page at the old address.\n",
    );
    for l in lines {
        text.push_str(&l);
        text.push('\n');
    }
    text
}

fn nginx(redirects: &[&Redirect], prefix: &str) -> String {
    let mut entries: Vec<(String, String)> = Vec::new();
    for r in redirects {
        let to = server_path(prefix, r.target);
        let from = server_path(prefix, &r.alias.url);
        if let Some(folder) = from.strip_suffix('/')
            && !folder.is_empty()
        {
            entries.push((folder.to_string(), to.clone()));
        }
        entries.push((from, to));
    }
    entries.sort();
    // nginx hashes the map's keys into buckets of 64 bytes by default; a longer old path, or
    // thousands of them, need larger settings, which must come before the map.
    let mut settings = String::new();
    let longest = entries
        .iter()
        .map(|(from, _)| from.len())
        .max()
        .unwrap_or(0);
    let bucket = (8 + (longest + 2).div_ceil(8) * 8 + 8).next_power_of_two();
    if bucket > 64 {
        settings.push_str(&format!("map_hash_bucket_size {bucket};\n"));
    }
    if entries.len() > 1024 {
        settings.push_str(&format!(
            "map_hash_max_size {};\n",
            (entries.len() * 2).next_power_of_two()
        ));
    }
    if !settings.is_empty() {
        settings.insert_str(
            0,
            "# The old paths need larger hash settings than nginx's defaults. If the http block\n# sets these too, keep the larger values there and delete these lines.\n", // not a message: file content
        );
    }
    // i18n: not messages (file content)
    let mut text = format!(
        "# Old addresses of this site and where they moved, written by gongkai build.\n\
         # The site's paths start with {prefix} (from site.base_url).\n\
         # Include this file in nginx's http block, and redirect in the site's server block:\n\
         #     http {{ include /srv/xxgk/public/{NGINX_FILE}; ... }}\n\
         #     server {{ ... if ($gongkai_redirect) {{ return 301 $gongkai_redirect; }} ... }}\n\
         # (nginx allows `map` only in the http block.)\n\
         {settings}\
         map $uri $gongkai_redirect {{\n"
    );
    // i18n: end
    for (from, to) in entries {
        text.push_str(&format!("    \"{from}\" \"{to}\";\n"));
    }
    text.push_str("}\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(alias: &str, base: Option<&str>) -> String {
        parse_alias(alias, &Linker::new(base.map(str::to_string)))
            .map_err(|p| p.message)
            .expect("a valid alias")
    }

    fn bad(alias: &str, base: Option<&str>) -> String {
        match parse_alias(alias, &Linker::new(base.map(str::to_string))) {
            Ok(url) => panic!("`{alias}` was accepted as {url}"),
            Err(p) => p.message,
        }
    }

    #[test]
    fn aliases_become_site_urls() {
        assert_eq!(
            ok("/art/2019/3/5/art_1229_123.html", None),
            "art/2019/3/5/art_1229_123.html"
        );
        assert_eq!(ok("xxgk/123.htm", None), "xxgk/123.htm");
        assert_eq!(ok("/xxgk/list/", None), "xxgk/list/");
        assert_eq!(ok("/xxgk/123", None), "xxgk/123/");
        assert_eq!(ok("/col/col%5F1229/", None), "col/col_1229/");
        let base = Some("https://www.example.gov.cn/xxgk/");
        assert_eq!(
            ok("https://WWW.example.gov.cn/xxgk/art/1.html", base),
            "art/1.html"
        );
        assert_eq!(ok("http://www.example.gov.cn/xxgk/a/", base), "a/");
    }

    #[test]
    fn escapes_other_hosts_and_odd_characters_are_refused() {
        assert!(bad("/../etc/passwd", None).contains("leads outside the site"));
        assert!(bad("/a/%2e%2e/%2E%2E/x.html", None).contains("(decoded: `a/../../x.html`)"));
        assert!(bad("a%2F..%2F..%2Fb", None).contains("leads outside"));
        assert!(bad("a\\b.html", None).contains("leads outside"));
        let base = Some("https://www.example.gov.cn/xxgk/");
        assert!(bad("https://evil.example/x.html", base).contains("outside this site"));
        assert!(bad("https://www.example.gov.cn/other/x.html", base).contains("outside this site"));
        assert!(bad("//evil.example/x.html", base).contains("outside this site"));
        assert!(bad("https://www.example.gov.cn/x.html", None).contains("base_url is not set"));
        assert!(bad("/show.jsp?id=3", None).contains("query"));
        assert!(bad("/a b.html", None).contains("`U+0020`"));
        assert!(bad("/通知.html", None).contains("contains `通`"));
        assert!(bad("/a\"b", None).contains("contains `\"`"));
        assert!(bad("/a;b", None).contains("contains `;`"));
        assert!(bad("/a//b.html", None).contains("empty part"));
        assert!(bad("/.git/config", None).contains("starting with `.`"));
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path(&Linker::new(None)), "/");
        assert_eq!(
            base_path(&Linker::new(Some("https://a.example/xxgk/".into()))),
            "/xxgk/"
        );
        assert_eq!(
            base_path(&Linker::new(Some("https://a.example/".into()))),
            "/"
        );
    }
}
