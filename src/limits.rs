//! Resource limits (`limits:` in catalog.yaml): how large and how deeply nested a site's input
//! may be before gongkai refuses it with an error instead of spending the machine's memory and
//! time on it. Every limit has a default that a county site never reaches; a site that really
//! is larger raises the setting the error names.

use crate::diag::{Diagnostic, Pos};
use crate::t;
use crate::yamlpos::KeyPositions;
use serde::{Deserialize, Serialize};
use serde_yaml::Value;

/// The highest `max_nesting` accepted: the YAML reader itself refuses values nested 128 levels
/// deep, so a higher limit could never be reached.
pub const NESTING_CEILING: usize = 100;
/// The lowest `max_nesting` accepted: catalog.yaml itself needs six levels
/// (`areas` → area → `items` → item → `time_limit` → its keys).
pub const NESTING_FLOOR: usize = 8;
/// The highest `max_file_mb` accepted: every Markdown file is read whole into memory.
pub const FILE_MB_CEILING: u64 = 1024;

/// The `limits:` block of catalog.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest record, page or annual-report file, in MiB.
    #[schemars(
        title = "最大文件（MiB） · Largest file (MiB)",
        description = "记录、页面或年报文件的最大大小。 Largest record, page or annual-report file.",
        range(min = 1, max = 1024)
    )]
    pub max_file_mb: u64,
    /// Most Markdown files (records and pages) in content/.
    #[schemars(
        title = "最多记录数 · Most records",
        description = "content/ 中记录和页面文件的最多数量。 Most records and pages in content/.",
        range(min = 1)
    )]
    pub max_records: usize,
    /// Deepest nesting of lists and mappings in front matter and catalog.yaml; the document
    /// itself is level 1, so `topics: [a]` is 2 levels deep.
    #[schemars(
        title = "最深嵌套 · Deepest nesting",
        description = "前置信息和 catalog.yaml 中列表与映射的最深层数。 Deepest nesting of lists and mappings in front matter and catalog.yaml.",
        range(min = 8, max = 100)
    )]
    pub max_nesting: usize,
    /// Longest one-line front-matter value (title, 文号, topics, …), in characters.
    #[schemars(
        title = "单行字段最长字符数 · Longest one-line field",
        description = "标题、文号等单行字段的最多字符数。 Longest one-line front-matter value, in characters.",
        range(min = 1)
    )]
    pub max_field_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mb: 5,
            max_records: 200_000,
            max_nesting: 32,
            max_field_chars: 1000,
        }
    }
}

impl Limits {
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mb.saturating_mul(1024 * 1024)
    }

    /// Reports values that cannot work, at the line of their key; false when there were any.
    pub fn validate(
        &self,
        file: &str,
        positions: &KeyPositions,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let before = diags.len();
        let mut err = |key: &str, message: String, help: String| {
            let pos = positions.find_or(&format!("limits.{key}"), Pos::new(1, 1));
            diags.push(Diagnostic::error(file, message).at(pos).help(help));
        };
        if self.max_file_mb == 0 || self.max_file_mb > FILE_MB_CEILING {
            err(
                "max_file_mb",
                t!(
                    "limits.max_file_mb is {value}; it must be between 1 and {max}",
                    value = self.max_file_mb,
                    max = FILE_MB_CEILING
                ),
                t!("the default is 5 (MiB); a record is read whole into memory on every build"),
            );
        }
        if self.max_records == 0 {
            err(
                "max_records",
                t!("limits.max_records is 0; it must be at least 1"),
                t!("the default is 200000 records and pages"),
            );
        }
        if !(NESTING_FLOOR..=NESTING_CEILING).contains(&self.max_nesting) {
            err(
                "max_nesting",
                t!(
                    "limits.max_nesting is {value}; it must be between {min} and {max}",
                    value = self.max_nesting,
                    min = NESTING_FLOOR,
                    max = NESTING_CEILING
                ),
                t!(
                    "the default is 32 levels; catalog.yaml itself needs 6, and the YAML reader stops at 128"
                ),
            );
        }
        if self.max_field_chars == 0 {
            err(
                "max_field_chars",
                t!("limits.max_field_chars is 0; it must be at least 1"),
                t!("the default is 1000 characters"),
            );
        }
        diags.len() == before
    }
}

/// How many levels of lists and mappings `value` has: 0 for a scalar.
pub fn depth(value: &Value) -> usize {
    match value {
        Value::Sequence(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Mapping(map) => {
            1 + map
                .iter()
                .map(|(k, v)| depth(k).max(depth(v)))
                .max()
                .unwrap_or(0)
        }
        Value::Tagged(tagged) => depth(&tagged.value),
        _ => 0,
    }
}

/// The key path (`topics.0.0`, sequence entries by index) of the first value, in document
/// order, that lies deeper than `max` levels, and the depth of the whole document.
pub fn too_deep(value: &Value, max: usize) -> Option<(String, usize)> {
    let total = depth(value);
    if total <= max {
        return None;
    }
    let mut path: Vec<String> = Vec::new();
    let mut current = value;
    let mut level = 1;
    // Follow the deepest branch down to the level that crosses the limit.
    while level <= max {
        let next = match current {
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .find(|(_, v)| level + depth(v) > max)
                .map(|(i, v)| (i.to_string(), v)),
            Value::Mapping(map) => map
                .iter()
                .find(|(_, v)| level + depth(v) > max)
                .map(|(k, v)| (key_text(k), v)),
            Value::Tagged(tagged) => Some((String::new(), &tagged.value)),
            _ => None,
        };
        let Some((seg, v)) = next else { break };
        if !seg.is_empty() {
            path.push(seg);
            level += 1;
        }
        current = v;
    }
    Some((path.join("."), total))
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "?".to_string(),
    }
}

/// The error for a document nested deeper than `limits.max_nesting`, located at the deepest
/// key that can be found.
pub fn nesting_error(
    file: &str,
    value: &Value,
    limits: &Limits,
    positions: &KeyPositions,
    fallback: Pos,
) -> Option<Diagnostic> {
    let (path, total) = too_deep(value, limits.max_nesting)?;
    let pos = positions.find_or(&path, fallback);
    let top = path.split('.').next().unwrap_or("");
    let what = if top.is_empty() {
        t!("the document")
    } else {
        format!("`{top}`")
    };
    Some(
        Diagnostic::error(
            file,
            t!(
                "{what} is nested {total} levels deep; limits.max_nesting allows {max}",
                what,
                total,
                max = limits.max_nesting
            ),
        )
        .at(pos)
        .help(t!("values are text, lists and simple mappings; raise `limits.max_nesting` in catalog.yaml only if such a structure is really meant")),
    )
}

/// Reads a whole YAML file (catalog.yaml, an annual report) as plain values before its typed
/// reading, and reports what that reading would misreport or never reach: a control character
/// written raw (located, where the YAML reader gives a byte offset), aliases that expand to
/// far too much data and nesting too deep for the YAML reader (instead of whatever type
/// mismatch the typed reading meets first), and nesting deeper than `limits_of(value)` allows.
/// Syntax errors are left to the typed reading, which locates them.
pub fn precheck_yaml(
    text: &str,
    file: &str,
    limits_of: impl FnOnce(&Value) -> Limits,
) -> Option<Diagnostic> {
    if let Some(d) = crate::text::raw_control_character(file, text, 1) {
        return Some(d);
    }
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        // not a message: the YAML reader's own words for its limits
        Err(e) if e.to_string().contains("limit exceeded") => {
            return Some(located_limit_error(file, &e, text, 1));
        }
        Err(_) => return None,
    };
    let limits = limits_of(&value);
    let positions = KeyPositions::scan(text, 1);
    nesting_error(file, &value, &limits, &positions, Pos::new(1, 1))
}

/// The YAML reader's error for aliases that expand too far (which has no position: it is
/// placed at the first alias) or for nesting too deep; `first_line` is the file line on which
/// `text` starts.
pub fn located_limit_error(
    file: &str,
    err: &serde_yaml::Error,
    text: &str,
    first_line: usize,
) -> Diagnostic {
    let diag = crate::text::yaml_error(file, err, first_line);
    match crate::text::first_alias(text) {
        Some(pos) if err.location().is_none() => {
            diag.at(Pos::new(pos.line + first_line - 1, pos.col))
        }
        _ => diag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        serde_yaml::from_str(s).expect("yaml")
    }

    #[test]
    fn depth_counts_collections() {
        assert_eq!(depth(&yaml("a")), 0);
        assert_eq!(depth(&yaml("topics: [a]")), 2);
        assert_eq!(depth(&yaml("a: {b: [[c]]}")), 4);
    }

    #[test]
    fn the_first_too_deep_value_is_found() {
        let v = yaml("title: x\ntopics:\n  - a\n  - - - - deep\n");
        assert_eq!(too_deep(&v, 4), Some(("topics.1.0.0".to_string(), 5)));
        assert_eq!(too_deep(&v, 5), None);
    }

    #[test]
    fn the_error_names_the_key_and_the_setting() {
        let text = "title: x\ntopics: [[[[[a]]]]]\n";
        let v = yaml(text);
        let positions = KeyPositions::scan(text, 2);
        let limits = Limits {
            max_nesting: 4,
            ..Limits::default()
        };
        let d = nesting_error("content/a.md", &v, &limits, &positions, Pos::new(2, 1))
            .expect("too deep");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:1: error: `topics` is nested 6 levels deep; limits.max_nesting allows 4\n    help: values are text, lists and simple mappings; raise `limits.max_nesting` in catalog.yaml only if such a structure is really meant"
        );
    }

    #[test]
    fn impossible_values_are_refused() {
        let limits = Limits {
            max_file_mb: 0,
            max_records: 0,
            max_nesting: 500,
            max_field_chars: 0,
        };
        let mut diags = Vec::new();
        assert!(!limits.validate("catalog.yaml", &KeyPositions::default(), &mut diags));
        assert_eq!(diags.len(), 4, "{diags:?}");
        assert!(Limits::default().max_nesting >= NESTING_FLOOR);
    }
}
