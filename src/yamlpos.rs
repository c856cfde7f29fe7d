//! Positions of keys in block-style YAML.
//!
//! serde_yaml keeps no positions once a document is parsed, but an editor needs the line of
//! the field a problem is about. `KeyPositions` scans the text once and maps each key path
//! (`areas.3.items.5.time_limit`, sequence entries by index) to the line and column where it
//! is written. It understands the block style our files use (mappings, `- ` sequences,
//! compact `- key: value` entries, `|`/`>` block scalars); keys inside flow collections are
//! located at the key that holds the collection.

use crate::diag::Pos;
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone)]
pub struct KeyPositions {
    positions: BTreeMap<String, Pos>,
}

struct Frame {
    indent: usize,
    path: String,
    is_item: bool,
    next_index: usize,
}

impl KeyPositions {
    /// Scans `text`, whose first line is line `first_line` of its file.
    pub fn scan(text: &str, first_line: usize) -> Self {
        let mut positions = BTreeMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut root_next_index = 0;
        let mut block_scalar_indent: Option<usize> = None;

        for (n, raw) in text.lines().enumerate() {
            let line_no = first_line + n;
            let trimmed = raw.trim_start_matches(' ');
            let indent = raw.len() - trimmed.len();
            if let Some(bi) = block_scalar_indent {
                if trimmed.is_empty() || indent > bi {
                    continue;
                }
                block_scalar_indent = None;
            }
            if trimmed.is_empty() || trimmed.starts_with('#') || raw.starts_with("---") {
                continue;
            }
            let col_of = |byte_indent: usize| raw[..byte_indent].chars().count() + 1;

            let mut indent = indent;
            let mut rest = trimmed;
            if rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|f| f.indent > indent || (f.indent == indent && f.is_item))
                {
                    stack.pop();
                }
                let index = match stack.last_mut() {
                    Some(parent) => {
                        parent.next_index += 1;
                        parent.next_index - 1
                    }
                    None => {
                        root_next_index += 1;
                        root_next_index - 1
                    }
                };
                let path = join(stack.last().map(|f| f.path.as_str()), &index.to_string());
                positions.insert(path.clone(), Pos::new(line_no, col_of(indent)));
                stack.push(Frame {
                    indent,
                    path,
                    is_item: true,
                    next_index: 0,
                });
                let after = rest[1..].trim_start_matches(' ');
                indent += rest.len() - after.len();
                rest = after;
                if rest.is_empty() {
                    continue;
                }
            }
            let Some((key, value)) = split_key(rest) else {
                continue;
            };
            while stack.last().is_some_and(|f| f.indent >= indent) {
                stack.pop();
            }
            let path = join(stack.last().map(|f| f.path.as_str()), key);
            positions.insert(path.clone(), Pos::new(line_no, col_of(indent)));
            let value = value.trim();
            if value.starts_with('|') || value.starts_with('>') {
                block_scalar_indent = Some(indent);
            }
            stack.push(Frame {
                indent,
                path,
                is_item: false,
                next_index: 0,
            });
        }
        KeyPositions { positions }
    }

    /// Where the key at `path` is written, or the nearest enclosing key that is known.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut path = path;
        loop {
            if let Some(pos) = self.positions.get(path) {
                return Some(*pos);
            }
            path = &path[..path.rfind('.')?];
        }
    }

    /// Like `find`, but falls back to the first line of the text.
    pub fn find_or(&self, path: &str, fallback: Pos) -> Pos {
        self.find(path).unwrap_or(fallback)
    }
}

fn join(parent: Option<&str>, seg: &str) -> String {
    match parent {
        Some(p) => format!("{p}.{seg}"),
        None => seg.to_string(),
    }
}

/// Splits `key: value` (or `key:` at the end of a line); `None` when the line is not a key.
fn split_key(s: &str) -> Option<(&str, &str)> {
    let first = s.chars().next()?;
    if matches!(
        first,
        '[' | '{' | '#' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`'
    ) {
        return None;
    }
    if first == '"' || first == '\'' {
        let close = s[1..].find(first)? + 1;
        let key = &s[1..close];
        let after = &s[close + 1..];
        let after = after.strip_prefix(':')?;
        if after.is_empty() || after.starts_with(' ') {
            return Some((key, after));
        }
        return None;
    }
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
        if b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            return Some((s[..i].trim_end(), &s[i + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "site:\n  title: 示例\nareas:\n  - id: a\n    items:\n      - id: x\n        note: |\n          text: not a key\n        time_limit: { text: t }\n      - id: y\n  - id: b\n    items:\n    - id: z\n";

    #[test]
    fn finds_nested_keys_and_entries() {
        let k = KeyPositions::scan(DOC, 1);
        assert_eq!(k.find("site.title"), Some(Pos::new(2, 3)));
        assert_eq!(k.find("areas.0"), Some(Pos::new(4, 3)));
        assert_eq!(k.find("areas.0.id"), Some(Pos::new(4, 5)));
        assert_eq!(k.find("areas.0.items.0.time_limit"), Some(Pos::new(9, 9)));
        assert_eq!(k.find("areas.0.items.1.id"), Some(Pos::new(10, 9)));
        assert_eq!(k.find("areas.1.id"), Some(Pos::new(11, 5)));
        assert_eq!(k.find("areas.1.items.0.id"), Some(Pos::new(13, 7)));
    }

    #[test]
    fn block_scalars_hide_their_lines() {
        let k = KeyPositions::scan(DOC, 1);
        assert_eq!(k.find("areas.0.items.0.note.text"), Some(Pos::new(7, 9)));
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_parent() {
        let k = KeyPositions::scan(DOC, 1);
        assert_eq!(k.find("areas.0.items.1.level2"), Some(Pos::new(10, 7)));
    }

    #[test]
    fn lines_are_counted_from_the_given_first_line() {
        let k = KeyPositions::scan("title: x\npublished: 2024-01-01\n", 2);
        assert_eq!(k.find("published"), Some(Pos::new(3, 1)));
    }

    #[test]
    fn quoted_keys_and_comments() {
        let k = KeyPositions::scan("\"a b\": 1\n# c: 2\nd: 3 # e: 4\n", 1);
        assert_eq!(k.find("a b"), Some(Pos::new(1, 1)));
        assert_eq!(k.find("c"), None);
        assert_eq!(k.find("d"), Some(Pos::new(3, 1)));
    }
}
