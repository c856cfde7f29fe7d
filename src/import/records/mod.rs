//! `gongkai import records`: a list of records exported from an old CMS (.xlsx or .csv) →
//! one record file per row under `content/records/<area>/`, the layout `gongkai new` uses.
//!
//! A mapping file, written once per CMS, says which column holds which field, or gives a
//! field a fixed value. Every row is turned into record text, parsed with the record parser
//! and resolved with the rest of the site in memory; if any row would make a record the build
//! rejects, every such row is reported and nothing is written. Existing files are never
//! overwritten.

mod mapping;
mod values;

pub use values::parse_date;

use super::{Table, normalize_header, read_tables, yaml_scalar};
use crate::catalog::{CATALOG_FILE, Catalog};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::load::{self, CONTENT_DIR, Loaded};
use crate::record::{self, Front};
use crate::site::{self, ResolveOptions};
use crate::t;
use crate::urls::Linker;
use mapping::{FIELDS, Mapping, REQUIRED, Source, parse_mapping};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use values::{KIND, METHOD, VALIDITY, choose, resolve_item, resolve_publisher};

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

/// What every row is read against.
struct Context {
    catalog: Catalog,
    table: Table,
    mapping: Mapping,
    header_row: usize,
    /// The column of each field the mapping takes from a column.
    column_of: BTreeMap<String, usize>,
    attachments_dir: PathBuf,
}

/// What the site already holds, and what the rows read so far have taken.
#[derive(Default)]
struct Known {
    /// Every 索引号 of the site and of the rows so far: rows without one get the next free
    /// number, as `gongkai new` gives it.
    index_nos: BTreeSet<String>,
    /// Records by title, publisher and published date: a row without an 索引号 that matches
    /// one was imported before, and importing it again would double it.
    by_title: BTreeMap<(String, String, String), String>,
}

impl Known {
    fn scan(loaded: &Loaded) -> Known {
        let mut known = Known::default();
        known.index_nos.extend(
            loaded
                .sources
                .iter()
                .filter_map(|s| s.index_no())
                .map(str::to_string),
        );
        for s in &loaded.sources {
            let Front::Record(r) = &s.front else { continue };
            known.by_title.insert(
                (
                    r.title.clone(),
                    r.publisher.clone(),
                    r.published.to_string(),
                ),
                s.file.clone(),
            );
        }
        known
    }
}

/// Runs `gongkai import records`.
pub fn run(req: &Request) -> anyhow::Result<Outcome> {
    let fail = |diagnostics: Vec<Diagnostic>| {
        Ok(Outcome {
            diagnostics,
            written: Vec::new(),
        })
    };
    let cx = match read_inputs(req)? {
        Ok(cx) => cx,
        Err(d) => return fail(d),
    };
    let loaded = load::load_with(req.root, &cx.catalog.limits, None)?;
    let mut known = Known::scan(&loaded);
    let mut diags = Vec::new();
    let mut drafts = Vec::new();
    let width = cx.table.width();
    for r in cx.header_row + 1..=cx.table.rows.len() {
        if (1..=width).all(|c| cx.table.text(r, c).is_empty()) {
            continue;
        }
        match read_row(&cx, r, &mut known) {
            Ok(d) => drafts.push(d),
            Err(mut d) => diags.append(&mut d),
        }
    }
    let planned = plan(&cx, req.root, drafts, &mut known, &mut diags);
    validate(cx.catalog.clone(), &cx.table, loaded, &planned, &mut diags);
    let mut seen = BTreeSet::new();
    diags.retain(|d| seen.insert(d.to_string()));
    if diags.iter().any(Diagnostic::is_error) {
        return fail(diags);
    }
    if planned.is_empty() {
        diags.push(
            Diagnostic::error(
                &cx.table.file,
                t!(
                    "there are no rows below the header (row {header_row})",
                    header_row = cx.header_row
                ),
            )
            .help(t!("check the mapping's sheet and header_row")),
        );
        return fail(diags);
    }
    write_all(req.root, &planned)?;
    Ok(Outcome {
        diagnostics: diags,
        written: planned.into_iter().map(|p| p.file).collect(),
    })
}

/// The mapping, the catalog and the table, with the column of every mapped field.
fn read_inputs(req: &Request) -> anyhow::Result<Result<Context, Vec<Diagnostic>>> {
    let map_name = req.map.display().to_string();
    let map_text = match std::fs::read(req.map) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return Ok(Err(vec![crate::text::invalid_utf8(
                    &map_name,
                    e.as_bytes(),
                    e.utf8_error(),
                )]));
            }
        },
        Err(e) => {
            return Ok(Err(vec![
                Diagnostic::error(&map_name, t!("cannot read the mapping file: {e}", e))
                    .help(t!("write a mapping file (see README: Migrating an existing county) and pass it with --map")),
            ]));
        }
    };
    let mapping = match parse_mapping(&map_text, &map_name) {
        Ok(m) => m,
        Err(d) => return Ok(Err(d)),
    };
    let parsed = Catalog::load(req.root)?;
    let Some(catalog) = parsed.catalog else {
        return Ok(Err(parsed.diagnostics));
    };
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        let mut d = parsed.diagnostics;
        d.push(
            Diagnostic::error(
                CATALOG_FILE,
                t!("records are imported only into a site whose catalog.yaml has no errors"),
            )
            .help(t!("fix the problems above, then import again")),
        );
        return Ok(Err(d));
    }
    let tables = match read_tables(req.file)? {
        Ok(t) => t,
        Err(d) => return Ok(Err(vec![d])),
    };
    let table = match &mapping.sheet {
        Some(name) => match super::pick_sheet(tables, name) {
            Ok(t) => t,
            Err(d) => return Ok(Err(vec![d])),
        },
        None => match tables.into_iter().next() {
            Some(t) => t,
            None => {
                return Ok(Err(vec![Diagnostic::error(
                    req.file.display().to_string(),
                    t!("the file has no table"),
                )]));
            }
        },
    };

    // The header row: given, or the first row that has every mapped column name.
    let width = table.width();
    let columns_in = |r: usize| -> BTreeMap<String, usize> {
        (1..=width)
            .map(|c| (normalize_header(&table.text(r, c)), c))
            .filter(|(n, _)| !n.is_empty())
            .rev()
            .collect()
    };
    let wanted: Vec<String> = mapping
        .fields
        .values()
        .filter_map(|s| match s {
            Source::Column(c) => Some(normalize_header(c)),
            Source::Value(_) => None,
        })
        .collect();
    let header_row = mapping.header_row.unwrap_or_else(|| {
        (1..=table.rows.len().min(20))
            .find(|&r| {
                let cols = columns_in(r);
                wanted.iter().all(|w| cols.contains_key(w))
            })
            .unwrap_or(1)
    });
    let header = columns_in(header_row);
    let mut diags = Vec::new();
    let mut column_of = BTreeMap::new();
    for (field, source) in &mapping.fields {
        let Source::Column(c) = source else { continue };
        match header.get(&normalize_header(c)) {
            Some(col) => {
                column_of.insert(field.clone(), *col);
            }
            None => {
                let names: Vec<String> = (1..=width)
                    .map(|c| table.text(header_row, c))
                    .filter(|s| !s.is_empty())
                    .collect();
                diags.push(
                    Diagnostic::error(
                        &table.file,
                        t!("{row_place}: there is no column `{c}` (for `{field}`)", row_place = table.row_place(header_row), c, field),
                    )
                    .help(t!("the columns are: {names}; correct the name in {map_name}, or set header_row", names = names.join(", "), map_name)),
                );
            }
        }
    }
    if !diags.is_empty() {
        return Ok(Err(diags));
    }
    let attachments_dir = match &mapping.attachments_dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => req.map.parent().unwrap_or(Path::new(".")).join(d),
        None => req.file.parent().unwrap_or(Path::new(".")).to_path_buf(),
    };
    Ok(Ok(Context {
        catalog,
        table,
        mapping,
        header_row,
        column_of,
        attachments_dir,
    }))
}

/// Reads row `r` into record fields; `Err` with every problem of the row, in column order.
fn read_row(cx: &Context, r: usize, known: &mut Known) -> Result<Draft, Vec<Diagnostic>> {
    let table = &cx.table;
    let get = |field: &str| -> (String, String, (usize, usize)) {
        match cx.mapping.fields.get(field) {
            Some(Source::Value(v)) => (v.clone(), String::new(), (r, 0)),
            Some(Source::Column(name)) => {
                let col = cx.column_of.get(field).copied().unwrap_or(0);
                (
                    table.cell(r, col).text.trim().to_string(),
                    name.clone(),
                    (r, col),
                )
            }
            None => (String::new(), String::new(), (r, 0)),
        }
    };
    let mut problems: Vec<((usize, usize), Diagnostic)> = Vec::new();
    let mut bad = |at: (usize, usize), header: &str, message: String, help: String| {
        problems.push((
            at,
            Diagnostic::error(
                &table.file,
                t!(
                    "{place}: {message}",
                    place = table.place(at, header),
                    message
                ),
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
                    t!("`{field}` is empty", field),
                    t!(
                        "every record needs a title, a catalog item, a publisher and its formed and published dates"
                    ),
                );
            }
            continue;
        }
        match read_value(&cx.catalog, field, v) {
            Ok(value) => {
                fields.insert(field, value);
            }
            Err((message, help)) => bad(at, &header, message, help),
        }
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
            let from = cx.attachments_dir.join(entry);
            let name = Path::new(entry)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.is_empty() || !from.is_file() {
                bad(
                    at,
                    &header,
                    t!("attachment \"{entry}\" does not exist", entry),
                    t!(
                        "put the file at {from}, or set attachments_dir in the mapping to the folder the paths start from",
                        from = from.display()
                    ),
                );
                continue;
            }
            copies.push((from, name));
        }
    }
    if let Some(n) = fields.get("index_no")
        && !known.index_nos.insert(n.clone())
    {
        let (v, header, at) = get("index_no");
        bad(
            at,
            &header,
            t!("索引号 {v} is already used by another record", v),
            t!("an 索引号 belongs to one record only; the CMS export may list the record twice"),
        );
    }
    // In the order of the columns, as the editor reads the row.
    problems.sort_by_key(|(at, _)| at.1);
    let mut problems: Vec<Diagnostic> = problems.into_iter().map(|(_, d)| d).collect();
    if !fields.contains_key("index_no")
        && let (Some(t), Some(p), Some(d)) = (
            fields.get("title"),
            fields.get("publisher"),
            fields.get("published"),
        )
        && let Some(file) = known.by_title.get(&(t.clone(), p.clone(), d.clone()))
    {
        problems.push(
            Diagnostic::error(
                &table.file,
                t!(
                    "{row_place}: {file} already has this title, publisher and published date",
                    row_place = table.row_place(r),
                    file
                ),
            )
            .help(t!(
                "the row was imported before; remove it from the table, or give it its 索引号"
            )),
        );
    }
    if problems.is_empty() {
        Ok(Draft {
            row: r,
            fields,
            links,
            copies,
        })
    } else {
        Err(problems)
    }
}

/// One field's cell text as the record writes it, or (what is wrong, what to do).
fn read_value(catalog: &Catalog, field: &str, v: String) -> Result<String, (String, String)> {
    let refuse = |message: String, help: String| Err((message, help));
    match field {
        "formed" | "published" | "changed" | "repealed_on" => match parse_date(&v) {
            Some(d) => Ok(d.to_string()),
            None => refuse(
                t!("\"{v}\" is not a date", v),
                t!("write dates as 2024-03-05, 2024/3/5 or 2024年3月5日"),
            ),
        },
        "item" => resolve_item(catalog, &v).or_else(|why| {
            refuse(
                why,
                t!("write the item as area-id/item-id from catalog.yaml, or as its names 一级事项/二级事项"),
            )
        }),
        "publisher" => resolve_publisher(catalog, &v).or_else(|why| {
            let keys: Vec<String> = catalog
                .publishers
                .iter()
                .map(|p| format!("{} ({})", p.key, p.name))
                .collect();
            refuse(
                why,
                t!("use a key or the full name of a publisher: {keys}", keys = keys.join(", ")),
            )
        }),
        "validity" => match choose(&v, VALIDITY) {
            Some(x) => Ok(x.to_string()),
            None => refuse(
                t!("\"{v}\" is neither 有效 nor 废止", v),
                t!("write 有效 or 废止 (valid or repealed)"),
            ),
        },
        "kind" => match choose(&v, KIND) {
            Some(x) => Ok(x.to_string()),
            None => refuse(
                t!("\"{v}\" is not a kind of document gongkai counts", v),
                t!("write 规范性文件, 规章 or 其他, or leave the cell empty"),
            ),
        },
        "method" => match choose(&v, METHOD) {
            Some(x) => Ok(x.to_string()),
            None => refuse(
                t!("\"{v}\" is neither 主动公开 nor 依申请公开", v),
                t!("write 主动公开 or 依申请公开, or leave the cell empty"),
            ),
        },
        _ => Ok(v),
    }
}

/// Gives rows without an 索引号 the next free numbers (as `gongkai new` would), and each
/// record its file; a file that exists already, or that two rows would share, is a problem.
fn plan(
    cx: &Context,
    root: &Path,
    drafts: Vec<Draft>,
    known: &mut Known,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Planned> {
    let catalog = &cx.catalog;
    let table = &cx.table;
    let mut planned = Vec::new();
    let mut paths: BTreeMap<String, usize> = BTreeMap::new();
    let mut numberer = catalog.index_patterns.numberer();
    for Draft {
        row: r,
        mut fields,
        links,
        copies,
    } in drafts
    {
        let publisher = catalog
            .publisher(fields.get("publisher").map_or("", String::as_str))
            .map(|(_, p)| p.clone());
        let published = fields.get("published").and_then(|d| Date::parse(d));
        if !fields.contains_key("index_no")
            && let (Some(p), Some(d)) = (&publisher, published)
        {
            match numberer.next(&known.index_nos, p, d) {
                Ok(number) => {
                    known.index_nos.insert(number.clone());
                    fields.insert("index_no", number);
                }
                Err(msg) => diags.push(
                    Diagnostic::error(
                        &table.file,
                        t!(
                            "{place}: {message}",
                            place = table.row_place(r),
                            message = msg
                        ),
                    )
                    .help(t!(
                        "add a pattern with a longer serial at the top of site.index_no"
                    )),
                ),
            }
        }
        let index_no = fields.get("index_no").cloned().unwrap_or_default();
        let area = fields
            .get("item")
            .and_then(|i| i.split('/').next())
            .unwrap_or("records")
            .to_string();
        let stem = match (&publisher, published) {
            (Some(p), Some(d)) => match catalog.index_patterns.matches(&index_no, p, d) {
                Ok(serial) => format!("{}-{}-{serial:05}", d.year(), p.key),
                Err(_) => file_stem(&index_no),
            },
            _ => file_stem(&index_no),
        };
        let file = format!("{CONTENT_DIR}/records/{area}/{stem}.md");
        if let Some(first) = paths.insert(file.clone(), r) {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    t!("{row_place}: the record would be written to {file}, like the record of row {first}", row_place = table.row_place(r), file, first),
                )
                .help(t!("two rows have the same 索引号 or publisher and serial; correct one of them")),
            );
            continue;
        }
        if root.join(&file).exists() {
            diags.push(
                Diagnostic::error(&table.file, t!("{row_place}: {file} already exists and is not overwritten", row_place = table.row_place(r), file))
                    .help(t!("the record may have been imported before; remove the row, or move the existing file away first")),
            );
            continue;
        }
        // Attachments go into a folder named like the record, so that two records' files
        // of the same name do not meet.
        let mut copies_to = Vec::new();
        let mut attachment_names = Vec::new();
        for (from, name) in copies {
            attachment_names.push(format!("{stem}/{name}"));
            copies_to.push((from, format!("{CONTENT_DIR}/records/{area}/{stem}/{name}")));
        }
        let text = record_text(&fields, &attachment_names, &links);
        planned.push(Planned {
            row: r,
            file,
            text,
            copies: copies_to,
        });
    }
    planned
}

/// Reads every planned record as the build will: parsed alone, then resolved with the rest
/// of the site. Problems in them are told as problems of their rows.
fn validate(
    catalog: Catalog,
    table: &Table,
    mut loaded: Loaded,
    planned: &[Planned],
    diags: &mut Vec<Diagnostic>,
) {
    let mut row_of: BTreeMap<String, usize> = BTreeMap::new();
    for p in planned {
        row_of.insert(p.file.clone(), p.row);
        let (source, parse_diags) = record::parse_with(&p.text, &p.file, &catalog.limits);
        diags.extend(
            parse_diags
                .into_iter()
                .filter(Diagnostic::is_error)
                .map(|d| row_problem(table, p.row, &d)),
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
        None,
    );
    for d in site_diags.iter().filter(|d| d.is_error()) {
        if let Some(&row) = row_of.get(&d.file) {
            diags.push(row_problem(table, row, d));
        }
    }
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
                let bytes = std::fs::read(from).map_err(|e| {
                    anyhow::anyhow!(t!("reading {path}: {e}", path = from.display(), e))
                })?;
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
            .map_err(|e| anyhow::anyhow!(t!("creating {path}: {e}", path = dir.display(), e)))?;
    }
    Ok(())
}

fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!(t!("creating {path}: {e}", path = path.display(), e)))?;
    f.write_all(bytes)
        .map_err(|e| anyhow::anyhow!(t!("writing {path}: {e}", path = path.display(), e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("xzfgzbmzfb/2021-3740"), "xzfgzbmzfb-2021-3740");
        assert_eq!(file_stem("/"), "record");
    }
}
