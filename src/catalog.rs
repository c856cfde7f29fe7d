//! `catalog.yaml`: the site's settings, its publishers, its working-day calendar and the
//! standard catalog (areas → items with the official catalog columns).
//!
//! `Catalog::parse` is pure; `Catalog::load` reads the file. Unknown keys are errors (a typo in
//! the catalog must never become a silent default); a `validate` pass then reports every
//! remaining problem at the line of the key it is about.

use crate::calendar::{Calendar, CalendarSpec};
use crate::checksum::{UsccProblem, check_uscc};
use crate::date::Date;
use crate::diag::{Diagnostic, Pos};
use crate::index_no::{IndexPatterns, PublisherValue};
use crate::limits::Limits;
use crate::t;
use crate::text::normalize_newlines;
use crate::yamlpos::KeyPositions;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub const CATALOG_FILE: &str = "catalog.yaml";

/// Interface language of the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
pub enum Language {
    #[serde(rename = "zh-CN")]
    #[default]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

/// A level of government that publishes an item (公开层级).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    County,
    Township,
    Village,
}

pub const ALL_LEVELS: [Level; 3] = [Level::County, Level::Township, Level::Village];

/// Who an item is published to (公开对象).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// 全社会
    Public,
    /// 特定群众
    Specific,
}

/// 公开方式: published on the agency's own initiative, or only on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    Proactive,
    OnRequest,
}

/// The expected update rhythm of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Cycle {
    Monthly,
    Quarterly,
    Yearly,
}

/// The official checklist of channels (公开渠道和载体), in the order of the catalog template.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    Website,
    Gazette,
    WechatWeiboApp,
    PressConference,
    RadioTv,
    PrintMedia,
    ReadingRoom,
    ServiceCenter,
    ServiceStation,
    DoorToDoor,
    BulletinBoard,
    TargetedPush,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 13] = [
        Channel::Website,
        Channel::Gazette,
        Channel::WechatWeiboApp,
        Channel::PressConference,
        Channel::RadioTv,
        Channel::PrintMedia,
        Channel::ReadingRoom,
        Channel::ServiceCenter,
        Channel::ServiceStation,
        Channel::DoorToDoor,
        Channel::BulletinBoard,
        Channel::TargetedPush,
        Channel::Other,
    ];

    /// The key written in `catalog.yaml`, also used for interface strings (`channel.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Channel::Website => "website",
            Channel::Gazette => "gazette",
            Channel::WechatWeiboApp => "wechat-weibo-app",
            Channel::PressConference => "press-conference",
            Channel::RadioTv => "radio-tv",
            Channel::PrintMedia => "print-media",
            Channel::ReadingRoom => "reading-room",
            Channel::ServiceCenter => "service-center",
            Channel::ServiceStation => "service-station",
            Channel::DoorToDoor => "door-to-door",
            Channel::BulletinBoard => "bulletin-board",
            Channel::TargetedPush => "targeted-push",
            Channel::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Working days by the official calendar.
    Workday,
    /// Calendar days.
    Day,
}

/// What a time limit is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum TimeFrom {
    /// The date the information was formed or last changed.
    #[default]
    Formed,
}

/// 公开时限: the verbatim text, plus a parsed form where the limit is a fixed number of days.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[schemars(extend("dependencies" = {"days": ["unit"], "unit": ["days"]}))]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    #[schemars(title = "公开时限（原文） · Time limit (verbatim)")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    #[schemars(title = "天数 · Days")]
    pub days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "单位 · Unit (workday 工作日 / day 自然日)")]
    pub unit: Option<TimeUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "起算 · Counted from")]
    pub from: Option<TimeFrom>,
}

/// One item of the standard catalog (一级/二级/三级事项 with its columns).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[schemars(regex(pattern = r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$"))]
    #[schemars(title = "事项id · Item id")]
    pub id: String,
    #[schemars(title = "一级事项 · First-level item")]
    pub level1: String,
    #[serde(default)]
    #[schemars(title = "二级事项 · Second-level item")]
    pub level2: Option<String>,
    #[serde(default)]
    #[schemars(title = "三级事项 · Third-level item")]
    pub level3: Option<String>,
    /// 公开内容(要素)
    #[schemars(title = "公开内容（要素） · Content elements")]
    pub content: String,
    /// 公开依据
    #[serde(default)]
    #[schemars(title = "公开依据 · Legal basis")]
    pub basis: Vec<String>,
    #[schemars(title = "公开时限 · Time limit")]
    pub time_limit: TimeLimit,
    /// 公开主体
    #[serde(default)]
    #[schemars(title = "公开主体 · Responsible bodies")]
    pub bodies: Vec<String>,
    #[serde(default)]
    #[schemars(title = "公开渠道和载体 · Channels")]
    pub channels: Vec<Channel>,
    /// The platform behind the `other` channel.
    #[serde(default)]
    #[schemars(title = "其他渠道名称 · Other channel")]
    pub channel_other: Option<String>,
    #[schemars(title = "公开对象 · Audience")]
    pub audience: Audience,
    #[schemars(title = "公开方式 · Disclosure method")]
    pub method: Method,
    #[schemars(title = "公开层级 · Levels")]
    pub levels: Vec<Level>,
    #[serde(default)]
    #[schemars(title = "更新周期 · Update cycle")]
    pub cycle: Option<Cycle>,
    /// 未涉及事项说明: why this site has no records for the item.
    #[serde(default)]
    #[schemars(title = "未涉及事项说明 · Not applicable because")]
    pub not_applicable: Option<String>,
    /// Puts records of a `specific`-audience item into search, feeds and the sitemap anyway.
    #[serde(default)]
    #[schemars(title = "纳入检索 · Searchable")]
    pub searchable: Option<bool>,
}

impl Item {
    /// The item's names from the first level down: 一级事项, then 二级 and 三级 where set.
    pub fn levels(&self) -> Vec<&str> {
        [
            Some(self.level1.as_str()),
            self.level2.as_deref(),
            self.level3.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// One area (领域) of the catalog.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    #[schemars(regex(pattern = r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$"))]
    #[schemars(title = "领域id · Area id")]
    pub id: String,
    #[schemars(title = "领域名称 · Area name")]
    pub name: String,
    #[serde(default)]
    #[schemars(title = "英文名称 · English name")]
    pub name_en: Option<String>,
    /// Older or alternative names.
    #[serde(default)]
    #[schemars(title = "曾用名 · Aliases")]
    pub aliases: Vec<String>,
    /// The ministry guideline the area's catalog follows.
    #[serde(default)]
    #[schemars(title = "标准指引 · Guideline")]
    pub guideline: Option<String>,
    #[serde(default)]
    #[schemars(title = "公开事项 · Items")]
    pub items: Vec<Item>,
}

/// A body that publishes records, with its unified social credit code.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    #[schemars(regex(pattern = r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$"))]
    #[schemars(title = "发布机构key · Publisher key")]
    pub key: String,
    #[schemars(title = "发布机构 · Publisher name")]
    pub name: String,
    #[serde(default)]
    #[schemars(title = "英文名称 · English name")]
    pub name_en: Option<String>,
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{9}.$"))]
    #[schemars(title = "统一社会信用代码 · Unified social credit code")]
    pub uscc: Option<String>,
    /// 9-character organisation code (组织机构代码) for `{org}` in 索引号 of the national 2008
    /// form, when it is not positions 9–17 of `uscc`.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9A-Z]{8}-?[0-9A-Z]$"))]
    #[schemars(title = "组织机构代码 · Organisation code")]
    pub org_code: Option<String>,
    /// The publisher's own code for `{code}` in 索引号 of a site-local scheme.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[A-Za-z0-9_./-]+$"))]
    #[schemars(title = "索引号机构代码 · Index number code")]
    pub index_code: Option<String>,
}

fn default_theme() -> String {
    "default".to_string()
}
fn default_index_no() -> IndexNoSetting {
    IndexNoSetting::One("{uscc}/{year}-{serial:05}".to_string())
}

/// `site.index_no`: one pattern, or a list whose first makes new numbers.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum IndexNoSetting {
    /// The pattern of every 索引号, e.g. `{uscc}/{year}-{serial:05}`.
    #[schemars(title = "一个规则 · One pattern")]
    One(String),
    /// Several patterns: existing numbers may follow any, new numbers follow the first.
    #[schemars(title = "多个规则（新号用第一个） · Several patterns (new numbers use the first)")]
    #[schemars(extend("minItems" = 1))]
    Many(Vec<String>),
}

impl IndexNoSetting {
    /// The patterns as written, each with its key path for diagnostics.
    pub fn entries(&self) -> Vec<(String, &str)> {
        match self {
            IndexNoSetting::One(p) => vec![("site.index_no".to_string(), p.as_str())],
            IndexNoSetting::Many(list) => list
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("site.index_no.{i}"), p.as_str()))
                .collect(),
        }
    }
}
fn default_per_page() -> usize {
    20
}

/// The `site:` block.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    #[schemars(title = "网站名称 · Site title")]
    pub title: String,
    #[serde(default)]
    #[schemars(title = "英文名称 · English title")]
    pub title_en: Option<String>,
    #[serde(default)]
    #[schemars(title = "网站说明 · Description")]
    pub description: Option<String>,
    #[serde(default)]
    #[schemars(title = "界面语言 · Interface language")]
    pub language: Language,
    /// Language of the records and pages when it differs from the interface's (an English
    /// interface over Chinese records): their titles and text are marked with it, so screen
    /// readers read them in the right voice.
    #[serde(default)]
    #[schemars(title = "内容语言 · Content language")]
    pub content_language: Option<Language>,
    /// Absolute URL of the published site; absent for relative links that work anywhere.
    #[serde(default)]
    #[schemars(title = "网站地址 · Base URL")]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    #[schemars(title = "主题 · Theme")]
    pub theme: String,
    /// Catalog levels this site publishes; all when absent.
    #[serde(default)]
    #[schemars(title = "本站层级 · Levels published")]
    pub levels: Option<Vec<Level>>,
    /// Pattern of 索引号, e.g. `{uscc}/{year}-{serial:05}`, or a list of patterns: existing
    /// numbers may follow any, new ones follow the first.
    #[serde(default = "default_index_no")]
    #[schemars(title = "索引号规则 · Index number patterns")]
    pub index_no: IndexNoSetting,
    /// Records per page on item and publisher lists.
    #[serde(default = "default_per_page")]
    #[schemars(title = "每页条数 · Records per page")]
    pub per_page: usize,
    /// 主办单位
    #[serde(default)]
    #[schemars(title = "主办单位 · Sponsor")]
    pub sponsor: Option<String>,
    #[serde(default)]
    #[schemars(title = "联系方式 · Contact")]
    pub contact: Option<String>,
    /// 网站标识码
    #[serde(default)]
    #[schemars(title = "网站标识码 · Site code")]
    pub site_code: Option<String>,
    /// ICP 备案号
    #[serde(default)]
    #[schemars(title = "ICP备案号 · ICP licence")]
    pub icp: Option<String>,
    /// 公安机关备案号
    #[serde(default)]
    #[schemars(title = "公安机关备案号 · Police record number")]
    pub police_record: Option<String>,
    /// What a privacy leak found by the scan does to a build: stop it (`error`, the default)
    /// or only warn.
    #[serde(default)]
    #[schemars(title = "个人信息保护 · Privacy leaks")]
    pub privacy: PrivacyLevel,
    /// Numbers the privacy scan lets pass, such as the office phones the site publishes.
    #[serde(default)]
    #[schemars(title = "允许公开的号码 · Numbers allowed")]
    pub privacy_allow: Vec<String>,
}

/// How a privacy leak counts (`site.privacy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum PrivacyLevel {
    /// A leak is an error: `build` does not publish, `check` fails.
    #[default]
    Error,
    /// A leak is only a warning.
    Warn,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "catalog.yaml",
    description = "网站设置、发布机构、工作日历和标准目录（领域 → 事项）。 The site's settings, publishers, working-day calendar and standard catalog (areas → items)."
)]
struct CatalogFile {
    #[schemars(title = "网站设置 · Site settings")]
    site: SiteSettings,
    #[serde(default)]
    #[schemars(title = "发布机构 · Publishers")]
    publishers: Vec<Publisher>,
    #[serde(default)]
    #[schemars(title = "工作日历 · Working-day calendar")]
    calendar: Option<CalendarSpec>,
    #[serde(default)]
    #[schemars(title = "领域 · Areas")]
    areas: Vec<Area>,
    #[serde(default)]
    #[schemars(title = "资源限制 · Resource limits")]
    limits: Limits,
}

/// The JSON Schema of `catalog.yaml`, derived from the types that parse it (draft 7, which
/// every YAML editor plugin reads).
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft07()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<CatalogFile>();
    schema.to_value()
}

/// The parsed and validated catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub site: SiteSettings,
    pub publishers: Vec<Publisher>,
    pub areas: Vec<Area>,
    pub calendar: Calendar,
    pub index_patterns: IndexPatterns,
    /// Resource limits for the site's files (`limits:`).
    pub limits: Limits,
    /// Where each key is written, for diagnostics about the catalog found later.
    pub positions: KeyPositions,
}

/// A parsed catalog with the problems found in it. `catalog` is `None` when the file could
/// not be read as a catalog at all.
pub struct Parsed {
    pub catalog: Option<Catalog>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// The site's limits, or the defaults when the catalog could not be read.
    pub fn limits(&self) -> Limits {
        self.catalog.as_ref().map(|c| c.limits).unwrap_or_default()
    }
}

impl Catalog {
    /// Reads `catalog.yaml` in `root`.
    pub fn load(root: &Path) -> anyhow::Result<Parsed> {
        let path = root.join(CATALOG_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Parsed {
                    catalog: None,
                    diagnostics: vec![
                        Diagnostic::error(CATALOG_FILE, t!("there is no catalog.yaml in the site folder"))
                            .help(t!("run gongkai in the site's folder, pass --root DIR, or create a site with `gongkai init DIR`")),
                    ],
                });
            }
            Err(e) => {
                return Err(
                    anyhow::Error::new(e).context(t!("reading {path}", path = path.display()))
                );
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return Ok(Parsed {
                    catalog: None,
                    diagnostics: vec![crate::text::invalid_utf8(
                        CATALOG_FILE,
                        e.as_bytes(),
                        e.utf8_error(),
                    )],
                });
            }
        };
        Catalog::parse(&text, CATALOG_FILE, Calendar::embedded()?)
    }

    /// Parses catalog text; `calendar` is the official calendar the site's own block adds to.
    pub fn parse(text: &str, file: &str, calendar: Calendar) -> anyhow::Result<Parsed> {
        let text = normalize_newlines(text);
        if let Some(d) = plain_yaml_problem(&text, file) {
            return Ok(Parsed {
                catalog: None,
                diagnostics: vec![d],
            });
        }
        let raw: CatalogFile = match serde_yaml::from_str(&text) {
            Ok(raw) => raw,
            Err(e) => {
                return Ok(Parsed {
                    catalog: None,
                    diagnostics: vec![crate::text::yaml_error(file, &e, 1)],
                });
            }
        };
        let positions = KeyPositions::scan(&text, 1);
        let mut diags = Vec::new();
        let mut calendar = calendar;
        if let Some(spec) = &raw.calendar {
            calendar.add(spec, "calendar", &positions, file, &mut diags);
        }
        let entries = raw.site.index_no.entries();
        let texts: Vec<&str> = entries.iter().map(|(_, t)| *t).collect();
        let mut patterns_ok = true;
        let index_patterns = match IndexPatterns::parse(&texts) {
            Ok(p) => p,
            Err(problems) => {
                for (i, msg) in problems {
                    let key = entries.get(i).map_or("site.index_no", |(k, _)| k.as_str());
                    // In a list, say which pattern is meant.
                    let msg = match &raw.site.index_no {
                        IndexNoSetting::Many(list) if !list.is_empty() => {
                            format!("`{}`: {msg}", list[i]) // not a message: code only
                        }
                        _ => msg,
                    };
                    diags.push(
                        Diagnostic::error(file, format!("site.index_no: {msg}")) // not a message: code only
                            .at(positions.find_or(key, positions.find_or("site.index_no", Pos::new(1, 1))))
                            .help(t!("write the pattern with {{uscc}}, {{org}}, {{key}} or {{code}}, {{year}} and {{serial:05}}, for example \"{{uscc}}/{{year}}-{{serial:05}}\"")),
                    );
                }
                patterns_ok = false;
                IndexPatterns::default()
            }
        };
        let mut site = raw.site;
        if let Some(url) = &site.base_url {
            match normalize_base_url(url) {
                Ok(u) => site.base_url = Some(u),
                Err(msg) => diags.push(
                    Diagnostic::error(file, msg)
                        .at(positions.find_or("site.base_url", Pos::new(1, 1)))
                        .help(t!("write the full address such as https://example.gov.cn/xxgk/, or leave base_url out for links that work anywhere")),
                ),
            }
        }
        // Impossible limits are reported; the defaults stand in, so that each file is not
        // refused a second time for them.
        let limits = if raw.limits.validate(file, &positions, &mut diags) {
            raw.limits
        } else {
            Limits::default()
        };
        let mut catalog = Catalog {
            site,
            publishers: raw.publishers,
            areas: raw.areas,
            calendar,
            index_patterns,
            limits,
            positions,
        };
        crate::catalog_text::clean(&mut catalog, file, &mut diags);
        catalog.validate(file, patterns_ok, &mut diags);
        Ok(Parsed {
            catalog: Some(catalog),
            diagnostics: diags,
        })
    }

    fn validate(&self, file: &str, patterns_ok: bool, diags: &mut Vec<Diagnostic>) {
        let mut r = Reporter {
            file,
            positions: &self.positions,
            diags,
        };
        if self.site.title.trim().is_empty() {
            r.err(
                "site.title",
                t!("site.title is empty"),
                t!("give the site its name, for example 示例县人民政府信息公开"),
            );
        }
        if self.site.per_page == 0 {
            r.err(
                "site.per_page",
                t!("site.per_page must be at least 1"),
                t!("the default is 20 records per page"),
            );
        }
        if let Some(levels) = &self.site.levels
            && levels.is_empty()
        {
            r.err("site.levels", t!("site.levels is empty"), t!("list the levels this site publishes, such as [county, township], or leave the key out for all"));
        }

        let mut keys = BTreeMap::new();
        // New numbers follow the first pattern, so every publisher needs the values it names.
        // (A pattern that does not parse was reported already; the values it would need are not
        // known.)
        let needed = if patterns_ok {
            self.index_patterns.first().publisher_values()
        } else {
            Vec::new()
        };
        for (i, p) in self.publishers.iter().enumerate() {
            let path = format!("publishers.{i}");
            if !is_slug(&p.key) {
                r.err(
                    &format!("{path}.key"),
                    t!("publisher key `{key}` is not a simple name", key = p.key),
                    t!("use lower-case ASCII letters, digits and `-`, for example `mz` or `dsz`"),
                );
            }
            if let Some(first) = keys.insert(p.key.as_str(), i) {
                r.err(
                    &format!("{path}.key"),
                    t!("publisher key `{key}` is used twice", key = p.key),
                    t!(
                        "the first is publisher number {first}; give each publisher its own key",
                        first = first + 1
                    ),
                );
            }
            if let Some(code) = &p.uscc {
                match check_uscc(code) {
                    Ok(()) => {}
                    Err(UsccProblem::Malformed) => r.err(&format!("{path}.uscc"),
                        t!("`{code}` is not a unified social credit code", code),
                        t!("a code has 18 characters: digits and capital letters except I, O, S, V, Z, with digits in positions 3 to 8")),
                    Err(UsccProblem::CheckDigit { expected }) => r.warn(&format!("{path}.uscc"),
                        t!("the check character of `{code}` should be `{expected}`", code, expected),
                        t!("compare the code with the publisher's registration certificate; a few early codes really fail the check")),
                }
            }
            check_org_code(&mut r, &path, p);
            if let Some(code) = &p.index_code
                && (code.is_empty()
                    || !code
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
            {
                r.err(&format!("{path}.index_code"), t!("index_code `{code}` cannot stand in an 索引号", code),
                    t!("use ASCII letters, digits, `-`, `_`, `.` and `/`, as the code appears in the site's existing 索引号"));
            }
            for v in &needed {
                if v.of(p).is_none() {
                    let help = match v {
                        PublisherValue::Uscc => {
                            t!(
                                "add the publisher's 18-character unified social credit code as `uscc:`"
                            )
                        }
                        PublisherValue::Org => {
                            t!(
                                "add the publisher's 9-character organisation code as `org_code:` (or its credit code as `uscc:`, which contains it)"
                            )
                        }
                        PublisherValue::Code => {
                            t!(
                                "add the code the publisher's 索引号 start with as `index_code:`, for example index_code: xzfgzbmzfb"
                            )
                        }
                    };
                    r.err(
                        &path,
                        t!("publisher `{key}` has no {field}, but site.index_no uses {placeholder}", key = p.key, field = v.field(), placeholder = v.placeholder()),
                        help,
                    );
                }
            }
        }

        let mut area_ids = BTreeMap::new();
        for (ai, area) in self.areas.iter().enumerate() {
            let path = format!("areas.{ai}");
            if !is_slug(&area.id) {
                r.err(&format!("{path}.id"), t!("area id `{id}` is not a URL-safe name", id = area.id),
                    t!("use lower-case ASCII letters, digits and `-`, for example social-assistance; the id appears in URLs and must never change"));
            }
            if let Some(first) = area_ids.insert(area.id.as_str(), ai) {
                r.err(
                    &format!("{path}.id"),
                    t!("area id `{id}` is used twice", id = area.id),
                    t!("area number {first} already has this id; merge the two areas or rename one", first = first + 1),
                );
            }
            let mut item_ids = BTreeMap::new();
            for (ii, item) in area.items.iter().enumerate() {
                let ipath = format!("{path}.items.{ii}");
                if !is_slug(&item.id) {
                    r.err(
                        &format!("{ipath}.id"),
                        t!("item id `{id}` is not a URL-safe name", id = item.id),
                        t!(
                            "use lower-case ASCII letters, digits and `-`, for example dibao-review"
                        ),
                    );
                }
                if let Some(first) = item_ids.insert(item.id.as_str(), ii) {
                    r.err(
                        &format!("{ipath}.id"),
                        t!(
                            "item id `{id}` is used twice in area `{area}`",
                            id = item.id,
                            area = area.id
                        ),
                        t!(
                            "item number {first} of this area already has this id",
                            first = first + 1
                        ),
                    );
                }
                let tl = &item.time_limit;
                let tpath = format!("{ipath}.time_limit");
                if tl.text.trim().is_empty() {
                    r.err(&tpath, t!("time_limit.text is empty"), t!("copy the 公开时限 text of the official catalog, for example 信息形成或者变更之日起20个工作日内"));
                }
                match (tl.days, tl.unit) {
                    (Some(0), _) => r.err(&tpath, t!("time_limit.days is 0"), t!("give the number of days, or leave days and unit out when the limit is not a fixed number of days")),
                    (Some(_), None) => r.err(&tpath, t!("time_limit has days but no unit"), t!("add `unit: workday` (工作日) or `unit: day` (自然日)")),
                    (None, Some(_)) => r.err(&tpath, t!("time_limit has a unit but no days"), t!("add `days: N`, or remove `unit` when the limit is text only")),
                    _ => {}
                }
                let cpath = format!("{ipath}.channels");
                let mut seen = BTreeSet::new();
                for c in &item.channels {
                    if !seen.insert(*c) {
                        r.warn(
                            &cpath,
                            t!("channel `{key}` is listed twice", key = c.key()),
                            t!("list each channel once"),
                        );
                    }
                }
                let has_other = item.channels.contains(&Channel::Other);
                match (&item.channel_other, has_other) {
                    (None, true) => r.err(&cpath, t!("channel `other` needs `channel_other` naming the platform"),
                        t!("add `channel_other: 平台名称`, for example channel_other: 公共资源交易平台")),
                    (Some(_), false) => r.warn(&format!("{ipath}.channel_other"), t!("`channel_other` is set but `other` is not among the channels"),
                        t!("add `other` to channels, or remove channel_other")),
                    _ => {}
                }
                if item.levels.is_empty() {
                    r.err(
                        &format!("{ipath}.levels"),
                        t!("levels is empty"),
                        t!("list the levels that publish the item: county, township, village"),
                    );
                }
            }
        }
    }

    /// The levels this site publishes.
    pub fn site_levels(&self) -> Vec<Level> {
        self.site
            .levels
            .clone()
            .unwrap_or_else(|| ALL_LEVELS.to_vec())
    }

    /// True when `item` is published at one of the site's levels.
    pub fn item_in_scope(&self, item: &Item) -> bool {
        let levels = self.site_levels();
        item.levels.iter().any(|l| levels.contains(l))
    }

    pub fn publisher(&self, key: &str) -> Option<(usize, &Publisher)> {
        self.publishers
            .iter()
            .enumerate()
            .find(|(_, p)| p.key == key)
    }

    /// Finds `area-id/item-id`.
    pub fn find_item(&self, id: &str) -> Option<(usize, usize)> {
        let (area_id, item_id) = id.split_once('/')?;
        self.areas
            .iter()
            .enumerate()
            .filter(|(_, a)| a.id == area_id)
            .find_map(|(ai, a)| {
                a.items
                    .iter()
                    .position(|i| i.id == item_id)
                    .map(|ii| (ai, ii))
            })
    }

    /// The dates of the calendar's official arrangements.
    pub fn calendar_covers(&self, d: Date) -> bool {
        self.calendar.covers(d.year())
    }
}

/// Checks a publisher's `org_code`: its form is an error, its check character a warning
/// (like the credit code's), and a code that differs from the one inside `uscc` a warning.
fn check_org_code(r: &mut Reporter, path: &str, p: &Publisher) {
    let Some(written) = &p.org_code else {
        return;
    };
    let key = format!("{path}.org_code");
    let code = written.replace('-', "");
    let hyphen_ok = match written.find('-') {
        None => true,
        Some(i) => i == 8 && written.matches('-').count() == 1,
    };
    if !hyphen_ok
        || code.len() != 9
        || !code
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        r.err(&key, t!("`{written}` is not an organisation code", written),
            t!("an organisation code has 9 characters, digits and capital letters, written with or without a `-` before the last one, for example 01527918-X"));
        return;
    }
    if !crate::checksum::org_code_valid(&code) {
        r.warn(&key, t!("the check character of organisation code `{written}` does not match", written),
            t!("compare the code with the publisher's certificate; 索引号 with a wrong code stay valid"));
    }
    if let Some(uscc) = &p.uscc
        && uscc.len() == 18
        && uscc.is_ascii()
        && uscc[8..17] != code
    {
        r.warn(&key, t!("organisation code `{written}` differs from positions 9–17 of the credit code `{uscc}`", written, uscc),
            t!("a credit code contains the organisation code; check both, or leave org_code out to take it from the credit code"));
    }
}

/// Problems the typed reading would misreport (see `limits::precheck_yaml`), under the
/// catalog's own `limits:` when they can be read and make sense, else the defaults.
fn plain_yaml_problem(text: &str, file: &str) -> Option<Diagnostic> {
    crate::limits::precheck_yaml(text, file, |value| {
        value
            .get("limits")
            .and_then(|v| serde_yaml::from_value::<Limits>(v.clone()).ok())
            .filter(|l| {
                (crate::limits::NESTING_FLOOR..=crate::limits::NESTING_CEILING)
                    .contains(&l.max_nesting)
            })
            .unwrap_or_default()
    })
}

/// Collects the catalog's diagnostics at the lines of the keys they are about.
struct Reporter<'a> {
    file: &'a str,
    positions: &'a KeyPositions,
    diags: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn err(&mut self, path: &str, message: String, help: impl Into<String>) {
        let pos = self.positions.find_or(path, Pos::new(1, 1));
        self.diags
            .push(Diagnostic::error(self.file, message).at(pos).help(help));
    }

    fn warn(&mut self, path: &str, message: String, help: impl Into<String>) {
        let pos = self.positions.find_or(path, Pos::new(1, 1));
        self.diags
            .push(Diagnostic::warning(self.file, message).at(pos).help(help));
    }
}

/// Lower-case ASCII letters, digits and inner `-`: safe in URLs and file names.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Checks a base URL and gives it exactly one trailing slash.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| t!("base_url `{url}` must start with https:// or http://", url))?;
    if rest.is_empty()
        || rest.starts_with('/')
        || rest.contains(char::is_whitespace)
        || rest.contains(['?', '#', '"', '<', '>'])
    {
        return Err(t!("base_url `{url}` is not a web address", url));
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        Catalog::parse(text, "catalog.yaml", Calendar::default()).expect("no internal error")
    }

    fn messages(p: &Parsed) -> Vec<String> {
        p.diagnostics.iter().map(|d| d.to_string()).collect()
    }

    const GOOD: &str = r#"site:
  title: 示例县
publishers:
  - key: mz
    name: 示例县民政局
    uscc: 11320000MB151840XJ
areas:
  - id: social-assistance
    name: 社会救助
    items:
      - id: dibao-review
        level1: 最低生活保障
        level2: 审核信息
        content: 初审对象名单
        time_limit: { text: 10个工作日内, days: 10, unit: workday }
        channels: [website, bulletin-board]
        audience: specific
        method: proactive
        levels: [township]
"#;

    #[test]
    fn a_good_catalog_has_no_problems() {
        let p = parse(GOOD);
        assert_eq!(messages(&p), Vec::<String>::new());
        let c = p.catalog.expect("catalog");
        assert_eq!(c.find_item("social-assistance/dibao-review"), Some((0, 0)));
        assert_eq!(c.areas[0].items[0].time_limit.unit, Some(TimeUnit::Workday));
    }

    #[test]
    fn unknown_keys_are_located() {
        let p = parse(&GOOD.replace("    name: 社会救助", "    nmae: 社会救助"));
        assert!(p.catalog.is_none());
        let m = messages(&p);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("catalog.yaml:9:5: error: areas[0]: unknown field `nmae`"),
            "{}",
            m[0]
        );
    }

    #[test]
    fn unknown_channel_keys_are_errors() {
        let p = parse(&GOOD.replace("[website, bulletin-board]", "[website, wechat]"));
        let m = messages(&p);
        assert_eq!(m.len(), 1);
        assert!(m[0].contains("unknown variant `wechat`"), "{}", m[0]);
        assert!(m[0].starts_with("catalog.yaml:16:"), "{}", m[0]);
    }

    #[test]
    fn every_semantic_problem_is_reported() {
        let text = GOOD
            .replace("days: 10, unit: workday", "days: 10")
            .replace("[website, bulletin-board]", "[website, other]")
            .replace("11320000MB151840XJ", "11320000MB151840XK")
            .replace("  - id: social-assistance", "  - id: Social Assistance");
        let m = messages(&parse(&text));
        assert_eq!(
            m,
            vec![
                "catalog.yaml:6:5: warning: the check character of `11320000MB151840XK` should be `J`\n    help: compare the code with the publisher's registration certificate; a few early codes really fail the check",
                "catalog.yaml:8:5: error: area id `Social Assistance` is not a URL-safe name\n    help: use lower-case ASCII letters, digits and `-`, for example social-assistance; the id appears in URLs and must never change",
                "catalog.yaml:15:9: error: time_limit has days but no unit\n    help: add `unit: workday` (工作日) or `unit: day` (自然日)",
                "catalog.yaml:16:9: error: channel `other` needs `channel_other` naming the platform\n    help: add `channel_other: 平台名称`, for example channel_other: 公共资源交易平台",
            ]
        );
    }

    #[test]
    fn duplicate_ids_name_the_first() {
        let dup = GOOD.replace(
            "areas:\n",
            "areas:\n  - id: social-assistance\n    name: 重复\n",
        );
        let m = messages(&parse(&dup));
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("catalog.yaml:10:5: error: area id `social-assistance` is used twice"),
            "{}",
            m[0]
        );
    }

    #[test]
    fn several_index_patterns_and_organisation_codes() {
        let text = GOOD
            .replace(
                "  title: 示例县\n",
                "  title: 示例县\n  index_no:\n    - \"{org}/{year}-{serial:05}\"\n    - \"{code}/{year}-{seriel}\"\n",
            )
            .replace(
                "    uscc: 11320000MB151840XJ\n",
                "    uscc: 11320000MB151840XJ\n    org_code: 01527918-Y\n  - key: cz\n    name: 财政局\n",
            );
        let m = messages(&parse(&text));
        assert_eq!(
            m[0],
            "catalog.yaml:5:5: error: site.index_no: `{code}/{year}-{seriel}`: unknown placeholder `{seriel}`; use {uscc}, {org}, {key}, {code}, {year}, {month}, {day}, {digits:N} and {serial:05}\n    help: write the pattern with {uscc}, {org}, {key} or {code}, {year} and {serial:05}, for example \"{uscc}/{year}-{serial:05}\"",
        );
        // While a pattern is broken, no publisher is told it lacks a value for it.
        assert!(!m.iter().any(|m| m.contains("has no")), "{m:?}");
        let fixed = text.replace("{seriel}", "{serial}");
        let m = messages(&parse(&fixed));
        assert_eq!(
            m,
            vec![
                "catalog.yaml:10:5: warning: the check character of organisation code `01527918-Y` does not match\n    help: compare the code with the publisher's certificate; 索引号 with a wrong code stay valid",
                "catalog.yaml:10:5: warning: organisation code `01527918-Y` differs from positions 9–17 of the credit code `11320000MB151840XJ`\n    help: a credit code contains the organisation code; check both, or leave org_code out to take it from the credit code",
                "catalog.yaml:11:3: error: publisher `cz` has no org_code, but site.index_no uses {org}\n    help: add the publisher's 9-character organisation code as `org_code:` (or its credit code as `uscc:`, which contains it)",
            ]
        );
        let c = parse(&fixed).catalog.expect("catalog");
        assert_eq!(c.index_patterns.len(), 2);
    }

    #[test]
    fn base_urls_are_normalized() {
        assert_eq!(
            normalize_base_url("https://a.example/x").as_deref(),
            Ok("https://a.example/x/")
        );
        assert_eq!(
            normalize_base_url("https://a.example/").as_deref(),
            Ok("https://a.example/")
        );
        assert!(normalize_base_url("/x/").is_err());
        assert!(normalize_base_url("ftp://a").is_err());
    }
}
