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
use crate::t;
use crate::text::yaml_scalar_text;
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
    /// Old addresses of the record (on the county's previous site), redirected to it.
    pub aliases: Vec<String>,
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
    /// Old addresses of the page, redirected to it.
    pub aliases: Vec<String>,
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
        /// The 索引号 as written, so that no new number repeats it.
        index_no: Option<String>,
    },
}

/// A parsed content file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the site root, e.g. `content/records/a.md`.
    pub file: String,
    pub front: Front,
    pub body: std::sync::Arc<str>,
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

    /// The record's 索引号 as written, also when the record has errors.
    pub fn index_no(&self) -> Option<&str> {
        match &self.front {
            Front::Record(r) => Some(&r.index_no),
            Front::Incomplete { index_no, .. } => index_no.as_deref(),
            Front::Page(_) => None,
        }
    }

    pub fn aliases(&self) -> &[String] {
        match &self.front {
            Front::Record(r) => &r.aliases,
            Front::Page(p) => &p.aliases,
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

/// What kind of value a front-matter field holds. The parser reads each field with the
/// matching `Fields` method, and `schema` turns the kind into JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text (numbers are read as their text).
    Text,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// `true` or `false`.
    Bool,
    /// A list of one-line values (a single value counts as a list of one).
    List,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A catalog item, `area-id/item-id`.
    Item,
    /// A publisher key from catalog.yaml.
    Publisher,
    /// An 索引号, the record's own or another record's.
    IndexNo,
}

/// One front-matter field: its key, its kind, and what it means, with the legal term it
/// stands for in Chinese and its English name. The parser's list of known fields and the
/// JSON Schema editors use are both made from these tables; a unit test below checks that the
/// parser treats each field as its row says.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// The legal term, e.g. 索引号.
    pub zh: &'static str,
    pub en: &'static str,
    /// What to write, in Chinese and in English.
    pub about_zh: &'static str,
    pub about_en: &'static str,
}

const fn field(
    key: &'static str,
    kind: FieldKind,
    required: bool,
    names: (&'static str, &'static str),
    about: (&'static str, &'static str),
) -> Field {
    Field {
        key,
        kind,
        required,
        zh: names.0,
        en: names.1,
        about_zh: about.0,
        about_en: about.1,
    }
}

/// The fields of a record's front matter.
// i18n: not messages (the schema's bilingual titles and descriptions)
#[rustfmt::skip]
pub const RECORD_FIELDS: &[Field] = &[
    field("index_no", FieldKind::IndexNo, true, ("索引号", "Index number"),
        ("唯一且永不改变的编号，记录的网址由它而来；用 gongkai new 生成。",
         "Unique and never changed; the record's address derives from it. `gongkai new` makes one.")),
    field("title", FieldKind::Text, true, ("名称（标题）", "Title"),
        ("信息的正式名称。",
         "The document's full title.")),
    field("item", FieldKind::Item, true, ("公开事项（目录）", "Catalog item"),
        ("所属目录事项，写作 领域id/事项id。",
         "The catalog item it is filed under, as area-id/item-id.")),
    field("publisher", FieldKind::Publisher, true, ("发布机构", "Publisher"),
        ("catalog.yaml 中发布机构的 key。",
         "The key of a publisher in catalog.yaml.")),
    field("doc_no", FieldKind::Text, false, ("文号（发文字号）", "Document number"),
        ("公文的发文字号，如 示民发〔2024〕12号。",
         "The official document number, e.g. 示民发〔2024〕12号.")),
    field("formed", FieldKind::Date, true, ("成文日期", "Date formed"),
        ("公文签发或信息形成的日期，YYYY-MM-DD；公开时限由此起算。",
         "The day the document was signed or the information formed, YYYY-MM-DD; time limits count from it.")),
    field("changed", FieldKind::Date, false, ("变更日期", "Date changed"),
        ("信息变更的日期；设定时公开时限由此起算。",
         "The day the information last changed; when set, time limits count from it.")),
    field("published", FieldKind::Date, true, ("发布日期（公开日期）", "Date published"),
        ("在网站上公开的日期，YYYY-MM-DD。",
         "The day it is published on the site, YYYY-MM-DD.")),
    field("validity", FieldKind::Choice(&["valid", "repealed"]), false, ("有效性", "Validity"),
        ("valid 有效（默认）或 repealed 废止。",
         "valid (the default) or repealed.")),
    field("repealed_on", FieldKind::Date, false, ("废止日期", "Date repealed"),
        ("文件废止之日；validity 为 repealed 时必填。",
         "The day the document stopped being in force; required with validity: repealed.")),
    field("kind", FieldKind::Choice(&["normative", "regulation", "other"]), false, ("文件类型", "Document kind"),
        ("normative 行政规范性文件、regulation 规章、other 其他；年报据此统计。",
         "normative (行政规范性文件), regulation (规章) or other; the annual report counts them.")),
    field("draft", FieldKind::Bool, false, ("草稿", "Draft"),
        ("true 时不发布。",
         "When true, the record is not published.")),
    field("method", FieldKind::Choice(&["proactive", "on-request"]), false, ("公开方式", "Disclosure method"),
        ("proactive 主动公开或 on-request 依申请公开；默认取所属事项的方式。",
         "proactive or on-request; defaults to the item's.")),
    field("topics", FieldKind::List, false, ("主题词（主题分类）", "Topics"),
        ("主题词列表。",
         "A list of topic words.")),
    field("summary", FieldKind::Text, false, ("内容概述", "Summary"),
        ("一句话概述。",
         "A one-line summary.")),
    field("attachments", FieldKind::List, false, ("附件", "Attachments"),
        ("与本文件同在 content/ 内的附件文件名，相对于本文件。",
         "Files beside the record inside content/, named relative to it.")),
    field("interprets", FieldKind::IndexNo, false, ("政策解读对象", "Interprets"),
        ("本记录是政策解读时，所解读文件的索引号。",
         "For a policy interpretation (政策解读): the 索引号 of the document it explains.")),
    field("aliases", FieldKind::List, false, ("原网址", "Old addresses"),
        ("本记录在原网站上的网址（如 /art/2019/3/5/art_1229_123.html）；网站迁移后旧链接跳转到本记录，不能与本站现有网址重复。",
         "The record's addresses on the previous site (such as /art/2019/3/5/art_1229_123.html); after a move, old links redirect to it. They cannot repeat an address the site uses.")),
];

/// The fields of a page that is not a record.
#[rustfmt::skip]
pub const PAGE_FIELDS: &[Field] = &[
    field("page", FieldKind::Choice(&["guide", "rules", "apply", "report", "other"]), true, ("页面类型", "Page kind"),
        ("guide 公开指南、rules 公开制度、apply 依申请公开、report 年报、other 其他。",
         "guide (公开指南), rules (公开制度), apply (依申请公开), report (年报) or other.")),
    field("title", FieldKind::Text, true, ("标题", "Title"),
        ("页面标题。",
         "The page's title.")),
    field("description", FieldKind::Text, false, ("说明", "Description"),
        ("一句话说明。",
         "A one-line description.")),
    field("draft", FieldKind::Bool, false, ("草稿", "Draft"),
        ("true 时不发布。",
         "When true, the page is not published.")),
    field("attachments", FieldKind::List, false, ("附件", "Attachments"),
        ("与本文件同在 content/ 内的附件文件名，相对于本文件。",
         "Files beside the page inside content/, named relative to it.")),
    field("aliases", FieldKind::List, false, ("原网址", "Old addresses"),
        ("本页面在原网站上的网址；网站迁移后旧链接跳转到本页面，不能与本站现有网址重复。",
         "The page's addresses on the previous site; after a move, old links redirect to it. They cannot repeat an address the site uses.")),
];
// i18n: end

fn keys(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.key).collect()
}

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
                Diagnostic::error(file, t!("the file has no front matter"))
                    .at(Pos::new(1, 1))
                    .help(t!("start the file with a line `---`, the record's fields (index_no, title, item, publisher, formed, published), and another line `---`")),
            ],
        );
    };
    if let Some(d) = crate::text::raw_control_character(file, yaml, 2) {
        return (None, vec![d]);
    }
    let value: Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        // not a message: the YAML reader's own words for its limits
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
                    t!("the front matter is not a list of `key: value` fields"),
                )
                .at(Pos::new(2, 1))
                .help(t!(
                    "write one field per line, such as `title: 关于……的通知`"
                )),
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
                    t!(
                        "field name `{name}` is not text",
                        name = yaml_scalar_text(&other).unwrap_or_default()
                    ),
                )
                .at(Pos::new(2, 1))
                .help(t!("field names are words such as `title`")),
            ),
        }
    }
    let front = if fields.map.contains_key("page") {
        parse_page(&mut fields)
    } else {
        parse_record(&mut fields).or_else(|| {
            let text = |k: &str| fields.map.get(k).and_then(yaml_scalar_text);
            Some(Front::Incomplete {
                item: text("item"),
                publisher: text("publisher"),
                index_no: text("index_no"),
            })
        })
    };
    let mut diags = fields.diags;
    crate::diag::sort(&mut diags);
    let source = front.map(|front| Source {
        file: file.to_string(),
        front,
        body: body.into(),
        body_line,
        positions: positions.clone(),
    });
    (source, diags)
}

/// Splits newline-normalised text into (front matter, body, line number where the body starts).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
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

    fn check_unknown(&mut self, fields: &[Field], what: &str) {
        let allowed = keys(fields);
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            let help = match suggest(&key, allowed.iter().copied()) {
                Some(s) => t!(
                    "did you mean `{s}`? {what} accepts: {allowed}",
                    s,
                    what,
                    allowed = allowed.join(", ")
                ),
                None => t!(
                    "{what} accepts: {allowed}",
                    what,
                    allowed = allowed.join(", ")
                ),
            };
            self.error(&key, t!("unknown field `{key}`", key), help);
        }
    }

    fn missing(&mut self, key: &str, example: &str) {
        self.diags.push(
            Diagnostic::error(self.file, t!("missing required field `{key}`", key))
                .at(Pos::new(1, 1))
                .help(t!(
                    "add a line `{key}: {example}` to the front matter",
                    key,
                    example
                )),
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
                t!(
                    "`{key}` contains the control character U+{code}",
                    key,
                    code = format!("{:04X}", c as u32)
                ),
                t!(
                    "retype the value: control characters are invisible and never belong in a field"
                ),
            );
            return None;
        }
        let len = value.chars().count();
        if len > self.max_chars {
            self.error(
                key,
                t!(
                    "`{key}` is {len} characters long; limits.max_field_chars allows {max}",
                    key,
                    len,
                    max = self.max_chars
                ),
                t!("shorten the value (long text belongs in the body below the front matter), or raise `limits.max_field_chars` in catalog.yaml"),
            );
            return None;
        }
        let is_bidi = crate::text::is_bidi_control;
        if value.chars().any(is_bidi) {
            let pos = self.positions.find_or(key, Pos::new(1, 1));
            self.diags.push(
                Diagnostic::warning(self.file, t!("removed bidirectional control characters from `{key}`", key))
                    .at(pos)
                    .help(t!("these invisible characters can make text display in a different order than it is written; retype the value without them")),
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
                    t!("`{key}` is empty", key),
                    t!("write a value after `{key}:` or remove the line", key),
                );
                None
            }
            _ => match yaml_scalar_text(&v) {
                Some(s) => self.clean_line(key, s.trim()),
                None => {
                    self.error(
                        key,
                        t!("`{key}` should be text", key),
                        t!("write a single value on the same line, not a list or a block"),
                    );
                    None
                }
            },
        }
    }

    /// True when `key` is absent or written without a value (`title:` or `title: null`).
    fn is_unset(&self, key: &str) -> bool {
        matches!(self.map.get(key), None | Some(Value::Null))
    }

    fn required_text(&mut self, key: &str, example: &str) -> Option<String> {
        if self.is_unset(key) {
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
                self.error(key, t!("`{key}: {s}` is not a valid date", key, s), t!("write the date as YYYY-MM-DD, for example 2024-09-27, and check that the day exists"));
                None
            }
        }
    }

    fn required_date(&mut self, key: &str) -> Option<Date> {
        if self.is_unset(key) {
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
                    t!("`{key}` should be true or false", key),
                    t!("write `{key}: true` or `{key}: false`", key),
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
            match yaml_scalar_text(&item) {
                Some(s) if !s.trim().is_empty() => out.extend(self.clean_line(key, s.trim())),
                _ => self.error(
                    key,
                    t!("every entry of `{key}` should be a single value", key),
                    t!("write `{key}: [a, b]` with plain values", key),
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
                    Some(n) => t!(
                        "did you mean `{n}`? Use one of: {names}",
                        n,
                        names = names.join(", ")
                    ),
                    None => t!("use one of: {names}", names = names.join(", ")),
                };
                self.error(key, t!("`{key}: {s}` is not allowed", key, s), help);
                None
            }
        }
    }
}

fn parse_page(f: &mut Fields) -> Option<Front> {
    f.check_unknown(PAGE_FIELDS, &t!("a page"));
    if f.is_unset("page") {
        f.missing("page", "guide");
    }
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
    let aliases = f.list("aliases");
    Some(Front::Page(Page {
        kind: kind?,
        title: title?,
        description,
        draft,
        attachments,
        aliases,
    }))
}

fn parse_record(f: &mut Fields) -> Option<Front> {
    f.check_unknown(RECORD_FIELDS, &t!("a record"));
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
    let aliases = f.list("aliases");

    if let Some(item) = &item
        && item.split('/').count() != 2
    {
        f.error("item", t!("`item: {item}` is not of the form area-id/item-id", item), t!("write the area id and the item id from catalog.yaml with a `/` between them, for example social-assistance/dibao-review"));
    }
    if let (Some(formed), Some(published)) = (formed, published)
        && formed > published
    {
        f.error("formed", t!("formed date {formed} is after the published date {published}", formed, published), t!("a record is published on or after the day it was formed (成文日期 ≤ 发布日期); check both dates"));
    }
    if let (Some(formed), Some(changed)) = (formed, changed)
        && changed < formed
    {
        f.error(
            "changed",
            t!(
                "changed date {changed} is before the formed date {formed}",
                changed,
                formed
            ),
            t!("变更日期 is the day the information last changed, on or after 成文日期"),
        );
    }
    let validity = match (validity, repealed_on) {
        (Some(true), Some(on)) => {
            if let Some(published) = published
                && on < published
            {
                f.error(
                    "repealed_on",
                    t!(
                        "repealed_on {on} is before the published date {published}",
                        on,
                        published
                    ),
                    t!("check the date the document was repealed (废止日期)"),
                );
            }
            Validity::Repealed(on)
        }
        (Some(true), None) => {
            if !f.map.contains_key("repealed_on") {
                f.error(
                    "validity",
                    t!("a repealed record needs `repealed_on`"),
                    t!(
                        "add `repealed_on: YYYY-MM-DD`, the day the document stopped being in force"
                    ),
                );
            }
            Validity::Valid
        }
        (_, Some(_)) => {
            f.error(
                "repealed_on",
                t!("`repealed_on` is set but `validity` is not `repealed`"),
                t!("add `validity: repealed`, or remove repealed_on"),
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
        aliases,
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
        assert_eq!(&*src.body, "正文\n");
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
                "content/a.md:3:1: error: unknown field `titel`\n    help: did you mean `title`? a record accepts: index_no, title, item, publisher, doc_no, formed, changed, published, validity, repealed_on, kind, draft, method, topics, summary, attachments, interprets, aliases",
                "content/a.md:6:1: error: formed date 2024-09-20 is after the published date 2024-09-01\n    help: a record is published on or after the day it was formed (成文日期 ≤ 发布日期); check both dates",
                "content/a.md:8:1: error: `validity: repeald` is not allowed\n    help: did you mean `repealed`? Use one of: valid, repealed",
                "content/a.md:9:1: error: unknown field `secret`\n    help: a record accepts: index_no, title, item, publisher, doc_no, formed, changed, published, validity, repealed_on, kind, draft, method, topics, summary, attachments, interprets, aliases",
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

    const FULL_RECORD: &str = "---\nindex_no: 11320000MB151840XJ/2024-00012\ntitle: 关于低保审核情况的公示\nitem: social-assistance/dibao-review\npublisher: mz\ndoc_no: 示民发〔2024〕12号\nformed: 2024-09-20\nchanged: 2024-09-21\npublished: 2024-09-27\nvalidity: repealed\nrepealed_on: 2024-12-01\nkind: normative\ndraft: false\nmethod: proactive\ntopics: [低保]\nsummary: 概述\nattachments: [a.csv]\ninterprets: 11320000MB151840XJ/2024-00011\naliases: [/art/2019/3/5/art_1229_123.html]\n---\n";
    const FULL_PAGE: &str = "---\npage: guide\ntitle: 公开指南\ndescription: 说明\ndraft: false\nattachments: [a.pdf]\naliases: [/xxgk/gkzn.html]\n---\n";

    /// Replaces the line of `key` in `text` (`None` removes it).
    fn with_line(text: &str, key: &str, value: Option<&str>) -> String {
        text.lines()
            .filter_map(|l| match l.split_once(": ") {
                Some((k, _)) if k == key => value.map(|v| format!("{key}: {v}")),
                _ => Some(l.to_string()),
            })
            .map(|l| l + "\n")
            .collect()
    }

    /// The field tables drive the schema editors see; this checks that the parser treats
    /// every field exactly as its row says, so the two cannot drift apart.
    #[test]
    fn the_field_tables_describe_the_parser() {
        for (full, fields) in [(FULL_RECORD, RECORD_FIELDS), (FULL_PAGE, PAGE_FIELDS)] {
            assert_eq!(messages(full), Vec::<String>::new(), "{full}");
            let written: Vec<&str> = full
                .lines()
                .filter_map(|l| l.split_once(": ").map(|(k, _)| k))
                .collect();
            assert_eq!(written, keys(fields), "every field is exercised");
            for f in fields {
                let missing = format!("missing required field `{}`", f.key);
                for removed in [None, Some("null")] {
                    if f.key == "page" && removed.is_none() {
                        continue; // without `page:` the file is a record
                    }
                    let m = messages(&with_line(full, f.key, removed));
                    assert_eq!(
                        m.iter().any(|m| m.contains(&missing)),
                        f.required,
                        "{} without a value: {m:?}",
                        f.key
                    );
                }
                let (bad, says) = match f.kind {
                    FieldKind::Date => ("2024-02-30", "is not a valid date"),
                    FieldKind::Bool => ("maybe", "should be true or false"),
                    FieldKind::Choice(names) => {
                        for name in names {
                            let m = messages(&with_line(full, f.key, Some(name)));
                            assert!(
                                !m.iter().any(|m| m.contains("is not allowed")),
                                "{}: {name}: {m:?}",
                                f.key
                            );
                        }
                        ("nonsense", "is not allowed")
                    }
                    FieldKind::List => ("[{a: b}]", "should be a single value"),
                    FieldKind::Text
                    | FieldKind::Item
                    | FieldKind::Publisher
                    | FieldKind::IndexNo => ("[a, b]", "should be text"),
                };
                let m = messages(&with_line(full, f.key, Some(bad)));
                assert!(
                    m.iter().any(|m| m.contains(says)),
                    "{}: {bad}: {m:?}",
                    f.key
                );
            }
        }
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
