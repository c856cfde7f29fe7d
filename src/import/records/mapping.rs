//! The mapping file of `import records`: which column of the export holds which record
//! field, or the fixed value a field takes in every record.

use crate::diag::{Diagnostic, Pos, suggest};
use crate::t;
use crate::text::yaml_scalar_text;
use crate::yamlpos::KeyPositions;
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The record fields a mapping can fill, in the order they are written.
pub(super) const FIELDS: &[&str] = &[
    "index_no",
    "title",
    "item",
    "publisher",
    "doc_no",
    "formed",
    "published",
    "changed",
    "validity",
    "repealed_on",
    "kind",
    "method",
    "topics",
    "summary",
    "attachments",
    "body",
];
pub(super) const REQUIRED: &[&str] = &["title", "item", "publisher", "formed", "published"];
pub(super) const MAPPING_KEYS: &[&str] = &["sheet", "header_row", "attachments_dir", "fields"];

/// Where a field's value comes from.
#[derive(Debug, Clone)]
pub(super) enum Source {
    Column(String),
    Value(String),
}

/// A parsed mapping file.
#[derive(Debug)]
pub(super) struct Mapping {
    pub(super) sheet: Option<String>,
    pub(super) header_row: Option<usize>,
    pub(super) attachments_dir: Option<PathBuf>,
    pub(super) fields: BTreeMap<String, Source>,
}

/// Parses a mapping file's text; every problem is reported at its line.
pub(super) fn parse_mapping(text: &str, file: &str) -> Result<Mapping, Vec<Diagnostic>> {
    let text = crate::text::normalize_newlines(text);
    let value: Value = match serde_yaml::from_str(&text) {
        Ok(v) => v,
        Err(e) => return Err(vec![crate::text::yaml_error(file, &e, 1)]),
    };
    let positions = KeyPositions::scan(&text, 1);
    let at = |key: &str| positions.find_or(key, Pos::new(1, 1));
    let mut diags = Vec::new();
    let Value::Mapping(top) = value else {
        return Err(vec![
            Diagnostic::error(file, t!("the mapping is not a list of `key: value` lines"))
                .at(Pos::new(1, 1))
                .help(t!(
                    "start with `fields:` and one line per record field, such as `  title: 标题`"
                )),
        ]);
    };
    let mut mapping = Mapping {
        sheet: None,
        header_row: None,
        attachments_dir: None,
        fields: BTreeMap::new(),
    };
    for (k, v) in &top {
        let key = yaml_scalar_text(k).unwrap_or_default();
        match key.as_str() {
            "sheet" => mapping.sheet = yaml_scalar_text(v),
            "header_row" => match v.as_u64().filter(|n| *n >= 1) {
                Some(n) => mapping.header_row = usize::try_from(n).ok(),
                None => diags.push(
                    Diagnostic::error(file, t!("`header_row` should be a row number, 1 or more"))
                        .at(at("header_row"))
                        .help(t!("write the number of the row holding the column names, for example header_row: 2")),
                ),
            },
            "attachments_dir" => mapping.attachments_dir = yaml_scalar_text(v).map(PathBuf::from),
            "fields" => {
                let Value::Mapping(fields) = v else {
                    diags.push(
                        Diagnostic::error(file, t!("`fields` should list record fields, one per line"))
                            .at(at("fields"))
                            .help(t!("write `fields:` and under it lines such as `  title: 标题`")),
                    );
                    continue;
                };
                for (fk, fv) in fields {
                    let name = yaml_scalar_text(fk).unwrap_or_default();
                    let path = format!("fields.{name}");
                    if !FIELDS.contains(&name.as_str()) {
                        let help = match suggest(&name, FIELDS.iter().copied()) {
                            Some(s) => t!("did you mean `{s}`? The fields are: {fields}", s, fields = FIELDS.join(", ")),
                            None => t!("the fields are: {fields}", fields = FIELDS.join(", ")),
                        };
                        diags.push(
                            Diagnostic::error(file, t!("unknown field `{name}`", name))
                                .at(at(&path))
                                .help(help),
                        );
                        continue;
                    }
                    let source = match fv {
                        Value::Mapping(m) => {
                            let get = |k: &str| m.get(Value::String(k.into())).and_then(yaml_scalar_text);
                            let extra = m
                                .keys()
                                .filter_map(yaml_scalar_text)
                                .find(|k| k != "column" && k != "value");
                            match (get("column"), get("value"), extra) {
                                (Some(c), None, None) => Some(Source::Column(c)),
                                (None, Some(v), None) => Some(Source::Value(v)),
                                _ => None,
                            }
                        }
                        other => yaml_scalar_text(other).map(Source::Column),
                    };
                    match source {
                        Some(s) => {
                            mapping.fields.insert(name, s);
                        }
                        None => diags.push(
                            Diagnostic::error(file, t!("`{name}` should name a column, or give `{{ value: … }}`", name))
                                .at(at(&path))
                                .help(t!("write `{name}: 列名` for a column of the table, or `{name}: {{ value: 固定值 }}` for the same value in every record", name)),
                        ),
                    }
                }
            }
            _ => {
                let help = match suggest(&key, MAPPING_KEYS.iter().copied()) {
                    Some(s) => t!("did you mean `{s}`? A mapping has: {keys}", s, keys = MAPPING_KEYS.join(", ")),
                    None => t!("a mapping has: {keys}", keys = MAPPING_KEYS.join(", ")),
                };
                diags.push(
                    Diagnostic::error(file, t!("unknown key `{key}`", key))
                        .at(at(&key))
                        .help(help),
                );
            }
        }
    }
    for required in REQUIRED {
        if !mapping.fields.contains_key(*required)
            && top.contains_key(Value::String("fields".into()))
        {
            diags.push(
                Diagnostic::error(file, t!("the mapping does not say where `{required}` comes from", required))
                    .at(at("fields"))
                    .help(t!("add a line `  {required}: 列名` under fields (or `{{ value: … }}` for a fixed value)", required)),
            );
        }
    }
    if !top.contains_key(Value::String("fields".into())) {
        diags.push(
            Diagnostic::error(file, t!("the mapping has no `fields:`"))
                .at(Pos::new(1, 1))
                .help(t!(
                    "add `fields:` and under it one line per record field, such as `  title: 标题`"
                )),
        );
    }
    if diags.is_empty() {
        Ok(mapping)
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_problems_are_located() {
        let text = "sheet: 信息\nfields:\n  title: 标题\n  titel: 题目\n  publisher: { value: mz }\n  item: [a]\nextra: 1\n";
        let diags = parse_mapping(text, "map.yaml").expect_err("problems");
        let m: Vec<String> = diags
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
            .collect();
        assert_eq!(
            m,
            vec![
                "map.yaml:4:3: error: unknown field `titel`",
                "map.yaml:6:3: error: `item` should name a column, or give `{ value: … }`",
                "map.yaml:7:1: error: unknown key `extra`",
                "map.yaml:2:1: error: the mapping does not say where `item` comes from",
                "map.yaml:2:1: error: the mapping does not say where `formed` comes from",
                "map.yaml:2:1: error: the mapping does not say where `published` comes from",
            ]
        );
    }
}
