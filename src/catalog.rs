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
use crate::index_no::IndexPattern;
use crate::limits::Limits;
use crate::text::normalize_newlines;
use crate::yamlpos::KeyPositions;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub const CATALOG_FILE: &str = "catalog.yaml";

/// Interface language of the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    County,
    Township,
    Village,
}

pub const ALL_LEVELS: [Level; 3] = [Level::County, Level::Township, Level::Village];

/// Who an item is published to (公开对象).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// 全社会
    Public,
    /// 特定群众
    Specific,
}

/// 公开方式: published on the agency's own initiative, or only on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    Proactive,
    OnRequest,
}

/// The expected update rhythm of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cycle {
    Monthly,
    Quarterly,
    Yearly,
}

/// The official checklist of channels (公开渠道和载体), in the order of the catalog template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Working days by the official calendar.
    Workday,
    /// Calendar days.
    Day,
}

/// What a time limit is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TimeFrom {
    /// The date the information was formed or last changed.
    #[default]
    Formed,
}

/// 公开时限: the verbatim text, plus a parsed form where the limit is a fixed number of days.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<TimeUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<TimeFrom>,
}

/// One item of the standard catalog (一级/二级/三级事项 with its columns).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub level1: String,
    #[serde(default)]
    pub level2: Option<String>,
    #[serde(default)]
    pub level3: Option<String>,
    /// 公开内容(要素)
    pub content: String,
    /// 公开依据
    #[serde(default)]
    pub basis: Vec<String>,
    pub time_limit: TimeLimit,
    /// 公开主体
    #[serde(default)]
    pub bodies: Vec<String>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// The platform behind the `other` channel.
    #[serde(default)]
    pub channel_other: Option<String>,
    pub audience: Audience,
    pub method: Method,
    pub levels: Vec<Level>,
    #[serde(default)]
    pub cycle: Option<Cycle>,
    /// 未涉及事项说明: why this site has no records for the item.
    #[serde(default)]
    pub not_applicable: Option<String>,
    /// Puts records of a `specific`-audience item into search, feeds and the sitemap anyway.
    #[serde(default)]
    pub searchable: Option<bool>,
}

/// One area (领域) of the catalog.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    /// Older or alternative names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The ministry guideline the area's catalog follows.
    #[serde(default)]
    pub guideline: Option<String>,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// A body that publishes records, with its unified social credit code.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub uscc: Option<String>,
}

fn default_theme() -> String {
    "default".to_string()
}
fn default_index_no() -> String {
    "{uscc}/{year}-{serial:05}".to_string()
}
fn default_per_page() -> usize {
    20
}

/// The `site:` block.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub language: Language,
    /// Language of the records and pages when it differs from the interface's (an English
    /// interface over Chinese records): their titles and text are marked with it, so screen
    /// readers read them in the right voice.
    #[serde(default)]
    pub content_language: Option<Language>,
    /// Absolute URL of the published site; absent for relative links that work anywhere.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Catalog levels this site publishes; all when absent.
    #[serde(default)]
    pub levels: Option<Vec<Level>>,
    /// Pattern of new 索引号, e.g. `{uscc}/{year}-{serial:05}`.
    #[serde(default = "default_index_no")]
    pub index_no: String,
    /// Records per page on item and publisher lists.
    #[serde(default = "default_per_page")]
    pub per_page: usize,
    /// 主办单位
    #[serde(default)]
    pub sponsor: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    /// 网站标识码
    #[serde(default)]
    pub site_code: Option<String>,
    /// ICP 备案号
    #[serde(default)]
    pub icp: Option<String>,
    /// 公安机关备案号
    #[serde(default)]
    pub police_record: Option<String>,
    /// What a privacy leak found by the scan does to a build: stop it (`error`, the default)
    /// or only warn.
    #[serde(default)]
    pub privacy: PrivacyLevel,
    /// Numbers the privacy scan lets pass, such as the office phones the site publishes.
    #[serde(default)]
    pub privacy_allow: Vec<String>,
}

/// How a privacy leak counts (`site.privacy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PrivacyLevel {
    /// A leak is an error: `build` does not publish, `check` fails.
    #[default]
    Error,
    /// A leak is only a warning.
    Warn,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    site: SiteSettings,
    #[serde(default)]
    publishers: Vec<Publisher>,
    #[serde(default)]
    calendar: Option<CalendarSpec>,
    #[serde(default)]
    areas: Vec<Area>,
    #[serde(default)]
    limits: Limits,
}

/// The parsed and validated catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub site: SiteSettings,
    pub publishers: Vec<Publisher>,
    pub areas: Vec<Area>,
    pub calendar: Calendar,
    pub index_pattern: IndexPattern,
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
                        Diagnostic::error(CATALOG_FILE, "there is no catalog.yaml in the site folder")
                            .help("run gongkai in the site's folder, pass --root DIR, or create a site with `gongkai init DIR`"),
                    ],
                });
            }
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("reading {}", path.display())));
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
        let index_pattern = match IndexPattern::parse(&raw.site.index_no) {
            Ok(p) => p,
            Err(msg) => {
                diags.push(
                    Diagnostic::error(file, format!("site.index_no: {msg}"))
                        .at(positions.find_or("site.index_no", Pos::new(1, 1)))
                        .help("write the pattern with {uscc} or {key}, {year} and {serial:05}, for example \"{uscc}/{year}-{serial:05}\""),
                );
                IndexPattern::default()
            }
        };
        let mut site = raw.site;
        if let Some(url) = &site.base_url {
            match normalize_base_url(url) {
                Ok(u) => site.base_url = Some(u),
                Err(msg) => diags.push(
                    Diagnostic::error(file, msg)
                        .at(positions.find_or("site.base_url", Pos::new(1, 1)))
                        .help("write the full address such as https://example.gov.cn/xxgk/, or leave base_url out for links that work anywhere"),
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
            index_pattern,
            limits,
            positions,
        };
        crate::catalog_text::clean(&mut catalog, file, &mut diags);
        catalog.validate(file, &mut diags);
        Ok(Parsed {
            catalog: Some(catalog),
            diagnostics: diags,
        })
    }

    fn validate(&self, file: &str, diags: &mut Vec<Diagnostic>) {
        let mut r = Reporter {
            file,
            positions: &self.positions,
            diags,
        };
        if self.site.title.trim().is_empty() {
            r.err(
                "site.title",
                "site.title is empty".into(),
                "give the site its name, for example 示例县人民政府信息公开",
            );
        }
        if self.site.per_page == 0 {
            r.err(
                "site.per_page",
                "site.per_page must be at least 1".into(),
                "the default is 20 records per page",
            );
        }
        if let Some(levels) = &self.site.levels
            && levels.is_empty()
        {
            r.err("site.levels", "site.levels is empty".into(), "list the levels this site publishes, such as [county, township], or leave the key out for all");
        }

        let mut keys = BTreeMap::new();
        let uses_uscc = self.index_pattern.uses_uscc();
        for (i, p) in self.publishers.iter().enumerate() {
            let path = format!("publishers.{i}");
            if !is_slug(&p.key) {
                r.err(
                    &format!("{path}.key"),
                    format!("publisher key `{}` is not a simple name", p.key),
                    "use lower-case ASCII letters, digits and `-`, for example `mz` or `dsz`",
                );
            }
            if let Some(first) = keys.insert(p.key.as_str(), i) {
                r.err(
                    &format!("{path}.key"),
                    format!("publisher key `{}` is used twice", p.key),
                    &format!(
                        "the first is publisher number {}; give each publisher its own key",
                        first + 1
                    ),
                );
            }
            match &p.uscc {
                Some(code) => match check_uscc(code) {
                    Ok(()) => {}
                    Err(UsccProblem::Malformed) => r.err(&format!("{path}.uscc"),
                        format!("`{code}` is not a unified social credit code"),
                        "a code has 18 characters: digits and capital letters except I, O, S, V, Z, with digits in positions 3 to 8"),
                    Err(UsccProblem::CheckDigit { expected }) => r.warn(&format!("{path}.uscc"),
                        format!("the check character of `{code}` should be `{expected}`"),
                        "compare the code with the publisher's registration certificate; a few early codes really fail the check"),
                },
                None if uses_uscc => r.err(&path, format!("publisher `{}` has no uscc, but site.index_no uses {{uscc}}", p.key),
                    "add the publisher's 18-character unified social credit code as `uscc:`"),
                None => {}
            }
        }

        let mut area_ids = BTreeMap::new();
        for (ai, area) in self.areas.iter().enumerate() {
            let path = format!("areas.{ai}");
            if !is_slug(&area.id) {
                r.err(&format!("{path}.id"), format!("area id `{}` is not a URL-safe name", area.id),
                    "use lower-case ASCII letters, digits and `-`, for example social-assistance; the id appears in URLs and must never change");
            }
            if let Some(first) = area_ids.insert(area.id.as_str(), ai) {
                r.err(
                    &format!("{path}.id"),
                    format!("area id `{}` is used twice", area.id),
                    &format!(
                        "area number {} already has this id; merge the two areas or rename one",
                        first + 1
                    ),
                );
            }
            let mut item_ids = BTreeMap::new();
            for (ii, item) in area.items.iter().enumerate() {
                let ipath = format!("{path}.items.{ii}");
                if !is_slug(&item.id) {
                    r.err(
                        &format!("{ipath}.id"),
                        format!("item id `{}` is not a URL-safe name", item.id),
                        "use lower-case ASCII letters, digits and `-`, for example dibao-review",
                    );
                }
                if let Some(first) = item_ids.insert(item.id.as_str(), ii) {
                    r.err(
                        &format!("{ipath}.id"),
                        format!("item id `{}` is used twice in area `{}`", item.id, area.id),
                        &format!("item number {} of this area already has this id", first + 1),
                    );
                }
                let tl = &item.time_limit;
                let tpath = format!("{ipath}.time_limit");
                if tl.text.trim().is_empty() {
                    r.err(&tpath, "time_limit.text is empty".into(), "copy the 公开时限 text of the official catalog, for example 信息形成或者变更之日起20个工作日内");
                }
                match (tl.days, tl.unit) {
                    (Some(0), _) => r.err(&tpath, "time_limit.days is 0".into(), "give the number of days, or leave days and unit out when the limit is not a fixed number of days"),
                    (Some(_), None) => r.err(&tpath, "time_limit has days but no unit".into(), "add `unit: workday` (工作日) or `unit: day` (自然日)"),
                    (None, Some(_)) => r.err(&tpath, "time_limit has a unit but no days".into(), "add `days: N`, or remove `unit` when the limit is text only"),
                    _ => {}
                }
                let cpath = format!("{ipath}.channels");
                let mut seen = BTreeSet::new();
                for c in &item.channels {
                    if !seen.insert(*c) {
                        r.warn(
                            &cpath,
                            format!("channel `{}` is listed twice", c.key()),
                            "list each channel once",
                        );
                    }
                }
                let has_other = item.channels.contains(&Channel::Other);
                match (&item.channel_other, has_other) {
                    (None, true) => r.err(&cpath, "channel `other` needs `channel_other` naming the platform".into(),
                        "add `channel_other: 平台名称`, for example channel_other: 公共资源交易平台"),
                    (Some(_), false) => r.warn(&format!("{ipath}.channel_other"), "`channel_other` is set but `other` is not among the channels".into(),
                        "add `other` to channels, or remove channel_other"),
                    _ => {}
                }
                if item.levels.is_empty() {
                    r.err(
                        &format!("{ipath}.levels"),
                        "levels is empty".into(),
                        "list the levels that publish the item: county, township, village",
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
    fn err(&mut self, path: &str, message: String, help: &str) {
        let pos = self.positions.find_or(path, Pos::new(1, 1));
        self.diags
            .push(Diagnostic::error(self.file, message).at(pos).help(help));
    }

    fn warn(&mut self, path: &str, message: String, help: &str) {
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
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    if rest.is_empty()
        || rest.starts_with('/')
        || rest.contains(char::is_whitespace)
        || rest.contains(['?', '#', '"', '<', '>'])
    {
        return Err(format!("base_url `{url}` is not a web address"));
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
