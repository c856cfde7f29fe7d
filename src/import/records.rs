//! `gongkai import records`: a list of records exported from an old CMS (.xlsx or .csv) →
//! one record file per row under `content/records/<area>/`, the layout `gongkai new` uses.
//!
//! A mapping file, written once per CMS, says which column holds which field, or gives a
//! field a fixed value. Every row is turned into record text, parsed with the record parser
//! and resolved with the rest of the site in memory; if any row would make a record the build
//! rejects, every such row is reported and nothing is written. Existing files are never
//! overwritten.

use super::{Table, normalize_header, read_tables, yaml_scalar};
use crate::catalog::{CATALOG_FILE, Catalog};
use crate::date::Date;
use crate::diag::{Diagnostic, Pos, suggest};
use crate::load::{self, CONTENT_DIR};
use crate::record::{self, Front};
use crate::site::{self, ResolveOptions};
use crate::urls::Linker;
use crate::yamlpos::KeyPositions;
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What `import records` was asked to do.
pub struct Request<'a> {
    pub root: &'a Path,
    pub file: &'a Path,
    pub map: &'a Path,
}

/// What an import did.
#[derive(Debug)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Paths of the files written, relative to the site root; empty when nothing was.
    pub written: Vec<String>,
}

/// The record fields a mapping can fill, in the order they are written.
const FIELDS: &[&str] = &[
    "index_no",
    "title",
    "item",
    "publisher",
    "doc_no",
    "formed",
    "published",
    "changed",
    "validity",
    "repealed_on",
    "kind",
    "method",
    "topics",
    "summary",
    "attachments",
    "body",
];
const REQUIRED: &[&str] = &["title", "item", "publisher", "formed", "published"];
const MAPPING_KEYS: &[&str] = &["sheet", "header_row", "attachments_dir", "fields"];

/// Where a field's value comes from.
#[derive(Debug, Clone)]
enum Source {
    Column(String),
    Value(String),
}

/// A parsed mapping file.
#[derive(Debug)]
struct Mapping {
    sheet: Option<String>,
    header_row: Option<usize>,
    attachments_dir: Option<PathBuf>,
    fields: BTreeMap<String, Source>,
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parses a mapping file's text; every problem is reported at its line.
fn parse_mapping(text: &str, file: &str) -> Result<Mapping, Vec<Diagnostic>> {
    let text = crate::text::normalize_newlines(text);
    let value: Value = match serde_yaml::from_str(&text) {
        Ok(v) => v,
        Err(e) => return Err(vec![crate::text::yaml_error(file, &e, 1)]),
    };
    let positions = KeyPositions::scan(&text, 1);
    let at = |key: &str| positions.find_or(key, Pos::new(1, 1));
    let mut diags = Vec::new();
    let Value::Mapping(top) = value else {
        return Err(vec![
            Diagnostic::error(file, "the mapping is not a list of `key: value` lines")
                .at(Pos::new(1, 1))
                .help(
                    "start with `fields:` and one line per record field, such as `  title: 标题`",
                ),
        ]);
    };
    let mut mapping = Mapping {
        sheet: None,
        header_row: None,
        attachments_dir: None,
        fields: BTreeMap::new(),
    };
    for (k, v) in &top {
        let key = scalar(k).unwrap_or_default();
        match key.as_str() {
            "sheet" => mapping.sheet = scalar(v),
            "header_row" => match v.as_u64().filter(|n| *n >= 1) {
                Some(n) => mapping.header_row = usize::try_from(n).ok(),
                None => diags.push(
                    Diagnostic::error(file, "`header_row` should be a row number, 1 or more")
                        .at(at("header_row"))
                        .help("write the number of the row holding the column names, for example header_row: 2"),
                ),
            },
            "attachments_dir" => mapping.attachments_dir = scalar(v).map(PathBuf::from),
            "fields" => {
                let Value::Mapping(fields) = v else {
                    diags.push(
                        Diagnostic::error(file, "`fields` should list record fields, one per line")
                            .at(at("fields"))
                            .help("write `fields:` and under it lines such as `  title: 标题`"),
                    );
                    continue;
                };
                for (fk, fv) in fields {
                    let name = scalar(fk).unwrap_or_default();
                    let path = format!("fields.{name}");
                    if !FIELDS.contains(&name.as_str()) {
                        let help = match suggest(&name, FIELDS.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`? The fields are: {}", FIELDS.join(", ")),
                            None => format!("the fields are: {}", FIELDS.join(", ")),
                        };
                        diags.push(
                            Diagnostic::error(file, format!("unknown field `{name}`"))
                                .at(at(&path))
                                .help(help),
                        );
                        continue;
                    }
                    let source = match fv {
                        Value::Mapping(m) => {
                            let get = |k: &str| m.get(Value::String(k.into())).and_then(scalar);
                            let extra = m
                                .keys()
                                .filter_map(scalar)
                                .find(|k| k != "column" && k != "value");
                            match (get("column"), get("value"), extra) {
                                (Some(c), None, None) => Some(Source::Column(c)),
                                (None, Some(v), None) => Some(Source::Value(v)),
                                _ => None,
                            }
                        }
                        other => scalar(other).map(Source::Column),
                    };
                    match source {
                        Some(s) => {
                            mapping.fields.insert(name, s);
                        }
                        None => diags.push(
                            Diagnostic::error(file, format!("`{name}` should name a column, or give `{{ value: … }}`"))
                                .at(at(&path))
                                .help(format!("write `{name}: 列名` for a column of the table, or `{name}: {{ value: 固定值 }}` for the same value in every record")),
                        ),
                    }
                }
            }
            _ => {
                let help = match suggest(&key, MAPPING_KEYS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? A mapping has: {}", MAPPING_KEYS.join(", ")),
                    None => format!("a mapping has: {}", MAPPING_KEYS.join(", ")),
                };
                diags.push(
                    Diagnostic::error(file, format!("unknown key `{key}`"))
                        .at(at(&key))
                        .help(help),
                );
            }
        }
    }
    for required in REQUIRED {
        if !mapping.fields.contains_key(*required)
            && top.contains_key(Value::String("fields".into()))
        {
            diags.push(
                Diagnostic::error(file, format!("the mapping does not say where `{required}` comes from"))
                    .at(at("fields"))
                    .help(format!("add a line `  {required}: 列名` under fields (or `{{ value: … }}` for a fixed value)")),
            );
        }
    }
    if !top.contains_key(Value::String("fields".into())) {
        diags.push(
            Diagnostic::error(file, "the mapping has no `fields:`")
                .at(Pos::new(1, 1))
                .help(
                    "add `fields:` and under it one line per record field, such as `  title: 标题`",
                ),
        );
    }
    if diags.is_empty() {
        Ok(mapping)
    } else {
        Err(diags)
    }
}

/// Reads a date as CMS exports and spreadsheets write it: 2024-03-05, 2024/3/5, 2024.3.5,
/// 2024年3月5日, 20240305, a date with a time after it, or an Excel day number (45356).
pub fn parse_date(s: &str) -> Option<Date> {
    let s: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let s = s.split([' ', 'T']).next().unwrap_or("");
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let digits = s.split('.').next().unwrap_or("");
        if digits.len() == 8 && !s.contains('.') {
            return Date::from_ymd(
                digits[..4].parse().ok()?,
                digits[4..6].parse().ok()?,
                digits[6..].parse().ok()?,
            );
        }
        if (4..=5).contains(&digits.len()) && s.matches('.').count() <= 1 {
            // Excel's day numbers count from 1899-12-30 (for every date after February 1900).
            let serial: i64 = digits.parse().ok()?;
            if serial >= 61 {
                return Some(Date::from_unix_days(serial - 25_569));
            }
            return None;
        }
    }
    let unified = s.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parts: Vec<&str> = unified.split('-').collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || !(1..=2).contains(&parts[1].len())
        || !(1..=2).contains(&parts[2].len())
        || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Date::from_ymd(
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    )
}

/// Finds a catalog item by `area-id/item-id`, its item id alone, or its names
/// (一级事项/二级事项, with or without the area's name before them).
fn resolve_item(catalog: &Catalog, s: &str) -> Result<String, String> {
    let s = s.trim();
    if catalog.find_item(s).is_some() {
        return Ok(s.to_string());
    }
    let mut by_id = Vec::new();
    for a in &catalog.areas {
        for i in &a.items {
            if i.id == s {
                by_id.push(format!("{}/{}", a.id, i.id));
            }
        }
    }
    if by_id.len() == 1 {
        return Ok(by_id.remove(0));
    }
    let parts: Vec<String> = s
        .split(['/', '\\', '>', '＞', '→', '|', '／', '》'])
        .map(normalize_header)
        .filter(|p| !p.is_empty())
        .collect();
    let mut found = Vec::new();
    for a in &catalog.areas {
        for i in &a.items {
            let mut path: Vec<String> = vec![normalize_header(&i.level1)];
            path.extend(i.level2.as_deref().map(normalize_header));
            path.extend(i.level3.as_deref().map(normalize_header));
            let names: Vec<String> = std::iter::once(&a.name)
                .chain(a.aliases.iter())
                .map(|n| normalize_header(n))
                .collect();
            let matches = parts.len() <= path.len() && path.ends_with(&parts)
                || parts.len() == path.len() + 1
                    && names.contains(&parts[0])
                    && parts[1..] == path[..];
            if matches {
                found.push(format!("{}/{}", a.id, i.id));
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(format!("\"{s}\" is no catalog item")),
        n => Err(format!(
            "\"{s}\" names {n} catalog items ({}); it must name one",
            found.join(", ")
        )),
    }
}

fn resolve_publisher(catalog: &Catalog, s: &str) -> Result<String, String> {
    let s = s.trim();
    let norm = normalize_header(s);
    catalog
        .publishers
        .iter()
        .find(|p| {
            p.key == s
                || normalize_header(&p.name) == norm
                || p.name_en.as_deref().is_some_and(|n| n.trim() == s)
        })
        .map(|p| p.key.clone())
        .ok_or_else(|| format!("\"{s}\" is no publisher of catalog.yaml"))
}

/// A value mapped to one of `choices` by its words.
fn choose(s: &str, choices: &[(&[&str], &'static str)]) -> Option<&'static str> {
    let n = normalize_header(s).to_lowercase();
    choices
        .iter()
        .find(|(words, _)| words.contains(&n.as_str()))
        .map(|(_, v)| *v)
}

const VALIDITY: &[(&[&str], &str)] = &[
    (&["valid", "有效", "现行有效", "是"], "valid"),
    (
        &["repealed", "废止", "已废止", "失效", "已失效", "否", "无效"],
        "repealed",
    ),
];
const KIND: &[(&[&str], &str)] = &[
    (&["normative", "规范性文件", "行政规范性文件"], "normative"),
    (&["regulation", "规章", "政府规章"], "regulation"),
    (&["other", "其他"], "other"),
];
const METHOD: &[(&[&str], &str)] = &[
    (&["proactive", "主动", "主动公开"], "proactive"),
    (&["on-request", "依申请", "依申请公开"], "on-request"),
];

/// A row read into record fields, before its 索引号 and file are settled.
struct Draft {
    row: usize,
    fields: BTreeMap<&'static str, String>,
    /// Attachment links, listed in the body.
    links: Vec<String>,
    /// Attachment files: (where it is, its file name).
    copies: Vec<(PathBuf, String)>,
}

/// One record to be written, with where it came from.
#[derive(Debug)]
struct Planned {
    row: usize,
    /// Path relative to the site root.
    file: String,
    text: String,
    /// Attachments to copy: (from, to relative to the site root).
    copies: Vec<(PathBuf, String)>,
}

/// Runs `gongkai import records`.
pub fn run(req: &Request) -> anyhow::Result<Outcome> {
    let fail = |diagnostics: Vec<Diagnostic>| {
        Ok(Outcome {
            diagnostics,
            written: Vec::new(),
        })
    };
    let map_name = req.map.display().to_string();
    let map_text = match std::fs::read(req.map) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return fail(vec![crate::text::invalid_utf8(
                    &map_name,
                    e.as_bytes(),
                    e.utf8_error(),
                )]);
            }
        },
        Err(e) => {
            return fail(vec![
                Diagnostic::error(&map_name, format!("cannot read the mapping file: {e}"))
                    .help("write a mapping file (see README: Migrating an existing county) and pass it with --map"),
            ]);
        }
    };
    let mapping = match parse_mapping(&map_text, &map_name) {
        Ok(m) => m,
        Err(d) => return fail(d),
    };
    let parsed = Catalog::load(req.root)?;
    let Some(catalog) = parsed.catalog else {
        return fail(parsed.diagnostics);
    };
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        let mut d = parsed.diagnostics;
        d.push(
            Diagnostic::error(
                CATALOG_FILE,
                "records are imported only into a site whose catalog.yaml has no errors",
            )
            .help("fix the problems above, then import again"),
        );
        return fail(d);
    }
    let tables = match read_tables(req.file)? {
        Ok(t) => t,
        Err(d) => return fail(vec![d]),
    };
    let table = match &mapping.sheet {
        Some(name) => match super::pick_sheet(tables, name) {
            Ok(t) => t,
            Err(d) => return fail(vec![d]),
        },
        None => match tables.into_iter().next() {
            Some(t) => t,
            None => {
                return fail(vec![Diagnostic::error(
                    req.file.display().to_string(),
                    "the file has no table",
                )]);
            }
        },
    };

    // The header row: given, or the first row that has every mapped column name.
    let wanted: Vec<&str> = mapping
        .fields
        .values()
        .filter_map(|s| match s {
            Source::Column(c) => Some(c.as_str()),
            Source::Value(_) => None,
        })
        .collect();
    let columns_in = |r: usize| -> BTreeMap<String, usize> {
        (1..=table.width())
            .map(|c| (normalize_header(&table.text(r, c)), c))
            .filter(|(n, _)| !n.is_empty())
            .rev()
            .collect()
    };
    let header_row = mapping.header_row.unwrap_or_else(|| {
        (1..=table.rows.len().min(20))
            .find(|&r| {
                let cols = columns_in(r);
                wanted
                    .iter()
                    .all(|w| cols.contains_key(&normalize_header(w)))
            })
            .unwrap_or(1)
    });
    let header = columns_in(header_row);
    let mut diags = Vec::new();
    let mut column_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (field, source) in &mapping.fields {
        if let Source::Column(c) = source {
            match header.get(&normalize_header(c)) {
                Some(col) => {
                    column_of.insert(field.as_str(), *col);
                }
                None => {
                    let names: Vec<String> = (1..=table.width())
                        .map(|c| table.text(header_row, c))
                        .filter(|s| !s.is_empty())
                        .collect();
                    diags.push(
                        Diagnostic::error(&table.file, format!("{}: there is no column `{c}` (for `{field}`)", table.row_place(header_row)))
                            .help(format!("the columns are: {}; correct the name in {map_name}, or set header_row", names.join(", "))),
                    );
                }
            }
        }
    }
    if !diags.is_empty() {
        return fail(diags);
    }

    let attachments_dir = match &mapping.attachments_dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => req.map.parent().unwrap_or(Path::new(".")).join(d),
        None => req.file.parent().unwrap_or(Path::new(".")).to_path_buf(),
    };
    let loaded = load::load(req.root)?;
    // The highest serial of each publisher and year, to number records without an 索引号.
    let mut serials: BTreeMap<(String, i32), u64> = BTreeMap::new();
    let mut taken_index: BTreeSet<String> = BTreeSet::new();
    // Records already in the site by title, publisher and published date: a row without an
    // 索引号 that matches one was imported before, and importing it again would double it.
    let mut existing: BTreeMap<(String, String, String), String> = BTreeMap::new();
    for s in &loaded.sources {
        if let Front::Record(r) = &s.front {
            taken_index.insert(r.index_no.clone());
            existing.insert(
                (
                    r.title.clone(),
                    r.publisher.clone(),
                    r.published.to_string(),
                ),
                s.file.clone(),
            );
            if let Some((_, p)) = catalog.publisher(&r.publisher)
                && let Ok(n) = catalog
                    .index_pattern
                    .matches(&r.index_no, p, r.published.year())
            {
                let e = serials
                    .entry((p.key.clone(), r.published.year()))
                    .or_insert(0);
                *e = (*e).max(n);
            }
        }
    }

    let mut planned: Vec<Planned> = Vec::new();
    let mut rows_wanting_numbers: Vec<(usize, String, i32)> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    for r in header_row + 1..=table.rows.len() {
        if (1..=table.width()).all(|c| table.text(r, c).is_empty()) {
            continue;
        }
        let get = |field: &str| -> (String, String, (usize, usize)) {
            match mapping.fields.get(field) {
                Some(Source::Value(v)) => (v.clone(), String::new(), (r, 0)),
                Some(Source::Column(name)) => {
                    let col = column_of.get(field).copied().unwrap_or(0);
                    (
                        table.cell(r, col).text.trim().to_string(),
                        name.clone(),
                        (r, col),
                    )
                }
                None => (String::new(), String::new(), (r, 0)),
            }
        };
        let mut row_diags: Vec<((usize, usize), Diagnostic)> = Vec::new();
        let mut bad = |at: (usize, usize), header: &str, message: String, help: &str| {
            row_diags.push((
                at,
                Diagnostic::error(
                    &table.file,
                    format!("{}: {message}", table.place(at, header)),
                )
                .help(help),
            ));
        };
        let mut fields: BTreeMap<&'static str, String> = BTreeMap::new();
        for field in FIELDS {
            let (v, header, at) = get(field);
            if v.is_empty() {
                if REQUIRED.contains(field) {
                    bad(
                        at,
                        &header,
                        format!("`{field}` is empty"),
                        "every record needs a title, a catalog item, a publisher and its formed and published dates",
                    );
                }
                continue;
            }
            let value = match *field {
                "formed" | "published" | "changed" | "repealed_on" => match parse_date(&v) {
                    Some(d) => d.to_string(),
                    None => {
                        bad(
                            at,
                            &header,
                            format!("\"{v}\" is not a date"),
                            "write dates as 2024-03-05, 2024/3/5 or 2024年3月5日",
                        );
                        continue;
                    }
                },
                "item" => match resolve_item(&catalog, &v) {
                    Ok(id) => id,
                    Err(why) => {
                        bad(
                            at,
                            &header,
                            why,
                            "write the item as area-id/item-id from catalog.yaml, or as its names 一级事项/二级事项",
                        );
                        continue;
                    }
                },
                "publisher" => match resolve_publisher(&catalog, &v) {
                    Ok(k) => k,
                    Err(why) => {
                        let keys: Vec<String> = catalog
                            .publishers
                            .iter()
                            .map(|p| format!("{} ({})", p.key, p.name))
                            .collect();
                        bad(
                            at,
                            &header,
                            why,
                            &format!(
                                "use a key or the full name of a publisher: {}",
                                keys.join(", ")
                            ),
                        );
                        continue;
                    }
                },
                "validity" => match choose(&v, VALIDITY) {
                    Some(x) => x.to_string(),
                    None => {
                        bad(
                            at,
                            &header,
                            format!("\"{v}\" is neither 有效 nor 废止"),
                            "write 有效 or 废止 (valid or repealed)",
                        );
                        continue;
                    }
                },
                "kind" => match choose(&v, KIND) {
                    Some(x) => x.to_string(),
                    None => {
                        bad(
                            at,
                            &header,
                            format!("\"{v}\" is not a kind of document gongkai counts"),
                            "write 规范性文件, 规章 or 其他, or leave the cell empty",
                        );
                        continue;
                    }
                },
                "method" => match choose(&v, METHOD) {
                    Some(x) => x.to_string(),
                    None => {
                        bad(
                            at,
                            &header,
                            format!("\"{v}\" is neither 主动公开 nor 依申请公开"),
                            "write 主动公开 or 依申请公开, or leave the cell empty",
                        );
                        continue;
                    }
                },
                _ => v,
            };
            fields.insert(field, value);
        }
        // Attachments: files are copied beside the record; links go into the body.
        let mut links = Vec::new();
        let mut copies = Vec::new();
        if let Some(list) = fields.get("attachments").cloned() {
            let (_, header, at) = get("attachments");
            for entry in list
                .split([';', '；', '\n', '|'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                if entry.starts_with("http://") || entry.starts_with("https://") {
                    links.push(entry.to_string());
                    continue;
                }
                let from = attachments_dir.join(entry);
                let name = Path::new(entry)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name.is_empty() || !from.is_file() {
                    bad(
                        at,
                        &header,
                        format!("attachment \"{entry}\" does not exist"),
                        &format!(
                            "put the file at {}, or set attachments_dir in the mapping to the folder the paths start from",
                            from.display()
                        ),
                    );
                    continue;
                }
                copies.push((from, name));
            }
        }
        let mut row_has_problems = !row_diags.is_empty();
        // In the order of the columns, as the editor reads the row.
        row_diags.sort_by_key(|(at, _)| at.1);
        diags.extend(row_diags.into_iter().map(|(_, d)| d));
        if let (Some(publisher), Some(published)) = (
            fields.get("publisher"),
            fields.get("published").and_then(|d| Date::parse(d)),
        ) && !fields.contains_key("index_no")
        {
            rows_wanting_numbers.push((r, publisher.clone(), published.year()));
        }
        if !fields.contains_key("index_no")
            && let (Some(t), Some(p), Some(d)) = (
                fields.get("title"),
                fields.get("publisher"),
                fields.get("published"),
            )
            && let Some(file) = existing.get(&(t.clone(), p.clone(), d.clone()))
        {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "{}: {file} already has this title, publisher and published date",
                        table.row_place(r)
                    ),
                )
                .help(
                    "the row was imported before; remove it from the table, or give it its 索引号",
                ),
            );
            row_has_problems = true;
        }
        if fields
            .get("index_no")
            .is_some_and(|n| !taken_index.insert(n.clone()))
        {
            let (v, header, at) = get("index_no");
            diags.push(
                Diagnostic::error(&table.file, format!("{}: 索引号 {v} is already used by another record", table.place(at, &header)))
                    .help("an 索引号 belongs to one record only; the CMS export may list the record twice"),
            );
            row_has_problems = true;
        }
        if !row_has_problems {
            drafts.push(Draft {
                row: r,
                fields,
                links,
                copies,
            });
        }
    }

    // Records without an 索引号 get the next free ones, as `gongkai new` would give them.
    let mut numbers: BTreeMap<usize, (String, u64)> = BTreeMap::new();
    for (r, key, year) in rows_wanting_numbers {
        if let Some((_, p)) = catalog.publisher(&key) {
            let next = serials.entry((key.clone(), year)).or_insert(0);
            *next += 1;
            numbers.insert(r, (catalog.index_pattern.format(p, year, *next), *next));
        }
    }

    let mut paths: BTreeMap<String, usize> = BTreeMap::new();
    for Draft {
        row: r,
        mut fields,
        links,
        copies,
    } in drafts
    {
        if let Some((no, _)) = numbers.get(&r) {
            fields.insert("index_no", no.clone());
        }
        let index_no = fields.get("index_no").cloned().unwrap_or_default();
        let publisher = fields.get("publisher").cloned().unwrap_or_default();
        let published = fields.get("published").and_then(|d| Date::parse(d));
        let area = fields
            .get("item")
            .and_then(|i| i.split('/').next())
            .unwrap_or("records")
            .to_string();
        let stem = match (catalog.publisher(&publisher), published) {
            (Some((_, p)), Some(d)) => {
                match catalog.index_pattern.matches(&index_no, p, d.year()) {
                    Ok(serial) => format!("{}-{}-{serial:05}", d.year(), p.key),
                    Err(_) => file_stem(&index_no),
                }
            }
            _ => file_stem(&index_no),
        };
        let file = format!("{CONTENT_DIR}/records/{area}/{stem}.md");
        if let Some(first) = paths.insert(file.clone(), r) {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "{}: the record would be written to {file}, like the record of row {first}",
                        table.row_place(r)
                    ),
                )
                .help("two rows have the same 索引号 or publisher and serial; correct one of them"),
            );
            continue;
        }
        if req.root.join(&file).exists() {
            diags.push(
                Diagnostic::error(&table.file, format!("{}: {file} already exists and is not overwritten", table.row_place(r)))
                    .help("the record may have been imported before; remove the row, or move the existing file away first"),
            );
            continue;
        }
        let dir = stem.clone();
        let mut copies_to = Vec::new();
        let mut attachment_names = Vec::new();
        for (from, name) in copies {
            attachment_names.push(format!("{dir}/{name}"));
            copies_to.push((from, format!("{CONTENT_DIR}/records/{area}/{dir}/{name}")));
        }
        let text = record_text(&fields, &attachment_names, &links);
        planned.push(Planned {
            row: r,
            file,
            text,
            copies: copies_to,
        });
    }

    // Every record as the build will read it: parsed alone, then resolved with the site.
    let mut loaded = loaded;
    let mut row_of: BTreeMap<String, usize> = BTreeMap::new();
    for p in &planned {
        row_of.insert(p.file.clone(), p.row);
        let (source, parse_diags) = record::parse(&p.text, &p.file);
        diags.extend(
            parse_diags
                .into_iter()
                .filter(Diagnostic::is_error)
                .map(|d| row_problem(&table, p.row, &d)),
        );
        loaded.md_files.insert(p.file.clone());
        loaded.sources.extend(source);
        for (from, to) in &p.copies {
            let size = std::fs::metadata(from).map(|m| m.len()).unwrap_or(0);
            loaded.files.insert(to.clone(), size);
        }
    }
    loaded.sources.sort_by(|a, b| a.file.cmp(&b.file));
    let (_, site_diags) = site::resolve(
        catalog,
        loaded,
        Linker::new(None),
        &ResolveOptions {
            include_drafts: false,
        },
    );
    for d in site_diags.iter().filter(|d| d.is_error()) {
        if let Some(&row) = row_of.get(&d.file) {
            diags.push(row_problem(&table, row, d));
        }
    }
    let mut seen = BTreeSet::new();
    diags.retain(|d| seen.insert(d.to_string()));
    if diags.iter().any(Diagnostic::is_error) {
        return fail(diags);
    }
    if planned.is_empty() {
        diags.push(
            Diagnostic::error(
                &table.file,
                format!("there are no rows below the header (row {header_row})"),
            )
            .help("check --map's sheet and header_row"),
        );
        return fail(diags);
    }
    write_all(req.root, &planned)?;
    Ok(Outcome {
        diagnostics: diags,
        written: planned.into_iter().map(|p| p.file).collect(),
    })
}

/// A problem the parser or resolver found in a planned record, told as the row's.
fn row_problem(table: &Table, row: usize, d: &Diagnostic) -> Diagnostic {
    let mut out = Diagnostic::error(
        &table.file,
        format!("{}: {}", table.row_place(row), d.message),
    );
    out.severity = d.severity;
    match &d.help {
        Some(h) => out.help(h.clone()),
        None => out,
    }
}

/// True for an 索引号 that YAML reads back as the same text without quotes.
fn is_plain_index_no(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_' | '.'))
        && s.contains(|c: char| !c.is_ascii_digit() && c != '.')
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// An 索引号 as a file name: characters other than letters, digits, `-`, `_` and `.` become `-`.
fn file_stem(index_no: &str) -> String {
    let s: String = index_no
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches(['-', '.']).to_string();
    if s.is_empty() { "record".into() } else { s }
}

fn record_text(
    fields: &BTreeMap<&'static str, String>,
    attachments: &[String],
    links: &[String],
) -> String {
    let mut out = String::from("---\n");
    for field in FIELDS {
        let Some(v) = fields.get(field) else { continue };
        match *field {
            "body" | "attachments" => {}
            "topics" => {
                let list: Vec<String> = v
                    .split(['、', ',', '，', ';', '；'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| yaml_scalar(s, true))
                    .collect();
                out.push_str(&format!("topics: [{}]\n", list.join(", ")));
            }
            "validity" if v == "valid" => {}
            // Dates and 索引号 are written plain, as `gongkai new` writes them.
            "formed" | "published" | "changed" | "repealed_on" => {
                out.push_str(&format!("{field}: {v}\n"));
            }
            "index_no" if is_plain_index_no(v) => out.push_str(&format!("index_no: {v}\n")),
            _ => out.push_str(&format!("{field}: {}\n", yaml_scalar(v, false))),
        }
    }
    if !attachments.is_empty() {
        let list: Vec<String> = attachments.iter().map(|a| yaml_scalar(a, true)).collect();
        out.push_str(&format!("attachments: [{}]\n", list.join(", ")));
    }
    out.push_str("---\n\n");
    if let Some(body) = fields.get("body") {
        out.push_str(&crate::text::normalize_newlines(body));
        out.push('\n');
    }
    if !links.is_empty() {
        out.push_str("\n附件：\n\n");
        for l in links {
            let name = l.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or(l);
            out.push_str(&format!("- [{name}]({l})\n"));
        }
    }
    out
}

/// Writes every planned file, never over an existing one; on failure removes what it wrote.
fn write_all(root: &Path, planned: &[Planned]) -> anyhow::Result<()> {
    let mut written: Vec<PathBuf> = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for p in planned {
            for (from, to) in &p.copies {
                let to = root.join(to);
                create_parent(&to)?;
                let bytes = std::fs::read(from)
                    .map_err(|e| anyhow::anyhow!("reading {}: {e}", from.display()))?;
                write_new(&to, &bytes)?;
                written.push(to);
            }
            let path = root.join(&p.file);
            create_parent(&path)?;
            write_new(&path, p.text.as_bytes())?;
            written.push(path);
        }
        Ok(())
    })();
    if result.is_err() {
        for path in written.iter().rev() {
            std::fs::remove_file(path).ok();
        }
    }
    result
}

fn create_parent(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("creating {}: {e}", dir.display()))?;
    }
    Ok(())
}

fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("creating {}: {e}", path.display()))?;
    f.write_all(bytes)
        .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        let d = |s: &str| parse_date(s).map(|d| d.to_string());
        for s in [
            "2024-03-05",
            "2024/3/5",
            "2024.3.5",
            "2024年3月5日",
            "20240305",
            "2024-03-05 10:30:00",
            "45356",
            "45356.4375",
            "２０２４年３月５日",
        ] {
            assert_eq!(d(s).as_deref(), Some("2024-03-05"), "{s}");
        }
        for s in ["2024-02-30", "2024/13/1", "3/5/2024", "昨天", "", "12"] {
            assert_eq!(d(s), None, "{s}");
        }
    }

    #[test]
    fn mapping_problems_are_located() {
        let text = "sheet: 信息\nfields:\n  title: 标题\n  titel: 题目\n  publisher: { value: mz }\n  item: [a]\nextra: 1\n";
        let diags = parse_mapping(text, "map.yaml").expect_err("problems");
        let m: Vec<String> = diags
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
            .collect();
        assert_eq!(
            m,
            vec![
                "map.yaml:4:3: error: unknown field `titel`",
                "map.yaml:6:3: error: `item` should name a column, or give `{ value: … }`",
                "map.yaml:7:1: error: unknown key `extra`",
                "map.yaml:2:1: error: the mapping does not say where `item` comes from",
                "map.yaml:2:1: error: the mapping does not say where `formed` comes from",
                "map.yaml:2:1: error: the mapping does not say where `published` comes from",
            ]
        );
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("xzfgzbmzfb/2021-3740"), "xzfgzbmzfb-2021-3740");
        assert_eq!(file_stem("/"), "record");
    }
}
