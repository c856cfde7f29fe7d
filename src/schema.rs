//! JSON Schemas for editors: one for `catalog.yaml` (derived from the serde types in
//! `catalog`) and one for the front matter of records and pages (made from the field tables
//! in `record`, with the site's own item ids and publisher keys as the allowed values).
//!
//! `gongkai schema` writes them into `.gongkai/` in the site folder; `build` and `serve`
//! refresh them, writing only when they changed and never failing because of them. YAML
//! editor plugins read them through the modeline at the top of `catalog.yaml` and the
//! `.vscode/settings.json` that `gongkai init` writes.

use crate::catalog::Catalog;
use crate::limits::Limits;
use crate::record::{Field, FieldKind, PAGE_FIELDS, RECORD_FIELDS};
use crate::t;
use anyhow::Context;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// The folder in a site that holds the schemas (next to catalog.yaml, never in public/).
pub const SCHEMA_DIR: &str = ".gongkai";
pub const CATALOG_SCHEMA: &str = "catalog.schema.json";
pub const RECORD_SCHEMA: &str = "record.schema.json";

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// A one-line value: at least one character that is not a space, and no control characters
/// except the surrounding white space the parser trims.
const TEXT_PATTERN: &str = r"^\s*[^\s\u0000-\u001f\u007f-\u009f](?:[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f])?\s*$";
const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The schema of `catalog.yaml`.
pub fn catalog_schema() -> Value {
    crate::catalog::json_schema()
}

/// The schema of a record's or page's front matter. With a catalog, `item` and `publisher`
/// may only take the site's own ids and keys.
pub fn record_schema(catalog: Option<&Catalog>) -> Value {
    json!({
        "$schema": DRAFT_07,
        // i18n: not messages (the schema is bilingual)
        "title": "记录或页面的前置元数据 · Front matter of a record or page",
        "description": "gongkai 的记录（政府信息）或页面（公开指南等）。完整检查：gongkai check 文件名。\nA gongkai record (one piece of government information) or page (guide, rules …). Full check: gongkai check FILE.",
        // i18n: end
        "type": "object",
        "if": { "required": ["page"] },
        "then": object_schema(PAGE_FIELDS, catalog, Vec::new()),
        "else": object_schema(RECORD_FIELDS, catalog, repeal_rules()),
    })
}

/// `validity: repealed` needs `repealed_on`, and `repealed_on` needs `validity: repealed`.
fn repeal_rules() -> Vec<Value> {
    vec![
        json!({
            "if": { "properties": { "validity": { "const": "repealed" } }, "required": ["validity"] },
            "then": { "required": ["repealed_on"] }
        }),
        json!({
            "if": { "properties": { "repealed_on": { "type": "string" } }, "required": ["repealed_on"] },
            "then": { "properties": { "validity": { "const": "repealed" } }, "required": ["validity"] }
        }),
    ]
}

fn object_schema(fields: &[Field], catalog: Option<&Catalog>, rules: Vec<Value>) -> Value {
    let mut properties = Map::new();
    for f in fields {
        properties.insert(f.key.to_string(), field_schema(f, catalog));
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    if !rules.is_empty() {
        schema["allOf"] = Value::Array(rules);
    }
    schema
}

/// JSON types of a one-line value: the parser reads numbers and booleans as their text.
fn scalar_types(nullable: bool) -> Value {
    let mut types = vec!["string", "number", "boolean"];
    if nullable {
        types.push("null");
    }
    json!(types)
}

fn text_schema(nullable: bool, max_chars: usize) -> Value {
    json!({ "type": scalar_types(nullable), "pattern": TEXT_PATTERN, "maxLength": max_chars })
}

fn field_schema(f: &Field, catalog: Option<&Catalog>) -> Value {
    let nullable = !f.required;
    // The longest one-line value the parser accepts: the site's own limit.
    let max_chars = catalog
        .map_or_else(Limits::default, |c| c.limits)
        .max_field_chars;
    let mut schema = match f.kind {
        FieldKind::Text | FieldKind::IndexNo => text_schema(nullable, max_chars),
        FieldKind::Date => json!({
            "type": if nullable { json!(["string", "null"]) } else { json!("string") },
            "format": "date",
            "pattern": DATE_PATTERN,
        }),
        FieldKind::Bool => json!({ "type": ["boolean", "null"] }),
        FieldKind::Choice(names) => {
            let mut values: Vec<Value> = names.iter().map(|n| json!(n)).collect();
            if nullable {
                values.push(Value::Null);
            }
            json!({ "enum": values })
        }
        // A single value where a list is expected is read as a list of one.
        FieldKind::List => {
            json!({
                "type": ["array", "string", "number", "boolean", "null"],
                "items": text_schema(false, max_chars),
                "pattern": TEXT_PATTERN,
                "maxLength": max_chars,
            })
        }
        FieldKind::Item => match catalog {
            Some(c) => {
                let (ids, names): (Vec<String>, Vec<String>) = c
                    .areas
                    .iter()
                    .flat_map(|a| {
                        a.items.iter().map(move |i| {
                            let levels = i.levels();
                            (
                                format!("{}/{}", a.id, i.id),
                                format!("{} / {}", a.name, levels.join(" / ")),
                            )
                        })
                    })
                    .unzip();
                json!({ "type": "string", "enum": ids, "enumDescriptions": names })
            }
            None => json!({ "type": "string", "pattern": "^[a-z0-9_-]+/[a-z0-9_-]+$" }),
        },
        FieldKind::Publisher => match catalog {
            Some(c) => {
                let keys: Vec<&str> = c.publishers.iter().map(|p| p.key.as_str()).collect();
                let names: Vec<&str> = c.publishers.iter().map(|p| p.name.as_str()).collect();
                json!({ "type": "string", "enum": keys, "enumDescriptions": names })
            }
            None => json!({ "type": "string", "pattern": "^[a-z0-9_-]+$" }),
        },
    };
    let mut description = format!("{}\n{}", f.about_zh, f.about_en);
    if f.kind == FieldKind::IndexNo
        && let Some(c) = catalog
    {
        let patterns = &c.index_patterns;
        // i18n: not messages (the schema is bilingual)
        description.push_str(&if patterns.len() == 1 {
            format!(
                "\n本站规则 · This site's pattern: {}",
                patterns.first().as_str()
            )
        } else {
            format!(
                "\n本站规则（新号用第一个） · This site's patterns (new numbers follow the first): {}",
                patterns.describe()
            )
        });
        // i18n: end
    }
    schema["title"] = json!(format!("{} · {}", f.zh, f.en));
    schema["description"] = json!(description);
    schema
}

/// The schema files of a site, as (path relative to the root, text).
pub fn files(catalog: Option<&Catalog>) -> Vec<(String, String)> {
    let text = |v: Value| {
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    };
    vec![
        (
            format!("{SCHEMA_DIR}/{CATALOG_SCHEMA}"),
            text(catalog_schema()),
        ),
        (
            format!("{SCHEMA_DIR}/{RECORD_SCHEMA}"),
            text(record_schema(catalog)),
        ),
    ]
}

/// Writes the schemas into `root/.gongkai/`, leaving files that are already up to date alone.
/// Returns the paths written.
pub fn write(root: &Path, catalog: Option<&Catalog>) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, text) in files(catalog) {
        let path = root.join(&rel);
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| t!("creating {path}", path = dir.display()))?;
        }
        // Written beside and renamed, so an editor never reads half a schema.
        crate::output::write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Refreshes the schemas after a build or a preview rebuild. A site folder that cannot be
/// written (a read-only checkout in CI) is no reason to fail a build: the schemas only help
/// editors, so a failure is ignored.
pub fn refresh(root: &Path, catalog: &Catalog) {
    if root.join(crate::catalog::CATALOG_FILE).is_file() {
        write(root, Some(catalog)).ok();
    }
}
