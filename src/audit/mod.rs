//! `gongkai check`: the audit a disclosure office runs before publishing — late records,
//! catalog items without records, items not updated on their cycle, personal numbers left
//! unmasked, broken links and stray attachments.
//!
//! The audit loads and resolves the site exactly as `build` does, but renders nothing. Each
//! kind of check lives in its own module and returns `Finding`s plus the counts the summary
//! and the HTML report need; `report` and `html` present them.

pub mod coverage;
pub mod extract;
pub mod html;
pub mod pdf;
pub mod privacy;
pub mod report;
pub mod scan;
pub mod staleness;
pub mod timeliness;

use crate::catalog::{Catalog, PrivacyLevel};
use crate::date::Date;
use crate::diag::{self, Diagnostic, Pos, Severity};
use crate::load::{self, CONTENT_DIR};
use crate::record::Front;
use crate::site::{self, ResolveOptions, Site};
use crate::t;
use crate::urls::{Linker, join_relative};
use crate::yamlpos::KeyPositions;
use privacy::{HitClass, ScanPolicy};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a finding is about. The order is the order of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Privacy,
    Link,
    Suspicious,
    Late,
    Missing,
    Stale,
    UnlinkedAttachment,
    UnscannedAttachment,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Privacy,
        Kind::Link,
        Kind::Suspicious,
        Kind::Late,
        Kind::Missing,
        Kind::Stale,
        Kind::UnlinkedAttachment,
        Kind::UnscannedAttachment,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Privacy => "privacy",
            Kind::Link => "link",
            Kind::Suspicious => "suspicious",
            Kind::Late => "late",
            Kind::Missing => "missing",
            Kind::Stale => "stale",
            Kind::UnlinkedAttachment => "unlinked-attachment",
            Kind::UnscannedAttachment => "unscanned-attachment",
        }
    }

    /// A heading for the text and HTML reports.
    pub fn title(self) -> String {
        match self {
            Kind::Privacy => t!("Personal numbers published unmasked (个人信息泄露)"),
            Kind::Link => t!("Broken links and attachments"),
            Kind::Suspicious => t!("Numbers that look like ID numbers with a wrong check digit"),
            Kind::Late => t!("Published after the time limit (超期公开)"),
            Kind::Missing => t!("Catalog items without records (空白栏目)"),
            Kind::Stale => t!("Items not updated on their cycle (更新不及时)"),
            Kind::UnlinkedAttachment => t!("Attachments no record lists"),
            Kind::UnscannedAttachment => t!("Attachments whose text could not be checked"),
        }
    }
}

/// A group of checks, for `--only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Check {
    /// Late records.
    Timeliness,
    /// Items without records.
    Coverage,
    /// Items not updated on their cycle.
    Staleness,
    /// Personal numbers, suspicious numbers and unreadable attachments.
    Privacy,
    /// Broken links and attachments no record lists.
    Links,
}

/// One problem found by the audit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub kind: Kind,
    /// Path relative to the site root.
    pub file: String,
    pub pos: Option<Pos>,
    pub severity: Severity,
    pub message: String,
    /// 索引号 of the record concerned.
    pub index_no: Option<String>,
    /// `area-id/item-id`.
    pub item: Option<String>,
    /// The masked form of a personal number.
    pub masked: Option<String>,
}

impl Finding {
    /// A finding with the default severity of its kind.
    pub fn new(kind: Kind, file: &str, message: String) -> Finding {
        let severity = match kind {
            Kind::Privacy | Kind::Link => Severity::Error,
            _ => Severity::Warning,
        };
        Finding {
            kind,
            file: file.to_string(),
            pos: None,
            severity,
            message,
            index_no: None,
            item: None,
            masked: None,
        }
    }
}

/// A count of things checked and of those that passed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub total: usize,
    pub ok: usize,
}

impl Tally {
    /// Percentage passed, `None` when nothing was checked.
    pub fn percent(self) -> Option<f64> {
        (self.total > 0).then(|| self.ok as f64 * 100.0 / self.total as f64)
    }
}

pub struct AuditOptions {
    pub root: PathBuf,
    /// The day the audit is for: staleness is judged on it.
    pub as_of: Date,
    pub only: Option<Check>,
    /// `check FILE…`: report only on these files (paths relative to the root, `/`
    /// separators), for an editor's check on save. Empty: the whole site.
    pub files: Vec<String>,
}

/// The whole result of an audit.
#[derive(Debug)]
pub struct Audit {
    pub as_of: Date,
    /// Problems of the site's files that keep it from loading or building (as `build`
    /// reports them), other than links.
    pub diagnostics: Vec<Diagnostic>,
    /// Sorted by kind, file, position.
    pub findings: Vec<Finding>,
    /// `None` when the catalog could not be read.
    pub stats: Option<Stats>,
}

/// The numbers behind the summary.
#[derive(Debug)]
pub struct Stats {
    /// The site's title.
    pub title: String,
    pub records: usize,
    /// (id, name) of each area, (key, name) of each publisher, in catalog order.
    pub areas: Vec<(String, String)>,
    pub publishers: Vec<(String, String)>,
    pub timeliness: timeliness::Timeliness,
    pub coverage: coverage::Coverage,
    pub staleness: staleness::Staleness,
    pub files_scanned: usize,
}

impl Audit {
    pub fn count(&self, kind: Kind) -> usize {
        self.findings.iter().filter(|f| f.kind == kind).count()
    }

    /// (errors, warnings) over findings and diagnostics.
    pub fn totals(&self) -> (usize, usize) {
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let (de, dw) = diag::count(&self.diagnostics);
        (errors + de, self.findings.len() - errors + dw)
    }

    /// True when the audit should fail: any error, or with `strict` any warning.
    pub fn fails(&self, strict: bool) -> bool {
        let (errors, warnings) = self.totals();
        errors > 0 || (strict && warnings > 0)
    }
}

/// Where a front-matter key of `file` is written.
fn at_key(positions: &BTreeMap<String, KeyPositions>, file: &str, key: &str) -> Option<Pos> {
    positions.get(file).and_then(|p| p.find(key))
}

/// True for diagnostics of `resolve` about links and attachments.
fn is_link_problem(d: &Diagnostic) -> bool {
    d.topic == crate::diag::Topic::Link
}

/// The record a file belongs to: its own source, or the record listing it as an attachment.
#[derive(Debug, Clone, Default)]
struct Owner {
    index_no: Option<String>,
    item: Option<String>,
}

/// Runs the audit.
pub fn audit(opts: &AuditOptions) -> anyhow::Result<Audit> {
    let root = &opts.root;
    let parsed = Catalog::load(root)?;
    let limits = parsed.limits();
    let mut diags = parsed.diagnostics;
    let mut loaded = load::load_with(root, &limits, None)?;
    diags.append(&mut loaded.diagnostics);
    let Some(catalog) = parsed.catalog else {
        if !opts.files.is_empty() {
            diags
                .retain(|d| d.file == crate::catalog::CATALOG_FILE || opts.files.contains(&d.file));
        }
        diag::sort(&mut diags);
        return Ok(Audit {
            as_of: opts.as_of,
            diagnostics: diags,
            findings: Vec::new(),
            stats: None,
        });
    };
    let wants = |c: Check| opts.only.is_none_or(|o| o == c);
    let named: BTreeSet<&str> = opts.files.iter().map(String::as_str).collect();

    // What resolve consumes and the audit still needs: key positions, owners of files,
    // attachments some source lists.
    let positions: BTreeMap<String, KeyPositions> = loaded
        .sources
        .iter()
        .map(|s| (s.file.clone(), s.positions.clone()))
        .collect();
    let mut owners: BTreeMap<String, Owner> = BTreeMap::new();
    let mut listed: BTreeSet<String> = BTreeSet::new();
    let mut known: Vec<String> = catalog
        .publishers
        .iter()
        .filter_map(|p| p.uscc.clone())
        .collect();
    for s in &loaded.sources {
        let owner = match &s.front {
            Front::Record(r) => {
                known.push(r.index_no.clone());
                known.extend(r.interprets.clone());
                Owner {
                    index_no: Some(r.index_no.clone()),
                    item: Some(r.item.clone()),
                }
            }
            Front::Incomplete { item, .. } => Owner {
                index_no: None,
                item: item.clone(),
            },
            Front::Page(_) => Owner::default(),
        };
        for name in s.attachments() {
            if let Some(src) = join_relative(&s.file, name) {
                listed.insert(src.clone());
                owners.entry(src).or_insert_with(|| owner.clone());
            }
        }
        owners.insert(s.file.clone(), owner);
    }
    let mut scan_targets: Vec<String> = loaded.md_files.iter().cloned().collect();
    scan_targets.extend(loaded.files.keys().cloned());
    // With named files, only they and the attachments they list matter (and are scanned).
    let mut concerned: BTreeSet<String> = named.iter().map(|f| f.to_string()).collect();
    for s in loaded
        .sources
        .iter()
        .filter(|s| named.contains(s.file.as_str()))
    {
        concerned.extend(
            s.attachments()
                .iter()
                .filter_map(|a| join_relative(&s.file, a)),
        );
    }
    if !named.is_empty() {
        scan_targets.retain(|f| concerned.contains(f));
    }
    let attachment_files: Vec<String> = loaded.files.keys().cloned().collect();
    let policy = ScanPolicy::new(&catalog.site.privacy_allow, known);
    let leak_severity = match catalog.site.privacy {
        PrivacyLevel::Error => Severity::Error,
        PrivacyLevel::Warn => Severity::Warning,
    };

    // Catalog facts for the summary, before resolve consumes the catalog.
    let title = catalog.site.title.clone();
    let area_names: Vec<(String, String)> = catalog
        .areas
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let publisher_names: Vec<(String, String)> = catalog
        .publishers
        .iter()
        .map(|p| (p.key.clone(), p.name.clone()))
        .collect();
    let record_sources = loaded
        .sources
        .iter()
        .filter(|s| matches!(s.front, Front::Record(_)) && !s.draft())
        .count();
    // The privacy scan alone reads files, not the resolved site: skipping resolve (and its
    // Markdown rendering) keeps it a small fraction of a build.
    let privacy_only = opts.only == Some(Check::Privacy);
    let (site, site_diags) = if privacy_only {
        (None, Vec::new())
    } else {
        let (site, d) = site::resolve(
            catalog,
            loaded,
            Linker::new(None),
            &ResolveOptions {
                // An editor checking a draft on save wants it checked like any record.
                include_drafts: !named.is_empty(),
            },
            None,
        );
        (Some(site), d)
    };
    let mut findings = Vec::new();
    let owned = |mut f: Finding, owners: &BTreeMap<String, Owner>| {
        if let Some(o) = owners.get(&f.file) {
            f.index_no = f.index_no.or_else(|| o.index_no.clone());
            f.item = f.item.or_else(|| o.item.clone());
        }
        f
    };
    for d in site_diags {
        if is_link_problem(&d) {
            if wants(Check::Links) {
                let mut f = Finding::new(Kind::Link, &d.file, d.message.clone());
                f.severity = d.severity;
                f.pos = d.line.map(|l| Pos::new(l, d.col.unwrap_or(1)));
                findings.push(owned(f, &owners));
            }
        } else {
            diags.push(d);
        }
    }
    if wants(Check::Links) {
        for file in &attachment_files {
            if !listed.contains(file) {
                findings.push(Finding::new(
                    Kind::UnlinkedAttachment,
                    file,
                    t!("no record or page lists this file under `attachments:`, so it is not published: list it, or delete it"),
                ));
            }
        }
    }
    // Checks left out by --only leave their counts at zero, so the summary shows none.
    let (n_areas, n_publishers) = (area_names.len(), publisher_names.len());
    let zero = |n: usize| vec![Tally::default(); n];
    let timeliness = if let Some(site) = site.as_ref().filter(|_| wants(Check::Timeliness)) {
        let (late, stats) = timeliness::check(site, &positions);
        findings.extend(late);
        stats
    } else {
        timeliness::Timeliness {
            total: Tally::default(),
            by_area: zero(n_areas),
            by_publisher: zero(n_publishers),
        }
    };
    let coverage = if let Some(site) = site.as_ref().filter(|_| wants(Check::Coverage)) {
        let (missing, stats) = coverage::check(site);
        findings.extend(missing);
        stats
    } else {
        coverage::Coverage {
            by_area: zero(n_areas),
            ..coverage::Coverage::default()
        }
    };
    let staleness = if let Some(site) = site.as_ref().filter(|_| wants(Check::Staleness)) {
        let (stale, stats) = staleness::check(site, opts.as_of);
        findings.extend(stale);
        stats
    } else {
        staleness::Staleness {
            total: Tally::default(),
            by_area: zero(n_areas),
        }
    };
    let mut files_scanned = 0;
    if wants(Check::Privacy) {
        let result = scan::scan_files(root, &scan_targets, &policy)?;
        files_scanned = result.files_scanned;
        for h in result.hits {
            let mut f = match h.class {
                HitClass::Leak => {
                    let mut f = Finding::new(Kind::Privacy, &h.file, h.message);
                    f.severity = leak_severity;
                    f
                }
                HitClass::Suspicious => Finding::new(Kind::Suspicious, &h.file, h.message),
            };
            f.pos = Some(h.pos);
            f.masked = Some(h.masked);
            findings.push(owned(f, &owners));
        }
        for (file, why) in result.unscanned {
            findings.push(owned(
                Finding::new(Kind::UnscannedAttachment, &file, why),
                &owners,
            ));
        }
    }
    if !named.is_empty() {
        findings.retain(|f| concerned.contains(&f.file));
        // The catalog's errors stay: the named files cannot be checked against a broken one.
        diags.retain(|d| {
            concerned.contains(&d.file) || (d.file == crate::catalog::CATALOG_FILE && d.is_error())
        });
    }
    findings.sort();
    findings.dedup();
    diag::sort(&mut diags);
    diags.dedup();
    let stats = Stats {
        title,
        records: site.as_ref().map_or(record_sources, |s| s.records.len()),
        areas: area_names,
        publishers: publisher_names,
        timeliness,
        coverage,
        staleness,
        files_scanned,
    };
    Ok(Audit {
        as_of: opts.as_of,
        diagnostics: diags,
        findings,
        stats: Some(stats),
    })
}

/// The privacy scan of what a build publishes, as diagnostics: leaks are errors unless the
/// site sets `privacy: warn`.
pub fn build_privacy_diagnostics(
    site: &Site,
    root: &Path,
    cache: Option<(
        &mut scan::ScanCache,
        &std::collections::HashMap<String, crate::load::Stamp>,
    )>,
) -> anyhow::Result<Vec<Diagnostic>> {
    let cat = &site.catalog;
    let mut known: Vec<String> = cat
        .publishers
        .iter()
        .filter_map(|p| p.uscc.clone())
        .collect();
    let mut files = Vec::new();
    for r in &site.records {
        known.push(r.record.index_no.clone());
        files.push(r.file.clone());
        files.extend(r.attachments.iter().map(|a| a.src.clone()));
    }
    for p in &site.pages {
        files.push(p.file.clone());
        files.extend(p.attachments.iter().map(|a| a.src.clone()));
    }
    files.sort();
    files.dedup();
    files.retain(|f| f.starts_with(&format!("{CONTENT_DIR}/")));
    let policy = ScanPolicy::new(&cat.site.privacy_allow, known);
    let result = match cache {
        Some((cache, stamps)) => scan::scan_files_cached(root, &files, &policy, cache, stamps)?,
        None => scan::scan_files(root, &files, &policy)?,
    };
    Ok(scan::diagnostics(
        &result.hits,
        cat.site.privacy == PrivacyLevel::Error,
    ))
}
