//! The text fields of catalog.yaml (site title and footer, publisher names, area and item
//! columns) get the same treatment as a record's fields: control characters are errors (they
//! come from broken files or attacks, never from an editor's intent; a YAML escape such as
//! `"\0"` gets them past the YAML reader) and bidirectional formatting characters, which can
//! make a name display differently from what it says, are removed with a warning. Markup
//! needs nothing here: every one of these fields is inserted into pages as escaped text.

use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Pos};
use crate::t;
use crate::text::is_bidi_control;

/// Checks and cleans every text field of `catalog`, reporting at the line of its key.
pub fn clean(catalog: &mut Catalog, file: &str, diags: &mut Vec<Diagnostic>) {
    let positions = catalog.positions.clone();
    for (path, value) in text_fields(catalog) {
        let pos = positions.find_or(&path, Pos::new(1, 1));
        // Block scalars (description, not_applicable) may hold line breaks and tabs.
        if let Some(c) = value
            .chars()
            .find(|&c| c.is_control() && c != '\n' && c != '\t')
        {
            diags.push(
                Diagnostic::error(
                    file,
                    t!(
                        "`{path}` contains the control character U+{code}",
                        path,
                        code = format!("{:04X}", c as u32)
                    ),
                )
                .at(pos)
                .help(t!(
                    "retype the value: control characters are invisible and never belong in a field"
                )),
            );
            continue;
        }
        if value.chars().any(is_bidi_control) {
            value.retain(|c| !is_bidi_control(c));
            diags.push(
                Diagnostic::warning(file, t!("removed bidirectional control characters from `{path}`", path))
                    .at(pos)
                    .help(t!("these invisible characters can make text display in a different order than it is written; retype the value without them")),
            );
        }
    }
}

/// Every free-text field of the catalog with its key path (`areas.0.items.2.level1`).
fn text_fields(c: &mut Catalog) -> Vec<(String, &mut String)> {
    let mut out: Vec<(String, &mut String)> = Vec::new();
    let s = &mut c.site;
    out.push(("site.title".into(), &mut s.title));
    for (key, v) in [
        ("title_en", &mut s.title_en),
        ("description", &mut s.description),
        ("sponsor", &mut s.sponsor),
        ("contact", &mut s.contact),
        ("site_code", &mut s.site_code),
        ("icp", &mut s.icp),
        ("police_record", &mut s.police_record),
    ] {
        if let Some(v) = v {
            out.push((format!("site.{key}"), v));
        }
    }
    for (i, p) in c.publishers.iter_mut().enumerate() {
        out.push((format!("publishers.{i}.name"), &mut p.name));
        if let Some(v) = &mut p.name_en {
            out.push((format!("publishers.{i}.name_en"), v));
        }
    }
    for (ai, a) in c.areas.iter_mut().enumerate() {
        let path = format!("areas.{ai}");
        out.push((format!("{path}.name"), &mut a.name));
        for (key, v) in [("name_en", &mut a.name_en), ("guideline", &mut a.guideline)] {
            if let Some(v) = v {
                out.push((format!("{path}.{key}"), v));
            }
        }
        for (i, v) in a.aliases.iter_mut().enumerate() {
            out.push((format!("{path}.aliases.{i}"), v));
        }
        for (ii, item) in a.items.iter_mut().enumerate() {
            let ipath = format!("{path}.items.{ii}");
            out.push((format!("{ipath}.level1"), &mut item.level1));
            out.push((format!("{ipath}.content"), &mut item.content));
            out.push((
                format!("{ipath}.time_limit.text"),
                &mut item.time_limit.text,
            ));
            for (key, v) in [
                ("level2", &mut item.level2),
                ("level3", &mut item.level3),
                ("channel_other", &mut item.channel_other),
                ("not_applicable", &mut item.not_applicable),
            ] {
                if let Some(v) = v {
                    out.push((format!("{ipath}.{key}"), v));
                }
            }
            for (key, list) in [("basis", &mut item.basis), ("bodies", &mut item.bodies)] {
                for (i, v) in list.iter_mut().enumerate() {
                    out.push((format!("{ipath}.{key}.{i}"), v));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::calendar::Calendar;
    use crate::catalog::Catalog;

    const CATALOG: &str = "site:\n  title: \"示例\\u202E县\"\n  contact: \"电话\\0\"\npublishers:\n  - key: mz\n    name: \"民政\\u2066局\"\n    uscc: 11320000MB151840XJ\n";

    #[test]
    fn control_characters_are_errors_and_bidi_controls_are_removed() {
        let parsed = Catalog::parse(CATALOG, "catalog.yaml", Calendar::default())
            .expect("no internal error");
        let messages: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            vec![
                "catalog.yaml:2:3: warning: removed bidirectional control characters from `site.title`\n    help: these invisible characters can make text display in a different order than it is written; retype the value without them",
                "catalog.yaml:3:3: error: `site.contact` contains the control character U+0000\n    help: retype the value: control characters are invisible and never belong in a field",
                "catalog.yaml:6:5: warning: removed bidirectional control characters from `publishers.0.name`\n    help: these invisible characters can make text display in a different order than it is written; retype the value without them",
            ]
        );
        let catalog = parsed.catalog.expect("catalog");
        assert_eq!(catalog.site.title, "示例县");
        assert_eq!(catalog.publishers[0].name, "民政局");
    }
}
