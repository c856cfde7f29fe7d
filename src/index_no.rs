//! 索引号 patterns: how a site numbers its records, e.g. `{uscc}/{year}-{serial:05}`.
//!
//! A pattern is literal text with placeholders: `{uscc}` (the publisher's unified social
//! credit code), `{key}` (the publisher's key), `{year}` (year of `published`) and
//! `{serial:0N}` (a serial of at least N digits, per publisher and year). The same pattern
//! checks existing numbers and makes new ones.

use crate::catalog::Publisher;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Uscc,
    Key,
    Year,
    Serial { width: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPattern {
    parts: Vec<Part>,
    text: String,
}

impl Default for IndexPattern {
    fn default() -> Self {
        // The default pattern is a constant that parses.
        IndexPattern {
            parts: vec![
                Part::Uscc,
                Part::Literal("/".into()),
                Part::Year,
                Part::Literal("-".into()),
                Part::Serial { width: 5 },
            ],
            text: "{uscc}/{year}-{serial:05}".into(),
        }
    }
}

impl IndexPattern {
    pub fn parse(text: &str) -> Result<IndexPattern, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after
                    .find('}')
                    .ok_or_else(|| format!("`{{` without `}}` in `{text}`"))?;
                let name = &after[..end];
                let part = match name {
                    "uscc" => Part::Uscc,
                    "key" => Part::Key,
                    "year" => Part::Year,
                    "serial" => Part::Serial { width: 1 },
                    _ => match name.strip_prefix("serial:") {
                        Some(w) => Part::Serial {
                            width: w
                                .parse()
                                .ok()
                                .filter(|w| (1..=12).contains(w))
                                .ok_or_else(|| format!("`{{{name}}}` needs a width from 1 to 12, such as {{serial:05}}"))?,
                        },
                        None => return Err(format!("unknown placeholder `{{{name}}}`")),
                    },
                };
                if matches!(part, Part::Serial { .. } | Part::Year)
                    && matches!(parts.last(), Some(Part::Serial { .. } | Part::Year))
                {
                    return Err(format!(
                        "`{{{name}}}` directly follows another number; put a separator such as `-` between them"
                    ));
                }
                parts.push(part);
                rest = &after[end + 1..];
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                parts.push(Part::Literal(rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
        if parts
            .iter()
            .filter(|p| matches!(p, Part::Serial { .. }))
            .count()
            != 1
        {
            return Err(format!("`{text}` must contain exactly one {{serial}}"));
        }
        Ok(IndexPattern {
            parts,
            text: text.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn uses_uscc(&self) -> bool {
        self.parts.contains(&Part::Uscc)
    }

    /// Checks `index_no` against the pattern for this publisher and publication year, and
    /// returns its serial number, or what does not match.
    pub fn matches(&self, index_no: &str, publisher: &Publisher, year: i32) -> Result<u64, String> {
        let mut rest = index_no;
        let mut serial = None;
        for part in &self.parts {
            match part {
                Part::Literal(lit) => {
                    rest = rest
                        .strip_prefix(lit.as_str())
                        .ok_or_else(|| format!("expected `{lit}` at `{rest}`"))?;
                }
                Part::Uscc => {
                    let code = publisher.uscc.as_deref().unwrap_or("");
                    rest = rest.strip_prefix(code).ok_or_else(|| {
                        format!(
                            "it should start with the credit code of publisher `{}` ({code})",
                            publisher.key
                        )
                    })?;
                }
                Part::Key => {
                    rest = rest.strip_prefix(publisher.key.as_str()).ok_or_else(|| {
                        format!("it should contain the publisher key `{}`", publisher.key)
                    })?;
                }
                Part::Year => {
                    let y = year.to_string();
                    rest = rest.strip_prefix(y.as_str()).ok_or_else(|| {
                        format!("its year should be {y}, the year of `published`")
                    })?;
                }
                Part::Serial { width } => {
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    if digits < *width {
                        return Err(format!(
                            "its serial number should have at least {width} digits"
                        ));
                    }
                    serial = rest[..digits].parse().ok();
                    rest = &rest[digits..];
                }
            }
        }
        if !rest.is_empty() {
            return Err(format!("unexpected `{rest}` at the end"));
        }
        serial.ok_or_else(|| "its serial number is too long".to_string())
    }

    /// Makes the 索引号 with `serial` for this publisher and year.
    pub fn format(&self, publisher: &Publisher, year: i32, serial: u64) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(lit) => out.push_str(lit),
                Part::Uscc => out.push_str(publisher.uscc.as_deref().unwrap_or("")),
                Part::Key => out.push_str(&publisher.key),
                Part::Year => out.push_str(&year.to_string()),
                Part::Serial { width } => out.push_str(&format!("{serial:0width$}")),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mz() -> Publisher {
        Publisher {
            key: "mz".into(),
            name: "示例县民政局".into(),
            name_en: None,
            uscc: Some("11320000MB151840XJ".into()),
        }
    }

    #[test]
    fn checks_and_formats() {
        let p = IndexPattern::parse("{uscc}/{year}-{serial:05}").expect("valid");
        assert_eq!(p, IndexPattern::default());
        assert_eq!(
            p.matches("11320000MB151840XJ/2024-00012", &mz(), 2024),
            Ok(12)
        );
        assert_eq!(p.format(&mz(), 2024, 12), "11320000MB151840XJ/2024-00012");
        assert_eq!(
            p.format(&mz(), 2024, 123_456),
            "11320000MB151840XJ/2024-123456"
        );
        assert!(
            p.matches("11320000MB151840XJ/2023-00012", &mz(), 2024)
                .is_err_and(|e| e.contains("2024"))
        );
        assert!(
            p.matches("11320000MB151840XK/2024-00012", &mz(), 2024)
                .is_err_and(|e| e.contains("credit code"))
        );
        assert!(
            p.matches("11320000MB151840XJ/2024-0012", &mz(), 2024)
                .is_err()
        );
        assert!(
            p.matches("11320000MB151840XJ/2024-00012x", &mz(), 2024)
                .is_err()
        );
    }

    #[test]
    fn rejects_bad_patterns() {
        assert!(IndexPattern::parse("{uscc}/{year}").is_err());
        assert!(IndexPattern::parse("{uscc}/{yr}-{serial}").is_err());
        assert!(IndexPattern::parse("{year}{serial:05}").is_err());
        assert!(IndexPattern::parse("{serial:0}").is_err());
        assert!(IndexPattern::parse("{key}-{serial").is_err());
        assert!(IndexPattern::parse("xzf/{year}-{serial:04}").is_ok());
    }
}
