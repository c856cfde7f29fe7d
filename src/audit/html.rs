//! `check --html FILE`: the audit as one self-contained HTML page for the disclosure office —
//! tables with small inline SVG bars per area and per publisher (on-time rate, coverage,
//! up-to-date items), then every finding. It is an internal report, never part of public/,
//! so its CSS is inline and it needs no other file.

use super::{Audit, Kind, Tally};
use crate::diag::Severity;
use crate::text::escape_html as esc;

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

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2rem;color:#1a1a1a;line-height:1.5}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}td.na{color:#777}.error{color:#b00020;font-weight:bold}.warning{color:#8a5a00}code{font-size:.9em}svg{vertical-align:middle}";

/// The HTML report.
pub fn html(audit: &Audit) -> String {
    let site_title = audit.stats.as_ref().map_or("", |s| s.title.as_str());
    let (errors, warnings) = audit.totals();
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!(
        "<title>政务公开检查报告 — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(site_title)
    ));
    h.push_str(&format!(
        "<h1>政务公开检查报告 <small>{}</small></h1>\n<p>As of {}: <span class=error>{errors} errors</span>, <span class=warning>{warnings} warnings</span>.</p>\n",
        esc(site_title),
        audit.as_of
    ));
    h.push_str("<table><tr><th>kind</th><th>findings</th></tr>\n");
    for k in Kind::ALL {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            esc(&k.title()),
            audit.count(k)
        ));
    }
    h.push_str("</table>\n");
    if let Some(s) = &audit.stats {
        h.push_str(&format!(
            "<h2>By area</h2>\n<table><tr><th>area</th><th>on time</th><th>items with records</th><th>up to date</th></tr>\n<tr><th>all areas</th>{}{}{}</tr>\n",
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
        h.push_str(
            "</table>\n<h2>By publisher</h2>\n<table><tr><th>publisher</th><th>on time</th></tr>\n",
        );
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
            "<h2>{} ({})</h2>\n<table><tr><th>where</th><th>索引号</th><th>item</th><th>finding</th></tr>\n",
            esc(&k.title()),
            group.len()
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
        h.push_str("<h2>Problems that keep the site from building</h2>\n<ul>\n");
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
