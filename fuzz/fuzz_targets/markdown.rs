//! A Markdown body → sanitized HTML. Nothing may panic, and whatever the input, the HTML must
//! carry no script, frame or style element, no event-handler attribute and no javascript: or
//! data: URL.
#![no_main]

use gongkai::markdown::{LinkResolution, MarkdownInput, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let input = MarkdownInput {
        text,
        first_line: 5,
    };
    let mut resolve = |path: &str, _fragment: Option<&str>| {
        if path.ends_with(".md") {
            LinkResolution::Href(format!("../{}/", path.trim_end_matches(".md")))
        } else {
            LinkResolution::Error {
                message: format!("no such file: {path}"),
                help: "fix it".into(),
            }
        }
    };
    let rendered = render(&input, &mut resolve);
    if let Some(problem) = unsafe_markup(&rendered.html) {
        panic!("unsafe markup survived sanitizing: {problem}\n{}", rendered.html);
    }
    let lines = text.split('\n').count() + 5;
    for issue in &rendered.issues {
        assert!(issue.line >= 5 && issue.line <= lines, "issue outside the body: {issue:?}");
    }
});

/// The first piece of markup in `html` a browser would run or load from a hostile source.
/// Text is escaped by the renderer, so only real tags (`<` followed by a letter) are read.
fn unsafe_markup(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        let start = i + off;
        i = start + 1;
        let name_len = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let name = &lower[i..i + name_len];
        if matches!(
            name,
            "script" | "style" | "iframe" | "frame" | "object" | "embed" | "base" | "meta" | "link" | "form"
        ) {
            return Some(format!("<{name}> element"));
        }
        // Attributes up to the end of the tag, honouring quotes.
        let mut j = i + name_len;
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let attr_start = j;
            while j < bytes.len() && !matches!(bytes[j], b'=' | b'>' | b' ' | b'\t' | b'\n' | b'/') {
                j += 1;
            }
            let attr = &lower[attr_start..j];
            let mut value = "";
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j];
                    let v_start = j + 1;
                    j = v_start;
                    while j < bytes.len() && bytes[j] != quote {
                        j += 1;
                    }
                    value = &lower[v_start..j.min(bytes.len())];
                    j += 1;
                } else {
                    let v_start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = &lower[v_start..j];
                }
            }
            if attr.starts_with("on") {
                return Some(format!("event handler {attr} on <{name}>"));
            }
            if attr == "style" {
                return Some(format!("style attribute on <{name}>"));
            }
            let value = value.replace("&#x3a;", ":").replace("&#58;", ":").replace("&colon;", ":");
            let scheme = value.trim_start();
            if matches!(attr, "href" | "src" | "action" | "formaction" | "srcset" | "poster" | "cite")
                && (scheme.starts_with("javascript:") || scheme.starts_with("data:") || scheme.starts_with("vbscript:"))
            {
                return Some(format!("{attr}={value} on <{name}>"));
            }
        }
        i = j.max(i);
    }
    None
}
