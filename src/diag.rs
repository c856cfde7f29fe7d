//! Diagnostics: problems found in a site's own files (catalog, records, pages, templates).
//!
//! Every stage collects `Diagnostic`s instead of stopping at the first problem, so an editor
//! sees every mistake of a build in one run. A diagnostic names the file relative to the site
//! root, the line and column (1-based, columns counted in characters) where one applies, says
//! what is wrong and how to fix it. Failures of the tool itself are `anyhow` errors instead.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// How bad a problem is: errors stop the build from publishing, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What a problem is about, where a command must tell kinds of problems apart: `gongkai
/// check` reports the links and attachments `resolve` finds broken as findings of their own.
/// Telling them by their message would depend on its wording and language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    #[default]
    Other,
    /// A link in a text, or a file listed under `attachments:`.
    Link,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Path of the file relative to the site root, with `/` separators.
    pub file: String,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub severity: Severity,
    pub message: String,
    /// What the editor should do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Only for the commands that sort problems by subject; not part of the output.
    #[serde(skip)]
    pub topic: Topic,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            col: None,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            topic: Topic::Other,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Places the problem at `line:col` of its file.
    pub fn at(mut self, pos: Pos) -> Self {
        self.line = Some(pos.line);
        self.col = Some(pos.col);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn topic(mut self, topic: Topic) -> Self {
        self.topic = topic;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        let severity = match self.severity {
            Severity::Error => crate::t!("error"),
            Severity::Warning => crate::t!("warning"),
        };
        write!(f, ": {severity}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n    {}: {help}", crate::t!("help"))?;
        }
        Ok(())
    }
}

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// The path of `path` relative to `root`, with `/` separators, for messages and URLs.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Sorts diagnostics by file, position and text, so output never depends on thread timing.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort();
}

/// Counts errors and warnings.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let d = edit_distance(word, cand);
        if d <= 2.max(word.chars().count() / 3) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_location_and_help() {
        let d = Diagnostic::error("content/a.md", "unknown field `titel`")
            .at(Pos::new(3, 1))
            .help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:1: error: unknown field `titel`\n    help: did you mean `title`?"
        );
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["title", "published", "formed"];
        assert_eq!(suggest("titel", keys), Some("title"));
        assert_eq!(suggest("publised", keys), Some("published"));
        assert_eq!(suggest("zzz", keys), None);
    }
}
