//! The audit as text (findings grouped by kind, then a summary) and as one JSON document.

use super::{Audit, Finding, Kind, Stats, Tally};
use crate::diag::{Diagnostic, Severity};
use crate::t;
use crate::tn;
use serde::Serialize;

fn push(out: &mut String, s: impl AsRef<str>) {
    out.push_str(s.as_ref());
}

fn push_line(out: &mut String, s: impl AsRef<str>) {
    out.push_str(s.as_ref());
    out.push('\n');
}

/// `file:line:col: severity: message [索引号 …, item …]`
fn finding_line(f: &Finding) -> String {
    let mut s = f.file.clone();
    if let Some(p) = f.pos {
        push(&mut s, format!(":{}:{}", p.line, p.col));
    }
    let severity = match f.severity {
        Severity::Error => t!("error"),
        Severity::Warning => t!("warning"),
    };
    push(&mut s, format!(": {severity}: {}", f.message)); // not a message: code only
    let tags: Vec<String> = [
        f.index_no.as_ref().map(|n| format!("索引号 {n}")),
        f.item.as_ref().map(|item| t!("item {item}", item)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !tags.is_empty() {
        push(&mut s, format!(" [{}]", tags.join(", ")));
    }
    s
}

fn percent(t: Tally) -> String {
    match t.percent() {
        Some(p) => format!("{}/{} ({p:.1}%)", t.ok, t.total),
        None => "—".into(),
    }
}

/// The report of `check FILE…`: one `path:line:col` line per finding, then the totals.
pub fn file_text(audit: &Audit, files: usize) -> String {
    let mut out = String::new();
    for f in &audit.findings {
        push_line(&mut out, finding_line(f));
    }
    let (errors, warnings) = audit.totals();
    push_line(
        &mut out,
        t!(
            "checked {files}: {errors}, {warnings}",
            files = tn!("{n} file|{n} files", files),
            errors = tn!("{n} error|{n} errors", errors),
            warnings = tn!("{n} warning|{n} warnings", warnings)
        ),
    );
    out
}

/// The text report: findings only, grouped by kind, then the summary.
pub fn text(audit: &Audit) -> String {
    let mut out = String::new();
    for kind in Kind::ALL {
        let group: Vec<&Finding> = audit.findings.iter().filter(|f| f.kind == kind).collect();
        if group.is_empty() {
            continue;
        }
        push_line(
            &mut out,
            format!("{} — {} ({})", kind.key(), kind.title(), group.len()),
        );
        for f in group {
            push_line(&mut out, format!("  {}", finding_line(f)));
        }
        out.push('\n');
    }
    let (errors, warnings) = audit.totals();
    push_line(
        &mut out,
        t!(
            "summary as of {date}: {errors}, {warnings}",
            date = audit.as_of,
            errors = tn!("{n} error|{n} errors", errors),
            warnings = tn!("{n} warning|{n} warnings", warnings)
        ),
    );
    let Some(stats) = &audit.stats else {
        return out;
    };
    let counts: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("{} {}", k.key(), audit.count(*k)))
        .collect();
    push_line(
        &mut out,
        t!("  findings: {counts}", counts = counts.join(", ")),
    );
    push_line(
        &mut out,
        t!(
            "  records: {records}; published on time: {percent}",
            records = stats.records,
            percent = percent(stats.timeliness.total)
        ),
    );
    push_line(
        &mut out,
        t!(
            "  items with records: {coverage}{not_applicable}; cycled items up to date: {staleness}",
            coverage = percent(stats.coverage.total),
            not_applicable = if stats.coverage.not_applicable > 0 {
                t!(
                    ", {not_applicable} not applicable",
                    not_applicable = stats.coverage.not_applicable
                )
            } else {
                String::new()
            },
            staleness = percent(stats.staleness.total)
        ),
    );
    push_line(
        &mut out,
        t!(
            "  privacy scan: {files} read, {unreadable} not readable",
            files = tn!("{n} file|{n} files", stats.files_scanned),
            unreadable = audit.count(Kind::UnscannedAttachment)
        ),
    );
    let mut area_lines = Vec::new();
    for (i, (id, name)) in stats.areas.iter().enumerate() {
        let (t, c, s) = (
            stats.timeliness.by_area[i],
            stats.coverage.by_area[i],
            stats.staleness.by_area[i],
        );
        if t.ok < t.total || c.ok < c.total || s.ok < s.total {
            area_lines.push(t!(
                "    {id} {name}: on time {timeliness}, items with records {coverage}, up to date {staleness}",
                id,
                name,
                timeliness = percent(t),
                coverage = percent(c),
                staleness = percent(s)
            ));
        }
    }
    if !area_lines.is_empty() {
        push_line(&mut out, t!("  areas with findings:"));
        for l in area_lines {
            push_line(&mut out, l);
        }
    }
    let pub_lines: Vec<String> = stats
        .publishers
        .iter()
        .zip(&stats.timeliness.by_publisher)
        .filter(|(_, t)| t.ok < t.total)
        .map(|((key, name), t)| {
            t!(
                "    {key} {name}: on time {percent}",
                key,
                name,
                percent = percent(*t)
            )
        })
        .collect();
    if !pub_lines.is_empty() {
        push_line(&mut out, t!("  publishers with late records:"));
        for l in pub_lines {
            push_line(&mut out, l);
        }
    }
    out
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    kind: Kind,
    severity: Severity,
    file: &'a str,
    line: Option<usize>,
    col: Option<usize>,
    index_no: Option<&'a str>,
    item: Option<&'a str>,
    message: &'a str,
    masked: Option<&'a str>,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    total: usize,
    ok: usize,
}

#[derive(Serialize)]
struct Section<'a> {
    total: usize,
    ok: usize,
    by_area: Vec<Row<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_publisher: Option<Vec<Row<'a>>>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    as_of: String,
    records: usize,
    errors: usize,
    warnings: usize,
    findings: std::collections::BTreeMap<&'static str, usize>,
    /// Records checked against a time limit (`total`) and published on time (`ok`).
    timeliness: Option<Section<'a>>,
    /// Items expected to have records (`total`) and items that have (`ok`).
    coverage: Option<Section<'a>>,
    not_applicable: usize,
    /// Items with a cycle (`total`) and items up to date (`ok`).
    staleness: Option<Section<'a>>,
    files_scanned: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: JsonSummary<'a>,
    findings: Vec<JsonFinding<'a>>,
    /// Problems that keep the site from building, as `build` reports them.
    diagnostics: &'a [Diagnostic],
}

/// (id, name) of areas or publishers.
type Named = [(String, String)];

fn rows<'a>(names: &'a Named, tallies: &[Tally]) -> Vec<Row<'a>> {
    names
        .iter()
        .zip(tallies)
        .filter(|(_, t)| t.total > 0)
        .map(|((id, name), t)| Row {
            id,
            name,
            total: t.total,
            ok: t.ok,
        })
        .collect()
}

fn section<'a>(
    total: Tally,
    areas: &'a Named,
    by_area: &[Tally],
    by_publisher: Option<(&'a Named, &[Tally])>,
) -> Section<'a> {
    Section {
        total: total.total,
        ok: total.ok,
        by_area: rows(areas, by_area),
        by_publisher: by_publisher.map(|(names, t)| rows(names, t)),
    }
}

/// The JSON document of `check --format json`.
pub fn json(audit: &Audit) -> String {
    let (errors, warnings) = audit.totals();
    let stats: Option<&Stats> = audit.stats.as_ref();
    let summary = JsonSummary {
        as_of: audit.as_of.to_string(),
        records: stats.map_or(0, |s| s.records),
        errors,
        warnings,
        findings: Kind::ALL
            .iter()
            .map(|k| (k.key(), audit.count(*k)))
            .collect(),
        timeliness: stats.map(|s| {
            section(
                s.timeliness.total,
                &s.areas,
                &s.timeliness.by_area,
                Some((&s.publishers, &s.timeliness.by_publisher)),
            )
        }),
        coverage: stats.map(|s| section(s.coverage.total, &s.areas, &s.coverage.by_area, None)),
        not_applicable: stats.map_or(0, |s| s.coverage.not_applicable),
        staleness: stats.map(|s| section(s.staleness.total, &s.areas, &s.staleness.by_area, None)),
        files_scanned: stats.map_or(0, |s| s.files_scanned),
    };
    let findings = audit
        .findings
        .iter()
        .map(|f| JsonFinding {
            kind: f.kind,
            severity: f.severity,
            file: &f.file,
            line: f.pos.map(|p| p.line),
            col: f.pos.map(|p| p.col),
            index_no: f.index_no.as_deref(),
            item: f.item.as_deref(),
            message: &f.message,
            masked: f.masked.as_deref(),
        })
        .collect();
    let report = JsonReport {
        summary,
        findings,
        diagnostics: &audit.diagnostics,
    };
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize the report: {e}\"}}")) // not a message: a JSON document
}
