//! The contract between gongkai and a theme: the data every template receives.
//!
//! These structs are built once per page from the immutable `Site` and serialized into the
//! Tera context; nothing else reaches a template. Every link is already an `href` that works
//! from the page it appears on (relative when `site.base_url` is absent, absolute when it is
//! set), so templates never compute URLs. Labels of enumerations (channels, validity, …) are
//! already translated into the site's language.
//!
//! Every page gets the fields of [`PageContext`] at the top level of the context, plus the
//! fields of its own kind's struct:
//!
//! | template            | extra fields                          |
//! |---------------------|---------------------------------------|
//! | `index.html`        | [`HomeView`]                          |
//! | `catalog.html`      | [`CatalogView`]                       |
//! | `area.html`         | [`AreaPageView`]                      |
//! | `item.html`         | [`ItemPageView`]                      |
//! | `record.html`       | [`RecordPageView`]                    |
//! | `publishers.html`   | [`PublishersView`]                    |
//! | `publisher.html`    | [`PublisherPageView`]                 |
//! | `page.html`         | [`ContentPageView`] (guide, rules, apply and other pages) |
//! | `reports.html`      | [`ReportsView`]                       |
//! | `opendata.html`     | [`OpenDataView`]                      |
//! | `annual_report.html`| [`AnnualReportView`]                  |
//! | `404.html`          | nothing more                          |

use serde::Serialize;
use std::collections::BTreeMap;

/// Fields every page has.
#[derive(Serialize)]
pub struct PageContext<'a> {
    pub site: SiteView<'a>,
    /// Interface strings of the site's language, by key (see `themes/default/i18n/`).
    pub t: &'a BTreeMap<String, String>,
    /// `home`, `catalog`, `area`, `item`, `record`, `publishers`, `publisher`, `page`,
    /// `reports` or `not_found`.
    pub page_kind: &'static str,
    /// The page's title (its `h1`, and the first part of `<title>`).
    pub title: String,
    /// Prefix that reaches the site root from this page: `../../` or `https://x.gov.cn/xxgk/`.
    /// Use it for theme assets: `{{ root }}static/style.css`.
    pub root: String,
    /// Absolute URL of this page when `base_url` is set.
    pub canonical: Option<String>,
    /// The national column layout: guide, rules, catalog, reports, apply; then publishers.
    pub nav: Vec<NavLink>,
    /// From the home page down to this page; the last entry is this page (no href).
    pub breadcrumbs: Vec<Link>,
    /// True when search engines should not index the page (records for a specific audience).
    pub noindex: bool,
    /// The language of records' and pages' own text when it differs from the interface's:
    /// templates put it as `lang` on titles and bodies.
    pub content_lang: Option<&'static str>,
    /// The search page, when the site is built with search.
    pub search_href: Option<String>,
    /// Atom feeds that belong to this page (`<link rel="alternate">`): the site's on every
    /// page, plus the area's or publisher's on their pages.
    pub feeds: Vec<FeedLink>,
    /// The page that explains the open-data files.
    pub data_href: String,
}

#[derive(Serialize)]
pub struct FeedLink {
    pub title: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub title_en: Option<&'a str>,
    pub description: Option<&'a str>,
    /// `zh-CN` or `en`: the `lang` attribute of every page.
    pub language: &'static str,
    pub home_href: String,
    /// Footer data; each is shown only when set.
    pub sponsor: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub site_code: Option<&'a str>,
    pub icp: Option<&'a str>,
    pub police_record: Option<&'a str>,
}

#[derive(Serialize)]
pub struct Link {
    pub label: String,
    /// Absent on the entry for the current page.
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct NavLink {
    /// `guide`, `rules`, `catalog`, `reports`, `apply`, `publishers`.
    pub key: &'static str,
    pub label: String,
    pub href: String,
    /// True on the section the current page belongs to (`aria-current`).
    pub current: bool,
}

/// A record in a list.
#[derive(Serialize, Clone)]
pub struct RecordSummary {
    /// The language of the title when it differs from the page's (`lang` attribute).
    pub lang: Option<&'static str>,
    pub index_no: String,
    pub title: String,
    pub href: String,
    /// `YYYY-MM-DD`
    pub published: String,
    pub publisher: String,
    pub doc_no: Option<String>,
    /// `一级事项 / 二级事项`
    pub item: String,
    pub area: String,
    pub repealed: bool,
    /// True when the record is an interpretation (政策解读) of another record.
    pub is_interpretation: bool,
}

/// An area in the catalog overview.
#[derive(Serialize)]
pub struct AreaSummary {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub href: String,
    pub item_count: usize,
    pub record_count: usize,
    pub latest: Option<String>,
}

#[derive(Serialize)]
pub struct Counts {
    pub records: usize,
    pub areas: usize,
    pub items: usize,
    pub publishers: usize,
}

#[derive(Serialize)]
pub struct HomeView {
    /// The newest records, newest first.
    pub latest: Vec<RecordSummary>,
    pub areas: Vec<AreaSummary>,
    pub counts: Counts,
}

#[derive(Serialize)]
pub struct CatalogView {
    pub areas: Vec<AreaSummary>,
    pub counts: Counts,
}

/// A checkbox of the catalog grid (■ checked / □ not).
#[derive(Serialize)]
pub struct Mark {
    pub label: String,
    pub checked: bool,
}

/// One row of the official catalog grid, also the head of an item page.
#[derive(Serialize)]
pub struct ItemRow {
    /// 序号 within the area, from 1.
    pub seq: usize,
    pub id: String,
    pub href: String,
    pub level1: String,
    pub level2: Option<String>,
    pub level3: Option<String>,
    pub content: String,
    pub basis: Vec<String>,
    /// The verbatim 公开时限.
    pub time_limit: String,
    pub bodies: Vec<String>,
    /// The 13 channels of the official checklist in template order, with `other` labelled by
    /// its platform when set.
    pub channels: Vec<Mark>,
    /// Only the checked channels' labels, for compact display.
    pub channel_labels: Vec<String>,
    /// 公开对象: [全社会, 特定群众]
    pub audience: Vec<Mark>,
    /// 公开方式: [主动, 依申请]
    pub method: Vec<Mark>,
    /// 公开层级: [县级, 乡级, 村级]
    pub levels: Vec<Mark>,
    pub cycle: Option<String>,
    pub not_applicable: Option<String>,
    pub record_count: usize,
    pub latest: Option<String>,
}

#[derive(Serialize)]
pub struct AreaView {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub aliases: Vec<String>,
    pub guideline: Option<String>,
    pub href: String,
    pub record_count: usize,
    /// True when any item has a 三级事项, so the grid needs that column.
    pub has_level3: bool,
    pub items: Vec<ItemRow>,
}

#[derive(Serialize)]
pub struct AreaPageView {
    pub area: AreaView,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

/// Pagination of a record list; absent when everything fits on one page.
#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub struct AreaRef {
    pub id: String,
    pub name: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct ItemPageView {
    pub area: AreaRef,
    pub item: ItemRow,
    /// This page's share of the item's records, newest first.
    pub records: Vec<RecordSummary>,
    pub pagination: Option<Pagination>,
}

#[derive(Serialize)]
pub struct Attachment {
    pub name: String,
    pub href: String,
    /// Human-readable size, e.g. `12.3 KB`.
    pub size: String,
}

#[derive(Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

/// A record's full page.
#[derive(Serialize)]
pub struct RecordView {
    pub index_no: String,
    pub title: String,
    pub publisher: Link,
    pub doc_no: Option<String>,
    pub formed: String,
    pub changed: Option<String>,
    pub published: String,
    /// 有效 / 废止 in the site's language.
    pub validity: String,
    pub repealed: bool,
    pub repealed_on: Option<String>,
    /// 主动公开 / 依申请公开
    pub method: String,
    /// 行政规范性文件 / 规章 / 其他
    pub kind: Option<String>,
    pub topics: Vec<String>,
    pub area: AreaRef,
    /// `一级事项 / 二级事项`, linking to the item page.
    pub item: Link,
    /// Sanitized HTML of the body.
    pub body_html: String,
    pub headings: Vec<Heading>,
    pub attachments: Vec<Attachment>,
    /// The policy this record interprets.
    pub interprets: Option<RecordSummary>,
    /// Interpretations of this record.
    pub interpretations: Vec<RecordSummary>,
    /// Absolute URL for the printed notice, when `base_url` is set.
    pub permalink: Option<String>,
}

#[derive(Serialize)]
pub struct RecordPageView {
    pub record: RecordView,
}

#[derive(Serialize)]
pub struct PublisherSummary {
    pub key: String,
    pub name: String,
    pub uscc: Option<String>,
    pub href: String,
    pub record_count: usize,
    pub latest: Option<String>,
}

#[derive(Serialize)]
pub struct PublishersView {
    pub publishers: Vec<PublisherSummary>,
}

#[derive(Serialize)]
pub struct PublisherPageView {
    pub publisher: PublisherSummary,
    pub records: Vec<RecordSummary>,
    pub pagination: Option<Pagination>,
}

#[derive(Serialize)]
pub struct ContentPageView {
    pub page: ContentPage,
}

#[derive(Serialize)]
pub struct ContentPage {
    /// `guide`, `rules`, `apply`, `report` or `other`.
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub body_html: String,
    pub headings: Vec<Heading>,
    pub attachments: Vec<Attachment>,
}

/// A row of a report table: a label and its figures (already formatted).
#[derive(Serialize)]
pub struct ReportRow {
    pub label: String,
    /// 0 for a top-level row, 1 and 2 for rows nested under a heading row.
    pub level: u8,
    /// Empty on heading rows, which only group the rows below them.
    pub values: Vec<String>,
}

/// One block of table 2 (a 第二十条 item with its own columns).
#[derive(Serialize)]
pub struct ReportBlock {
    pub heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<ReportRow>,
}

/// An annual report in the national template (`annual_report.html`).
#[derive(Serialize)]
pub struct AnnualReportView {
    pub publisher: Link,
    pub year: i32,
    pub overview_html: String,
    pub problems_html: String,
    pub other_html: String,
    /// 二、主动公开政府信息情况
    pub table2: Vec<ReportBlock>,
    /// 三、收到和处理政府信息公开申请情况: the seven applicant columns, then the rows.
    pub table3_columns: Vec<String>,
    pub table3: Vec<ReportRow>,
    /// 四、政府信息公开行政复议、行政诉讼情况
    pub table4_columns: Vec<String>,
    pub table4: Vec<ReportRow>,
    /// The same figures as CSV.
    pub csv_href: String,
}

/// One open-data file on the page that explains them (`opendata.html`).
#[derive(Serialize)]
pub struct DataFile {
    pub name: String,
    pub href: String,
    /// `json`, `csv` or `jsonld`; the page's text for each comes from `ui.data_<name>`.
    pub format: String,
    pub size: String,
}

#[derive(Serialize)]
pub struct OpenDataView {
    pub files: Vec<DataFile>,
    /// Records in the files (records for a specific audience are left out).
    pub record_count: usize,
}

#[derive(Serialize)]
pub struct ReportsView {
    /// Annual-report pages, newest first.
    pub reports: Vec<Link>,
}
