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

mod cells;
mod table;
mod yaml;

pub use cells::parse_time_limit;
pub use yaml::render_area;

use super::{Table, normalize_header, read_tables};
use crate::calendar::Calendar;
use crate::catalog::{Area, CATALOG_FILE, Catalog, Item};
use crate::diag::Diagnostic;
use crate::t;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use table::{Header, Problems, RowItem, find_header, map_rows};
use yaml::splice;

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

/// Runs `gongkai import catalog`.
pub fn run(req: &Request) -> anyhow::Result<Outcome> {
    let catalog_path = req.root.join(CATALOG_FILE);
    let original = match std::fs::read(&catalog_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Outcome::failed(
                Vec::new(),
                Diagnostic::error(CATALOG_FILE, t!("there is no catalog.yaml in the site folder"))
                    .help(t!("create the site first with `gongkai init DIR`, then import into it with --root DIR")),
            ));
        }
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context(t!("reading {path}", path = catalog_path.display()))
            );
        }
    };
    let Ok(original) = String::from_utf8(original) else {
        return Ok(Outcome::failed(
            Vec::new(),
            Diagnostic::error(CATALOG_FILE, t!("catalog.yaml is not UTF-8 text")).help(t!(
                "run `gongkai build` to see where, and save the file as UTF-8"
            )),
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
                    Diagnostic::warning(&file_name, t!("only the first catalog sheet was imported; {others} also look like catalogs", others = others.join(", ")))
                        .help(t!("import each sheet on its own with --sheet NAME (and --area ID when it is another area)")),
                );
            }
            match found.into_iter().next() {
                Some(f) => f,
                None => {
                    let d = match first {
                        Some(t) => no_header(&t),
                        None => Diagnostic::error(&file_name, t!("the file has no table")),
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
                t!(
                    "{row_place}: no row below the header could be imported",
                    row_place = table.row_place(header.row)
                ),
            )
            .help(t!(
                "each item needs at least 一级事项, 公开内容 and 公开时限; see the problems above"
            )),
        ));
    }

    let existing = catalog.areas.iter().position(|a| a.id == area_template.id);
    let old_area = existing.map(|i| catalog.areas[i].clone());
    let (area, counts) = merge(area_template, old_area.as_ref(), rows);
    for kept in &counts.kept {
        diags.push(
            Diagnostic::warning(CATALOG_FILE, t!("item `{id}/{kept}` is not in {file} and was kept", id = area.id, kept, file = table.file))
                .help(t!("remove it from catalog.yaml by hand if the county dropped it; records may still point at it")),
        );
    }
    let summary_counts = t!(
        "{added} new, {changed} changed, {unchanged} unchanged",
        added = counts.added,
        changed = counts.changed,
        unchanged = counts.unchanged
    );
    if let Some(old) = &old_area
        && same(old, &area)
    {
        return Ok(Outcome {
            diagnostics: diags,
            summary: Some(t!(
                "area `{id}` ({name}): {kept} items from {file}, {summary_counts}; catalog.yaml is already up to date",
                id = area.id,
                name = area.name,
                kept = area.items.len() - counts.kept.len(),
                file = table.file,
                summary_counts
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
            Diagnostic::error(CATALOG_FILE, t!("the imported area would not read back correctly, so catalog.yaml was left unchanged: {why}", why))
                .help(t!("this is a fault in gongkai import; please report it with the sheet")),
        ));
    }
    crate::output::write_atomic(&catalog_path, new_text.as_bytes())?;
    Ok(Outcome {
        diagnostics: diags,
        summary: Some(t!(
            "area `{id}` ({name}): {kept} items from {file}, {summary_counts}; catalog.yaml {done}",
            id = area.id,
            name = area.name,
            kept = area.items.len() - counts.kept.len(),
            file = table.file,
            summary_counts,
            done = if existing.is_some() {
                t!("updated")
            } else {
                t!("has the new area")
            }
        )),
    })
}

fn no_header(t: &Table) -> Diagnostic {
    let place = t
        .sheet
        .as_ref()
        .map(|s| t!("sheet {s}: ", s))
        .unwrap_or_default();
    Diagnostic::error(&t.file, t!("{place}no header row with the catalog's columns (一级事项, 公开内容, 公开时限, …) was found in the first 30 rows", place))
        .help(t!("the table needs the official column names; with several sheets, name the catalog's with --sheet NAME"))
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
    let width = table.width();
    for r in 1..header_row {
        for c in 1..=width {
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
                Diagnostic::error("--area", t!("`{id}` is not a URL-safe area id", id)).help(t!(
                    "use lower-case ASCII letters, digits and `-`, for example social-assistance"
                )),
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
            None => Err(Diagnostic::error("--area", t!("area `{id}` is not in catalog.yaml, and the table's title does not name it", id))
                .help(t!("add the area to catalog.yaml with its id and name (items may stay empty), then import again"))),
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
            t!("the table's title and sheet name do not say which area it is"),
        )
        .help(t!(
            "name the area with --area ID, for example --area social-assistance"
        ))),
    }
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
                let mut id = format!("item-{:08x}", crate::text::fnv64(seed.as_bytes()) >> 32);
                let mut k = 2;
                while ids.contains(&id) {
                    id = format!("item-{:08x}-{k}", crate::text::fnv64(seed.as_bytes()) >> 32);
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
pub(super) fn same<T: serde::Serialize>(a: &T, b: &T) -> bool {
    match (serde_yaml::to_value(a), serde_yaml::to_value(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
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
        return Err(t!("the site settings or publishers changed"));
    }
    let mut expected: Vec<Area> = old.areas.clone();
    match expected.iter_mut().find(|a| a.id == area.id) {
        Some(a) => *a = area.clone(),
        None => expected.push(area.clone()),
    }
    if !same(&expected, &new.areas) {
        return Err(t!("the areas read back differ from the imported ones"));
    }
    Ok(())
}
