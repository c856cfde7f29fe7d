//! The resolve stage: parsed sources + catalog → an immutable `Site`, with every cross-file
//! problem reported (unknown item or publisher, duplicate 索引号, 索引号 not matching the
//! pattern, missing attachments, broken links between files, URL collisions).
//!
//! Markdown bodies are rendered here, in parallel, because a link's target URL is only known
//! once every file has its URL; the render stage then only fills templates.

use crate::catalog::{Audience, Catalog};
use crate::diag::{Diagnostic, Pos, Topic, suggest};
use crate::load::{CONTENT_DIR, Loaded};
use crate::markdown::{self, LinkResolution, MarkdownInput, Rendered};
use crate::record::{Front, Page, PageKind, Record, Source};
use crate::redirects::Alias;
use crate::report::AnnualReport;
use crate::t;
use crate::tn;
use crate::urls::{Linker, join_relative, percent_decode};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// An attachment as published: copied from `src` to `url`.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Source path relative to the site root.
    pub src: String,
    pub url: String,
    pub name: String,
    pub size: u64,
}

#[derive(Debug)]
pub struct RecordEntry {
    pub file: String,
    pub record: Record,
    pub area: usize,
    pub item: usize,
    pub publisher: usize,
    pub url: String,
    /// The record this one interprets.
    pub interprets: Option<usize>,
    /// Records that interpret this one, newest first.
    pub interpretations: Vec<usize>,
    pub body: Arc<Rendered>,
    /// A hash of `body.html`, when bodies are remembered between builds (`serve`): record
    /// pages are told apart by it instead of by the whole text.
    pub body_hash: Option<u64>,
    pub attachments: Vec<Attachment>,
    /// Old addresses redirected to this record.
    pub aliases: Vec<Alias>,
    /// False for records of items meant for a specific audience: published, but kept out of
    /// search, feeds and the sitemap, with `noindex`.
    pub listed: bool,
}

#[derive(Debug)]
pub struct PageEntry {
    pub file: String,
    pub page: Page,
    pub url: String,
    pub body: Arc<Rendered>,
    pub attachments: Vec<Attachment>,
    /// Old addresses redirected to this page.
    pub aliases: Vec<Alias>,
}

/// The whole site, resolved and immutable.
#[derive(Debug)]
pub struct Site {
    pub catalog: Catalog,
    pub linker: Linker,
    /// Newest first (by published date, then 索引号).
    pub records: Vec<RecordEntry>,
    /// Sorted by URL.
    pub pages: Vec<PageEntry>,
    /// Record indices per (area, item), newest first.
    pub by_item: BTreeMap<(usize, usize), Vec<usize>>,
    /// Record indices per publisher, newest first.
    pub by_publisher: Vec<Vec<usize>>,
    pub by_index_no: BTreeMap<String, usize>,
    /// Annual reports, by publisher and year.
    pub reports: Vec<ReportEntry>,
}

/// An annual report with its text sections rendered.
#[derive(Debug)]
pub struct ReportEntry {
    pub report: AnnualReport,
    pub url: String,
    /// 一、总体情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项
    pub overview: Rendered,
    pub problems: Rendered,
    pub other: Rendered,
}

pub struct ResolveOptions {
    pub include_drafts: bool,
}

/// Markdown bodies rendered by an earlier resolve, kept by `serve`. A body is rendered again
/// unless its text is the same and every link it looked up still resolves the same way.
#[derive(Debug, Default)]
pub struct BodyMemo {
    bodies: std::collections::HashMap<String, BodyEntry>,
}

#[derive(Debug)]
struct BodyEntry {
    text_hash: u64,
    first_line: usize,
    /// Each link target the body looked up, with its answer (hrefs are relative to the page,
    /// so a body whose page moved gets different answers and is rendered again).
    lookups: Vec<(String, Option<String>, LinkResolution)>,
    rendered: Arc<Rendered>,
    html_hash: u64,
}

/// What `render_body` did with the memo.
enum Memoed {
    /// Bodies are not remembered.
    No,
    /// The remembered body was used and stays as it is.
    Same,
    New(BodyEntry),
}

/// The URL of a record: its 索引号 is the path, so it never changes when the catalog does.
pub fn record_url(index_no: &str) -> String {
    format!("records/{index_no}/")
}

/// Checks that an 索引号 can serve as a URL path.
fn index_no_problem(index_no: &str) -> Option<String> {
    if let Some(c) = index_no
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
    {
        return Some(t!(
            "索引号 `{index_no}` contains `{c}`, which cannot stand in its URL",
            index_no,
            c
        ));
    }
    if index_no
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Some(t!(
            "索引号 `{index_no}` has an empty, `.` or `..` part",
            index_no
        ));
    }
    None
}

fn page_url(file: &str, kind: PageKind) -> String {
    let stem = file
        .strip_prefix(&format!("{CONTENT_DIR}/"))
        .unwrap_or(file)
        .trim_end_matches(".md");
    let name = stem.rsplit('/').next().unwrap_or(stem);
    match kind {
        PageKind::Guide => "guide/".into(),
        PageKind::Rules => "rules/".into(),
        PageKind::Apply => "apply/".into(),
        PageKind::Report => format!("reports/{name}/"),
        PageKind::Other => format!("{stem}/"),
    }
}

/// Where a source will be published, before anything is checked.
struct Placed {
    source: Source,
    url: String,
}

pub fn resolve(
    catalog: Catalog,
    mut loaded: Loaded,
    linker: Linker,
    opts: &ResolveOptions,
    mut memo: Option<&mut BodyMemo>,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let files = std::mem::take(&mut loaded.files);

    // 1. URLs for every source; duplicates of 索引号 and page URLs are reported here.
    let mut placed: Vec<Placed> = Vec::new();
    let mut url_owner: BTreeMap<String, String> = BTreeMap::new();
    let mut index_owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut drafts = std::collections::BTreeSet::new();
    for source in &loaded.sources {
        if let Front::Record(r) = &source.front
            && (opts.include_drafts || !source.draft())
        {
            index_owners
                .entry(r.index_no.clone())
                .or_default()
                .push(source.file.clone());
        }
    }
    for source in loaded.sources {
        if source.draft() && !opts.include_drafts {
            drafts.insert(source.file.clone());
            continue;
        }
        let url = match &source.front {
            Front::Record(r) => {
                if let Some(problem) = index_no_problem(&r.index_no) {
                    diags.push(Diagnostic::error(&source.file, problem).at(source.pos("index_no")).help(t!("an 索引号 may contain ASCII letters, digits, `-`, `_`, `.` and `/` between parts")));
                    continue;
                }
                let owners = &index_owners[&r.index_no];
                if owners.len() > 1 {
                    let others: Vec<&str> = owners
                        .iter()
                        .filter(|f| **f != source.file)
                        .map(String::as_str)
                        .collect();
                    diags.push(
                        Diagnostic::error(&source.file, t!("索引号 `{index_no}` is also used by {others}", index_no = r.index_no, others = others.join(", ")))
                            .at(source.pos("index_no"))
                            .help(t!("every record needs its own 索引号, and a published one never changes: if this record was never published, give it the next free number with `gongkai renumber {file}`", file = source.file)),
                    );
                    continue;
                }
                record_url(&r.index_no)
            }
            Front::Page(p) => page_url(&source.file, p.kind),
            Front::Incomplete {
                item, publisher, ..
            } => {
                if let Some(item) = item {
                    check_item_ref(&catalog, &source, item, &mut diags);
                }
                if let Some(publisher) = publisher {
                    check_publisher_ref(&catalog, &source, publisher, &mut diags);
                }
                continue;
            }
        };
        if let Some(first) = url_owner.get(&url) {
            diags.push(
                Diagnostic::error(&source.file, t!("this page would be published at {url}, like {first}", url, first))
                    .at(Pos::new(1, 1))
                    .help(t!("a site has one page of each kind guide, rules and apply; rename or remove one of the two files")),
            );
            continue;
        }
        url_owner.insert(url.clone(), source.file.clone());
        placed.push(Placed { source, url });
    }
    let url_of_file: BTreeMap<String, String> = placed
        .iter()
        .map(|p| (p.source.file.clone(), p.url.clone()))
        .collect();

    // 2. Attachments: each listed file must exist inside content/.
    let mut attachment_url: BTreeMap<String, String> = BTreeMap::new();
    let mut attachments_of: Vec<Vec<Attachment>> = Vec::with_capacity(placed.len());
    for p in &placed {
        let mut list: Vec<Attachment> = Vec::new();
        for (i, name) in p.source.attachments().iter().enumerate() {
            let pos = p
                .source
                .positions
                .find_or(&format!("attachments.{i}"), p.source.pos("attachments"));
            let err = |msg: String, help: String| {
                Diagnostic::error(&p.source.file, msg)
                    .at(pos)
                    .help(help)
                    .topic(Topic::Link)
            };
            let decoded = percent_decode(name);
            if decoded.starts_with('/') || decoded.contains('\\') || decoded.contains(':') {
                diags.push(err(t!("attachment `{name}` is an absolute path", name), t!("name the file relative to this record, for example roster-2024q3.csv, and keep it inside content/")));
                continue;
            }
            let Some(src) = join_relative(&p.source.file, &decoded)
                .filter(|s| s.starts_with(&format!("{CONTENT_DIR}/")))
            else {
                diags.push(err(t!("attachment `{name}` is outside content/", name), t!("copy the file into content/, beside the record, and name it relative to the record")));
                continue;
            };
            let Some(size) = files.get(&src) else {
                diags.push(err(
                    t!("attachment `{name}` does not exist", name),
                    t!(
                        "put the file at {src}, or correct its name in `attachments:`",
                        src
                    ),
                ));
                continue;
            };
            let file_name = src.rsplit('/').next().unwrap_or(&src).to_string();
            if list.iter().any(|a| a.name == file_name) {
                diags.push(err(
                    t!("two attachments are named `{file_name}`", file_name),
                    t!("rename one of the files: both would be published at the same address"),
                ));
                continue;
            }
            let url = format!("{}{file_name}", p.url);
            attachment_url
                .entry(src.clone())
                .or_insert_with(|| url.clone());
            list.push(Attachment {
                src,
                url,
                name: file_name,
                size: *size,
            });
        }
        attachments_of.push(list);
    }

    // 2b. Aliases: old addresses of the county's previous site. Whether one takes the place of
    // a published file is only known once everything is rendered (see `redirects`).
    let site_folder = crate::redirects::base_path(&linker);
    let mut aliases_of: Vec<Vec<Alias>> = Vec::with_capacity(placed.len());
    for p in &placed {
        let mut list = Vec::new();
        for (i, written) in p.source.aliases().iter().enumerate() {
            let pos = p
                .source
                .positions
                .find_or(&format!("aliases.{i}"), p.source.pos("aliases"));
            match crate::redirects::parse_alias(written, &linker) {
                Ok(url) => {
                    if site_folder != "/"
                        && url.starts_with(&site_folder[1..])
                        && !written.contains("://")
                    {
                        diags.push(
                            Diagnostic::warning(&p.source.file, t!("alias `{written}` starts with the site's own folder {site_folder}: it is published at {site_folder}{url}", written, site_folder, url))
                                .at(pos)
                                .help(t!("aliases are paths from the site's root ({site_folder}); write the part after it, or the full old address", site_folder)),
                        );
                    }
                    list.push(Alias {
                        written: written.clone(),
                        url,
                        pos,
                    });
                }
                Err(e) => diags.push(
                    Diagnostic::error(&p.source.file, e.message)
                        .at(pos)
                        .help(e.help),
                ),
            }
        }
        aliases_of.push(list);
    }

    // 3. Record checks against the catalog.
    let mut resolved: Vec<Option<(usize, usize, usize)>> = Vec::with_capacity(placed.len());
    for p in &placed {
        let Front::Record(r) = &p.source.front else {
            resolved.push(None);
            continue;
        };
        resolved.push(check_record(&catalog, &p.source, r, &mut diags));
    }
    for p in &placed {
        if let Front::Record(r) = &p.source.front
            && let Some(target) = &r.interprets
        {
            let pos = p.source.pos("interprets");
            if target == &r.index_no {
                diags.push(
                    Diagnostic::error(&p.source.file, t!("a record cannot interpret itself"))
                        .at(pos)
                        .help(t!(
                            "write the 索引号 of the policy document this record explains"
                        )),
                );
            } else if !index_owners.contains_key(target) {
                diags.push(
                    Diagnostic::error(&p.source.file, t!("`interprets: {target}` names no record of this site", target))
                        .at(pos)
                        .help(t!("write the 索引号 of the policy document this record explains, exactly as in its front matter")),
                );
            }
        }
    }

    // 4. Markdown, in parallel: every local link must reach a page or an attachment.
    let old = memo.as_deref();
    let rendered: Vec<(Arc<Rendered>, Memoed)> = placed
        .par_iter()
        .map(|p| {
            render_body(
                p,
                &Targets {
                    url_of_file: &url_of_file,
                    attachment_url: &attachment_url,
                    files: &files,
                    md_files: &loaded.md_files,
                    drafts: &drafts,
                },
                &linker,
                old.map(|m| m.bodies.get(&p.source.file)),
            )
        })
        .collect();
    let mut rendered_bodies = Vec::with_capacity(rendered.len());
    let mut old = memo
        .as_deref_mut()
        .map(|m| std::mem::take(&mut m.bodies))
        .unwrap_or_default();
    let mut next = std::collections::HashMap::new();
    for (p, (body, memoed)) in placed.iter().zip(rendered) {
        let body_diags = issue_diagnostics(&p.source.file, &body);
        let entry = match memoed {
            Memoed::No => None,
            Memoed::Same => old.remove(&p.source.file),
            Memoed::New(entry) => Some(entry),
        };
        let hash = entry.as_ref().map(|e| e.html_hash);
        if let Some(entry) = entry {
            next.insert(p.source.file.clone(), entry);
        }
        rendered_bodies.push((body, body_diags, hash));
    }
    if let Some(memo) = memo {
        memo.bodies = next;
    }
    let rendered = rendered_bodies;

    // 5. Assemble.
    let mut records = Vec::new();
    let mut pages = Vec::new();
    for ((((p, (body, body_diags, body_hash)), attachments), res), aliases) in placed
        .into_iter()
        .zip(rendered)
        .zip(attachments_of)
        .zip(resolved)
        .zip(aliases_of)
    {
        diags.extend(body_diags);
        let Placed { source, url } = p;
        match source.front {
            Front::Record(record) => {
                let Some((area, item, publisher)) = res else {
                    continue;
                };
                let item_def = &catalog.areas[area].items[item];
                let listed =
                    item_def.audience == Audience::Public || item_def.searchable == Some(true);
                records.push(RecordEntry {
                    file: source.file,
                    record,
                    area,
                    item,
                    publisher,
                    url,
                    interprets: None,
                    interpretations: Vec::new(),
                    body,
                    body_hash,
                    attachments,
                    aliases,
                    listed,
                });
            }
            Front::Page(page) => pages.push(PageEntry {
                file: source.file,
                page,
                url,
                body,
                attachments,
                aliases,
            }),
            // Incomplete records were reported and never placed.
            Front::Incomplete { .. } => {}
        }
    }
    records.sort_by(|a, b| {
        b.record
            .published
            .cmp(&a.record.published)
            .then_with(|| a.record.index_no.cmp(&b.record.index_no))
    });
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let by_index_no: BTreeMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.record.index_no.clone(), i))
        .collect();
    for i in 0..records.len() {
        if let Some(target) = records[i]
            .record
            .interprets
            .as_ref()
            .and_then(|t| by_index_no.get(t))
            .copied()
        {
            records[i].interprets = Some(target);
            records[target].interpretations.push(i);
        }
    }
    let mut by_item: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    let mut by_publisher = vec![Vec::new(); catalog.publishers.len()];
    for (i, r) in records.iter().enumerate() {
        by_item.entry((r.area, r.item)).or_default().push(i);
        by_publisher[r.publisher].push(i);
    }
    for ((a, i), list) in &by_item {
        let item = &catalog.areas[*a].items[*i];
        if let Some(reason) = &item.not_applicable {
            let first = &records[list[0]];
            diags.push(
                Diagnostic::warning(
                    crate::catalog::CATALOG_FILE,
                    t!(
                        "item `{area}/{item}` is marked not applicable ({reason}) but has {records}",
                        area = catalog.areas[*a].id,
                        item = item.id,
                        reason,
                        records = tn!("{n} record|{n} records", list.len())
                    ),
                )
                .at(catalog.positions.find_or(
                    &format!("areas.{a}.items.{i}.not_applicable"),
                    Pos::new(1, 1),
                ))
                .help(t!("remove `not_applicable` from the item, or file {file} under another item", file = first.file)),
            );
        }
    }

    let mut reports = Vec::new();
    for (file, text) in &loaded.reports {
        let (report, report_diags) = crate::report::parse(file, text, &catalog, |p| {
            by_publisher[p]
                .iter()
                .map(|&r| &records[r].record)
                .collect()
        });
        diags.extend(report_diags);
        if let Some(report) = report {
            let url = report.url(&catalog);
            let mut section = |text: &str, key: &str| {
                let line = report.section_line(key, text);
                let (rendered, section_diags) = render_report_section(file, text, line);
                diags.extend(section_diags);
                rendered
            };
            let overview = section(&report.data.overview, "overview");
            let problems = section(&report.data.problems, "problems");
            let other = section(&report.data.other, "other");
            reports.push(ReportEntry {
                report,
                url,
                overview,
                problems,
                other,
            });
        }
    }
    reports.sort_by(|a, b| {
        b.report
            .year
            .cmp(&a.report.year)
            .then(a.report.publisher.cmp(&b.report.publisher))
    });

    let site = Site {
        catalog,
        linker,
        records,
        pages,
        by_item,
        by_publisher,
        by_index_no,
        reports,
    };
    (site, diags)
}

/// Renders a report's Markdown section; links to local files are not supported there.
fn render_report_section(file: &str, text: &str, first_line: usize) -> (Rendered, Vec<Diagnostic>) {
    let mut resolve = |target: &str, _fragment: Option<&str>| LinkResolution::Error {
        message: t!("link to `{target}` in a report's text", target),
        help: t!(
            "a report's text may link to web addresses only; link records from the records themselves"
        ),
    };
    let rendered = markdown::render(&MarkdownInput { text, first_line }, &mut resolve);
    let diags = issue_diagnostics(file, &rendered);
    (rendered, diags)
}

/// The problems Markdown rendering found in `file`, as diagnostics.
fn issue_diagnostics(file: &str, rendered: &Rendered) -> Vec<Diagnostic> {
    rendered
        .issues
        .iter()
        .map(|i| {
            let d = if i.is_error {
                Diagnostic::error(file, &i.message)
            } else {
                Diagnostic::warning(file, &i.message)
            };
            d.at(Pos::new(i.line, i.col)).help(&i.help).topic(i.topic)
        })
        .collect()
}

/// Reports an unknown `item:`; returns (area, item) when it exists.
fn check_item_ref(
    catalog: &Catalog,
    source: &Source,
    item: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(usize, usize)> {
    let file = &source.file;
    let found = catalog.find_item(item);
    if found.is_none() {
        let all: Vec<String> = catalog
            .areas
            .iter()
            .flat_map(|a| a.items.iter().map(move |i| format!("{}/{}", a.id, i.id)))
            .collect();
        let help = match suggest(item, all.iter().map(String::as_str)) {
            Some(s) => t!(
                "did you mean `{s}`? The item is written area-id/item-id as in catalog.yaml",
                s
            ),
            None => match item
                .split_once('/')
                .and_then(|(a, _)| catalog.areas.iter().find(|x| x.id == a))
            {
                Some(area) => t!(
                    "area `{id}` has the items: {items}",
                    id = area.id,
                    items = area
                        .items
                        .iter()
                        .map(|i| i.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => t!(
                    "write the area id and the item id from catalog.yaml, for example social-assistance/dibao-review"
                ),
            },
        };
        diags.push(
            Diagnostic::error(file, t!("unknown catalog item `{item}`", item))
                .at(source.pos("item"))
                .help(help),
        );
    }
    found
}

/// Reports an unknown `publisher:`; returns the publisher when it exists.
fn check_publisher_ref<'c>(
    catalog: &'c Catalog,
    source: &Source,
    publisher: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(usize, &'c crate::catalog::Publisher)> {
    let file = &source.file;
    let found = catalog.publisher(publisher);
    if found.is_none() {
        let keys: Vec<&str> = catalog.publishers.iter().map(|p| p.key.as_str()).collect();
        let help = match suggest(publisher, keys.iter().copied()) {
            Some(s) => t!(
                "did you mean `{s}`? Publishers are listed under `publishers:` in catalog.yaml",
                s
            ),
            None => t!(
                "use the key of a publisher listed in catalog.yaml: {keys}",
                keys = keys.join(", ")
            ),
        };
        diags.push(
            Diagnostic::error(file, t!("unknown publisher `{publisher}`", publisher))
                .at(source.pos("publisher"))
                .help(help),
        );
    }
    found
}

/// Checks one record against the catalog; returns (area, item, publisher) when they exist.
fn check_record(
    catalog: &Catalog,
    source: &Source,
    r: &Record,
    diags: &mut Vec<Diagnostic>,
) -> Option<(usize, usize, usize)> {
    let file = &source.file;
    let item = check_item_ref(catalog, source, &r.item, diags);
    let publisher = check_publisher_ref(catalog, source, &r.publisher, diags);
    if let Some((_, p)) = publisher
        && let Err(why) = catalog.index_patterns.matches(&r.index_no, p, r.published)
    {
        let patterns = &catalog.index_patterns;
        let first = patterns.first();
        let example = first.format(p, r.published, 1).unwrap_or_default();
        let (message, help) = if patterns.len() == 1 {
            (
                t!(
                    "索引号 `{index_no}` does not follow the site's pattern: {why}",
                    index_no = r.index_no,
                    why
                ),
                t!(
                    "the pattern is {first}; `gongkai new` makes a correct number, e.g. {example}",
                    first = first.as_str(),
                    example
                ),
            )
        } else {
            (
                t!(
                    "索引号 `{index_no}` follows none of the site's {patterns} patterns: {why}",
                    index_no = r.index_no,
                    patterns = patterns.len(),
                    why
                ),
                t!(
                    "the patterns are {describe}; new numbers follow the first, and `gongkai new` makes one, e.g. {example}",
                    describe = patterns.describe(),
                    example
                ),
            )
        };
        diags.push(
            Diagnostic::error(file, message)
                .at(source.pos("index_no"))
                .help(help),
        );
    }
    // One warning per record: the first of its dates the calendar does not cover.
    if let Some((key, d)) = [("formed", r.formed), ("published", r.published)]
        .into_iter()
        .find(|(_, d)| !catalog.calendar_covers(*d))
    {
        diags.push(
            Diagnostic::warning(file, t!("the working-day calendar has no official holidays for {year}", year = d.year()))
                .at(source.pos(key))
                .help(t!("time limits in {year} are counted with weekends only; add that year's holidays and make-up working days under `calendar:` in catalog.yaml", year = d.year())),
        );
    }
    let (area, item) = item?;
    let item_def = &catalog.areas[area].items[item];
    if !catalog.item_in_scope(item_def) {
        diags.push(
            Diagnostic::warning(file, t!("item `{item}` is not published at this site's levels", item = r.item))
                .at(source.pos("item"))
                .help(t!("file the record under an item of the site's levels, or add the item's level to site.levels in catalog.yaml")),
        );
    }
    Some((area, item, publisher?.0))
}

/// What a Markdown link may reach.
struct Targets<'a> {
    url_of_file: &'a BTreeMap<String, String>,
    attachment_url: &'a BTreeMap<String, String>,
    files: &'a BTreeMap<String, u64>,
    md_files: &'a std::collections::BTreeSet<String>,
    drafts: &'a std::collections::BTreeSet<String>,
}

/// Renders a body, or takes it from `memo` (`Some` when bodies are remembered) when its text and
/// every link it looks up are unchanged; returns the memo entry for the next build.
fn render_body(
    p: &Placed,
    targets: &Targets,
    linker: &Linker,
    memo: Option<Option<&BodyEntry>>,
) -> (Arc<Rendered>, Memoed) {
    let Targets {
        url_of_file,
        attachment_url,
        files,
        md_files,
        drafts,
    } = targets;
    let src = &p.source;
    let mut resolve = |target: &str, _fragment: Option<&str>| -> LinkResolution {
        let Some(path) = join_relative(&src.file, target) else {
            return LinkResolution::Error {
                message: t!("link `{target}` leads outside the site", target),
                help: t!("link only to files inside content/, relative to this file"),
            };
        };
        if let Some(url) = url_of_file.get(&path).or_else(|| attachment_url.get(&path)) {
            return LinkResolution::Href(linker.href(&p.url, url));
        }
        if drafts.contains(&path) {
            LinkResolution::Error {
                message: t!("link to `{target}`: that record is a draft", target),
                help: t!(
                    "drafts are not published; publish the other record first (remove `draft: true`), or remove the link"
                ),
            }
        } else if md_files.contains(&path) {
            // The target exists but has errors of its own, reported at that file; the build
            // fails anyway, so this link needs no message of its own.
            LinkResolution::Href("#".into())
        } else if path.ends_with(".md") {
            LinkResolution::Error {
                message: t!("link to `{target}`: there is no such page", target),
                help: t!(
                    "no published file is at {path}; check the path relative to this file (drafts are not published)",
                    path
                ),
            }
        } else if files.contains_key(&path) {
            LinkResolution::Error {
                message: t!(
                    "link to `{target}`: the file is not listed as an attachment",
                    target
                ),
                help: t!(
                    "add the file's name to `attachments:` of this record, so that it is published"
                ),
            }
        } else {
            LinkResolution::Error {
                message: t!("link to `{target}`: no such file", target),
                help: t!(
                    "no file is at {path}; link to another record's .md file or to an attachment, relative to this file",
                    path
                ),
            }
        }
    };
    let input = MarkdownInput {
        text: &src.body,
        first_line: src.body_line,
    };
    let Some(old) = memo else {
        return (Arc::new(markdown::render(&input, &mut resolve)), Memoed::No);
    };
    let hash = crate::text::fast_hash(src.body.as_bytes());
    if let Some(old) = old
        && old.text_hash == hash
        && old.first_line == src.body_line
        && old
            .lookups
            .iter()
            .all(|(target, fragment, answer)| resolve(target, fragment.as_deref()) == *answer)
    {
        return (Arc::clone(&old.rendered), Memoed::Same);
    }
    let mut lookups = Vec::new();
    let rendered = markdown::render(&input, &mut |target, fragment| {
        let answer = resolve(target, fragment);
        lookups.push((
            target.to_string(),
            fragment.map(str::to_string),
            answer.clone(),
        ));
        answer
    });
    let rendered = Arc::new(rendered);
    let entry = BodyEntry {
        text_hash: hash,
        first_line: src.body_line,
        lookups,
        html_hash: crate::text::fast_hash(rendered.html.as_bytes()),
        rendered: Arc::clone(&rendered),
    };
    (rendered, Memoed::New(entry))
}
