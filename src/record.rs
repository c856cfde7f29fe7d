//! Content files: YAML front matter + Markdown body → a `Record` (a disclosure record with its
//! 索引号) or a `Page` (guide, rules, application, annual report, other).
//!
//! Parsing is pure and checks each file on its own: every unknown, missing or malformed field
//! is reported at the line of its key, counted from the top of the file. Checks that need the
//! catalog or other files (item exists, 索引号 unique, …) belong to `site`.

use crate::catalog::Method;
use crate::date::Date;
use crate::diag::{Diagnostic, Pos, suggest};
use crate::limits::Limits;
use crate::text::{normalize_newlines, yaml_error};
use crate::yamlpos::KeyPositions;
use serde_yaml::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    Valid,
    Repealed(Date),
}

/// 文件类型, used by the annual report's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 行政规范性文件
    Normative,
    /// 规章
    Regulation,
    Other,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Normative => "normative",
            Kind::Regulation => "regulation",
            Kind::Other => "other",
        }
    }
}

/// The front matter and body of one disclosure record.
#[derive(Debug, Clone)]
pub struct Record {
    pub index_no: String,
    pub title: String,
    /// `area-id/item-id`
    pub item: String,
    pub publisher: String,
    pub doc_no: Option<String>,
    /// 成文日期
    pub formed: Date,
    /// 变更日期
    pub changed: Option<Date>,
    /// 发布日期
    pub published: Date,
    pub validity: Validity,
    pub kind: Option<Kind>,
    pub draft: bool,
    pub method: Option<Method>,
    pub topics: Vec<String>,
    pub summary: Option<String>,
    pub attachments: Vec<String>,
    pub interprets: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    Guide,
    Rules,
    Apply,
    Report,
    Other,
}

impl PageKind {
    pub fn key(self) -> &'static str {
        match self {
            PageKind::Guide => "guide",
            PageKind::Rules => "rules",
            PageKind::Apply => "apply",
            PageKind::Report => "report",
            PageKind::Other => "other",
        }
    }
}

/// A page that is not a record.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub title: String,
    pub description: Option<String>,
    pub draft: bool,
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Front {
    Record(Record),
    Page(Page),
    /// A record whose own fields have errors (already reported). What could be read of its
    /// references is kept, so that an unknown item or publisher is reported in the same run.
    Incomplete {
        item: Option<String>,
        publisher: Option<String>,
    },
}

/// A parsed content file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the site root, e.g. `content/records/a.md`.
    pub file: String,
    pub front: Front,
    pub body: String,
    /// File line on which the body starts.
    pub body_line: usize,
    /// Where each front-matter key is written.
    pub positions: KeyPositions,
}

impl Source {
    /// Position of a front-matter key, or the top of the file.
    pub fn pos(&self, key: &str) -> Pos {
        self.positions.find_or(key, Pos::new(1, 1))
    }

    pub fn attachments(&self) -> &[String] {
        match &self.front {
            Front::Record(r) => &r.attachments,
            Front::Page(p) => &p.attachments,
            Front::Incomplete { .. } => &[],
        }
    }

    pub fn draft(&self) -> bool {
        match &self.front {
            Front::Record(r) => r.draft,
            Front::Page(p) => p.draft,
            Front::Incomplete { .. } => false,
        }
    }
}

const RECORD_KEYS: &[&str] = &[
    "index_no",
    "title",
    "item",
    "publisher",
    "doc_no",
    "formed",
    "changed",
    "published",
    "validity",
    "repealed_on",
    "kind",
    "draft",
    "method",
    "topics",
    "summary",
    "attachments",
    "interprets",
];
const PAGE_KEYS: &[&str] = &["page", "title", "description", "draft", "attachments"];

/// Splits a content file into front matter and body and parses both. `file` names the file in
/// diagnostics. Returns the source when it could be read, and every problem found.
pub fn parse(text: &str, file: &str) -> (Option<Source>, Vec<Diagnostic>) {
    parse_with(text, file, &Limits::default())
}

/// `parse` under the site's resource limits (nesting depth and field length).
pub fn parse_with(text: &str, file: &str, limits: &Limits) -> (Option<Source>, Vec<Diagnostic>) {
    let text = normalize_newlines(text);
    let Some((yaml, body, body_line)) = split_front_matter(&text) else {
        return (
            None,
            vec![
                Diagnostic::error(file, "the file has no front matter")
                    .at(Pos::new(1, 1))
                    .help("start the file with a line `---`, the record's fields (index_no, title, item, publisher, formed, published), and another line `---`"),
            ],
        );
    };
    if let Some(d) = crate::text::raw_control_character(file, yaml, 2) {
        return (None, vec![d]);
    }
    let value: Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) if e.to_string().contains("limit exceeded") => {
            return (
                None,
                vec![crate::limits::located_limit_error(file, &e, yaml, 2)],
            );
        }
        Err(e) => return (None, vec![yaml_error(file, &e, 2)]),
    };
    let positions = KeyPositions::scan(yaml, 2);
    if let Some(d) = crate::limits::nesting_error(file, &value, limits, &positions, Pos::new(2, 1))
    {
        return (None, vec![d]);
    }
    let Value::Mapping(map) = value else {
        return (
            None,
            vec![
                Diagnostic::error(
                    file,
                    "the front matter is not a list of `key: value` fields",
                )
                .at(Pos::new(2, 1))
                .help("write one field per line, such as `title: 关于……的通知`"),
            ],
        );
    };
    let mut fields = Fields {
        file,
        max_chars: limits.max_field_chars,
        positions: &positions,
        map: BTreeMap::new(),
        diags: Vec::new(),
    };
    for (k, v) in map {
        match k {
            Value::String(k) => {
                fields.map.insert(k, v);
            }
            other => fields.diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "field name `{}` is not text",
                        scalar_text(&other).unwrap_or_default()
                    ),
                )
                .at(Pos::new(2, 1))
                .help("field names are words such as `title`"),
            ),
        }
    }
    let front = if fields.map.contains_key("page") {
        parse_page(&mut fields)
    } else {
        parse_record(&mut fields).or_else(|| {
            let text = |k: &str| fields.map.get(k).and_then(scalar_text);
            Some(Front::Incomplete {
                item: text("item"),
                publisher: text("publisher"),
            })
        })
    };
    let mut diags = fields.diags;
    crate::diag::sort(&mut diags);
    let source = front.map(|front| Source {
        file: file.to_string(),
        front,
        body: body.to_string(),
        body_line,
        positions: positions.clone(),
    });
    (source, diags)
}

/// Returns (front matter, body, line number where the body starts).
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("--- \n"))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body, i + 3));
        }
        offset += line.len();
    }
    None
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The fields of one front matter, taken one by one with every problem recorded.
struct Fields<'a> {
    file: &'a str,
    /// `limits.max_field_chars`.
    max_chars: usize,
    positions: &'a KeyPositions,
    map: BTreeMap<String, Value>,
    diags: Vec<Diagnostic>,
}

impl Fields<'_> {
    fn error(&mut self, key: &str, message: String, help: impl Into<String>) {
        let pos = self.positions.find_or(key, Pos::new(1, 1));
        self.diags
            .push(Diagnostic::error(self.file, message).at(pos).help(help));
    }

    fn check_unknown(&mut self, allowed: &[&str], what: &str) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            let help = match suggest(&key, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? {what} accepts: {}", allowed.join(", ")),
                None => format!("{what} accepts: {}", allowed.join(", ")),
            };
            self.error(&key, format!("unknown field `{key}`"), help);
        }
    }

    fn missing(&mut self, key: &str, example: &str) {
        self.diags.push(
            Diagnostic::error(self.file, format!("missing required field `{key}`"))
                .at(Pos::new(1, 1))
                .help(format!("add a line `{key}: {example}` to the front matter")),
        );
    }

    /// Checks a one-line value: control characters and absurd lengths are errors (they come
    /// from broken files or attacks, never from an editor's intent); bidirectional-override
    /// characters, which can make a title read differently from what it says, are removed
    /// with a warning.
    fn clean_line(&mut self, key: &str, value: &str) -> Option<String> {
        if let Some(c) = value.chars().find(|c| c.is_control()) {
            self.error(
                key,
                format!("`{key}` contains the control character U+{:04X}", c as u32),
                "retype the value: control characters are invisible and never belong in a field",
            );
            return None;
        }
        let len = value.chars().count();
        if len > self.max_chars {
            self.error(
                key,
                format!(
                    "`{key}` is {len} characters long; limits.max_field_chars allows {}",
                    self.max_chars
                ),
                "shorten the value (long text belongs in the body below the front matter), or raise `limits.max_field_chars` in catalog.yaml",
            );
            return None;
        }
        let is_bidi = crate::text::is_bidi_control;
        if value.chars().any(is_bidi) {
            let pos = self.positions.find_or(key, Pos::new(1, 1));
            self.diags.push(
                Diagnostic::warning(self.file, format!("removed bidirectional control characters from `{key}`"))
                    .at(pos)
                    .help("these invisible characters can make text display in a different order than it is written; retype the value without them"),
            );
            return Some(value.chars().filter(|c| !is_bidi(*c)).collect());
        }
        Some(value.to_string())
    }

    /// Optional text field; numbers are accepted as their text.
    fn text(&mut self, key: &str) -> Option<String> {
        let v = self.map.get(key)?.clone();
        match v {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => {
                self.error(
                    key,
                    format!("`{key}` is empty"),
                    format!("write a value after `{key}:` or remove the line"),
                );
                None
            }
            _ => match scalar_text(&v) {
                Some(s) => self.clean_line(key, s.trim()),
                None => {
                    self.error(
                        key,
                        format!("`{key}` should be text"),
                        "write a single value on the same line, not a list or a block",
                    );
                    None
                }
            },
        }
    }

    fn required_text(&mut self, key: &str, example: &str) -> Option<String> {
        if !self.map.contains_key(key) {
            self.missing(key, example);
            return None;
        }
        self.text(key)
    }

    fn date(&mut self, key: &str) -> Option<Date> {
        let s = self.text(key)?;
        match Date::parse(&s) {
            Some(d) => Some(d),
            None => {
                self.error(key, format!("`{key}: {s}` is not a valid date"), "write the date as YYYY-MM-DD, for example 2024-09-27, and check that the day exists");
                None
            }
        }
    }

    fn required_date(&mut self, key: &str) -> Option<Date> {
        if !self.map.contains_key(key) {
            self.missing(key, "2024-09-27");
            return None;
        }
        self.date(key)
    }

    fn bool(&mut self, key: &str) -> bool {
        match self.map.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.error(
                    key,
                    format!("`{key}` should be true or false"),
                    format!("write `{key}: true` or `{key}: false`"),
                );
                false
            }
        }
    }

    fn list(&mut self, key: &str) -> Vec<String> {
        let Some(v) = self.map.get(key).cloned() else {
            return Vec::new();
        };
        let items = match v {
            Value::Null => return Vec::new(),
            Value::Sequence(items) => items,
            // A single value where a list is expected is a common, harmless shorthand.
            other => vec![other],
        };
        let mut out = Vec::new();
        for item in items {
            match scalar_text(&item) {
                Some(s) if !s.trim().is_empty() => out.extend(self.clean_line(key, s.trim())),
                _ => self.error(
                    key,
                    format!("every entry of `{key}` should be a single value"),
                    format!("write `{key}: [a, b]` with plain values"),
                ),
            }
        }
        out
    }

    fn choice<T: Copy>(&mut self, key: &str, choices: &[(&str, T)]) -> Option<T> {
        let s = self.text(key)?;
        match choices.iter().find(|(name, _)| *name == s) {
            Some((_, v)) => Some(*v),
            None => {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                let help = match suggest(&s, names.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`? Use one of: {}", names.join(", ")),
                    None => format!("use one of: {}", names.join(", ")),
                };
                self.error(key, format!("`{key}: {s}` is not allowed"), help);
                None
            }
        }
    }
}

fn parse_page(f: &mut Fields) -> Option<Front> {
    f.check_unknown(PAGE_KEYS, "a page");
    let kind = f.choice(
        "page",
        &[
            ("guide", PageKind::Guide),
            ("rules", PageKind::Rules),
            ("apply", PageKind::Apply),
            ("report", PageKind::Report),
            ("other", PageKind::Other),
        ],
    );
    let title = f.required_text("title", "示例县人民政府信息公开指南");
    let description = f.text("description");
    let draft = f.bool("draft");
    let attachments = f.list("attachments");
    Some(Front::Page(Page {
        kind: kind?,
        title: title?,
        description,
        draft,
        attachments,
    }))
}

fn parse_record(f: &mut Fields) -> Option<Front> {
    f.check_unknown(RECORD_KEYS, "a record");
    let index_no = f.required_text("index_no", "11320000MB151840XJ/2024-00012");
    let title = f.required_text("title", "关于……的公示");
    let item = f.required_text("item", "social-assistance/dibao-review");
    let publisher = f.required_text("publisher", "mz");
    let doc_no = f.text("doc_no");
    let formed = f.required_date("formed");
    let changed = f.date("changed");
    let published = f.required_date("published");
    let repealed_on = f.date("repealed_on");
    let validity = f.choice("validity", &[("valid", false), ("repealed", true)]);
    let kind = f.choice(
        "kind",
        &[
            ("normative", Kind::Normative),
            ("regulation", Kind::Regulation),
            ("other", Kind::Other),
        ],
    );
    let draft = f.bool("draft");
    let method = f.choice(
        "method",
        &[
            ("proactive", Method::Proactive),
            ("on-request", Method::OnRequest),
        ],
    );
    let topics = f.list("topics");
    let summary = f.text("summary");
    let attachments = f.list("attachments");
    let interprets = f.text("interprets");

    if let Some(item) = &item
        && item.split('/').count() != 2
    {
        f.error("item", format!("`item: {item}` is not of the form area-id/item-id"), "write the area id and the item id from catalog.yaml with a `/` between them, for example social-assistance/dibao-review");
    }
    if let (Some(formed), Some(published)) = (formed, published)
        && formed > published
    {
        f.error("formed", format!("formed date {formed} is after the published date {published}"), "a record is published on or after the day it was formed (成文日期 ≤ 发布日期); check both dates");
    }
    if let (Some(formed), Some(changed)) = (formed, changed)
        && changed < formed
    {
        f.error(
            "changed",
            format!("changed date {changed} is before the formed date {formed}"),
            "变更日期 is the day the information last changed, on or after 成文日期",
        );
    }
    let validity = match (validity, repealed_on) {
        (Some(true), Some(on)) => {
            if let Some(published) = published
                && on < published
            {
                f.error(
                    "repealed_on",
                    format!("repealed_on {on} is before the published date {published}"),
                    "check the date the document was repealed (废止日期)",
                );
            }
            Validity::Repealed(on)
        }
        (Some(true), None) => {
            if !f.map.contains_key("repealed_on") {
                f.error(
                    "validity",
                    "a repealed record needs `repealed_on`".into(),
                    "add `repealed_on: YYYY-MM-DD`, the day the document stopped being in force",
                );
            }
            Validity::Valid
        }
        (_, Some(_)) => {
            f.error(
                "repealed_on",
                "`repealed_on` is set but `validity` is not `repealed`".into(),
                "add `validity: repealed`, or remove repealed_on",
            );
            Validity::Valid
        }
        _ => Validity::Valid,
    };
    Some(Front::Record(Record {
        index_no: index_no?,
        title: title?,
        item: item?,
        publisher: publisher?,
        doc_no,
        formed: formed?,
        changed,
        published: published?,
        validity,
        kind,
        draft,
        method,
        topics,
        summary,
        attachments,
        interprets,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\nindex_no: 11320000MB151840XJ/2024-00012\ntitle: 关于低保审核情况的公示\nitem: social-assistance/dibao-review\npublisher: mz\nformed: 2024-09-20\npublished: 2024-09-27\ntopics: [低保]\n---\n正文\n";

    fn messages(text: &str) -> Vec<String> {
        parse(text, "content/a.md")
            .1
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn parses_a_record() {
        let (src, diags) = parse(GOOD, "content/a.md");
        assert!(diags.is_empty(), "{diags:?}");
        let src = src.expect("parsed");
        assert_eq!(src.body, "正文\n");
        assert_eq!(src.body_line, 10);
        let Front::Record(r) = src.front else {
            panic!("a record")
        };
        assert_eq!(r.title, "关于低保审核情况的公示");
        assert_eq!(r.published.to_string(), "2024-09-27");
        assert_eq!(r.topics, vec!["低保"]);
        assert_eq!(r.validity, Validity::Valid);
    }

    #[test]
    fn crlf_and_bom_keep_line_numbers() {
        let text = format!(
            "\u{feff}{}",
            GOOD.replace('\n', "\r\n")
                .replace("formed: 2024-09-20", "formed: 2024-09-31")
        );
        assert_eq!(
            messages(&text),
            vec![
                "content/a.md:6:1: error: `formed: 2024-09-31` is not a valid date\n    help: write the date as YYYY-MM-DD, for example 2024-09-27, and check that the day exists",
            ]
        );
    }

    #[test]
    fn every_field_problem_is_reported() {
        let text = GOOD.replace("title:", "titel:").replace(
            "published: 2024-09-27",
            "published: 2024-09-01\nvalidity: repeald\nsecret: x",
        );
        assert_eq!(
            messages(&text),
            vec![
                "content/a.md:1:1: error: missing required field `title`\n    help: add a line `title: 关于……的公示` to the front matter",
                "content/a.md:3:1: error: unknown field `titel`\n    help: did you mean `title`? a record accepts: index_no, title, item, publisher, doc_no, formed, changed, published, validity, repealed_on, kind, draft, method, topics, summary, attachments, interprets",
                "content/a.md:6:1: error: formed date 2024-09-20 is after the published date 2024-09-01\n    help: a record is published on or after the day it was formed (成文日期 ≤ 发布日期); check both dates",
                "content/a.md:8:1: error: `validity: repeald` is not allowed\n    help: did you mean `repealed`? Use one of: valid, repealed",
                "content/a.md:9:1: error: unknown field `secret`\n    help: a record accepts: index_no, title, item, publisher, doc_no, formed, changed, published, validity, repealed_on, kind, draft, method, topics, summary, attachments, interprets",
            ]
        );
    }

    #[test]
    fn yaml_syntax_errors_count_file_lines() {
        let text = GOOD.replace("topics: [低保]", "topics: [低保");
        let m = messages(&text);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("content/a.md:9:") || m[0].starts_with("content/a.md:8:"),
            "{}",
            m[0]
        );
    }

    #[test]
    fn missing_front_matter() {
        assert_eq!(
            messages("# 标题\n"),
            vec![
                "content/a.md:1:1: error: the file has no front matter\n    help: start the file with a line `---`, the record's fields (index_no, title, item, publisher, formed, published), and another line `---`",
            ]
        );
    }

    #[test]
    fn repeal_needs_a_date() {
        let m = messages(&GOOD.replace("topics: [低保]", "validity: repealed"));
        assert_eq!(
            m,
            vec![
                "content/a.md:8:1: error: a repealed record needs `repealed_on`\n    help: add `repealed_on: YYYY-MM-DD`, the day the document stopped being in force"
            ]
        );
    }

    #[test]
    fn control_characters_and_long_values_are_errors_bidi_overrides_are_removed() {
        let m = messages(&GOOD.replace(
            "title: 关于低保审核情况的公示",
            "title: \"关于低保\\a审核\"",
        ));
        assert_eq!(
            m,
            vec![
                "content/a.md:3:1: error: `title` contains the control character U+0007\n    help: retype the value: control characters are invisible and never belong in a field",
            ]
        );
        let long = "长".repeat(1001);
        let m = messages(&GOOD.replace("关于低保审核情况的公示", &long));
        assert!(
            m[0].contains("`title` is 1001 characters long; limits.max_field_chars allows 1000"),
            "{m:?}"
        );
        let (src, diags) = parse(
            &GOOD.replace("关于低保审核情况的公示", "关于\u{202E}示公的况情"),
            "content/a.md",
        );
        assert_eq!(diags.len(), 1);
        assert!(diags[0].to_string().starts_with(
            "content/a.md:3:1: warning: removed bidirectional control characters from `title`"
        ));
        let Some(Source {
            front: Front::Record(r),
            ..
        }) = src
        else {
            panic!("a record")
        };
        assert_eq!(r.title, "关于示公的况情");
    }

    #[test]
    fn pages() {
        let (src, diags) = parse(
            "---\npage: guide\ntitle: 公开指南\n---\n正文",
            "content/guide.md",
        );
        assert!(diags.is_empty());
        let src = src.expect("parsed");
        assert!(matches!(
            src.front,
            Front::Page(Page {
                kind: PageKind::Guide,
                ..
            })
        ));
        assert_eq!(
            messages("---\npage: guid\ntitle: x\n---\n"),
            vec![
                "content/a.md:2:1: error: `page: guid` is not allowed\n    help: did you mean `guide`? Use one of: guide, rules, apply, report, other",
            ]
        );
    }
}
