//! The render stage: `Site` + `Theme` → output files, in memory.
//!
//! Each page's view (see `view`) is built from the immutable site and rendered with one
//! shared `Tera` on rayon's threads. Sitemap and robots.txt are written here directly, since
//! their format is fixed. Attachments and theme assets are listed as files to copy.

use crate::catalog::{Audience, Channel, Level, Method};
use crate::diag::Diagnostic;
use crate::feeds::FeedScope;
use crate::record::{PageKind, Validity};
use crate::site::{Attachment as SiteAttachment, Site};
use crate::t;
use crate::theme::Theme;
use crate::tn;
use crate::urls::{encode_path, out_path};
use crate::view::*;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use tera::Tera;

/// What an output file holds.
#[derive(Debug, Clone)]
pub enum Content {
    /// Shared, so that `serve` can keep a page from one rebuild to the next without copying.
    Bytes(Arc<Vec<u8>>),
    /// A file copied unchanged from the site (an attachment).
    Copy(PathBuf),
    /// Written to the staging folder already, or let go as the build has failed (see
    /// `output::Sink`); its bytes are not kept.
    Staged,
}

impl Content {
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Content {
        Content::Bytes(Arc::new(bytes.into()))
    }
}

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated.
    pub path: String,
    pub content: Content,
    /// The source file or template it came from, for collision messages.
    pub origin: String,
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Catalog,
    Area(usize),
    Item(usize, usize, usize),
    Record(usize),
    Publishers,
    Publisher(usize, usize),
    Page(usize),
    Reports,
    AnnualReport(usize),
    OpenData,
    /// The search page, when the site has a search index.
    Search,
    NotFound,
}

/// What every page needs besides its view: template, kind, title, section and trail.
struct Spec {
    template: &'static str,
    kind: &'static str,
    title: String,
    /// The navigation section the page belongs to (`aria-current`).
    section: &'static str,
    /// Breadcrumbs above this page; the page itself is added last. `None` on the home page.
    crumbs: Option<Vec<(String, Option<String>)>>,
    noindex: bool,
    /// The area's or publisher's feed, linked from its pages.
    feed: Option<FeedScope>,
    /// The file the page comes from, for messages.
    origin: String,
}

impl Spec {
    fn new(
        template: &'static str,
        kind: &'static str,
        title: &str,
        section: &'static str,
        origin: String,
    ) -> Spec {
        Spec {
            template,
            kind,
            title: title.to_string(),
            section,
            crumbs: Some(vec![]),
            noindex: false,
            feed: None,
            origin,
        }
    }

    fn feed(mut self, scope: FeedScope) -> Spec {
        self.feed = Some(scope);
        self
    }

    /// Sets the breadcrumbs above the page; the home page has none at all.
    fn crumbs(mut self, above: Vec<(String, Option<String>)>) -> Spec {
        self.crumbs = if self.kind == "home" {
            None
        } else {
            Some(above)
        };
        self
    }
}

/// Pages of an earlier render by output path, each with a hash of everything it was rendered
/// from (template, page context and view). `serve` keeps one between rebuilds: a page whose
/// hash is unchanged is taken as it was instead of being rendered again, so a save costs only
/// the pages it really changes, and no page can be stale, since anything that changes a page's
/// data changes its hash.
#[derive(Debug, Default)]
pub struct Memo {
    /// Hash of the templates and interface strings the pages were rendered with.
    theme: u64,
    pages: HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// Pages rendered, and pages taken from the previous render, by the last render.
    pub(crate) rendered: usize,
    pub(crate) reused: usize,
}

/// Interface strings are hashed once per render (in `Memo::theme`), not once per page.
static NO_STRINGS: BTreeMap<String, String> = BTreeMap::new();

/// Hashes a value through its JSON form, written into a buffer each thread reuses.
fn hash_json<T: Serialize>(value: &T) -> Option<u64> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buf| {
        buf.clear();
        serde_json::to_writer(&mut *buf, value).ok()?;
        Some(crate::text::fast_hash(buf))
    })
}

/// What a page's hash is computed over.
#[derive(Serialize)]
struct Keyed<'a, V: Serialize> {
    template: &'a str,
    page: &'a PageContext<'a>,
    view: &'a V,
    /// The hash of the body HTML the view leaves out until rendering.
    body: Option<u64>,
}

/// A page's body HTML and, when known, its hash.
struct Body<'a> {
    html: &'a str,
    hash: Option<u64>,
}

struct Ctx<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// Whether pages are hashed for a memo.
    keyed: bool,
    /// The previous render's pages, when they may be reused.
    memo: Option<&'a Memo>,
    /// Open-data files with their formats and sizes, for the page that explains them.
    data_files: Vec<(&'static str, &'static str, u64)>,
    /// Whether the site has a search index (and so a search page and box).
    search: bool,
    /// The interface strings each template uses (see `Theme::strings_by_template`).
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Serialize)]
struct Full<'a, V: Serialize> {
    #[serde(flatten)]
    page: PageContext<'a>,
    #[serde(flatten)]
    view: V,
}

pub fn item_url(site: &Site, area: usize, item: usize) -> String {
    format!(
        "areas/{}/{}/",
        site.catalog.areas[area].id, site.catalog.areas[area].items[item].id
    )
}

fn paged_url(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

fn pages_needed(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}

/// What to render besides the pages, and where to.
pub struct Options<'a> {
    /// The search page and box.
    pub search: bool,
    /// The open-data files and the page that lists them (`serve` makes them only when asked
    /// for).
    pub open_data: bool,
    /// Where each file is written as soon as it is made (see `output::Staging::take`).
    pub sink: Option<crate::output::Sink<'a>>,
}

/// Templates by name, as tera takes them.
fn as_strs(templates: &BTreeMap<String, String>) -> impl Iterator<Item = (&str, &str)> {
    templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))
}

/// Renders every page of the site.
///
/// With a `memo`, pages whose data are unchanged since the render that filled it are reused,
/// and the memo is refilled with this render's pages.
pub fn render(
    site: &Site,
    theme: &Theme,
    site_root: &std::path::Path,
    options: &Options,
    memo: Option<&mut Memo>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let Options {
        search,
        open_data,
        sink,
    } = *options;
    let mut diags = Vec::new();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(crate::text::escape_html);
    let templates = theme.folded_templates();
    if let Err(e) = tera.add_raw_templates(as_strs(&templates)) {
        // The message names positions in the text as the theme has it.
        let e = Tera::default()
            .add_raw_templates(as_strs(&theme.templates))
            .err()
            .unwrap_or(e);
        let (name, message) = template_error(&e);
        let origin = name
            .and_then(|n| theme.template_origin.get(&n).cloned())
            .unwrap_or_else(|| "templates".to_string());
        diags.push(Diagnostic::error(origin, message).help(t!(
            "fix the template syntax; see the Tera documentation for tags and filters"
        )));
        return (Vec::new(), diags);
    }
    let theme_key = memo
        .as_ref()
        .and_then(|_| hash_json(&(&theme.templates, &theme.strings)))
        .unwrap_or_default();
    let mut ctx = Ctx {
        site,
        theme,
        keyed: memo.is_some(),
        memo: memo.as_deref().filter(|m| m.theme == theme_key),
        data_files: Vec::new(),
        search,
        strings: theme.strings_by_template(&templates),
    };
    let per_page = site.catalog.site.per_page.max(1);

    let mut jobs = vec![
        Job::Home,
        Job::Catalog,
        Job::Publishers,
        Job::Reports,
        Job::NotFound,
    ];
    if open_data {
        jobs.push(Job::OpenData);
    }
    if search {
        jobs.push(Job::Search);
    }
    for (a, area) in site.catalog.areas.iter().enumerate() {
        jobs.push(Job::Area(a));
        for (i, item) in area.items.iter().enumerate() {
            let n = site.by_item.get(&(a, i)).map_or(0, Vec::len);
            if n == 0 && !site.catalog.item_in_scope(item) {
                continue;
            }
            for page in 1..=pages_needed(n, per_page) {
                jobs.push(Job::Item(a, i, page));
            }
        }
    }
    for r in 0..site.records.len() {
        jobs.push(Job::Record(r));
    }
    for (p, list) in site.by_publisher.iter().enumerate() {
        for page in 1..=pages_needed(list.len(), per_page) {
            jobs.push(Job::Publisher(p, page));
        }
    }
    for p in 0..site.pages.len() {
        jobs.push(Job::Page(p));
    }
    for r in 0..site.reports.len() {
        jobs.push(Job::AnnualReport(r));
    }

    // The open-data files are made beside the pages; the page that lists them, which needs
    // their sizes, is rendered last.
    let (data, mut results) = rayon::join(
        || {
            if open_data {
                crate::opendata::open_data(site)
            } else {
                Vec::new()
            }
        },
        || {
            jobs.par_iter()
                .filter(|job| !matches!(job, Job::OpenData))
                .map(|job| {
                    let mut rendered = ctx.render_job(&tera, *job);
                    if let (Some(sink), Ok((file, _))) = (sink, &mut rendered) {
                        sink.take(file);
                    }
                    rendered
                })
                .collect::<Vec<_>>()
        },
    );
    ctx.data_files = crate::opendata::FILES
        .iter()
        .zip(&data)
        .map(|((name, format), f)| {
            let size = match &f.content {
                Content::Bytes(b) => b.len() as u64,
                Content::Copy(_) | Content::Staged => 0,
            };
            (*name, *format, size)
        })
        .collect();
    if open_data {
        results.push(ctx.render_job(&tera, Job::OpenData));
    }
    let mut files = Vec::with_capacity(results.len() * 2);
    let mut next = memo.as_ref().map(|_| Memo {
        theme: theme_key,
        ..Memo::default()
    });
    // A template mistake fails every page of its kind: report it once, with a count.
    let mut failures: BTreeMap<(String, String), (Diagnostic, usize)> = BTreeMap::new();
    for r in results {
        match r {
            Ok((f, key)) => {
                if let (Some(next), Some(key), Content::Bytes(bytes)) = (&mut next, key, &f.content)
                {
                    let old = ctx.memo.and_then(|m| m.pages.get(&f.path));
                    if old.is_some_and(|(k, _)| *k == key) {
                        next.reused += 1;
                    } else {
                        next.rendered += 1;
                    }
                    next.pages.insert(f.path.clone(), (key, Arc::clone(bytes)));
                }
                files.push(f);
            }
            Err(PageFailure { cause, diagnostic }) => {
                let key = (diagnostic.file.clone(), cause);
                failures.entry(key).or_insert((*diagnostic, 0)).1 += 1;
            }
        }
    }
    for (_, (mut d, n)) in failures {
        if n > 1 {
            d.message.push_str(&tn!(
                " (and on {n} more page)| (and on {n} more pages)",
                n - 1
            ));
        }
        diags.push(d);
    }
    let copy = |a: &SiteAttachment, owner: &str| OutputFile {
        path: a.url.clone(),
        content: Content::Copy(site_root.join(&a.src)),
        origin: owner.to_string(),
    };
    for r in &site.records {
        files.extend(r.attachments.iter().map(|a| copy(a, &r.file)));
    }
    for p in &site.pages {
        files.extend(p.attachments.iter().map(|a| copy(a, &p.file)));
    }
    for (name, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("static/{name}"),
            content: Content::Bytes(Arc::clone(bytes)),
            origin: t!("theme static/{name}", name),
        });
    }
    files.push(sitemap(site, &jobs));
    files.push(robots(site));
    files.extend(crate::feeds::feeds(site));
    files.extend(site.reports.iter().map(|r| OutputFile {
        path: format!("{}report.csv", r.url),
        content: Content::bytes(crate::report::to_csv(&r.report)),
        origin: r.report.file.clone(),
    }));
    files.extend(data);
    if let Some(sink) = sink {
        sink.take_all(&mut files);
    }
    if let (Some(memo), Some(next)) = (memo, next) {
        *memo = next;
    }
    (files, diags)
}

/// A page that failed to render: what the template said, the same on every page it fails
/// (pages are grouped by it, whatever language the diagnostic is in), and the diagnostic that
/// names this page.
struct PageFailure {
    cause: String,
    diagnostic: Box<Diagnostic>,
}

/// The name of the template an error is about and the whole error chain as one message.
fn template_error(e: &tera::Error) -> (Option<String>, String) {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let name = message.split('\'').nth(1).map(str::to_string);
    (name, message)
}

impl Ctx<'_> {
    fn t(&self, key: &str) -> String {
        self.theme.t(key)
    }

    /// `site.content_language` when it differs from the interface language.
    fn content_lang(&self) -> Option<&'static str> {
        let s = &self.site.catalog.site;
        s.content_language
            .filter(|c| *c != s.language)
            .map(|c| c.code())
    }

    /// An area's name in the site's language: `name_en` on English sites when it is set.
    fn area_name(&self, area: &crate::catalog::Area) -> String {
        match (self.site.catalog.site.language, &area.name_en) {
            (crate::catalog::Language::En, Some(en)) => en.clone(),
            _ => area.name.clone(),
        }
    }

    fn job_url(&self, job: Job) -> String {
        let site = self.site;
        match job {
            Job::Home => String::new(),
            Job::Catalog => "catalog/".into(),
            Job::Area(a) => format!("areas/{}/", site.catalog.areas[a].id),
            Job::Item(a, i, page) => paged_url(&item_url(site, a, i), page),
            Job::Record(r) => site.records[r].url.clone(),
            Job::Publishers => "publishers/".into(),
            Job::Publisher(p, page) => paged_url(
                &format!("publishers/{}/", site.catalog.publishers[p].key),
                page,
            ),
            Job::Page(p) => site.pages[p].url.clone(),
            Job::Reports => "reports/".into(),
            Job::OpenData => crate::opendata::DATA_DIR.into(),
            Job::AnnualReport(r) => site.reports[r].url.clone(),
            Job::NotFound => "404.html".into(),
            Job::Search => "search/".into(),
        }
    }

    fn render_job(&self, tera: &Tera, job: Job) -> Result<(OutputFile, Option<u64>), PageFailure> {
        let url = self.job_url(job);
        let site = self.site;
        let catalog_origin = || crate::catalog::CATALOG_FILE.to_string();
        let catalog_crumb = || self.crumb(&self.t("nav.catalog"), Some("catalog/"));
        let area_crumb = |a: usize| {
            let area = &site.catalog.areas[a];
            self.crumb(&self.area_name(area), Some(&format!("areas/{}/", area.id)))
        };
        let per_page = site.catalog.site.per_page.max(1);
        let page_of = |all: &[usize], page_no: usize| -> Vec<RecordSummary> {
            all.iter()
                .skip((page_no - 1) * per_page)
                .take(per_page)
                .map(|&r| self.summary(r, &url))
                .collect()
        };
        match job {
            Job::Home => {
                let view = HomeView {
                    latest: (0..site.records.len())
                        .filter(|&r| site.records[r].listed)
                        .take(10)
                        .map(|r| self.summary(r, &url))
                        .collect(),
                    areas: self.area_summaries(&url),
                    counts: self.counts(),
                };
                let spec = Spec::new(
                    "index.html",
                    "home",
                    &site.catalog.site.title,
                    "",
                    catalog_origin(),
                );
                self.finish(tera, &url, spec.crumbs(vec![]), view)
            }
            Job::Catalog => {
                let view = CatalogView {
                    areas: self.area_summaries(&url),
                    counts: self.counts(),
                };
                let spec = Spec::new(
                    "catalog.html",
                    "catalog",
                    &self.t("title.catalog"),
                    "catalog",
                    catalog_origin(),
                );
                self.finish(tera, &url, spec, view)
            }
            Job::Area(a) => {
                let view = AreaPageView {
                    area: self.area_view(a, &url),
                };
                let spec = Spec::new(
                    "area.html",
                    "area",
                    &self.area_name(&site.catalog.areas[a]),
                    "catalog",
                    catalog_origin(),
                );
                let spec = spec.feed(FeedScope::Area(a));
                self.finish(tera, &url, spec.crumbs(vec![catalog_crumb()]), view)
            }
            Job::Item(a, i, page_no) => {
                let area = &site.catalog.areas[a];
                let all = site.by_item.get(&(a, i)).map(Vec::as_slice).unwrap_or(&[]);
                let view = ItemPageView {
                    area: AreaRef {
                        id: area.id.clone(),
                        name: self.area_name(area),
                        href: site.linker.href(&url, &format!("areas/{}/", area.id)),
                    },
                    records: page_of(all, page_no),
                    pagination: self.pagination(&item_url(site, a, i), all.len(), page_no, &url),
                    item: self.item_row(a, i, i + 1, &url),
                };
                let spec = Spec::new(
                    "item.html",
                    "item",
                    &item_label(&area.items[i]),
                    "catalog",
                    catalog_origin(),
                );
                let spec = spec
                    .feed(FeedScope::Area(a))
                    .crumbs(vec![catalog_crumb(), area_crumb(a)]);
                self.finish(tera, &url, spec, view)
            }
            Job::Record(r) => {
                let entry = &site.records[r];
                let item = &site.catalog.areas[entry.area].items[entry.item];
                let crumbs = vec![
                    catalog_crumb(),
                    area_crumb(entry.area),
                    self.crumb(
                        &item_label(item),
                        Some(&item_url(site, entry.area, entry.item)),
                    ),
                ];
                let view = RecordPageView {
                    record: self.record_view(r, &url),
                };
                let body = Body {
                    html: &entry.body.html,
                    hash: entry.body_hash,
                };
                let mut spec = Spec::new(
                    "record.html",
                    "record",
                    &entry.record.title,
                    "catalog",
                    entry.file.clone(),
                );
                spec.noindex = !entry.listed;
                let spec = spec.feed(FeedScope::Area(entry.area)).crumbs(crumbs);
                self.finish_with_body(tera, &url, spec, view, Some(body), |v, html| {
                    v.record.body_html = html;
                })
            }
            Job::Publishers => {
                let view = PublishersView {
                    publishers: (0..site.catalog.publishers.len())
                        .map(|p| self.publisher_summary(p, &url))
                        .collect(),
                };
                let spec = Spec::new(
                    "publishers.html",
                    "publishers",
                    &self.t("title.publishers"),
                    "publishers",
                    catalog_origin(),
                );
                self.finish(tera, &url, spec, view)
            }
            Job::Publisher(p, page_no) => {
                let publisher = &site.catalog.publishers[p];
                let all = &site.by_publisher[p];
                let view = PublisherPageView {
                    publisher: self.publisher_summary(p, &url),
                    records: page_of(all, page_no),
                    pagination: self.pagination(
                        &format!("publishers/{}/", publisher.key),
                        all.len(),
                        page_no,
                        &url,
                    ),
                };
                let crumbs = vec![self.crumb(&self.t("title.publishers"), Some("publishers/"))];
                let spec = Spec::new(
                    "publisher.html",
                    "publisher",
                    &publisher.name,
                    "publishers",
                    catalog_origin(),
                );
                let spec = spec.feed(FeedScope::Publisher(p)).crumbs(crumbs);
                self.finish(tera, &url, spec, view)
            }
            Job::Page(p) => {
                let entry = &site.pages[p];
                let section = match entry.page.kind {
                    PageKind::Guide => "guide",
                    PageKind::Rules => "rules",
                    PageKind::Apply => "apply",
                    PageKind::Report => "reports",
                    PageKind::Other => "",
                };
                let crumbs = if entry.page.kind == PageKind::Report {
                    vec![self.crumb(&self.t("title.reports"), Some("reports/"))]
                } else {
                    vec![]
                };
                let view = ContentPageView {
                    page: ContentPage {
                        kind: entry.page.kind.key().to_string(),
                        title: entry.page.title.clone(),
                        description: entry.page.description.clone(),
                        body_html: entry.body.html.clone(),
                        headings: headings(&entry.body),
                        attachments: self.attachments(&entry.attachments, &url),
                    },
                };
                let spec = Spec::new(
                    "page.html",
                    "page",
                    &entry.page.title,
                    section,
                    entry.file.clone(),
                );
                self.finish(tera, &url, spec.crumbs(crumbs), view)
            }
            Job::Reports => {
                let mut reports: Vec<&crate::site::PageEntry> = site
                    .pages
                    .iter()
                    .filter(|p| p.page.kind == PageKind::Report)
                    .collect();
                reports.sort_by(|a, b| b.url.cmp(&a.url));
                // Reports built from figures first (newest year first), then report pages.
                let computed = site
                    .reports
                    .iter()
                    .map(|r| (r.report.title.clone(), &r.url));
                let pages = reports.iter().map(|p| (p.page.title.clone(), &p.url));
                let view = ReportsView {
                    reports: computed
                        .chain(pages)
                        .map(|(label, to)| Link {
                            label,
                            href: Some(site.linker.href(&url, to)),
                        })
                        .collect(),
                };
                let spec = Spec::new(
                    "reports.html",
                    "reports",
                    &self.t("title.reports"),
                    "reports",
                    catalog_origin(),
                );
                self.finish(tera, &url, spec, view)
            }
            Job::AnnualReport(r) => {
                let entry = &site.reports[r];
                let view = crate::report_view::view(site, self.theme, entry, &url);
                let crumbs = vec![self.crumb(&self.t("title.reports"), Some("reports/"))];
                let spec = Spec::new(
                    "annual_report.html",
                    "annual_report",
                    &entry.report.title,
                    "reports",
                    entry.report.file.clone(),
                );
                self.finish(tera, &url, spec.crumbs(crumbs), view)
            }
            Job::OpenData => {
                let view = OpenDataView {
                    files: self
                        .data_files
                        .iter()
                        .map(|(name, format, size)| DataFile {
                            name: name.to_string(),
                            href: site
                                .linker
                                .href(&url, &format!("{}{name}", crate::opendata::DATA_DIR)),
                            format: format.to_string(),
                            size: human_size(*size),
                        })
                        .collect(),
                    record_count: site.records.iter().filter(|r| r.listed).count(),
                };
                let spec = Spec::new(
                    "opendata.html",
                    "opendata",
                    &self.t("title.opendata"),
                    "",
                    catalog_origin(),
                );
                self.finish(tera, &url, spec, view)
            }
            Job::Search => {
                let mut spec = Spec::new(
                    "search.html",
                    "search",
                    &self.t("title.search"),
                    "",
                    catalog_origin(),
                );
                spec.noindex = true;
                self.finish(tera, &url, spec, ())
            }
            Job::NotFound => {
                let mut spec = Spec::new(
                    "404.html",
                    "not_found",
                    &self.t("title.not_found"),
                    "",
                    catalog_origin(),
                );
                spec.noindex = true;
                self.finish(tera, &url, spec, ())
            }
        }
    }

    /// Renders one page from its spec and view into an output file, or a located diagnostic;
    /// with a memo, also the hash of what the page was rendered from.
    fn finish<V: Serialize>(
        &self,
        tera: &Tera,
        url: &str,
        spec: Spec,
        view: V,
    ) -> Result<(OutputFile, Option<u64>), PageFailure> {
        self.finish_with_body(tera, url, spec, view, None, |_, _| {})
    }

    /// `finish` for a view whose body HTML, the largest part of a record page, is set only
    /// when the page is rendered: the page's hash takes the body's hash instead of its text.
    fn finish_with_body<V: Serialize>(
        &self,
        tera: &Tera,
        url: &str,
        spec: Spec,
        mut view: V,
        body: Option<Body>,
        set_body: impl FnOnce(&mut V, String),
    ) -> Result<(OutputFile, Option<u64>), PageFailure> {
        let (template, origin) = (spec.template, spec.origin.clone());
        let mut page = self.page_ctx(url, spec);
        let path = out_path(url);
        let mut key = None;
        if self.keyed {
            page.t = &NO_STRINGS;
            key = hash_json(&Keyed {
                template,
                page: &page,
                view: &view,
                body: body.as_ref().map(|b| {
                    b.hash
                        .unwrap_or_else(|| crate::text::fast_hash(b.html.as_bytes()))
                }),
            });
            page.t = self.strings_for(template);
            if let Some(key) = key
                && let Some((old, bytes)) = self.memo.and_then(|m| m.pages.get(&path))
                && *old == key
            {
                let file = OutputFile {
                    path,
                    content: Content::Bytes(Arc::clone(bytes)),
                    origin,
                };
                return Ok((file, Some(key)));
            }
        }
        if let Some(body) = body {
            set_body(&mut view, body.html.to_string());
        }
        // Written as bytes: Tera would otherwise check the whole page for UTF-8 again to
        // hand back a String, when what it writes is made of strings already.
        let mut html = Vec::with_capacity(8 * 1024);
        let rendered = tera::Context::from_serialize(Full { page, view })
            .and_then(|c| tera.render_to(template, &c, &mut html))
            .map(|()| html);
        match rendered {
            Ok(html) => Ok((
                OutputFile {
                    path,
                    content: Content::bytes(html),
                    origin,
                },
                key,
            )),
            Err(e) => {
                let (_, message) = template_error(&e);
                let file = self
                    .theme
                    .template_origin
                    .get(template)
                    .cloned()
                    .unwrap_or_else(|| template.to_string());
                let diagnostic = Diagnostic::error(file, t!("{message}, on {page} (from {origin})", message, page = out_path(url), origin))
                    .help(t!("the template uses a value this page does not have; see src/view.rs for the data each template receives"));
                Err(PageFailure {
                    cause: message,
                    diagnostic: Box::new(diagnostic),
                })
            }
        }
    }

    fn crumb(&self, label: &str, url: Option<&str>) -> (String, Option<String>) {
        (label.to_string(), url.map(str::to_string))
    }

    fn strings_for(&self, template: &str) -> &BTreeMap<String, String> {
        self.strings.get(template).unwrap_or(&self.theme.strings)
    }

    fn page_ctx(&self, url: &str, spec: Spec) -> PageContext<'_> {
        let strings = self.strings_for(spec.template);
        let Spec {
            kind,
            title,
            section,
            crumbs,
            noindex,
            feed,
            ..
        } = spec;
        let site = self.site;
        let s = &site.catalog.site;
        let linker = &site.linker;
        let mut breadcrumbs = vec![];
        if let Some(crumbs) = crumbs {
            breadcrumbs.push(Link {
                label: self.t("nav.home"),
                href: Some(linker.href(url, "")),
            });
            for (label, to) in crumbs {
                breadcrumbs.push(Link {
                    label,
                    href: to.map(|t| linker.href(url, &t)),
                });
            }
            breadcrumbs.push(Link {
                label: title.clone(),
                href: None,
            });
        }
        let has_page = |k: PageKind| site.pages.iter().any(|p| p.page.kind == k);
        let mut nav = Vec::new();
        for (key, target, present) in [
            ("guide", "guide/", has_page(PageKind::Guide)),
            ("rules", "rules/", has_page(PageKind::Rules)),
            ("catalog", "catalog/", true),
            ("reports", "reports/", true),
            ("apply", "apply/", has_page(PageKind::Apply)),
            ("publishers", "publishers/", true),
        ] {
            if present {
                nav.push(NavLink {
                    key,
                    label: self.t(&format!("nav.{key}")),
                    href: linker.href(url, target),
                    current: section == key,
                });
            }
        }
        PageContext {
            site: SiteView {
                title: &s.title,
                title_en: s.title_en.as_deref(),
                description: s.description.as_deref(),
                language: s.language.code(),
                home_href: linker.href(url, ""),
                sponsor: s.sponsor.as_deref(),
                contact: s.contact.as_deref(),
                site_code: s.site_code.as_deref(),
                icp: s.icp.as_deref(),
                police_record: s.police_record.as_deref(),
            },
            t: strings,
            page_kind: kind,
            title,
            root: linker.root(url),
            // Folder pages have a canonical address; 404.html is shown at any address.
            canonical: if url.ends_with(".html") {
                None
            } else {
                linker.permalink(url)
            },
            nav,
            breadcrumbs,
            noindex,
            content_lang: self.content_lang(),
            search_href: self.search.then(|| linker.href(url, "search/")),
            feeds: crate::feeds::feeds_for_page(site, url, feed),
            data_href: linker.href(url, crate::opendata::DATA_DIR),
        }
    }

    fn counts(&self) -> Counts {
        let c = &self.site.catalog;
        Counts {
            records: self.site.records.len(),
            areas: c.areas.len(),
            items: c
                .areas
                .iter()
                .map(|a| a.items.iter().filter(|i| c.item_in_scope(i)).count())
                .sum(),
            publishers: c.publishers.len(),
        }
    }

    fn summary(&self, r: usize, from: &str) -> RecordSummary {
        let site = self.site;
        let e = &site.records[r];
        let area = &site.catalog.areas[e.area];
        RecordSummary {
            lang: self.content_lang(),
            index_no: e.record.index_no.clone(),
            title: e.record.title.clone(),
            href: site.linker.href(from, &e.url),
            published: e.record.published.to_string(),
            publisher: site.catalog.publishers[e.publisher].name.clone(),
            doc_no: e.record.doc_no.clone(),
            item: item_label(&area.items[e.item]),
            area: self.area_name(area),
            repealed: matches!(e.record.validity, Validity::Repealed(_)),
            is_interpretation: e.interprets.is_some(),
        }
    }

    fn area_summaries(&self, from: &str) -> Vec<AreaSummary> {
        let site = self.site;
        site.catalog
            .areas
            .iter()
            .enumerate()
            .map(|(a, area)| {
                let (count, latest) = self.area_stats(a);
                AreaSummary {
                    id: area.id.clone(),
                    name: self.area_name(area),
                    name_en: area.name_en.clone(),
                    href: site.linker.href(from, &format!("areas/{}/", area.id)),
                    item_count: area
                        .items
                        .iter()
                        .filter(|i| site.catalog.item_in_scope(i))
                        .count(),
                    record_count: count,
                    latest,
                }
            })
            .collect()
    }

    fn area_stats(&self, a: usize) -> (usize, Option<String>) {
        let lists: Vec<&Vec<usize>> = self
            .site
            .by_item
            .range((a, 0)..(a + 1, 0))
            .map(|(_, v)| v)
            .collect();
        let count = lists.iter().map(|v| v.len()).sum();
        // Lists are newest first, and records are sorted newest first overall.
        let newest = lists.iter().filter_map(|v| v.first()).min();
        (
            count,
            newest.map(|&r| self.site.records[r].record.published.to_string()),
        )
    }

    fn item_row(&self, a: usize, i: usize, seq: usize, from: &str) -> ItemRow {
        let site = self.site;
        let item = &site.catalog.areas[a].items[i];
        let records = site.by_item.get(&(a, i));
        let mark = |label: String, checked: bool| Mark { label, checked };
        let channels: Vec<Mark> = Channel::ALL
            .iter()
            .map(|c| {
                let label = match (c, &item.channel_other) {
                    (Channel::Other, Some(other)) => {
                        format!("{}（{other}）", self.t("channel.other"))
                    }
                    _ => self.t(&format!("channel.{}", c.key())),
                };
                mark(label, item.channels.contains(c))
            })
            .collect();
        ItemRow {
            seq,
            id: item.id.clone(),
            href: site.linker.href(from, &item_url(site, a, i)),
            level1: item.level1.clone(),
            level2: item.level2.clone(),
            level3: item.level3.clone(),
            content: item.content.clone(),
            basis: item.basis.clone(),
            time_limit: item.time_limit.text.clone(),
            bodies: item.bodies.clone(),
            channel_labels: channels
                .iter()
                .filter(|m| m.checked)
                .map(|m| m.label.clone())
                .collect(),
            channels,
            audience: vec![
                mark(self.t("audience.public"), item.audience == Audience::Public),
                mark(
                    self.t("audience.specific"),
                    item.audience == Audience::Specific,
                ),
            ],
            method: vec![
                mark(
                    self.t("method_short.proactive"),
                    item.method == Method::Proactive,
                ),
                mark(
                    self.t("method_short.on-request"),
                    item.method == Method::OnRequest,
                ),
            ],
            levels: [Level::County, Level::Township, Level::Village]
                .iter()
                .map(|l| {
                    mark(
                        self.t(&format!("level.{}", level_key(*l))),
                        item.levels.contains(l),
                    )
                })
                .collect(),
            cycle: item
                .cycle
                .map(|c| self.t(&format!("cycle.{}", cycle_key(c)))),
            not_applicable: item.not_applicable.clone(),
            record_count: records.map_or(0, Vec::len),
            latest: records
                .and_then(|v| v.first())
                .map(|&r| site.records[r].record.published.to_string()),
        }
    }

    fn area_view(&self, a: usize, from: &str) -> AreaView {
        let site = self.site;
        let area = &site.catalog.areas[a];
        let items: Vec<ItemRow> = area
            .items
            .iter()
            .enumerate()
            .filter(|(i, item)| {
                site.catalog.item_in_scope(item) || site.by_item.contains_key(&(a, *i))
            })
            .enumerate()
            .map(|(seq, (i, _))| self.item_row(a, i, seq + 1, from))
            .collect();
        AreaView {
            id: area.id.clone(),
            name: self.area_name(area),
            name_en: area.name_en.clone(),
            aliases: area.aliases.clone(),
            guideline: area.guideline.clone(),
            href: site.linker.href(from, &format!("areas/{}/", area.id)),
            record_count: self.area_stats(a).0,
            has_level3: items.iter().any(|i| i.level3.is_some()),
            items,
        }
    }

    fn pagination(
        &self,
        base: &str,
        total: usize,
        current: usize,
        from: &str,
    ) -> Option<Pagination> {
        let per_page = self.site.catalog.site.per_page.max(1);
        let total_pages = pages_needed(total, per_page);
        if total_pages <= 1 {
            return None;
        }
        let href = |n: usize| self.site.linker.href(from, &paged_url(base, n));
        Some(Pagination {
            current,
            total_pages,
            total_items: total,
            prev_href: (current > 1).then(|| href(current - 1)),
            next_href: (current < total_pages).then(|| href(current + 1)),
            pages: (1..=total_pages)
                .map(|n| PageLink {
                    number: n,
                    href: href(n),
                    current: n == current,
                })
                .collect(),
        })
    }

    fn publisher_summary(&self, p: usize, from: &str) -> PublisherSummary {
        let site = self.site;
        let publisher = &site.catalog.publishers[p];
        let list = &site.by_publisher[p];
        PublisherSummary {
            key: publisher.key.clone(),
            name: publisher.name.clone(),
            uscc: publisher.uscc.clone(),
            href: site
                .linker
                .href(from, &format!("publishers/{}/", publisher.key)),
            record_count: list.len(),
            latest: list
                .first()
                .map(|&r| site.records[r].record.published.to_string()),
        }
    }

    fn attachments(&self, list: &[SiteAttachment], from: &str) -> Vec<Attachment> {
        list.iter()
            .map(|a| Attachment {
                name: a.name.clone(),
                href: self.site.linker.href(from, &a.url),
                size: human_size(a.size),
            })
            .collect()
    }

    fn record_view(&self, r: usize, from: &str) -> RecordView {
        let site = self.site;
        let e = &site.records[r];
        let rec = &e.record;
        let area = &site.catalog.areas[e.area];
        let item = &area.items[e.item];
        let publisher = &site.catalog.publishers[e.publisher];
        let method = rec.method.unwrap_or(item.method);
        let (repealed, repealed_on) = match rec.validity {
            Validity::Valid => (false, None),
            Validity::Repealed(d) => (true, Some(d.to_string())),
        };
        RecordView {
            index_no: rec.index_no.clone(),
            title: rec.title.clone(),
            publisher: Link {
                label: publisher.name.clone(),
                href: Some(
                    site.linker
                        .href(from, &format!("publishers/{}/", publisher.key)),
                ),
            },
            doc_no: rec.doc_no.clone(),
            formed: rec.formed.to_string(),
            changed: rec.changed.map(|d| d.to_string()),
            published: rec.published.to_string(),
            validity: self.t(if repealed {
                "validity.repealed"
            } else {
                "validity.valid"
            }),
            repealed,
            repealed_on,
            method: self.t(match method {
                Method::Proactive => "method.proactive",
                Method::OnRequest => "method.on-request",
            }),
            kind: rec.kind.map(|k| self.t(&format!("kind.{}", k.key()))),
            topics: rec.topics.clone(),
            area: AreaRef {
                id: area.id.clone(),
                name: self.area_name(area),
                href: site.linker.href(from, &format!("areas/{}/", area.id)),
            },
            item: Link {
                label: item_label(item),
                href: Some(site.linker.href(from, &item_url(site, e.area, e.item))),
            },
            // Set when the page is rendered (see `finish_with_body`).
            body_html: String::new(),
            headings: headings(&e.body),
            attachments: self.attachments(&e.attachments, from),
            interprets: e.interprets.map(|t| self.summary(t, from)),
            interpretations: e
                .interpretations
                .iter()
                .map(|&t| self.summary(t, from))
                .collect(),
            permalink: site.linker.permalink(&e.url),
        }
    }
}

fn headings(body: &crate::markdown::Rendered) -> Vec<Heading> {
    body.headings
        .iter()
        .map(|h| Heading {
            level: h.level,
            text: h.text.clone(),
            anchor: h.anchor.clone(),
        })
        .collect()
}

/// `一级事项 / 二级事项 / 三级事项`
pub fn item_label(item: &crate::catalog::Item) -> String {
    item.levels().join(" / ")
}

fn level_key(l: Level) -> &'static str {
    match l {
        Level::County => "county",
        Level::Township => "township",
        Level::Village => "village",
    }
}

fn cycle_key(c: crate::catalog::Cycle) -> &'static str {
    match c {
        crate::catalog::Cycle::Monthly => "monthly",
        crate::catalog::Cycle::Quarterly => "quarterly",
        crate::catalog::Cycle::Yearly => "yearly",
    }
}

fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// `sitemap.xml`: every public page, with absolute URLs when the site has a base URL and paths
/// relative to the site root otherwise.
fn sitemap(site: &Site, jobs: &[Job]) -> OutputFile {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    let loc = |url: &str| match site.linker.permalink(url) {
        Some(p) => p,
        None if url.is_empty() => "./".to_string(),
        None => encode_path(url),
    };
    for job in jobs {
        let (url, lastmod) = match *job {
            Job::NotFound | Job::Search => continue,
            Job::Record(r) => {
                let e = &site.records[r];
                if !e.listed {
                    continue;
                }
                (
                    e.url.clone(),
                    Some(
                        e.record
                            .changed
                            .unwrap_or(e.record.published)
                            .max(e.record.published)
                            .to_string(),
                    ),
                )
            }
            Job::Home => (
                String::new(),
                site.records.first().map(|r| r.record.published.to_string()),
            ),
            Job::Item(a, i, 1) => (
                item_url(site, a, i),
                site.by_item
                    .get(&(a, i))
                    .and_then(|v| v.first())
                    .map(|&r| site.records[r].record.published.to_string()),
            ),
            Job::Item(..) | Job::Publisher(_, 2..) => continue,
            Job::Catalog => ("catalog/".into(), None),
            Job::Area(a) => (format!("areas/{}/", site.catalog.areas[a].id), None),
            Job::Publishers => ("publishers/".into(), None),
            Job::Publisher(p, _) => (
                format!("publishers/{}/", site.catalog.publishers[p].key),
                None,
            ),
            Job::Page(p) => (site.pages[p].url.clone(), None),
            Job::Reports => ("reports/".into(), None),
            Job::OpenData => (crate::opendata::DATA_DIR.into(), None),
            Job::AnnualReport(r) => (site.reports[r].url.clone(), None),
        };
        entries.push((loc(&url), lastmod));
    }
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&crate::text::escape_xml(&loc));
        xml.push_str("</loc>");
        if let Some(d) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&d);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        content: Content::bytes(xml),
        origin: "catalog.yaml".into(),
    }
}

fn robots(site: &Site) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(p) = site.linker.permalink("sitemap.xml") {
        text.push_str(&format!("Sitemap: {p}\n"));
    }
    OutputFile {
        path: "robots.txt".into(),
        content: Content::bytes(text),
        origin: "catalog.yaml".into(),
    }
}
