//! Site URLs and the hrefs that reach them.
//!
//! Inside gongkai a page's URL is relative to the site root without a leading slash: `""` for
//! the home page, `areas/budget/` for a folder page, `static/style.css` for a file. An href is
//! what a link on a given page must say to reach a URL: with `base_url` set it is absolute;
//! without it, it is relative to the page and ends in `index.html`, so that the site works
//! under any sub-path, from a USB stick and from `file://`.

#[derive(Debug, Clone, Default)]
pub struct Linker {
    /// Absolute base URL ending in `/`, or `None` for relative links.
    base_url: Option<String>,
}

impl Linker {
    pub fn new(base_url: Option<String>) -> Self {
        Linker { base_url }
    }

    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// The prefix that reaches the site root from the page at `from`.
    pub fn root(&self, from: &str) -> String {
        match &self.base_url {
            Some(base) => base.clone(),
            None => "../".repeat(from.matches('/').count()),
        }
    }

    /// The href on page `from` that reaches `to`.
    pub fn href(&self, from: &str, to: &str) -> String {
        let mut href = self.root(from);
        href.push_str(&encode_path(to));
        if self.base_url.is_none() && (to.is_empty() || to.ends_with('/')) {
            href.push_str("index.html");
        }
        href
    }

    /// The absolute URL of `to`, when the site has a base URL.
    pub fn permalink(&self, to: &str) -> Option<String> {
        self.base_url
            .as_ref()
            .map(|base| format!("{base}{}", encode_path(to)))
    }
}

/// The output file of a URL: folders get their `index.html`.
pub fn out_path(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// Percent-encodes what may not stand in a URL path (spaces, `#`, `?`, `%`, non-ASCII), so
/// attachment names such as `附件 1.xlsx` link correctly.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (so that `..%2F` is seen for what it is); malformed escapes stay as
/// they are, and invalid UTF-8 becomes replacement characters.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Joins a content-relative link target to the folder of the file it appears in, resolving
/// `.` and `..`. `None` when the result would leave the site root.
pub fn join_relative(from_file: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_file.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_hrefs_climb_to_the_root() {
        let l = Linker::new(None);
        assert_eq!(l.href("areas/budget/", ""), "../../index.html");
        assert_eq!(l.href("", "areas/budget/"), "areas/budget/index.html");
        assert_eq!(
            l.href("records/X/2024-00001/", "static/style.css"),
            "../../../static/style.css"
        );
        assert_eq!(l.href("404.html", "catalog/"), "catalog/index.html");
        assert_eq!(l.root("areas/a/"), "../../");
    }

    #[test]
    fn absolute_hrefs_use_the_base() {
        let l = Linker::new(Some("https://x.example/xxgk/".into()));
        assert_eq!(l.href("areas/budget/", ""), "https://x.example/xxgk/");
        assert_eq!(
            l.href("", "areas/budget/"),
            "https://x.example/xxgk/areas/budget/"
        );
        assert_eq!(
            l.permalink("records/A/2024-1/").as_deref(),
            Some("https://x.example/xxgk/records/A/2024-1/")
        );
    }

    #[test]
    fn names_are_encoded() {
        assert_eq!(
            encode_path("records/a/附件 1#.csv"),
            "records/a/%E9%99%84%E4%BB%B6%201%23.csv"
        );
    }

    #[test]
    fn relative_targets_are_joined() {
        assert_eq!(
            join_relative("content/records/a/x.md", "../b/y.md").as_deref(),
            Some("content/records/b/y.md")
        );
        assert_eq!(
            join_relative("content/x.md", "./f.csv").as_deref(),
            Some("content/f.csv")
        );
        assert_eq!(join_relative("content/x.md", "../../../etc/passwd"), None);
    }
}
