//! Themes: the templates, static assets and interface strings a site is rendered with.
//!
//! The default theme is embedded in the binary. A site may name another theme folder with
//! `site.theme` (`themes/<name>/` in the site), and may override single templates, assets or
//! strings with its own `templates/`, `static/` and `i18n/` folders; anything not overridden
//! comes from the default theme.

use crate::catalog::Language;
use crate::diag::{Diagnostic, rel_path};
use crate::t;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use walkdir::WalkDir;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Strings the Rust side of gongkai uses itself; every i18n file must define them.
pub const REQUIRED_KEYS: &[&str] = &[
    "nav.home",
    "nav.guide",
    "nav.rules",
    "nav.catalog",
    "nav.reports",
    "nav.apply",
    "nav.publishers",
    "channel.website",
    "channel.gazette",
    "channel.wechat-weibo-app",
    "channel.press-conference",
    "channel.radio-tv",
    "channel.print-media",
    "channel.reading-room",
    "channel.service-center",
    "channel.service-station",
    "channel.door-to-door",
    "channel.bulletin-board",
    "channel.targeted-push",
    "channel.other",
    "audience.public",
    "audience.specific",
    "method.proactive",
    "method.on-request",
    "method_short.proactive",
    "method_short.on-request",
    "level.county",
    "level.township",
    "level.village",
    "cycle.monthly",
    "cycle.quarterly",
    "cycle.yearly",
    "validity.valid",
    "validity.repealed",
    "kind.normative",
    "kind.regulation",
    "kind.other",
    "title.catalog",
    "title.publishers",
    "title.reports",
    "title.not_found",
    "title.opendata",
];

/// A theme's files after overrides are applied.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Template name (`record.html`) → source text.
    pub templates: BTreeMap<String, String>,
    /// Which file each template came from, for error messages.
    pub template_origin: BTreeMap<String, String>,
    /// Path under `static/` → contents.
    pub assets: BTreeMap<String, std::sync::Arc<Vec<u8>>>,
    /// Interface strings of the site's language.
    pub strings: BTreeMap<String, String>,
}

impl Theme {
    /// Loads the theme for a site rooted at `root`.
    pub fn load(
        root: &Path,
        theme_name: &str,
        language: Language,
    ) -> anyhow::Result<(Theme, Vec<Diagnostic>)> {
        let mut diags = Vec::new();
        let mut theme = Theme {
            templates: BTreeMap::new(),
            template_origin: BTreeMap::new(),
            assets: BTreeMap::new(),
            strings: BTreeMap::new(),
        };
        let lang_file = format!("i18n/{}.yaml", language.code());
        let mut string_sources: Vec<(String, String)> = Vec::new();
        for (path, bytes) in DEFAULT_THEME {
            theme.add(
                path,
                bytes,
                &t!("(default theme) {path}", path),
                &lang_file,
                &mut string_sources,
                &mut diags,
            );
        }
        let mut layers = Vec::new();
        if theme_name != "default" {
            let dir = root.join("themes").join(theme_name);
            if dir.is_dir() {
                layers.push(dir);
            } else {
                diags.push(
                    Diagnostic::error(
                        crate::catalog::CATALOG_FILE,
                        t!(
                            "site.theme `{theme_name}`: there is no folder themes/{theme_name}",
                            theme_name
                        ),
                    )
                    .help(t!("create the theme folder, or use `theme: default`")),
                );
            }
        }
        layers.push(root.to_path_buf());
        for layer in layers {
            for sub in ["templates", "static", "i18n"] {
                let dir = layer.join(sub);
                if !dir.is_dir() {
                    continue;
                }
                for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
                    let entry = entry?;
                    if !entry.file_type().is_file()
                        || crate::load::is_ignored_name(&entry.file_name().to_string_lossy())
                    {
                        continue;
                    }
                    let bytes = std::fs::read(entry.path()).map_err(|e| {
                        anyhow::Error::new(e)
                            .context(t!("reading {path}", path = entry.path().display()))
                    })?;
                    let in_theme = rel_path(&layer, entry.path());
                    theme.add(
                        &in_theme,
                        &bytes,
                        &rel_path(root, entry.path()),
                        &lang_file,
                        &mut string_sources,
                        &mut diags,
                    );
                }
            }
        }
        for (origin, text) in string_sources {
            match serde_yaml::from_str::<BTreeMap<String, String>>(&text) {
                Ok(map) => theme.strings.extend(map),
                Err(e) => diags.push(crate::text::yaml_error(&origin, &e, 1)),
            }
        }
        for key in REQUIRED_KEYS.iter().chain(crate::report_view::KEYS) {
            if !theme.strings.contains_key(*key) {
                diags.push(
                    Diagnostic::error(
                        lang_file.clone(),
                        t!("interface string `{key}` is missing", key),
                    )
                    .help(t!("add the key to the theme's i18n file")),
                );
            }
        }
        Ok((theme, diags))
    }

    fn add(
        &mut self,
        path: &str,
        bytes: &[u8],
        origin: &str,
        lang_file: &str,
        strings: &mut Vec<(String, String)>,
        diags: &mut Vec<Diagnostic>,
    ) {
        if let Some(name) = path.strip_prefix("templates/") {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    self.templates.insert(name.to_string(), text.to_string());
                    self.template_origin
                        .insert(name.to_string(), origin.to_string());
                }
                Err(e) => diags.push(crate::text::invalid_utf8(origin, bytes, e)),
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            self.assets
                .insert(name.to_string(), std::sync::Arc::new(bytes.to_vec()));
        } else if path == lang_file {
            match std::str::from_utf8(bytes) {
                Ok(text) => strings.push((origin.to_string(), text.to_string())),
                Err(e) => diags.push(crate::text::invalid_utf8(origin, bytes, e)),
            }
        }
    }

    /// For each template, the interface strings it can use: those its text and the templates
    /// it extends, includes or imports name literally (`t["ui.yes"]`). A page's data carries
    /// only these, not all of the theme's strings, since turning them into template data is a
    /// cost paid on every page. A template that computes a key (`t[key]`) or uses `t` in any
    /// other way than passing it whole to a macro gets every string.
    pub fn strings_by_template(
        &self,
        templates: &BTreeMap<String, String>,
    ) -> BTreeMap<String, BTreeMap<String, String>> {
        let own: BTreeMap<&str, (Option<BTreeSet<String>>, Vec<String>)> = templates
            .iter()
            .map(|(name, text)| (name.as_str(), (literal_string_keys(text), references(text))))
            .collect();
        let mut out = BTreeMap::new();
        for name in templates.keys() {
            let mut keys = Some(BTreeSet::new());
            let mut seen = BTreeSet::new();
            let mut queue = vec![name.clone()];
            while let Some(next) = queue.pop() {
                if !seen.insert(next.clone()) {
                    continue;
                }
                let Some((used, refs)) = own.get(next.as_str()) else {
                    continue;
                };
                match (&mut keys, used) {
                    (Some(keys), Some(used)) => keys.extend(used.iter().cloned()),
                    _ => keys = None,
                }
                queue.extend(refs.iter().cloned());
            }
            let strings = match keys {
                Some(keys) => self
                    .strings
                    .iter()
                    .filter(|(k, _)| keys.contains(*k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                None => self.strings.clone(),
            };
            out.insert(name.clone(), strings);
        }
        out
    }

    /// The templates with the interface strings they name literally folded in (see
    /// `fold_strings`), as they are given to Tera.
    pub fn folded_templates(&self) -> BTreeMap<String, String> {
        self.templates
            .iter()
            .map(|(name, text)| (name.clone(), fold_strings(text, &self.strings)))
            .collect()
    }

    /// The interface string `key`, or the key itself when a theme lacks it.
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

/// A piece of a template's text: plain text (comments and `{% raw %}` blocks included, as
/// written), or a tag, `{{ … }}` or `{% … %}`, where variables are used.
enum Piece<'a> {
    Text(&'a str),
    Tag {
        open: &'a str,
        inner: &'a str,
        close: &'a str,
    },
}

/// A template's text cut into pieces, in order; together they are the whole text.
fn pieces(source: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = source;
    let mut pending = None;
    std::iter::from_fn(move || {
        if let Some(tag) = pending.take() {
            return Some(tag);
        }
        if rest.is_empty() {
            return None;
        }
        let mut from = 0;
        loop {
            let Some(at) = rest[from..].find('{').map(|a| from + a) else {
                return Some(Piece::Text(std::mem::take(&mut rest)));
            };
            let close = match rest.as_bytes().get(at + 1) {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                Some(b'#') => "#}",
                _ => {
                    from = at + 1;
                    continue;
                }
            };
            let inner = &rest[at + 2..];
            // Comments are not lexed: an apostrophe in one is no string.
            let end = if close == "#}" {
                inner.find(close)
            } else {
                tag_end(inner, close)
            };
            let Some(end) = end else {
                return Some(Piece::Text(std::mem::take(&mut rest)));
            };
            let tag_len = 2 + end + 2;
            let word = inner[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
            if close == "#}" || (close == "%}" && word == "raw") {
                // Plain text up to the end of the comment, or of the `{% endraw %}` tag.
                let after = &rest[at + tag_len..];
                let stop = if close == "#}" {
                    0
                } else {
                    raw_end(after).unwrap_or(after.len())
                };
                from = at + tag_len + stop;
                continue;
            }
            let text = &rest[..at];
            pending = Some(Piece::Tag {
                open: &rest[at..at + 2],
                inner: &inner[..end],
                close,
            });
            rest = &rest[at + tag_len..];
            if text.is_empty() {
                return pending.take();
            }
            return Some(Piece::Text(text));
        }
    })
}

/// The contents of a template's tags.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    pieces(source).filter_map(|p| match p {
        Piece::Tag { inner, .. } => Some(inner),
        Piece::Text(_) => None,
    })
}

/// A template's text with each interface string it names literally put in its place: a whole
/// `{{ t["ui.yes"] }}` becomes the escaped text itself, and `t["ui.yes"]` within a larger
/// expression a string literal. Every page would otherwise look each one up in its data, and
/// such lookups are the larger part of what Tera does for a page. Left as they are: keys the
/// theme lacks (Tera then reports them), strings that cannot be written as a literal, whole
/// tags that trim whitespace or whose text has braces, and everything in `{% raw %}` blocks
/// and comments. Lines stay where they were, so Tera's messages name the same lines.
pub fn fold_strings(source: &str, strings: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(source.len());
    for piece in pieces(source) {
        let (open, inner, close) = match piece {
            Piece::Text(text) => {
                out.push_str(text);
                continue;
            }
            Piece::Tag { open, inner, close } => (open, inner, close),
        };
        let whole = (open == "{{" && !inner.starts_with('-') && !inner.ends_with('-'))
            .then(|| lookup_key(inner.trim()))
            .flatten()
            .and_then(|k| strings.get(k))
            .filter(|value| !value.contains(['{', '}', '\n']));
        match whole {
            Some(value) => out.push_str(&crate::text::escape_html(value)),
            None => {
                out.push_str(open);
                fold_in_expression(inner, strings, &mut out);
                out.push_str(close);
            }
        }
    }
    out
}

/// Where a tag's text ends (the offset of `close`), skipping string literals.
fn tag_end(inner: &str, close: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in inner.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if inner[i..].starts_with(close) => return Some(i),
            None => {}
        }
    }
    None
}

/// The offset just past the `{% endraw %}` tag that ends a raw block.
fn raw_end(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("{%") {
        let tag_start = from + at;
        let end = text[tag_start + 2..].find("%}")? + tag_start + 2;
        let word = text[tag_start + 2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if word == "endraw" {
            return Some(end + 2);
        }
        from = end + 2;
    }
    None
}

/// The key of an expression that is nothing but `t["key"]` (any quotes, any spaces), with
/// the rest of the text after it when the lookup is followed by more.
fn split_lookup(expr: &str) -> Option<(&str, &str)> {
    let index = expr
        .strip_prefix('t')?
        .trim_start()
        .strip_prefix('[')?
        .trim_start();
    let quote = index
        .chars()
        .next()
        .filter(|q| matches!(q, '"' | '\'' | '`'))?;
    let body = &index[1..];
    let end = body.find(quote)?;
    let rest = body[end + 1..].trim_start().strip_prefix(']')?;
    Some((&body[..end], rest))
}

/// The key of a whole-tag lookup `t["key"]`.
fn lookup_key(expr: &str) -> Option<&str> {
    split_lookup(expr)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(k, _)| k)
}

/// Copies an expression, each `t["key"]` in it (outside string literals) written as a string
/// literal of the key's text.
fn fold_in_expression(expr: &str, strings: &BTreeMap<String, String>, out: &mut String) {
    let b = expr.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < expr.len() {
        let c = expr[i..].chars().next().unwrap_or_default();
        let width = c.len_utf8();
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if c == 't' && is_bare_t(b, i) => {
                if let Some((key, rest)) = split_lookup(&expr[i..])
                    && let Some(value) = strings.get(key)
                    && let Some(q) = ['"', '\'', '`'].into_iter().find(|q| !value.contains(*q))
                    && !value.contains('\n')
                {
                    out.push(q);
                    out.push_str(value);
                    out.push(q);
                    i = expr.len() - rest.len();
                    continue;
                }
            }
            None => {}
        }
        out.push(c);
        i += width;
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the `t` at byte `at` is the name `t` itself, not part of another name or an
/// attribute of something else (`x.t`).
fn is_bare_t(b: &[u8], at: usize) -> bool {
    let before = at.checked_sub(1).map(|i| b[i]);
    !before.is_some_and(|c| is_ident_byte(c) || c == b'.')
        && !b.get(at + 1).is_some_and(|&c| is_ident_byte(c))
}

/// The string keys a template's own text uses, or `None` when it may use any (see
/// `Theme::strings_by_template`).
fn literal_string_keys(source: &str) -> Option<BTreeSet<String>> {
    let mut keys = BTreeSet::new();
    for tag in tags(source) {
        let tag = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
        let defines_macro = tag.starts_with("macro ");
        let b = tag.as_bytes();
        for (at, _) in tag.match_indices('t') {
            if !is_bare_t(b, at) {
                continue;
            }
            let after = tag[at + 1..].trim_start();
            if after.starts_with('[') {
                // A computed key, or one joined from parts, could be any.
                let (key, _) = split_lookup(&tag[at..])?;
                keys.insert(key.to_string());
            } else if defines_macro
                || (after.starts_with('=') && !after.starts_with("=="))
                || passed_as_t(&tag[..at])
            {
                // A macro's parameter, an argument's name, or `t=t`: passed on whole, and
                // the macro's own uses are counted in its template.
                continue;
            } else {
                return None;
            }
        }
    }
    Some(keys)
}

/// Whether the text before a bare `t` ends in `t =`: the argument `t=t` of a macro call.
fn passed_as_t(before: &str) -> bool {
    let Some(name) = before.trim_end().strip_suffix('=') else {
        return false;
    };
    let Some(rest) = name.trim_end().strip_suffix('t') else {
        return false;
    };
    !rest.ends_with(|c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '=' | '!' | '<' | '>')
    })
}

/// The templates a template extends, includes or imports.
fn references(source: &str) -> Vec<String> {
    tags(source)
        .filter_map(|tag| {
            let tag = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
            let rest = ["extends", "include", "import"]
                .iter()
                .find_map(|w| tag.strip_prefix(w))?
                .trim_start();
            let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
            let name = &rest[1..];
            Some(name[..name.find(quote)?].to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_keys_and_whole_passing_are_told_from_computed_keys() {
        let keys = |s: &str| literal_string_keys(s).map(|k| k.into_iter().collect::<Vec<_>>());
        assert_eq!(
            keys(
                r#"<p title="{{ t['ui.a'] }}">{{ t["ui.b"] | upper }}</p>{% if x %}{{ t[`ui.c`] }}{% endif %}"#
            ),
            Some(vec!["ui.a".into(), "ui.b".into(), "ui.c".into()])
        );
        // Passed whole to a macro, and a macro's parameter: the macro counts its own uses.
        assert_eq!(
            keys(
                "{{ macros::badges(r=r, t=t) }}{% macro mark(m, t) %}{{ t['ui.yes'] }}{% endmacro %}"
            ),
            Some(vec!["ui.yes".into()])
        );
        // Text outside tags is not template code; another object's `t` is not the strings.
        assert_eq!(keys("don't {{ page.t }} {{ at }}"), Some(vec![]));
        for computed in [
            "{{ t[key] }}",
            "{% if t[desc_key] %}x{% endif %}",
            r#"{{ t["ui." ~ name] }}"#,
            "{% set s = t %}{{ s['ui.a'] }}",
            "{% for k, v in t %}{{ v }}{% endfor %}",
            "{{ t | json_encode }}",
            "{{ macros::x(strings=t) }}",
            "{% if t == x %}{% endif %}",
        ] {
            assert_eq!(keys(computed), None, "{computed}");
        }
    }

    #[test]
    fn literal_string_lookups_are_folded_into_the_text() {
        let strings: BTreeMap<String, String> = [
            ("ui.yes", "是"),
            ("ui.q", "say \"hi\" <now>"),
            ("ui.all", "a\"b'c`d"),
            ("ui.n", "第{n}页"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let fold = |s: &str| fold_strings(s, &strings);
        // A whole tag becomes the escaped text; any quotes and spaces.
        assert_eq!(fold(r#"<b>{{ t["ui.yes"] }}</b>"#), "<b>是</b>");
        assert_eq!(fold("{{t[ 'ui.q' ]}}"), "say &quot;hi&quot; &lt;now&gt;");
        // Within an expression: a literal, with a quote the text lacks.
        assert_eq!(
            fold(r#"{{ t["ui.n"] | replace(from="{n}", to=p) }}"#),
            r#"{{ "第{n}页" | replace(from="{n}", to=p) }}"#
        );
        assert_eq!(
            fold(r#"{{ t["ui.q"] | upper }}"#),
            r#"{{ 'say "hi" <now>' | upper }}"#
        );
        assert_eq!(
            fold(r#"{% if x %}{{ m::a(l=t["ui.yes"], t=t) }}{% endif %}"#),
            r#"{% if x %}{{ m::a(l="是", t=t) }}{% endif %}"#
        );
        // Whitespace control and braces keep the tag (the literal is folded inside it).
        assert_eq!(fold(r#"{{- t["ui.yes"] }}"#), r#"{{- "是" }}"#);
        assert_eq!(fold(r#"{{ t["ui.n"] }}"#), r#"{{ "第{n}页" }}"#);
        // Left alone: unknown keys, a text no literal can hold, computed keys, other
        // objects' `t`, string literals, comments and raw blocks.
        for kept in [
            r#"{{ t["ui.none"] }}"#,
            r#"{{ t["ui.all"] | upper }}"#,
            "{{ t[key] }}",
            r#"{{ page.t["ui.yes"] }}{{ at["ui.yes"] }}"#,
            r#"{{ "t['ui.yes']" ~ x }}"#,
            r#"{# {{ t["ui.yes"] }} #}"#,
            r#"{# a record's {{ t["ui.yes"] }} #}"#,
            r#"{% raw %}{{ t["ui.yes"] }}{% endraw %}"#,
            r#"{%- raw -%} {{ t["ui.yes"] }} {%- endraw %}"#,
            "not a tag: t['ui.yes'] {",
        ] {
            assert_eq!(fold(kept), kept);
        }
        assert_eq!(
            fold(r#"{% raw %}{{ t["ui.yes"] }}{% endraw %}{{ t["ui.yes"] }}"#),
            r#"{% raw %}{{ t["ui.yes"] }}{% endraw %}是"#
        );
    }

    #[test]
    fn folded_templates_render_as_the_lookups_did() {
        let theme = Theme::load(Path::new("/nonexistent"), "default", Language::ZhCn)
            .expect("default theme")
            .0;
        let folded = theme.folded_templates();
        let mut changed = 0;
        for (name, text) in &theme.templates {
            assert_eq!(
                folded[name].lines().count(),
                text.lines().count(),
                "{name} keeps its lines"
            );
            changed += usize::from(folded[name] != *text);
        }
        assert!(changed > 5, "the default templates use literal keys");
        // A macro's own uses are folded too, so a page needs no strings at all.
        let by = theme.strings_by_template(&folded);
        assert!(by["record.html"].is_empty(), "{:?}", by["record.html"]);
    }

    #[test]
    fn each_template_gets_the_strings_of_what_it_extends_and_imports() {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            template_origin: BTreeMap::new(),
            assets: BTreeMap::new(),
            strings: ["a", "b", "c", "d", "e"]
                .iter()
                .map(|k| (k.to_string(), k.to_uppercase()))
                .collect(),
        };
        for (name, text) in [
            ("base.html", r#"{{ t["a"] }}{% block main %}{% endblock %}"#),
            (
                "macros.html",
                r#"{% macro m(t) %}{{ t["b"] }}{% endmacro %}"#,
            ),
            (
                "page.html",
                r#"{% extends "base.html" %}{% import "macros.html" as macros %}{% block main %}{{ t['c'] }}{{ macros::m(t=t) }}{% endblock %}"#,
            ),
            (
                "home.html",
                r#"{% extends "base.html" %}{% block main %}{{ t[k] }}{% endblock %}"#,
            ),
        ] {
            theme.templates.insert(name.into(), text.into());
        }
        let by = theme.strings_by_template(&theme.templates);
        let names = |t: &str| by[t].keys().cloned().collect::<Vec<_>>().join(",");
        assert_eq!(names("page.html"), "a,b,c");
        assert_eq!(names("base.html"), "a");
        assert_eq!(names("home.html"), "a,b,c,d,e");
        assert_eq!(by["page.html"]["c"], "C");
    }
}
