//! `gongkai renumber FILE...`: gives records that were never published the next free 索引号.
//!
//! Two offices working on separate branches can both take the next number; the build then
//! reports the duplicate, and the office whose record is not out yet renumbers it. A record
//! counts as never published when it is a draft, has no `published` date, or is dated after
//! today; a published 索引号 never changes. Only the `index_no` line of a file is rewritten:
//! every other byte stays as it was.

use crate::catalog::Catalog;
use crate::date::Date;
use crate::diag::{Diagnostic, Pos, rel_path};
use crate::load;
use crate::record::split_front_matter;
use crate::t;
use crate::text::normalize_newlines;
use crate::yamlpos::KeyPositions;
use anyhow::Context;
use serde_yaml::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A record given a new number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbered {
    /// The file, relative to the site root where possible.
    pub file: String,
    pub old: String,
    pub new: String,
}

/// What a renumbering needs to know of one file.
struct Plan {
    path: PathBuf,
    file: String,
    text: String,
    line: usize,
    old: String,
    publisher: String,
    /// The date the new number is made for.
    date: Date,
}

/// Renumbers `files` in the site at `root`. Either every file is renumbered, or none is and
/// the problems are returned.
pub fn renumber(
    root: &Path,
    files: &[PathBuf],
    today: Date,
) -> anyhow::Result<Result<Vec<Renumbered>, Vec<Diagnostic>>> {
    let parsed = Catalog::load(root)?;
    let Some(catalog) = parsed.catalog else {
        return Ok(Err(parsed.diagnostics));
    };
    let mut problems: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let mut plans = Vec::new();
    for path in files {
        let file = rel_path(root, path);
        let text = std::fs::read_to_string(path)
            .with_context(|| t!("reading {path}", path = path.display()))?;
        match plan(path, &file, text, today) {
            Ok(p) => plans.push(p),
            Err(d) => problems.push(*d),
        }
    }
    let loaded = load::load_with(root, &catalog.limits, None)?;
    let mut taken: BTreeSet<String> = loaded
        .sources
        .iter()
        .filter_map(|s| s.index_no().map(str::to_string))
        .collect();
    taken.extend(plans.iter().map(|p| p.old.clone()));
    let mut done = Vec::new();
    let mut new_texts = Vec::new();
    let mut numberer = catalog.index_patterns.numberer();
    for p in &plans {
        let Some((_, publisher)) = catalog.publisher(&p.publisher) else {
            problems.push(
                Diagnostic::error(
                    &p.file,
                    t!("unknown publisher `{publisher}`", publisher = p.publisher),
                )
                .help(t!("use the key of a publisher listed in catalog.yaml")),
            );
            continue;
        };
        let new = match numberer.next(&taken, publisher, p.date) {
            Ok(n) => n,
            Err(msg) => {
                problems.push(Diagnostic::error(&p.file, msg).help(t!(
                    "add a pattern with a longer serial at the top of site.index_no"
                )));
                continue;
            }
        };
        match replace_on_line(&p.text, p.line, &p.old, &new) {
            Some(text) => new_texts.push((p.path.clone(), text)),
            None => {
                problems.push(
                    Diagnostic::error(
                        &p.file,
                        t!(
                            "the number `{old}` is not written plainly on its line",
                            old = p.old
                        ),
                    )
                    .at(Pos::new(p.line, 1))
                    .help(t!("change the line by hand to `index_no: {new}`", new)),
                );
                continue;
            }
        }
        taken.insert(new.clone());
        done.push(Renumbered {
            file: p.file.clone(),
            old: p.old.clone(),
            new,
        });
    }
    if !problems.is_empty() {
        crate::diag::sort(&mut problems);
        return Ok(Err(problems));
    }
    for (path, text) in new_texts {
        crate::output::write_atomic(&path, text.as_bytes())?;
    }
    Ok(Ok(done))
}

/// Reads what renumbering `file` needs, or why it must not be renumbered.
fn plan(path: &Path, file: &str, text: String, today: Date) -> Result<Plan, Box<Diagnostic>> {
    let err = |msg: String, help: String| Box::new(Diagnostic::error(file, msg).help(help));
    let normalized = normalize_newlines(&text).into_owned();
    let Some((yaml, _, _)) = split_front_matter(&normalized) else {
        return Err(err(
            t!("the file has no front matter"),
            t!(
                "renumber record files: Markdown files that start with `---` and the record's fields"
            ),
        ));
    };
    let Ok(Value::Mapping(map)) = serde_yaml::from_str::<Value>(yaml) else {
        return Err(err(
            t!("the front matter cannot be read"),
            t!("run `gongkai build` to see what is wrong with it, and fix that first"),
        ));
    };
    let positions = KeyPositions::scan(yaml, 2);
    let field = |k: &str| match map.get(k) {
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    if map.contains_key("page") {
        return Err(err(
            t!("this is a page, not a record: it has no 索引号"),
            t!("renumber record files only"),
        ));
    }
    let (Some(old), Some(pos)) = (field("index_no"), positions.find("index_no")) else {
        return Err(err(
            t!("the record has no `index_no` line"),
            t!(
                "add a line `index_no: x` below the first `---`; renumber then replaces x with the next free number"
            ),
        ));
    };
    let Some(publisher) = field("publisher") else {
        return Err(err(
            t!("the record has no `publisher`"),
            t!("add `publisher:` with a key from catalog.yaml; the new number depends on it"),
        ));
    };
    let draft = matches!(map.get("draft"), Some(Value::Bool(true)));
    let date_of = |k: &str| -> Result<Option<Date>, Box<Diagnostic>> {
        match field(k) {
            None => Ok(None),
            Some(s) => Date::parse(&s).map(Some).ok_or_else(|| {
                Box::new(
                    Diagnostic::error(file, t!("`{k}: {s}` is not a valid date", k, s))
                        .at(positions.find_or(k, Pos::new(1, 1)))
                        .help(t!("write the date as YYYY-MM-DD")),
                )
            }),
        }
    };
    let published = date_of("published")?;
    let formed = date_of("formed")?;
    if let Some(day) = published
        && day <= today
        && !draft
    {
        return Err(Box::new(
            Diagnostic::error(file, t!("索引号 `{old}` was published on {day}, and a published 索引号 never changes", old, day))
                .at(pos)
                .help(t!("renumber the other record with this number instead, if it was never published; only drafts and records without `published`, or dated after today, can be renumbered")),
        ));
    }
    let date = published.unwrap_or_else(|| formed.map_or(today, |f| f.max(today)));
    Ok(Plan {
        path: path.to_path_buf(),
        file: file.to_string(),
        text,
        line: pos.line,
        old,
        publisher,
        date,
    })
}

/// Replaces the first `old` after the colon on line `line` (1-based) of `text`, keeping every
/// other byte, line endings included.
fn replace_on_line(text: &str, line: usize, old: &str, new: &str) -> Option<String> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let colon = l.find(':')?;
            let at = colon + l[colon..].find(old)?;
            let from = start + at;
            let mut out = String::with_capacity(text.len() + new.len());
            out.push_str(&text[..from]);
            out.push_str(new);
            out.push_str(&text[from + old.len()..]);
            return Some(out);
        }
        start += l.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_number_changes() {
        let text =
            "\u{feff}---\r\ntitle: 标题\r\nindex_no: \"A/2024-00003\"  # 注\r\n---\r\n正文\r\n";
        assert_eq!(
            replace_on_line(text, 3, "A/2024-00003", "A/2024-00009").as_deref(),
            Some(
                "\u{feff}---\r\ntitle: 标题\r\nindex_no: \"A/2024-00009\"  # 注\r\n---\r\n正文\r\n"
            )
        );
        assert_eq!(replace_on_line(text, 2, "A/2024-00003", "x"), None);
    }

    #[test]
    fn published_records_are_refused() {
        let today = Date::parse("2024-05-01").expect("date");
        let rec = |published: &str| {
            format!(
                "---\nindex_no: A/2024-00001\npublisher: mz\nformed: 2024-04-01\n{published}---\n"
            )
        };
        let path = Path::new("content/a.md");
        let refused = plan(path, "content/a.md", rec("published: 2024-05-01\n"), today)
            .err()
            .map(|d| d.to_string());
        assert_eq!(
            refused.as_deref(),
            Some(
                "content/a.md:2:1: error: 索引号 `A/2024-00001` was published on 2024-05-01, and a published 索引号 never changes\n    help: renumber the other record with this number instead, if it was never published; only drafts and records without `published`, or dated after today, can be renumbered"
            )
        );
        let future =
            plan(path, "content/a.md", rec("published: 2024-06-03\n"), today).map(|p| p.date);
        assert_eq!(future.ok(), Date::parse("2024-06-03"));
        let undated = plan(path, "content/a.md", rec(""), today).map(|p| p.date);
        assert_eq!(undated.ok(), Some(today));
        let draft = plan(
            path,
            "content/a.md",
            rec("published: 2024-01-03\ndraft: true\n"),
            today,
        );
        assert!(draft.is_ok());
    }
}
