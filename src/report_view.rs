//! The view of an annual report for its template: the national template's rows and columns,
//! labelled in the site's language (the `report.*` interface strings) and filled with the
//! report's figures.

use crate::report::{table3_rows, table4_rows};
use crate::site::{ReportEntry, Site};
use crate::theme::Theme;
use crate::view::{AnnualReportView, Link, ReportBlock, ReportRow};

/// The interface strings the report view needs; every theme's i18n files define them.
pub const KEYS: &[&str] = &[
    "report.art20_1",
    "report.art20_5",
    "report.art20_6",
    "report.art20_8",
    "report.issued",
    "report.repealed",
    "report.in_force",
    "report.decisions",
    "report.fees_amount",
    "report.regulations",
    "report.normative",
    "report.licensing",
    "report.penalty",
    "report.coercion",
    "report.fees",
    "report.col.natural",
    "report.col.commercial",
    "report.col.research",
    "report.col.public_interest",
    "report.col.legal_services",
    "report.col.other",
    "report.col.total",
    "report.received",
    "report.carried_over",
    "report.results",
    "report.granted",
    "report.partly_granted",
    "report.withheld",
    "report.withheld.state_secret",
    "report.withheld.prohibited_by_law",
    "report.withheld.security_stability",
    "report.withheld.third_party_rights",
    "report.withheld.internal_affairs",
    "report.withheld.process_information",
    "report.withheld.enforcement_files",
    "report.withheld.administrative_query",
    "report.unable",
    "report.unable.not_held",
    "report.unable.needs_creation",
    "report.unable.unclear_after_correction",
    "report.not_processed",
    "report.not_processed.petitions",
    "report.not_processed.repeated",
    "report.not_processed.publications",
    "report.not_processed.excessive",
    "report.not_processed.confirmation",
    "report.other",
    "report.other.no_correction",
    "report.other.no_fee_payment",
    "report.other.other",
    "report.total",
    "report.carried_forward",
    "report.col.maintained",
    "report.col.corrected",
    "report.col.other_result",
    "report.col.pending",
    "report.review",
    "report.lawsuit_direct",
    "report.lawsuit_after_review",
];

fn numbers(values: &[u64]) -> Vec<String> {
    values.iter().map(u64::to_string).collect()
}

pub fn view(site: &Site, theme: &Theme, entry: &ReportEntry, from: &str) -> AnnualReportView {
    let t = |key: &str| theme.t(&format!("report.{key}"));
    let row = |key: &str, level: u8, values: Vec<String>| ReportRow {
        label: t(key),
        level,
        values,
    };
    let r = &entry.report;
    let publisher = &site.catalog.publishers[r.publisher];
    let d = &r.data;
    let counts = |c: crate::report::DocumentCounts| {
        vec![
            c.issued.to_string(),
            c.repealed.to_string(),
            c.in_force.to_string(),
        ]
    };
    let table2 = vec![
        ReportBlock {
            heading: t("art20_1"),
            columns: vec![t("issued"), t("repealed"), t("in_force")],
            rows: vec![
                row("regulations", 0, counts(r.regulations)),
                row("normative", 0, counts(r.normative)),
            ],
        },
        ReportBlock {
            heading: t("art20_5"),
            columns: vec![t("decisions")],
            rows: vec![row("licensing", 0, vec![d.table2.licensing.to_string()])],
        },
        ReportBlock {
            heading: t("art20_6"),
            columns: vec![t("decisions")],
            rows: vec![
                row("penalty", 0, vec![d.table2.penalty.to_string()]),
                row("coercion", 0, vec![d.table2.coercion.to_string()]),
            ],
        },
        ReportBlock {
            heading: t("art20_8"),
            columns: vec![t("fees_amount")],
            rows: vec![row("fees", 0, vec![format!("{}", d.table2.fees)])],
        },
    ];
    // Table 3: 三 heads the results (一)…(七); (三)…(六) head their numbered items.
    let mut table3 = Vec::new();
    let mut open_group = "";
    for r3 in table3_rows(&d.table3) {
        let key = r3.path.trim_start_matches("table3.");
        let (group, level) = match key.split_once('.') {
            Some((group, _)) => (group, 2),
            None if matches!(key, "received" | "carried_over" | "carried_forward") => ("", 0),
            None => ("", 1),
        };
        if key == "granted" {
            table3.push(row("results", 0, vec![]));
        }
        if !group.is_empty() && group != open_group {
            table3.push(row(group, 1, vec![]));
        }
        open_group = group;
        table3.push(row(key, level, numbers(r3.values)));
    }
    let table4 = table4_rows(&d.table4)
        .iter()
        .map(|(path, _, values)| row(path.trim_start_matches("table4."), 0, numbers(values)))
        .collect();
    AnnualReportView {
        publisher: Link {
            label: publisher.name.clone(),
            href: Some(
                site.linker
                    .href(from, &format!("publishers/{}/", publisher.key)),
            ),
        },
        year: r.year,
        overview_html: entry.overview.html.clone(),
        problems_html: entry.problems.html.clone(),
        other_html: entry.other.html.clone(),
        table2,
        table3_columns: [
            "natural",
            "commercial",
            "research",
            "public_interest",
            "legal_services",
            "other",
            "total",
        ]
        .iter()
        .map(|c| t(&format!("col.{c}")))
        .collect(),
        table3,
        table4_columns: [
            "maintained",
            "corrected",
            "other_result",
            "pending",
            "total",
        ]
        .iter()
        .map(|c| t(&format!("col.{c}")))
        .collect(),
        table4,
        csv_href: site.linker.href(from, &format!("{}report.csv", entry.url)),
    }
}
