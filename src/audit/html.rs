//! `check --html FILE`: the audit as one self-contained HTML page for the disclosure office —
//! tables with small inline SVG bars per area and per publisher (on-time rate, coverage,
//! up-to-date items), then every finding. It is an internal report, never part of public/,
//! so its CSS is inline and it needs no other file.

use super::{Audit, Kind, Tally};
use crate::diag::Severity;
use crate::text::escape_html as esc;
use crate::{t, tn};

/// A bar 120 px wide filled to the share of `t` that passed, with the figures beside it.
fn bar(t: Tally) -> String {
    let Some(p) = t.percent() else {
        return "<td class=na>—</td>".into();
    };
    let width = (p * 1.2).round();
    let colour = if p >= 90.0 {
        "#2e7d32"
    } else if p >= 60.0 {
        "#b26a00"
    } else {
        "#c62828"
    };
    format!(
        "<td><svg width=\"120\" height=\"12\" role=\"img\" aria-label=\"{p:.0}%\"><rect width=\"120\" height=\"12\" fill=\"#e0e0e0\"/><rect width=\"{width}\" height=\"12\" fill=\"{colour}\"/></svg> {}/{} ({p:.0}%)</td>",
        t.ok, t.total
    )
}

// not a message: a style sheet
const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2rem;color:#1a1a1a;line-height:1.5}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}td.na{color:#777}.error{color:#b00020;font-weight:bold}.warning{color:#8a5a00}code{font-size:.9em}svg{vertical-align:middle}";

/// The HTML report, in the language of the run.
pub fn html(audit: &Audit) -> String {
    let site_title = audit.stats.as_ref().map_or("", |s| s.title.as_str());
    let (errors, warnings) = audit.totals();
    let report_title = t!("Disclosure check report (政务公开检查报告)");
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        crate::i18n::current().code()
    ));
    h.push_str(&format!(
        "<title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&report_title),
        esc(site_title)
    ));
    h.push_str(&format!(
        "<h1>{} <small>{}</small></h1>\n<p>{}</p>\n",
        esc(&report_title),
        esc(site_title),
        t!(
            "As of {date}: {errors}, {warnings}.",
            date = audit.as_of,
            errors = format!(
                "<span class=error>{}</span>",
                tn!("{n} error|{n} errors", errors)
            ),
            warnings = format!(
                "<span class=warning>{}</span>",
                tn!("{n} warning|{n} warnings", warnings)
            )
        )
    ));
    h.push_str(&format!(
        "<table><tr><th>{}</th><th>{}</th></tr>\n",
        t!("kind of finding"),
        t!("findings")
    ));
    for k in Kind::ALL {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            esc(&k.title()),
            audit.count(k)
        ));
    }
    h.push_str("</table>\n");
    let (on_time, with_records, up_to_date) =
        (t!("on time"), t!("items with records"), t!("up to date"));
    if let Some(s) = &audit.stats {
        h.push_str(&format!(
            "<h2>{}</h2>\n<table><tr><th>{}</th><th>{on_time}</th><th>{with_records}</th><th>{up_to_date}</th></tr>\n<tr><th>{}</th>{}{}{}</tr>\n",
            t!("By area"),
            t!("area"),
            t!("all areas"),
            bar(s.timeliness.total),
            bar(s.coverage.total),
            bar(s.staleness.total)
        ));
        for (i, (id, name)) in s.areas.iter().enumerate() {
            h.push_str(&format!(
                "<tr><td>{} <code>{}</code></td>{}{}{}</tr>\n",
                esc(name),
                esc(id),
                bar(s.timeliness.by_area[i]),
                bar(s.coverage.by_area[i]),
                bar(s.staleness.by_area[i])
            ));
        }
        h.push_str(&format!(
            "</table>\n<h2>{}</h2>\n<table><tr><th>{}</th><th>{on_time}</th></tr>\n",
            t!("By publisher"),
            t!("publisher")
        ));
        for (i, (key, name)) in s.publishers.iter().enumerate() {
            h.push_str(&format!(
                "<tr><td>{} <code>{}</code></td>{}</tr>\n",
                esc(name),
                esc(key),
                bar(s.timeliness.by_publisher[i])
            ));
        }
        h.push_str("</table>\n");
    }
    for k in Kind::ALL {
        let group: Vec<_> = audit.findings.iter().filter(|f| f.kind == k).collect();
        if group.is_empty() {
            continue;
        }
        h.push_str(&format!(
            "<h2>{} ({})</h2>\n<table><tr><th>{}</th><th>索引号</th><th>{}</th><th>{}</th></tr>\n",
            esc(&k.title()),
            group.len(),
            t!("where"),
            t!("catalog item"),
            t!("finding")
        ));
        for f in group {
            let place = match f.pos {
                Some(p) => format!("{}:{}:{}", f.file, p.line, p.col),
                None => f.file.clone(),
            };
            let class = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            h.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class={class}>{}</td></tr>\n",
                esc(&place),
                esc(f.index_no.as_deref().unwrap_or("")),
                esc(f.item.as_deref().unwrap_or("")),
                esc(&f.message)
            ));
        }
        h.push_str("</table>\n");
    }
    if !audit.diagnostics.is_empty() {
        h.push_str(&format!(
            "<h2>{}</h2>\n<ul>\n",
            t!("Problems that keep the site from building")
        ));
        for d in &audit.diagnostics {
            h.push_str(&format!("<li><code>{}</code></li>\n", esc(&d.to_string())));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_show_the_share() {
        assert_eq!(bar(Tally::default()), "<td class=na>—</td>");
        let b = bar(Tally { total: 4, ok: 3 });
        assert!(b.contains("width=\"90\"") && b.contains("3/4 (75%)"), "{b}");
        assert_eq!(esc("<a&\"b\">"), "&lt;a&amp;&quot;b&quot;&gt;");
    }
}
