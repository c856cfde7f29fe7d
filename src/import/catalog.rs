//! `gongkai import catalog`: one area's standard catalog table (the official grid of 序号,
//! 一级事项, 二级事项, 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体, and the tick
//! columns of 公开对象, 公开方式 and 公开层级) → that area's block of `catalog.yaml`.
//!
//! The header row is found by its names, however they are written; a second header row
//! under grouped columns (公开对象 → 全社会 | 特定群众) is recognised. Items that match an
//! existing item by their 一级/二级/三级事项 keep its id (and its cycle, not_applicable and
//! searchable, which no table carries); new items get an id derived from their names, so the
//! same sheet always gives the same ids. Only the area's block of `catalog.yaml` is replaced
//! or appended; the result is parsed again with the catalog parser before it is written, in
//! one atomic step.

use super::{Table, normalize_header, read_tables, stable_hash, yaml_scalar};
use crate::calendar::Calendar;
use crate::catalog::{
    Area, Audience, CATALOG_FILE, Catalog, Channel, Item, Level, Method, TimeLimit, TimeUnit,
};
use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What `import catalog` was asked to do.
pub struct Request<'a> {
    pub root: &'a Path,
    pub file: &'a Path,
    pub area: Option<&'a str>,
    pub sheet: Option<&'a str>,
}

/// What an import did.
#[derive(Debug)]
pub struct Outcome {
    /// Every cell or row that could not be mapped (warnings), and errors when nothing could
    /// be imported.
    pub diagnostics: Vec<Diagnostic>,
    /// One line saying what changed; `None` when nothing was imported.
    pub summary: Option<String>,
}

impl Outcome {
    fn failed(mut diagnostics: Vec<Diagnostic>, error: Diagnostic) -> Outcome {
        diagnostics.push(error);
        Outcome {
            diagnostics,
            summary: None,
        }
    }
}

/// The kind of a catalog table's column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Seq,
    Level1,
    Level2,
    Level3,
    Content,
    Basis,
    TimeLimit,
    Bodies,
    Channels,
    /// A tick column (全社会 / 特定群众), or `None` for one column holding the words.
    Audience(Option<AudienceTick>),
    Method(Option<MethodTick>),
    /// A tick column for these levels (bits: county 1, township 2, village 4; 0 for a level
    /// the catalog does not have, such as 市级), or `None` for one column of words.
    Levels(Option<u8>),
    Ignored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AudienceTick {
    Public,
    Specific,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MethodTick {
    Proactive,
    OnRequest,
}

#[derive(Debug, Clone)]
struct Column {
    col: usize,
    kind: Kind,
    /// The header as written, for messages ("公开对象/全社会").
    header: String,
}

/// The kind of a column from one (normalised) header name.
fn classify(name: &str) -> Option<Kind> {
    let k = if name.starts_with("序号") || name == "编号" {
        Kind::Seq
    } else if name.starts_with("一级") {
        Kind::Level1
    } else if name.starts_with("二级") {
        Kind::Level2
    } else if name.starts_with("三级") {
        Kind::Level3
    } else if name.contains("内容") {
        Kind::Content
    } else if name.contains("依据") {
        Kind::Basis
    } else if name.contains("时限") {
        Kind::TimeLimit
    } else if name.contains("主体") || name.contains("责任单位") || name.contains("责任部门")
    {
        Kind::Bodies
    } else if name.contains("渠道") || name.contains("载体") {
        Kind::Channels
    } else if name == "全社会" {
        Kind::Audience(Some(AudienceTick::Public))
    } else if name.starts_with("特定") {
        Kind::Audience(Some(AudienceTick::Specific))
    } else if name.contains("对象") {
        Kind::Audience(None)
    } else if name == "主动" || name == "主动公开" {
        Kind::Method(Some(MethodTick::Proactive))
    } else if name.starts_with("依申请") {
        Kind::Method(Some(MethodTick::OnRequest))
    } else if name.contains("方式") {
        Kind::Method(None)
    } else if name.contains("层级") {
        Kind::Levels(None)
    } else if name.ends_with('级') && name.chars().count() <= 8 {
        Kind::Levels(Some(level_bits(name)))
    } else if name == "备注" || name == "说明" {
        Kind::Ignored
    } else {
        return None;
    };
    Some(k)
}

fn level_bits(s: &str) -> u8 {
    let mut bits = 0;
    if s.contains('县') || s.contains('区') {
        bits |= 1;
    }
    if s.contains('乡') || s.contains('镇') || s.contains('街') {
        bits |= 2;
    }
    if s.contains('村') || s.contains('居') {
        bits |= 4;
    }
    bits
}

fn levels_of(bits: u8) -> Vec<Level> {
    let mut out = Vec::new();
    for (bit, level) in [
        (1, Level::County),
        (2, Level::Township),
        (4, Level::Village),
    ] {
        if bits & bit != 0 {
            out.push(level);
        }
    }
    out
}

/// Kinds that name a catalog header row, and that a second header row refines.
fn is_main_kind(k: Kind) -> bool {
    matches!(
        k,
        Kind::Level1
            | Kind::Level2
            | Kind::Content
            | Kind::Basis
            | Kind::TimeLimit
            | Kind::Bodies
            | Kind::Channels
            | Kind::Audience(None)
            | Kind::Method(None)
            | Kind::Levels(None)
    )
}

fn is_sub_kind(k: Kind) -> bool {
    matches!(
        k,
        Kind::Level1
            | Kind::Level2
            | Kind::Level3
            | Kind::Audience(Some(_))
            | Kind::Method(Some(_))
            | Kind::Levels(Some(_))
    )
}

/// The header row(s) of a table: (first header row, first data row, columns).
struct Header {
    row: usize,
    data_from: usize,
    columns: Vec<Column>,
}

fn find_header(t: &Table) -> Option<Header> {
    let last = t.rows.len().min(30);
    let width = t.width();
    for r in 1..=last {
        let kinds: BTreeSet<Kind> = (1..=width)
            .filter(|&c| t.cell(r, c).origin.0 == r)
            .filter_map(|c| classify(&normalize_header(&t.text(r, c))))
            .filter(|k| is_main_kind(*k))
            .collect();
        let has_key = kinds.contains(&Kind::Content) || kinds.contains(&Kind::TimeLimit);
        if kinds.len() < 3 || !has_key {
            continue;
        }
        // A second header row: names such as 全社会 or 一级事项 in cells of its own, and no
        // text of its own under 公开内容.
        let content_col = (1..=width)
            .find(|&c| classify(&normalize_header(&t.text(r, c))) == Some(Kind::Content));
        let content_below_is_header = content_col.is_none_or(|c| {
            let cell = t.cell(r + 1, c);
            cell.origin.0 == r || cell.text.trim().is_empty()
        });
        let sub_row = content_below_is_header
            && (1..=width).any(|c| {
                let cell = t.cell(r + 1, c);
                cell.origin.0 == r + 1
                    && classify(&normalize_header(&cell.text)).is_some_and(is_sub_kind)
            });
        let mut columns = Vec::new();
        let mut group = String::new();
        let mut group_header = String::new();
        for c in 1..=width {
            let top_text = t.text(r, c);
            let top = normalize_header(&top_text);
            if !top.is_empty() {
                group = top.clone();
                group_header = flatten(&top_text);
            }
            let sub_cell = t.cell(r + 1, c);
            let sub = (sub_row && sub_cell.origin.0 == r + 1)
                .then(|| normalize_header(&sub_cell.text))
                .filter(|s| !s.is_empty());
            let (kind, header) = match &sub {
                Some(s) => (
                    classify(s).or_else(|| classify(&group)),
                    format!("{group_header}/{}", flatten(&sub_cell.text)),
                ),
                None if top.is_empty() => (None, String::new()),
                None => (classify(&top), group_header.clone()),
            };
            if header.is_empty() {
                continue;
            }
            columns.push(Column {
                col: c,
                kind: kind.unwrap_or(Kind::Ignored),
                header: if kind.is_none() {
                    format!("?{header}")
                } else {
                    header
                },
            });
        }
        return Some(Header {
            row: r,
            data_from: if sub_row { r + 2 } else { r + 1 },
            columns,
        });
    }
    None
}

/// Header text on one line, for messages.
fn flatten(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("")
}

/// Reports problems of cells, each once (a merged cell spans several rows but is one cell).
struct Problems<'a> {
    table: &'a Table,
    diags: Vec<Diagnostic>,
    seen: BTreeSet<String>,
}

impl Problems<'_> {
    fn cell(&mut self, origin: (usize, usize), header: &str, message: String, help: &str) {
        let text = format!("{}: {message}", self.table.place(origin, header));
        if self.seen.insert(text.clone()) {
            self.diags
                .push(Diagnostic::warning(&self.table.file, text).help(help));
        }
    }

    fn row(&mut self, row: usize, message: String, help: &str) {
        let text = format!("{}: {message}", self.table.row_place(row));
        if self.seen.insert(text.clone()) {
            self.diags
                .push(Diagnostic::warning(&self.table.file, text).help(help));
        }
    }
}

/// One row of the table as a catalog item (its id not yet chosen).
#[derive(Debug, Clone)]
struct RowItem {
    item: Item,
}

/// Runs `gongkai import catalog`.
pub fn run(req: &Request) -> anyhow::Result<Outcome> {
    let catalog_path = req.root.join(CATALOG_FILE);
    let original = match std::fs::read(&catalog_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Outcome::failed(
                Vec::new(),
                Diagnostic::error(CATALOG_FILE, "there is no catalog.yaml in the site folder")
                    .help("create the site first with `gongkai init DIR`, then import into it with --root DIR"),
            ));
        }
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context(format!("reading {}", catalog_path.display()))
            );
        }
    };
    let Ok(original) = String::from_utf8(original) else {
        return Ok(Outcome::failed(
            Vec::new(),
            Diagnostic::error(CATALOG_FILE, "catalog.yaml is not UTF-8 text")
                .help("run `gongkai build` to see where, and save the file as UTF-8"),
        ));
    };
    let calendar = Calendar::embedded()?;
    let parsed = Catalog::parse(&original, CATALOG_FILE, calendar.clone())?;
    let Some(catalog) = parsed.catalog else {
        return Ok(Outcome {
            diagnostics: parsed.diagnostics,
            summary: None,
        });
    };
    let old_errors: BTreeSet<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();

    let tables = match read_tables(req.file)? {
        Ok(t) => t,
        Err(d) => return Ok(Outcome::failed(Vec::new(), d)),
    };
    let file_name = tables.first().map(|t| t.file.clone()).unwrap_or_default();
    let mut diags = Vec::new();
    let (table, header) = match req.sheet {
        Some(name) => {
            let table = match super::pick_sheet(tables, name) {
                Ok(t) => t,
                Err(d) => return Ok(Outcome::failed(diags, d)),
            };
            match find_header(&table) {
                Some(h) => (table, h),
                None => {
                    return Ok(Outcome::failed(diags, no_header(&table)));
                }
            }
        }
        None => {
            let mut found: Vec<(Table, Header)> = Vec::new();
            let mut first = None;
            for t in tables {
                if first.is_none() {
                    first = Some(t.clone());
                }
                if let Some(h) = find_header(&t) {
                    found.push((t, h));
                }
            }
            if found.len() > 1 {
                let others: Vec<String> = found[1..]
                    .iter()
                    .filter_map(|(t, _)| t.sheet.clone())
                    .collect();
                diags.push(
                    Diagnostic::warning(&file_name, format!("only the first catalog sheet was imported; {} also look like catalogs", others.join(", ")))
                        .help("import each sheet on its own with --sheet NAME (and --area ID when it is another area)"),
                );
            }
            match found.into_iter().next() {
                Some(f) => f,
                None => {
                    let d = match first {
                        Some(t) => no_header(&t),
                        None => Diagnostic::error(&file_name, "the file has no table"),
                    };
                    return Ok(Outcome::failed(diags, d));
                }
            }
        }
    };

    // The area: named on the command line, or found in the title rows or the sheet's name.
    let standard = standard_areas();
    let area_template = match choose_area(req.area, &catalog, &standard, &table, header.row) {
        Ok(a) => a,
        Err(d) => return Ok(Outcome::failed(diags, d)),
    };

    let mut problems = Problems {
        table: &table,
        diags: Vec::new(),
        seen: BTreeSet::new(),
    };
    let rows = map_rows(&table, &header, &mut problems);
    diags.extend(problems.diags);
    if rows.is_empty() {
        return Ok(Outcome::failed(
            diags,
            Diagnostic::error(
                &table.file,
                format!(
                    "{}: no row below the header could be imported",
                    table.row_place(header.row)
                ),
            )
            .help(
                "each item needs at least 一级事项, 公开内容 and 公开时限; see the problems above",
            ),
        ));
    }

    let existing = catalog.areas.iter().position(|a| a.id == area_template.id);
    let old_area = existing.map(|i| catalog.areas[i].clone());
    let (area, counts) = merge(area_template, old_area.as_ref(), rows);
    for kept in &counts.kept {
        diags.push(
            Diagnostic::warning(CATALOG_FILE, format!("item `{}/{kept}` is not in {} and was kept", area.id, table.file))
                .help("remove it from catalog.yaml by hand if the county dropped it; records may still point at it"),
        );
    }
    let summary_counts = format!(
        "{} new, {} changed, {} unchanged",
        counts.added, counts.changed, counts.unchanged
    );
    if let Some(old) = &old_area
        && same(old, &area)
    {
        return Ok(Outcome {
            diagnostics: diags,
            summary: Some(format!(
                "area `{}` ({}): {} items from {}, {summary_counts}; catalog.yaml is already up to date",
                area.id,
                area.name,
                area.items.len() - counts.kept.len(),
                table.file
            )),
        });
    }

    let new_text = match splice(&original, &catalog, existing, &area) {
        Ok(t) => t,
        Err(d) => return Ok(Outcome::failed(diags, d)),
    };
    // The new file must parse, hold exactly the new area where the old one was, and keep
    // everything else as it was; otherwise nothing is written.
    let reparsed = Catalog::parse(&new_text, CATALOG_FILE, calendar)?;
    let check = match &reparsed.catalog {
        None => Err(reparsed
            .diagnostics
            .first()
            .map(|d| d.to_string())
            .unwrap_or_default()),
        Some(new) => verify(&catalog, new, &area, &old_errors, &reparsed.diagnostics),
    };
    if let Err(why) = check {
        return Ok(Outcome::failed(
            diags,
            Diagnostic::error(CATALOG_FILE, format!("the imported area would not read back correctly, so catalog.yaml was left unchanged: {why}"))
                .help("this is a fault in gongkai import; please report it with the sheet"),
        ));
    }
    crate::output::write_atomic(&catalog_path, new_text.as_bytes())?;
    Ok(Outcome {
        diagnostics: diags,
        summary: Some(format!(
            "area `{}` ({}): {} items from {}, {summary_counts}; catalog.yaml {}",
            area.id,
            area.name,
            area.items.len() - counts.kept.len(),
            table.file,
            if existing.is_some() {
                "updated"
            } else {
                "has the new area"
            }
        )),
    })
}

fn no_header(t: &Table) -> Diagnostic {
    let place = t
        .sheet
        .as_ref()
        .map(|s| format!("sheet {s}: "))
        .unwrap_or_default();
    Diagnostic::error(&t.file, format!("{place}no header row with the catalog's columns (一级事项, 公开内容, 公开时限, …) was found in the first 30 rows"))
        .help("the table needs the official column names; with several sheets, name the catalog's with --sheet NAME")
}

/// Areas of the built-in 26-area standard catalog, to name a new area.
fn standard_areas() -> Vec<Area> {
    #[derive(serde::Deserialize)]
    struct Standard {
        areas: Vec<Area>,
    }
    serde_yaml::from_str::<Standard>(crate::scaffold::STANDARD_CATALOG)
        .map(|s| s.areas)
        .unwrap_or_default()
}

/// The area the table belongs to, without items.
fn choose_area(
    wanted: Option<&str>,
    catalog: &Catalog,
    standard: &[Area],
    table: &Table,
    header_row: usize,
) -> Result<Area, Diagnostic> {
    let bare = |a: &Area| Area {
        items: Vec::new(),
        ..a.clone()
    };
    // Title rows and the sheet's name usually say which area a table is.
    let mut title = table.sheet.clone().unwrap_or_default();
    for r in 1..header_row {
        for c in 1..=table.width() {
            title.push(' ');
            title.push_str(&table.text(r, c));
        }
    }
    if let Some(id) = wanted {
        if let Some(a) = catalog.areas.iter().find(|a| a.id == id) {
            return Ok(bare(a));
        }
        if let Some(a) = standard.iter().find(|a| a.id == id) {
            return Ok(bare(a));
        }
        if !crate::catalog::is_slug(id) {
            return Err(
                Diagnostic::error("--area", format!("`{id}` is not a URL-safe area id")).help(
                    "use lower-case ASCII letters, digits and `-`, for example social-assistance",
                ),
            );
        }
        // A new area: its name from a title such as "示例县社会救助领域基层政务公开标准目录".
        let name = title.split_whitespace().find_map(|part| {
            let before = part
                .split("领域")
                .next()
                .filter(|_| part.contains("领域"))?;
            let name = before
                .rsplit(['县', '区', '市', '镇', '乡', '街'])
                .next()
                .unwrap_or(before);
            (!name.is_empty()).then(|| name.to_string())
        });
        return match name {
            Some(name) => Ok(Area {
                id: id.to_string(),
                name,
                name_en: None,
                aliases: Vec::new(),
                guideline: None,
                items: Vec::new(),
            }),
            None => Err(Diagnostic::error("--area", format!("area `{id}` is not in catalog.yaml, and the table's title does not name it"))
                .help("add the area to catalog.yaml with its id and name (items may stay empty), then import again")),
        };
    }
    // The longest area name (or alias) in the title wins: 社会保险 over 保险.
    let mut best: Option<(usize, &Area)> = None;
    for a in catalog.areas.iter().chain(standard.iter()) {
        for name in std::iter::once(&a.name).chain(a.aliases.iter()) {
            let n = name.chars().count();
            if !name.is_empty() && title.contains(name.as_str()) && best.is_none_or(|(b, _)| n > b)
            {
                best = Some((n, a));
            }
        }
    }
    match best {
        Some((_, a)) => Ok(bare(
            catalog.areas.iter().find(|c| c.id == a.id).unwrap_or(a),
        )),
        None => Err(Diagnostic::error(
            &table.file,
            "the table's title and sheet name do not say which area it is",
        )
        .help("name the area with --area ID, for example --area social-assistance")),
    }
}

/// Maps the data rows to items, reporting every cell that cannot be mapped.
fn map_rows(t: &Table, h: &Header, p: &mut Problems) -> Vec<RowItem> {
    let mut by_kind: BTreeMap<Kind, &Column> = BTreeMap::new();
    for c in &h.columns {
        if c.header.starts_with('?') {
            let header = c.header.trim_start_matches('?');
            p.cell(
                (h.row, c.col),
                header,
                format!("`{header}` is not a column of the standard catalog; it was not imported"),
                "the catalog has 一级/二级/三级事项, 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式 and 公开层级",
            );
            continue;
        }
        if c.kind == Kind::Ignored || c.kind == Kind::Seq {
            continue;
        }
        if let Some(first) = by_kind.get(&c.kind) {
            p.cell(
                (h.row, c.col),
                &c.header,
                format!(
                    "a second column for the same thing as column {}; it was not imported",
                    crate::xlsx::column_name(first.col)
                ),
                "keep one column per catalog field",
            );
            continue;
        }
        by_kind.insert(c.kind, c);
    }
    for (kind, name) in [
        (Kind::Level1, "一级事项"),
        (Kind::Content, "公开内容"),
        (Kind::TimeLimit, "公开时限"),
    ] {
        if !by_kind.contains_key(&kind) {
            p.row(
                h.row,
                format!("the header has no {name} column, which every item needs"),
                "name the column as in the official catalog",
            );
            return Vec::new();
        }
    }
    let audience_cols: Vec<&Column> = by_kind
        .iter()
        .filter(|(k, _)| matches!(k, Kind::Audience(_)))
        .map(|(_, c)| *c)
        .collect();
    let method_cols: Vec<&Column> = by_kind
        .iter()
        .filter(|(k, _)| matches!(k, Kind::Method(_)))
        .map(|(_, c)| *c)
        .collect();
    let level_cols: Vec<&Column> = by_kind
        .iter()
        .filter(|(k, _)| matches!(k, Kind::Levels(_)))
        .map(|(_, c)| *c)
        .collect();
    for (cols, name, default) in [
        (&audience_cols, "公开对象", "全社会"),
        (&method_cols, "公开方式", "主动"),
        (&level_cols, "公开层级", "县级"),
    ] {
        if cols.is_empty() {
            p.row(
                h.row,
                format!("the header has no {name} column; every item is taken as {default}"),
                "check the imported items in catalog.yaml",
            );
        }
    }
    for c in &level_cols {
        if c.kind == Kind::Levels(Some(0)) {
            p.cell((h.row, c.col), &c.header, format!("`{}` is not a level of the catalog (county, township, village); its ticks were not imported", c.header), "the catalog's levels are 县级, 乡(镇)级 and 村级");
        }
    }

    let has_level3 = by_kind.contains_key(&Kind::Level3);
    let content_header = normalize_header(&t.text(h.row, by_kind[&Kind::Content].col));
    let mut out = Vec::new();
    let mut level1 = String::new();
    let mut level2 = String::new();
    for r in h.data_from..=t.rows.len() {
        let get = |k: Kind| {
            by_kind
                .get(&k)
                .map(|c| (t.cell(r, c.col), c.header.clone(), c.col))
        };
        let text_of = |k: Kind| {
            get(k)
                .map(|(c, ..)| c.text.trim().to_string())
                .unwrap_or_default()
        };
        let row_texts: Vec<String> = (1..=t.width()).map(|c| t.text(r, c)).collect();
        if row_texts.iter().all(String::is_empty) {
            continue;
        }
        // One merged cell across the row: a heading or a note (注：■为选中…), not an item.
        let origins: BTreeSet<(usize, usize)> = (1..=t.width())
            .filter(|&c| !t.text(r, c).is_empty())
            .map(|c| t.cell(r, c).origin)
            .collect();
        let filled = row_texts.iter().filter(|s| !s.is_empty()).count();
        if origins.len() == 1 && filled > 1 {
            let origin = origins.into_iter().next().unwrap_or((r, 1));
            let text = t.cell(r, origin.1).text.trim().replace('\n', " ");
            if origin.0 == r {
                p.row(
                    r,
                    format!("\"{text}\" spans the whole row, so it is a heading or a note, not an item; it was skipped"),
                    "a note needs no import; put a heading's words in the 一级事项 column of its items",
                );
            }
            continue;
        }
        let content = text_of(Kind::Content);
        if normalize_header(&content) == content_header {
            // The header repeated (a page break in the exported table).
            continue;
        }
        let l1 = text_of(Kind::Level1);
        // Blank continuation cells carry the 一级事项 (and, under 三级事项, the 二级事项) down.
        if !l1.is_empty() {
            if l1 != level1 {
                level2.clear();
            }
            level1 = l1;
        }
        let mut l2 = text_of(Kind::Level2);
        if has_level3 {
            if l2.is_empty() {
                l2 = level2.clone();
            } else {
                level2 = l2.clone();
            }
        }
        let l3 = text_of(Kind::Level3);
        if content.is_empty() {
            // A row naming only a 一级事项 heads the rows below it; anything else is reported.
            let only_level1 = row_texts
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.is_empty())
                .all(|(i, s)| {
                    by_kind.get(&Kind::Level1).is_some_and(|c| c.col == i + 1)
                        || by_kind.get(&Kind::Seq).is_some_and(|c| c.col == i + 1)
                        || *s == level1
                });
            if !only_level1 {
                let (cell, header, _) = get(Kind::Content).unwrap_or_default();
                p.cell(
                    cell.origin,
                    &header,
                    "公开内容 is empty, so the row is not an item; it was skipped".into(),
                    "fill in 公开内容, or delete the row if it is a note or a heading",
                );
            }
            continue;
        }
        if level1.is_empty() {
            let (cell, header, _) = get(Kind::Level1).unwrap_or_default();
            p.cell(
                cell.origin,
                &header,
                "一级事项 is empty and there is none above to carry down; the row was skipped"
                    .into(),
                "fill in the 一级事项",
            );
            continue;
        }
        let Some((tl_cell, tl_header, _)) = get(Kind::TimeLimit) else {
            continue;
        };
        let tl_text = clean(&tl_cell.text);
        if tl_text.is_empty() {
            p.cell(
                tl_cell.origin,
                &tl_header,
                "公开时限 is empty; the row was skipped".into(),
                "fill in the time limit, for example 信息形成或者变更之日起20个工作日内",
            );
            continue;
        }
        let time_limit = match parse_time_limit(&tl_text) {
            Some(tl) => tl,
            None => {
                p.cell(
                    tl_cell.origin,
                    &tl_header,
                    format!("\"{tl_text}\" is not a time limit gongkai knows; it was kept as text, without a number of days"),
                    "a limit such as 信息形成之日起20个工作日内 is counted by `gongkai check`; add days and unit in catalog.yaml by hand if this one is fixed",
                );
                TimeLimit {
                    text: tl_text,
                    days: None,
                    unit: None,
                    from: None,
                }
            }
        };
        let basis = get(Kind::Basis)
            .map(|(c, ..)| split_basis(&c.text))
            .unwrap_or_default();
        let bodies = get(Kind::Bodies)
            .map(|(c, ..)| split_list(&c.text))
            .unwrap_or_default();
        let (channels, channel_other) = match get(Kind::Channels) {
            Some((cell, header, _)) => map_channels(&cell, &header, p),
            None => (Vec::new(), None),
        };
        let audience = map_audience(t, r, &audience_cols, p);
        let method = map_method(t, r, &method_cols, p);
        let levels = map_levels(t, r, &level_cols, p);
        out.push(RowItem {
            item: Item {
                id: String::new(),
                level1: level1.clone(),
                level2: (!l2.is_empty()).then_some(l2),
                level3: (!l3.is_empty()).then_some(l3),
                content: clean(&content),
                basis,
                time_limit,
                bodies,
                channels,
                channel_other,
                audience,
                method,
                levels,
                cycle: None,
                not_applicable: None,
                searchable: None,
            },
        });
    }
    out
}

/// Cell text with line breaks turned into spaces where they only wrap a line.
fn clean(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A tick: ■, √, ✓, ✔, ☑, ● or 是 (yes); blank, □, ☐, 否, ×, / (no). `None` for anything else.
fn tick(s: &str) -> Option<bool> {
    match s.trim() {
        "■" | "√" | "✓" | "✔" | "☑" | "●" | "是" | "▇" | "█" | "Y" | "y" | "✅" => {
            Some(true)
        }
        "" | "□" | "☐" | "否" | "×" | "/" | "-" | "—" | "N" | "n" => Some(false),
        _ => None,
    }
}

fn tick_at(t: &Table, r: usize, c: &Column, p: &mut Problems) -> bool {
    let cell = t.cell(r, c.col);
    match tick(&cell.text) {
        Some(b) => b,
        None => {
            p.cell(
                cell.origin,
                &c.header,
                format!(
                    "\"{}\" is not a tick; it was read as not ticked",
                    cell.text.trim()
                ),
                "mark a ticked column with ■, √, ✓ or 是 and leave the others blank (or □)",
            );
            false
        }
    }
}

fn map_audience(t: &Table, r: usize, cols: &[&Column], p: &mut Problems) -> Audience {
    let (mut public, mut specific) = (false, false);
    for c in cols {
        match c.kind {
            Kind::Audience(Some(AudienceTick::Public)) => public |= tick_at(t, r, c, p),
            Kind::Audience(Some(AudienceTick::Specific)) => specific |= tick_at(t, r, c, p),
            _ => {
                let cell = t.cell(r, c.col);
                let s = cell.text.trim();
                if s.contains("全社会") || s.contains("社会公众") {
                    public = true;
                } else if s.contains("特定") {
                    specific = true;
                } else if !s.is_empty() {
                    p.cell(
                        cell.origin,
                        &c.header,
                        format!("\"{s}\" is neither 全社会 nor 特定群众"),
                        "write 全社会 or 特定群众",
                    );
                }
            }
        }
    }
    if !public && !specific && !cols.is_empty() {
        let c = cols[0];
        p.cell(
            (r, c.col),
            &c.header,
            "no audience is ticked; 全社会 was taken".into(),
            "tick 全社会 or 特定群众",
        );
    }
    // An item published to everyone is public even when a group is ticked as well.
    if public || !specific {
        Audience::Public
    } else {
        Audience::Specific
    }
}

fn map_method(t: &Table, r: usize, cols: &[&Column], p: &mut Problems) -> Method {
    let (mut proactive, mut on_request) = (false, false);
    for c in cols {
        match c.kind {
            Kind::Method(Some(MethodTick::Proactive)) => proactive |= tick_at(t, r, c, p),
            Kind::Method(Some(MethodTick::OnRequest)) => on_request |= tick_at(t, r, c, p),
            _ => {
                let cell = t.cell(r, c.col);
                let s = cell.text.trim();
                if s.contains("主动") {
                    proactive = true;
                } else if s.contains("依申请") {
                    on_request = true;
                } else if !s.is_empty() {
                    p.cell(
                        cell.origin,
                        &c.header,
                        format!("\"{s}\" is neither 主动 nor 依申请"),
                        "write 主动 or 依申请公开",
                    );
                }
            }
        }
    }
    if !proactive && !on_request && !cols.is_empty() {
        let c = cols[0];
        p.cell(
            (r, c.col),
            &c.header,
            "no method is ticked; 主动 was taken".into(),
            "tick 主动 or 依申请",
        );
    }
    if proactive || !on_request {
        Method::Proactive
    } else {
        Method::OnRequest
    }
}

fn map_levels(t: &Table, r: usize, cols: &[&Column], p: &mut Problems) -> Vec<Level> {
    let mut bits = 0u8;
    for c in cols {
        match c.kind {
            Kind::Levels(Some(b)) => {
                if tick_at(t, r, c, p) {
                    bits |= b;
                }
            }
            _ => {
                let cell = t.cell(r, c.col);
                let s = cell.text.trim();
                let b = level_bits(s);
                if b == 0 && !s.is_empty() {
                    p.cell(
                        cell.origin,
                        &c.header,
                        format!("\"{s}\" names no level of the catalog"),
                        "write 县级, 乡级 or 村级, several separated by 、",
                    );
                }
                bits |= b;
            }
        }
    }
    if bits == 0 {
        if let Some(c) = cols.first() {
            p.cell(
                (r, c.col),
                &c.header,
                "no level is ticked; 县级 was taken".into(),
                "tick 县级, 乡级 or both",
            );
        }
        bits = 1;
    }
    levels_of(bits)
}

/// Channel names of the official checklist (normalised) and other names seen in catalogs.
const CHANNEL_NAMES: &[(&str, Channel)] = &[
    ("政府网站", Channel::Website),
    ("门户网站", Channel::Website),
    ("政府门户网站", Channel::Website),
    ("政府公报", Channel::Gazette),
    ("两微一端", Channel::WechatWeiboApp),
    ("政务新媒体", Channel::WechatWeiboApp),
    ("发布会/听证会", Channel::PressConference),
    ("新闻发布会", Channel::PressConference),
    ("发布会", Channel::PressConference),
    ("听证会", Channel::PressConference),
    ("广播电视", Channel::RadioTv),
    ("纸质媒体", Channel::PrintMedia),
    ("公开查阅点", Channel::ReadingRoom),
    ("政务服务中心", Channel::ServiceCenter),
    ("便民服务站", Channel::ServiceStation),
    ("便民服务中心", Channel::ServiceStation),
    ("入户/现场", Channel::DoorToDoor),
    ("入户", Channel::DoorToDoor),
    ("现场", Channel::DoorToDoor),
    ("社区/企事业单位/村公示栏电子屏", Channel::BulletinBoard),
    ("社区/企事业单位/村公示栏", Channel::BulletinBoard),
    ("公示栏", Channel::BulletinBoard),
    ("公示栏电子屏", Channel::BulletinBoard),
    ("村公示栏", Channel::BulletinBoard),
    ("村务公开栏", Channel::BulletinBoard),
    ("电子屏", Channel::BulletinBoard),
    ("精准推送", Channel::TargetedPush),
];

const MARKS_ON: &[char] = &['■', '☑', '√', '✓', '✔', '▇', '█'];
const MARKS_OFF: &[char] = &['□', '☐'];

/// The 公开渠道和载体 cell: a checklist with ■/□ marks, or a plain list of names. Names
/// outside the checklist become `other`, named in `channel_other`.
fn map_channels(
    cell: &super::Cell,
    header: &str,
    p: &mut Problems,
) -> (Vec<Channel>, Option<String>) {
    let text = cell.text.trim();
    let marked = text.contains(MARKS_ON) || text.contains(MARKS_OFF);
    let mut names: Vec<String> = Vec::new();
    if marked {
        let mut current: Option<(bool, String)> = None;
        for c in text.chars() {
            if MARKS_ON.contains(&c) || MARKS_OFF.contains(&c) {
                if let Some((true, name)) = current.take() {
                    names.push(name);
                }
                current = Some((MARKS_ON.contains(&c), String::new()));
            } else if let Some((_, name)) = &mut current {
                name.push(c);
            }
        }
        if let Some((true, name)) = current {
            names.push(name);
        }
    } else {
        names = text
            .split(['、', ',', '，', ';', '；', '\n', ' ', '\u{3000}'])
            .map(str::to_string)
            .collect();
    }
    let mut channels = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for name in names {
        let name = name
            .trim()
            .trim_matches(|c: char| "、,，;；。.".contains(c) || c.is_whitespace())
            .to_string();
        if name.is_empty() {
            continue;
        }
        let norm = normalize_header(&name).replace(['／', '、'], "/");
        if let Some((_, ch)) = CHANNEL_NAMES.iter().find(|(n, _)| *n == norm) {
            if !channels.contains(ch) {
                channels.push(*ch);
            }
            continue;
        }
        // 其他 / 其他：平台名称 / any other platform.
        let other = norm
            .strip_prefix("其他")
            .map(|rest| {
                rest.trim_start_matches(['：', ':', '_'])
                    .trim_end_matches('_')
            })
            .unwrap_or(&name)
            .to_string();
        if !channels.contains(&Channel::Other) {
            channels.push(Channel::Other);
        }
        if other.is_empty() {
            p.cell(
                cell.origin,
                header,
                "其他 is ticked but names no platform; the platform was written as 其他".into(),
                "write the platform after 其他, for example ■其他：公共资源交易平台",
            );
            others.push("其他".into());
        } else if !others.contains(&other) {
            others.push(other);
        }
    }
    if channels.is_empty() && !text.is_empty() {
        p.cell(
            cell.origin,
            header,
            format!("\"{}\" ticks no channel", text.replace('\n', " ")),
            "mark the channels used with ■ (or list their names)",
        );
    }
    channels.sort();
    let other = (!others.is_empty()).then(|| others.join("、"));
    (channels, other)
}

/// 公开依据 as a list: one entry per line, per `；`, and per 《…》 title in a run of titles.
fn split_basis(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in s.split(['\n', '；', ';']) {
        let mut rest = piece.trim();
        // 《a》、《b》 and 《a》《b》 are two documents.
        loop {
            let split = rest.find('》').and_then(|i| {
                let after = &rest[i + '》'.len_utf8()..];
                let trimmed = after.trim_start_matches(['、', '，', ',', ' ', '和', '及']);
                trimmed
                    .starts_with('《')
                    .then(|| (i + '》'.len_utf8(), rest.len() - trimmed.len()))
            });
            match split {
                Some((end, next)) => {
                    push_entry(&mut out, &rest[..end]);
                    rest = &rest[next..];
                }
                None => {
                    push_entry(&mut out, rest);
                    break;
                }
            }
        }
    }
    out
}

fn push_entry(out: &mut Vec<String>, s: &str) {
    // Numbering such as "1." "（2）" "③" is the table's, not the document's.
    let s = s.trim();
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || ('①'..='⑳').contains(&c));
    let s = s
        .trim_start_matches(['.', '、', '．', ')', '）'])
        .trim_start_matches(['(', '（'])
        .trim();
    let s = s
        .strip_prefix(|c: char| c.is_ascii_digit())
        .and_then(|r| r.strip_prefix(['）', ')']))
        .unwrap_or(s)
        .trim()
        .trim_end_matches(['；', ';', '，', ',', '。'])
        .trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
}

/// 公开主体 and similar lists.
fn split_list(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', '\n'])
        .map(|p| p.trim().trim_end_matches('。').trim())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a number written with digits (also full width) or Chinese numerals up to 99.
fn leading_number(s: &str) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut len = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        n = n.checked_mul(10)?.checked_add(d)?;
        len += c.len_utf8();
    }
    if len > 0 {
        return Some((n, len));
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let mut chars = s.chars().peekable();
    let first = *chars.peek()?;
    if first == '十' {
        chars.next();
        len += first.len_utf8();
        let ones = chars.peek().and_then(|c| digit(*c));
        if let Some(o) = ones {
            len += '一'.len_utf8();
            return Some((10 + o, len));
        }
        return Some((10, len));
    }
    let tens = digit(first)?;
    chars.next();
    len += first.len_utf8();
    if chars.peek() == Some(&'十') {
        chars.next();
        len += '十'.len_utf8();
        let ones = chars.peek().and_then(|c| digit(*c)).unwrap_or(0);
        if ones > 0 {
            len += '一'.len_utf8();
        }
        return Some((tens * 10 + ones, len));
    }
    Some((tens, len))
}

/// Parses 公开时限 text (domain reference §3.3). A fixed number of working or calendar days
/// counted from when the information is formed, changed, made or obtained gets `days` and
/// `unit`; limits that run from another event (批准后20日内), posting periods (公示7个工作日),
/// hours, dates in the year (每年1月31日前) and 实时/及时公开 are known but kept as text
/// only. `None` for text that is none of these.
pub fn parse_time_limit(text: &str) -> Option<TimeLimit> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text_only = || TimeLimit {
        text: text.trim().to_string(),
        days: None,
        unit: None,
        from: None,
    };
    // The first number followed by a unit.
    let mut found = None;
    for (i, _) in t.char_indices() {
        if let Some((n, len)) = leading_number(&t[i..]) {
            let after = &t[i + len..];
            let unit = if after.starts_with("个工作日") || after.starts_with("工作日") {
                Some(Some(TimeUnit::Workday))
            } else if after.starts_with("日")
                || after.starts_with("天")
                || after.starts_with("个自然日")
                || after.starts_with("自然日")
            {
                Some(Some(TimeUnit::Day))
            } else if after.starts_with("小时") || after.starts_with("个小时") {
                Some(None)
            } else {
                None
            };
            if let Some(unit) = unit {
                found = Some((i, n, unit, after));
                break;
            }
        }
    }
    let Some((at, n, unit, after)) = found else {
        return [
            "实时",
            "及时",
            "即时",
            "随时",
            "长期",
            "常态",
            "动态",
            "每年",
            "每季度",
            "每月",
            "每半年",
            "定期",
        ]
        .iter()
        .any(|w| t.contains(w))
        .then(text_only);
    };
    let before = &t[..at];
    let Some(unit) = unit else {
        // Hours: a response time, not a disclosure deadline the calendar can count.
        return Some(text_only());
    };
    if before.contains("每年") || after.starts_with("日前") && before.contains('月') {
        return Some(text_only());
    }
    let event = [
        "批准", "批复", "决定", "作出", "结束", "完成", "签订", "收到", "受理", "办结", "审定",
        "通过",
    ];
    let posting = ["公示", "公告", "不少于", "不得少于", "期限为", "征求意见"];
    if event.iter().any(|w| before.contains(w)) || posting.iter().any(|w| before.contains(w)) {
        return Some(text_only());
    }
    let from_formed = [
        "形成", "变更", "制定", "获取", "产生", "更新", "生成", "改变",
    ];
    let counts_from_formed = before.is_empty()
        || before.ends_with("自")
        || from_formed.iter().any(|w| before.contains(w));
    if n == 0 || !counts_from_formed || !(after.contains('内') || after.contains("以内")) {
        return Some(text_only());
    }
    Some(TimeLimit {
        text: text.trim().to_string(),
        days: Some(n),
        unit: Some(unit),
        from: None,
    })
}

#[derive(Debug, Default)]
struct Counts {
    added: usize,
    changed: usize,
    unchanged: usize,
    /// Ids of items of the area that the table does not list.
    kept: Vec<String>,
}

fn name_key(i: &Item) -> String {
    let n = |s: &Option<String>| s.as_deref().map(normalize_header).unwrap_or_default();
    format!(
        "{}/{}/{}",
        normalize_header(&i.level1),
        n(&i.level2),
        n(&i.level3)
    )
}

/// The area with the table's items: an item matching an existing one by its names keeps the
/// existing id and the fields no table carries; items the table lacks are kept at the end.
fn merge(template: Area, old: Option<&Area>, rows: Vec<RowItem>) -> (Area, Counts) {
    let mut counts = Counts::default();
    let old_items: Vec<Item> = old.map(|a| a.items.clone()).unwrap_or_default();
    let mut used_old = vec![false; old_items.len()];
    let mut ids: BTreeSet<String> = old_items.iter().map(|i| i.id.clone()).collect();
    let mut seen_keys: BTreeMap<String, usize> = BTreeMap::new();
    let mut items = Vec::new();
    for row in rows {
        let mut item = row.item;
        let key = name_key(&item);
        let n = seen_keys.entry(key.clone()).or_insert(0);
        *n += 1;
        let occurrence = *n;
        let matched = old_items
            .iter()
            .enumerate()
            .find(|(i, o)| !used_old[*i] && name_key(o) == key);
        match matched {
            Some((i, o)) => {
                used_old[i] = true;
                item.id = o.id.clone();
                item.cycle = o.cycle;
                item.not_applicable = o.not_applicable.clone();
                item.searchable = o.searchable;
                if same(o, &item) {
                    counts.unchanged += 1;
                } else {
                    counts.changed += 1;
                }
            }
            None => {
                // Derived from the names alone, so the same row always gets the same id.
                let seed = if occurrence == 1 {
                    key.clone()
                } else {
                    format!("{key}#{occurrence}")
                };
                let mut id = format!("item-{:08x}", stable_hash(&seed) >> 32);
                let mut k = 2;
                while ids.contains(&id) {
                    id = format!("item-{:08x}-{k}", stable_hash(&seed) >> 32);
                    k += 1;
                }
                ids.insert(id.clone());
                item.id = id;
                counts.added += 1;
            }
        }
        items.push(item);
    }
    for (i, o) in old_items.into_iter().enumerate() {
        if !used_old[i] {
            counts.kept.push(o.id.clone());
            items.push(o);
        }
    }
    (Area { items, ..template }, counts)
}

/// True when two values serialise alike (same data, whatever the formatting).
fn same<T: serde::Serialize>(a: &T, b: &T) -> bool {
    match (serde_yaml::to_value(a), serde_yaml::to_value(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The area as a block of `catalog.yaml`, each line indented by `indent` spaces.
pub fn render_area(area: &Area, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = |depth: usize, s: String| {
        out.push_str(&pad);
        out.push_str(&" ".repeat(depth));
        out.push_str(&s);
        out.push('\n');
    };
    let list = |v: &[String]| {
        format!(
            "[{}]",
            v.iter()
                .map(|s| yaml_scalar(s, true))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    line(0, format!("- id: {}", yaml_scalar(&area.id, false)));
    line(2, format!("name: {}", yaml_scalar(&area.name, false)));
    if let Some(en) = &area.name_en {
        line(2, format!("name_en: {}", yaml_scalar(en, false)));
    }
    if !area.aliases.is_empty() {
        line(2, format!("aliases: {}", list(&area.aliases)));
    }
    if let Some(g) = &area.guideline {
        line(2, format!("guideline: {}", yaml_scalar(g, false)));
    }
    if area.items.is_empty() {
        line(2, "items: []".into());
        return out;
    }
    line(2, "items:".into());
    for item in &area.items {
        line(4, format!("- id: {}", yaml_scalar(&item.id, false)));
        line(6, format!("level1: {}", yaml_scalar(&item.level1, false)));
        if let Some(l2) = &item.level2 {
            line(6, format!("level2: {}", yaml_scalar(l2, false)));
        }
        if let Some(l3) = &item.level3 {
            line(6, format!("level3: {}", yaml_scalar(l3, false)));
        }
        line(6, format!("content: {}", yaml_scalar(&item.content, false)));
        if !item.basis.is_empty() {
            line(6, format!("basis: {}", list(&item.basis)));
        }
        let tl = &item.time_limit;
        let mut tl_text = format!("{{ text: {}", yaml_scalar(&tl.text, true));
        if let Some(days) = tl.days {
            tl_text.push_str(&format!(", days: {days}"));
        }
        if let Some(unit) = tl.unit {
            tl_text.push_str(match unit {
                TimeUnit::Workday => ", unit: workday",
                TimeUnit::Day => ", unit: day",
            });
        }
        if tl.from.is_some() {
            tl_text.push_str(", from: formed");
        }
        tl_text.push_str(" }");
        line(6, format!("time_limit: {tl_text}"));
        if !item.bodies.is_empty() {
            line(6, format!("bodies: {}", list(&item.bodies)));
        }
        let keys: Vec<String> = item.channels.iter().map(|c| c.key().to_string()).collect();
        line(6, format!("channels: {}", list(&keys)));
        if let Some(o) = &item.channel_other {
            line(6, format!("channel_other: {}", yaml_scalar(o, false)));
        }
        line(
            6,
            format!(
                "audience: {}",
                match item.audience {
                    Audience::Public => "public",
                    Audience::Specific => "specific",
                }
            ),
        );
        line(
            6,
            format!(
                "method: {}",
                match item.method {
                    Method::Proactive => "proactive",
                    Method::OnRequest => "on-request",
                }
            ),
        );
        let levels: Vec<String> = item
            .levels
            .iter()
            .map(|l| {
                match l {
                    Level::County => "county",
                    Level::Township => "township",
                    Level::Village => "village",
                }
                .to_string()
            })
            .collect();
        line(6, format!("levels: {}", list(&levels)));
        if let Some(c) = item.cycle {
            let c = serde_yaml::to_value(c)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            line(6, format!("cycle: {c}"));
        }
        if let Some(n) = &item.not_applicable {
            line(6, format!("not_applicable: {}", yaml_scalar(n, false)));
        }
        if let Some(s) = item.searchable {
            line(6, format!("searchable: {s}"));
        }
    }
    out
}

/// `text` (catalog.yaml) with the area's block replaced, or appended to `areas:`.
fn splice(
    original: &str,
    catalog: &Catalog,
    existing: Option<usize>,
    area: &Area,
) -> Result<String, Diagnostic> {
    let crlf = original.contains("\r\n");
    let bom = original.starts_with('\u{feff}');
    let text = crate::text::normalize_newlines(original).into_owned();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let unsupported = || {
        Diagnostic::error(CATALOG_FILE, "the areas of catalog.yaml are not written as a block list (`areas:` followed by lines `  - id: …`), so gongkai cannot replace one of them")
            .help("write `areas:` on a line of its own with one `- id:` entry per area, as `gongkai init` does")
    };
    // The block of area `i`: from its `- ` line to the last line indented deeper, without
    // the blank lines and comments that lead into the next entry.
    let block_of = |i: usize| -> Option<(usize, usize, usize)> {
        let pos = catalog.positions.find(&format!("areas.{i}"))?;
        let start = pos.line - 1;
        let line = lines.get(start)?;
        let dash = pos.col - 1;
        if !line[dash.min(line.len())..].starts_with('-') {
            return None;
        }
        let mut end = start + 1;
        let mut last_content = start + 1;
        while end < lines.len() {
            let l = lines[end];
            let trimmed = l.trim_start_matches(' ');
            let indent = l.len() - trimmed.len();
            let blank = trimmed.trim().is_empty();
            if blank || trimmed.starts_with('#') {
                end += 1;
                continue;
            }
            if indent <= dash {
                break;
            }
            end += 1;
            last_content = end;
        }
        Some((start, last_content, dash))
    };
    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    match existing {
        Some(i) => {
            let (start, end, dash) = block_of(i).ok_or_else(unsupported)?;
            let block = render_area(area, dash);
            out.splice(start..end, [block]);
        }
        None if !catalog.areas.is_empty() => {
            let (_, end, dash) = block_of(catalog.areas.len() - 1).ok_or_else(unsupported)?;
            out.insert(end, render_area(area, dash));
        }
        None => {
            // No areas yet: `areas:` missing, `areas: []` or `areas:` with nothing under it.
            let at = lines.iter().position(|l| {
                let t = l.trim_end();
                t == "areas:" || t == "areas: []" || t.starts_with("areas: []")
            });
            match at {
                Some(n) => {
                    out[n] = "areas:\n".to_string();
                    out.insert(n + 1, render_area(area, 2));
                }
                None => {
                    if lines.iter().any(|l| l.starts_with("areas:")) {
                        return Err(unsupported());
                    }
                    if !text.is_empty() && !text.ends_with('\n') {
                        out.push("\n".into());
                    }
                    out.push("areas:\n".into());
                    out.push(render_area(area, 2));
                }
            }
        }
    }
    let mut new_text: String = out.concat();
    if crlf {
        new_text = new_text.replace('\n', "\r\n");
    }
    if bom {
        new_text.insert(0, '\u{feff}');
    }
    Ok(new_text)
}

/// Checks that the rewritten catalog holds the new area and everything else unchanged.
fn verify(
    old: &Catalog,
    new: &Catalog,
    area: &Area,
    old_errors: &BTreeSet<String>,
    new_diags: &[Diagnostic],
) -> Result<(), String> {
    if let Some(d) = new_diags
        .iter()
        .find(|d| d.is_error() && !old_errors.contains(&d.message))
    {
        return Err(d.to_string());
    }
    if !same(&old.site, &new.site) || !same(&old.publishers, &new.publishers) {
        return Err("the site settings or publishers changed".into());
    }
    let mut expected: Vec<Area> = old.areas.clone();
    match expected.iter_mut().find(|a| a.id == area.id) {
        Some(a) => *a = area.clone(),
        None => expected.push(area.clone()),
    }
    if !same(&expected, &new.areas) {
        return Err("the areas read back differ from the imported ones".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tl(text: &str) -> Option<(Option<u32>, Option<TimeUnit>)> {
        parse_time_limit(text).map(|t| (t.days, t.unit))
    }

    #[test]
    fn time_limits_of_the_domain_reference() {
        let w = Some(TimeUnit::Workday);
        assert_eq!(
            tl("信息形成或者变更之日起20个工作日内"),
            Some((Some(20), w))
        );
        assert_eq!(
            tl("制定或获取信息之日起10个工作日内，公示7个工作日"),
            Some((Some(10), w))
        );
        assert_eq!(
            tl(
                "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示"
            ),
            Some((Some(20), w))
        );
        assert_eq!(tl("自信息形成之日起二十个工作日内"), Some((Some(20), w)));
        assert_eq!(tl("２０个工作日内"), Some((Some(20), w)));
        assert_eq!(
            tl("信息产生之日起15日内"),
            Some((Some(15), Some(TimeUnit::Day)))
        );
        for text_only in [
            "实时公开",
            "及时公开",
            "本级人民代表大会或其常务委员会批准后20日内",
            "本级政府财政部门批复后20日内",
            "向社会公开征求意见期限一般不少于30日",
            "每年1月31日前",
            "5小时内发布权威信息，24小时内举行新闻发布会",
            "公告期限为5个工作日",
        ] {
            assert_eq!(tl(text_only), Some((None, None)), "{text_only}");
        }
        assert_eq!(tl("按有关规定"), None);
        assert_eq!(tl("2024年"), None);
    }

    #[test]
    fn channels_from_checklists_and_lists() {
        let table = Table {
            file: "a.xlsx".into(),
            sheet: Some("目录".into()),
            rows: Vec::new(),
        };
        let mut p = Problems {
            table: &table,
            diags: Vec::new(),
            seen: BTreeSet::new(),
        };
        let cell = |s: &str| super::super::Cell {
            text: s.into(),
            origin: (5, 8),
        };
        let (c, o) = map_channels(
            &cell(
                "■政府网站 □政府公报 ■两微一端\n□发布会/听证会 ■社区/企事业单位/村公示栏（电子屏） ■其他：公共资源交易平台",
            ),
            "公开渠道和载体",
            &mut p,
        );
        assert_eq!(
            c,
            vec![
                Channel::Website,
                Channel::WechatWeiboApp,
                Channel::BulletinBoard,
                Channel::Other
            ]
        );
        assert_eq!(o.as_deref(), Some("公共资源交易平台"));
        let (c, o) = map_channels(&cell("政府网站、投资项目在线审批监管平台"), "渠道", &mut p);
        assert_eq!(c, vec![Channel::Website, Channel::Other]);
        assert_eq!(o.as_deref(), Some("投资项目在线审批监管平台"));
        assert!(p.diags.is_empty());
        let (c, _) = map_channels(&cell("□政府网站 □政府公报"), "渠道", &mut p);
        assert!(c.is_empty());
        assert_eq!(p.diags.len(), 1);
        assert_eq!(
            p.diags[0].message,
            "sheet 目录, row 5, column H (渠道): \"□政府网站 □政府公报\" ticks no channel"
        );
    }

    #[test]
    fn basis_lists() {
        assert_eq!(
            split_basis(
                "1.《社会救助暂行办法》、《政府信息公开条例》\n（2）国务院关于进一步加强和改进最低生活保障工作的意见；"
            ),
            vec![
                "《社会救助暂行办法》",
                "《政府信息公开条例》",
                "国务院关于进一步加强和改进最低生活保障工作的意见"
            ]
        );
    }

    #[test]
    fn header_names() {
        assert_eq!(
            classify(&normalize_header("公开内容\n（要素）")),
            Some(Kind::Content)
        );
        assert_eq!(classify("一级目录"), Some(Kind::Level1));
        assert_eq!(
            classify("特定群体"),
            Some(Kind::Audience(Some(AudienceTick::Specific)))
        );
        assert_eq!(
            classify("依申请公开"),
            Some(Kind::Method(Some(MethodTick::OnRequest)))
        );
        assert_eq!(
            classify(&normalize_header("乡(村)级")),
            Some(Kind::Levels(Some(6)))
        );
        assert_eq!(classify("市级"), Some(Kind::Levels(Some(0))));
        assert_eq!(classify("公开事项"), None);
    }

    #[test]
    fn rendered_areas_read_back() {
        let area = Area {
            id: "x".into(),
            name: "社会救助".into(),
            name_en: None,
            aliases: vec!["救助, 帮扶".into()],
            guideline: None,
            items: vec![Item {
                id: "item-1".into(),
                level1: "最低生活保障".into(),
                level2: Some("2024年: 审核".into()),
                level3: None,
                content: "名单\n及相关信息".into(),
                basis: vec!["《条例》, 第二条".into()],
                time_limit: TimeLimit {
                    text: "20个工作日内".into(),
                    days: Some(20),
                    unit: Some(TimeUnit::Workday),
                    from: None,
                },
                bodies: vec![],
                channels: vec![Channel::Website, Channel::Other],
                channel_other: Some("平台".into()),
                audience: Audience::Specific,
                method: Method::OnRequest,
                levels: vec![Level::Township, Level::Village],
                cycle: None,
                not_applicable: None,
                searchable: Some(true),
            }],
        };
        let text = format!("areas:\n{}", render_area(&area, 2));
        #[derive(serde::Deserialize)]
        struct F {
            areas: Vec<Area>,
        }
        let back: F = serde_yaml::from_str(&text).expect(&text);
        assert!(same(&back.areas[0], &area), "{text}");
    }
}
