//! Writing an area back into `catalog.yaml`: the area as a block in the file's layout, and
//! the file with that block replaced or appended, everything else kept byte for byte.

use crate::catalog::{Area, Audience, CATALOG_FILE, Catalog, Level, Method, TimeUnit};
use crate::diag::Diagnostic;
use crate::import::yaml_scalar;
use crate::t;

/// The area as a block of `catalog.yaml`, each line indented by `indent` spaces.
pub fn render_area(area: &Area, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = |depth: usize, s: String| {
        out.push_str(&pad);
        out.push_str(&" ".repeat(depth));
        out.push_str(&s);
        out.push('\n');
    };
    let list = |v: &[String]| {
        format!(
            "[{}]",
            v.iter()
                .map(|s| yaml_scalar(s, true))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    line(0, format!("- id: {}", yaml_scalar(&area.id, false)));
    line(2, format!("name: {}", yaml_scalar(&area.name, false)));
    if let Some(en) = &area.name_en {
        line(2, format!("name_en: {}", yaml_scalar(en, false)));
    }
    if !area.aliases.is_empty() {
        line(2, format!("aliases: {}", list(&area.aliases)));
    }
    if let Some(g) = &area.guideline {
        line(2, format!("guideline: {}", yaml_scalar(g, false)));
    }
    if area.items.is_empty() {
        line(2, "items: []".into());
        return out;
    }
    line(2, "items:".into());
    for item in &area.items {
        line(4, format!("- id: {}", yaml_scalar(&item.id, false)));
        line(6, format!("level1: {}", yaml_scalar(&item.level1, false)));
        if let Some(l2) = &item.level2 {
            line(6, format!("level2: {}", yaml_scalar(l2, false)));
        }
        if let Some(l3) = &item.level3 {
            line(6, format!("level3: {}", yaml_scalar(l3, false)));
        }
        line(6, format!("content: {}", yaml_scalar(&item.content, false)));
        if !item.basis.is_empty() {
            line(6, format!("basis: {}", list(&item.basis)));
        }
        let tl = &item.time_limit;
        let mut tl_text = format!("{{ text: {}", yaml_scalar(&tl.text, true));
        if let Some(days) = tl.days {
            tl_text.push_str(&format!(", days: {days}"));
        }
        if let Some(unit) = tl.unit {
            tl_text.push_str(match unit {
                TimeUnit::Workday => ", unit: workday", // not a message: YAML
                TimeUnit::Day => ", unit: day",         // not a message: YAML
            });
        }
        if tl.from.is_some() {
            tl_text.push_str(", from: formed"); // not a message: YAML
        }
        tl_text.push_str(" }");
        line(6, format!("time_limit: {tl_text}"));
        if !item.bodies.is_empty() {
            line(6, format!("bodies: {}", list(&item.bodies)));
        }
        let keys: Vec<String> = item.channels.iter().map(|c| c.key().to_string()).collect();
        line(6, format!("channels: {}", list(&keys)));
        if let Some(o) = &item.channel_other {
            line(6, format!("channel_other: {}", yaml_scalar(o, false)));
        }
        line(
            6,
            format!(
                "audience: {}",
                match item.audience {
                    Audience::Public => "public",
                    Audience::Specific => "specific",
                }
            ),
        );
        line(
            6,
            format!(
                "method: {}",
                match item.method {
                    Method::Proactive => "proactive",
                    Method::OnRequest => "on-request",
                }
            ),
        );
        let levels: Vec<String> = item
            .levels
            .iter()
            .map(|l| {
                match l {
                    Level::County => "county",
                    Level::Township => "township",
                    Level::Village => "village",
                }
                .to_string()
            })
            .collect();
        line(6, format!("levels: {}", list(&levels)));
        if let Some(c) = item.cycle {
            let c = serde_yaml::to_value(c)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            line(6, format!("cycle: {c}"));
        }
        if let Some(n) = &item.not_applicable {
            line(6, format!("not_applicable: {}", yaml_scalar(n, false)));
        }
        if let Some(s) = item.searchable {
            line(6, format!("searchable: {s}"));
        }
    }
    out
}

/// `text` (catalog.yaml) with the area's block replaced, or appended to `areas:`.
pub(super) fn splice(
    original: &str,
    catalog: &Catalog,
    existing: Option<usize>,
    area: &Area,
) -> Result<String, Diagnostic> {
    let crlf = original.contains("\r\n");
    let bom = original.starts_with('\u{feff}');
    let text = crate::text::normalize_newlines(original).into_owned();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let unsupported = || {
        Diagnostic::error(CATALOG_FILE, t!("the areas of catalog.yaml are not written as a block list (`areas:` followed by lines `  - id: …`), so gongkai cannot replace one of them"))
            .help(t!("write `areas:` on a line of its own with one `- id:` entry per area, as `gongkai init` does"))
    };
    // The block of area `i`: from its `- ` line to the last line indented deeper, without
    // the blank lines and comments that lead into the next entry.
    let block_of = |i: usize| -> Option<(usize, usize, usize)> {
        let pos = catalog.positions.find(&format!("areas.{i}"))?;
        let start = pos.line - 1;
        let line = lines.get(start)?;
        let dash = pos.col - 1;
        if !line[dash.min(line.len())..].starts_with('-') {
            return None;
        }
        let mut end = start + 1;
        let mut last_content = start + 1;
        while end < lines.len() {
            let l = lines[end];
            let trimmed = l.trim_start_matches(' ');
            let indent = l.len() - trimmed.len();
            let blank = trimmed.trim().is_empty();
            if blank || trimmed.starts_with('#') {
                end += 1;
                continue;
            }
            if indent <= dash {
                break;
            }
            end += 1;
            last_content = end;
        }
        Some((start, last_content, dash))
    };
    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    match existing {
        Some(i) => {
            let (start, end, dash) = block_of(i).ok_or_else(unsupported)?;
            let block = render_area(area, dash);
            out.splice(start..end, [block]);
        }
        None if !catalog.areas.is_empty() => {
            let (_, end, dash) = block_of(catalog.areas.len() - 1).ok_or_else(unsupported)?;
            out.insert(end, render_area(area, dash));
        }
        None => {
            // No areas yet: `areas:` missing, `areas: []` or `areas:` with nothing under it.
            let at = lines.iter().position(|l| {
                let t = l.trim_end();
                t == "areas:" || t == "areas: []" || t.starts_with("areas: []")
            });
            match at {
                Some(n) => {
                    out[n] = "areas:\n".to_string();
                    out.insert(n + 1, render_area(area, 2));
                }
                None => {
                    if lines.iter().any(|l| l.starts_with("areas:")) {
                        return Err(unsupported());
                    }
                    if !text.is_empty() && !text.ends_with('\n') {
                        out.push("\n".into());
                    }
                    out.push("areas:\n".into());
                    out.push(render_area(area, 2));
                }
            }
        }
    }
    let mut new_text: String = out.concat();
    if crlf {
        new_text = new_text.replace('\n', "\r\n");
    }
    if bom {
        new_text.insert(0, '\u{feff}');
    }
    Ok(new_text)
}

#[cfg(test)]
mod tests {
    use super::super::same;
    use super::*;
    use crate::catalog::{Channel, Item, TimeLimit};

    #[test]
    fn rendered_areas_read_back() {
        let area = Area {
            id: "x".into(),
            name: "社会救助".into(),
            name_en: None,
            aliases: vec!["救助, 帮扶".into()],
            guideline: None,
            items: vec![Item {
                id: "item-1".into(),
                level1: "最低生活保障".into(),
                level2: Some("2024年: 审核".into()),
                level3: None,
                content: "名单\n及相关信息".into(),
                basis: vec!["《条例》, 第二条".into()],
                time_limit: TimeLimit {
                    text: "20个工作日内".into(),
                    days: Some(20),
                    unit: Some(TimeUnit::Workday),
                    from: None,
                },
                bodies: vec![],
                channels: vec![Channel::Website, Channel::Other],
                channel_other: Some("平台".into()),
                audience: Audience::Specific,
                method: Method::OnRequest,
                levels: vec![Level::Township, Level::Village],
                cycle: None,
                not_applicable: None,
                searchable: Some(true),
            }],
        };
        let text = format!("areas:\n{}", render_area(&area, 2));
        #[derive(serde::Deserialize)]
        struct F {
            areas: Vec<Area>,
        }
        let back: F = serde_yaml::from_str(&text).expect(&text);
        assert!(same(&back.areas[0], &area), "{text}");
    }

    fn catalog(text: &str) -> Catalog {
        let parsed = Catalog::parse(text, "catalog.yaml", crate::calendar::Calendar::default())
            .expect("no internal error");
        parsed.catalog.expect("a catalog")
    }

    fn empty_area(id: &str, name: &str) -> Area {
        Area {
            id: id.into(),
            name: name.into(),
            name_en: None,
            aliases: vec![],
            guideline: None,
            items: vec![],
        }
    }

    #[test]
    fn only_the_area_block_is_replaced_line_ends_and_comments_kept() {
        let original = "\u{feff}site:\r\n  title: 示例\r\nareas:\r\n# 第一个领域\r\n- id: a\r\n  name: 甲\r\n  items: []   # 待导入\r\n\r\n# 第二个领域\r\n- id: b\r\n  name: 乙\r\n# 结尾\r\n";
        let c = catalog(original);
        let out = splice(original, &c, Some(0), &empty_area("a", "甲领域")).expect("spliced");
        assert_eq!(
            out,
            "\u{feff}site:\r\n  title: 示例\r\nareas:\r\n# 第一个领域\r\n- id: a\r\n  name: 甲领域\r\n  items: []\r\n\r\n# 第二个领域\r\n- id: b\r\n  name: 乙\r\n# 结尾\r\n"
        );
        let appended = splice(original, &c, None, &empty_area("c", "丙")).expect("appended");
        assert!(
            appended.ends_with(
                "- id: b\r\n  name: 乙\r\n- id: c\r\n  name: 丙\r\n  items: []\r\n# 结尾\r\n"
            ),
            "{appended:?}"
        );
    }

    #[test]
    fn a_catalog_without_areas_gets_its_first() {
        for original in [
            "site:\n  title: 示例\nareas: []\n",
            "site:\n  title: 示例\n",
        ] {
            let c = catalog(original);
            let out = splice(original, &c, None, &empty_area("a", "甲")).expect("spliced");
            assert_eq!(
                out,
                "site:\n  title: 示例\nareas:\n  - id: a\n    name: 甲\n    items: []\n"
            );
        }
    }
}
