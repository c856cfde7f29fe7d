//! 索引号 patterns: how a site numbers its records, e.g. `{uscc}/{year}-{serial:05}`.
//!
//! A pattern is literal text with placeholders:
//!
//! - `{uscc}`: the publisher's unified social credit code (18 characters);
//! - `{org}`: the publisher's 9-character organisation code (GB 11714), the front part of the
//!   national 2008 form `<org code>/<YYYY>-<NNNNN>`; taken from `org_code`, or from positions
//!   9–17 of the credit code;
//! - `{key}`: the publisher's key; `{code}`: the publisher's own `index_code`, for site-local
//!   schemes such as `xzfgzbmzfb/2021-3740` or `6107280000/2024-001005`;
//! - `{year}`, `{month}` and `{day}` (two digits each) of `published`, so
//!   `{year}{month}-{serial:05}` gives `202110-00013`;
//! - `{digits:N}` or `{digits:N-M}`: N (to M) digits that are not checked, such as the category and
//!   group numbers of provincial schemes; only in patterns of existing numbers, since a new
//!   number cannot know them;
//! - `{serial:0N}` (at least N digits) or `{serial:N-M}` (N to M digits), the record's serial.
//!
//! A site may have several patterns: numbers of older schemes stay valid when they match any of
//! them, and new numbers follow the first. Serials count per whatever the first pattern names:
//! per publisher and year for `{uscc}/{year}-{serial:05}`, across all publishers when it names
//! none, across years when it has no `{year}`.

use crate::catalog::Publisher;
use crate::date::Date;
use crate::t;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Uscc,
    Org,
    Key,
    Code,
    Year,
    Month,
    Day,
    /// Digits that are not checked.
    Digits {
        min: usize,
        max: Option<usize>,
    },
    /// `min` digits at least (new numbers are padded to it), `max` at most.
    Serial {
        min: usize,
        max: Option<usize>,
    },
}

impl Part {
    /// True for parts that are always digits of a fixed width.
    fn is_fixed_number(&self) -> bool {
        matches!(self, Part::Year | Part::Month | Part::Day)
    }
}

/// The publisher values a pattern can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublisherValue {
    Uscc,
    Org,
    Code,
}

impl PublisherValue {
    /// The publisher's field in `catalog.yaml`.
    pub fn field(self) -> &'static str {
        match self {
            PublisherValue::Uscc => "uscc",
            PublisherValue::Org => "org_code",
            PublisherValue::Code => "index_code",
        }
    }

    pub fn placeholder(self) -> &'static str {
        match self {
            PublisherValue::Uscc => "{uscc}",
            PublisherValue::Org => "{org}",
            PublisherValue::Code => "{code}",
        }
    }

    /// The value for `publisher`, if it has one.
    pub fn of(self, publisher: &Publisher) -> Option<String> {
        match self {
            PublisherValue::Uscc => publisher.uscc.clone(),
            PublisherValue::Org => org_code_of(publisher),
            PublisherValue::Code => publisher.index_code.clone(),
        }
    }
}

/// The organisation code of a publisher as it stands in an 索引号 (without its hyphen): its
/// `org_code`, or positions 9–17 of its credit code.
pub fn org_code_of(publisher: &Publisher) -> Option<String> {
    if let Some(code) = &publisher.org_code {
        return Some(code.replace('-', ""));
    }
    let uscc = publisher.uscc.as_deref()?;
    (uscc.len() == 18 && uscc.is_ascii()).then(|| uscc[8..17].to_string())
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
                Part::Serial { min: 5, max: None },
            ],
            text: "{uscc}/{year}-{serial:05}".into(),
        }
    }
}

/// Reads the `N` or `N-M` of `{serial:…}` and `{digits:…}` as (fewest, most) digits.
fn parse_width(name: &str, spec: &str) -> Result<(usize, Option<usize>), String> {
    let width = |w: &str| w.parse::<usize>().ok().filter(|w| (1..=12).contains(w));
    let bad = || {
        t!(
            "`{{{name}}}` needs a width from 1 to 12, such as {{serial:05}}, or a range such as {{serial:5-7}}",
            name
        )
    };
    match spec.split_once('-') {
        Some((lo, hi)) => {
            let (min, max) = (width(lo).ok_or_else(bad)?, width(hi).ok_or_else(bad)?);
            if min > max {
                return Err(t!(
                    "`{{{name}}}`: the fewest digits ({min}) are more than the most ({max})",
                    name,
                    min,
                    max
                ));
            }
            Ok((min, Some(max)))
        }
        None => Ok((width(spec).ok_or_else(bad)?, None)),
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
                    .ok_or_else(|| t!("`{{` without `}}` in `{text}`", text))?;
                let name = &after[..end];
                let part = match name {
                    "uscc" => Part::Uscc,
                    "org" => Part::Org,
                    "key" => Part::Key,
                    "code" => Part::Code,
                    "year" => Part::Year,
                    "month" => Part::Month,
                    "day" => Part::Day,
                    "serial" => Part::Serial { min: 1, max: None },
                    _ => {
                        if let Some(spec) = name.strip_prefix("serial:") {
                            let (min, max) = parse_width(name, spec)?;
                            Part::Serial { min, max }
                        } else if let Some(spec) = name.strip_prefix("digits:") {
                            // A segment of N digits is exactly N long.
                            let (min, max) = parse_width(name, spec)?;
                            Part::Digits {
                                min,
                                max: max.or(Some(min)),
                            }
                        } else {
                            return Err(t!(
                                "unknown placeholder `{{{name}}}`; use {{uscc}}, {{org}}, {{key}}, {{code}}, {{year}}, {{month}}, {{day}}, {{digits:N}} and {{serial:05}}",
                                name
                            ));
                        }
                    }
                };
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
            return Err(t!("`{text}` must contain exactly one {{serial}}", text));
        }
        // A serial of open length swallows every digit after it, so what follows must not
        // start with a digit.
        for pair in parts.windows(2) {
            let follows_digits = match &pair[1] {
                Part::Literal(lit) => lit.starts_with(|c: char| c.is_ascii_digit()),
                Part::Serial { .. } | Part::Digits { .. } => true,
                other => other.is_fixed_number(),
            };
            if matches!(pair[0], Part::Serial { max: None, .. }) && follows_digits {
                return Err(t!(
                    "a number directly follows {{serial}}; put a separator such as `-` between them, or give the serial a range such as {{serial:5-5}}"
                ));
            }
        }
        Ok(IndexPattern {
            parts,
            text: text.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The publisher values this pattern names.
    pub fn publisher_values(&self) -> Vec<PublisherValue> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Uscc => Some(PublisherValue::Uscc),
                Part::Org => Some(PublisherValue::Org),
                Part::Code => Some(PublisherValue::Code),
                _ => None,
            })
            .collect()
    }

    /// Checks `index_no` against the pattern for this publisher and publication date, and
    /// returns its serial number, or what does not match.
    pub fn matches(
        &self,
        index_no: &str,
        publisher: &Publisher,
        published: Date,
    ) -> Result<u64, String> {
        let (year, month, day) = published.ymd();
        let mut rest = index_no;
        let mut serial = None;
        let value = |v: PublisherValue| {
            v.of(publisher).ok_or_else(|| {
                t!(
                    "publisher `{key}` has no `{field}` for {placeholder}",
                    key = publisher.key,
                    field = v.field(),
                    placeholder = v.placeholder()
                )
            })
        };
        for part in &self.parts {
            match part {
                Part::Literal(lit) => {
                    rest = rest
                        .strip_prefix(lit.as_str())
                        .ok_or_else(|| t!("expected `{lit}` at `{rest}`", lit, rest))?;
                }
                Part::Uscc => {
                    let code = value(PublisherValue::Uscc)?;
                    rest = rest.strip_prefix(code.as_str()).ok_or_else(|| {
                        t!(
                            "it should start with the credit code of publisher `{key}` ({code})",
                            key = publisher.key,
                            code
                        )
                    })?;
                }
                Part::Org => {
                    let code = value(PublisherValue::Org)?;
                    rest = rest.strip_prefix(code.as_str()).ok_or_else(|| {
                        t!(
                            "it should contain the organisation code of publisher `{key}` ({code})",
                            key = publisher.key,
                            code
                        )
                    })?;
                }
                Part::Code => {
                    let code = value(PublisherValue::Code)?;
                    rest = rest.strip_prefix(code.as_str()).ok_or_else(|| {
                        t!(
                            "it should contain the index_code of publisher `{key}` ({code})",
                            key = publisher.key,
                            code
                        )
                    })?;
                }
                Part::Key => {
                    rest = rest.strip_prefix(publisher.key.as_str()).ok_or_else(|| {
                        t!(
                            "it should contain the publisher key `{key}`",
                            key = publisher.key
                        )
                    })?;
                }
                Part::Year => {
                    let y = year.to_string();
                    rest = rest
                        .strip_prefix(y.as_str())
                        .ok_or_else(|| t!("its year should be {y}, the year of `published`", y))?;
                }
                Part::Month => {
                    let m = format!("{month:02}");
                    rest = rest.strip_prefix(m.as_str()).ok_or_else(|| {
                        t!("its month should be {m}, the month of `published`", m)
                    })?;
                }
                Part::Day => {
                    let d = format!("{day:02}");
                    rest = rest
                        .strip_prefix(d.as_str())
                        .ok_or_else(|| t!("its day should be {d}, the day of `published`", d))?;
                }
                Part::Digits { min, max } => {
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    let digits = max.map_or(digits, |max| digits.min(max));
                    if digits < *min {
                        return Err(match max {
                            Some(max) if max > min => {
                                t!("expected {min} to {max} digits at `{rest}`", min, max, rest)
                            }
                            _ => t!("expected {min} digits at `{rest}`", min, rest),
                        });
                    }
                    rest = &rest[digits..];
                }
                Part::Serial { min, max } => {
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    let digits = max.map_or(digits, |max| digits.min(max));
                    if digits < *min {
                        return Err(match max {
                            Some(max) if max > min => {
                                t!(
                                    "its serial number should have {min} to {max} digits",
                                    min,
                                    max
                                )
                            }
                            Some(_) => t!("its serial number should have {min} digits", min),
                            None => t!("its serial number should have at least {min} digits", min),
                        });
                    }
                    serial = rest[..digits].parse().ok();
                    rest = &rest[digits..];
                }
            }
        }
        if !rest.is_empty() {
            return Err(t!("unexpected `{rest}` at the end", rest));
        }
        serial.ok_or_else(|| t!("its serial number is too long"))
    }

    /// True when the pattern can make new numbers: it has no `{digits}`, which only checks.
    pub fn makes_numbers(&self) -> bool {
        !self.parts.iter().any(|p| matches!(p, Part::Digits { .. }))
    }

    /// Makes the 索引号 with `serial` for this publisher and publication date; `None` when the
    /// serial has more digits than the pattern allows. `{digits}` are written as zeros.
    pub fn format(&self, publisher: &Publisher, published: Date, serial: u64) -> Option<String> {
        let (year, month, day) = published.ymd();
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(lit) => out.push_str(lit),
                Part::Uscc => out.push_str(&PublisherValue::Uscc.of(publisher).unwrap_or_default()),
                Part::Org => out.push_str(&PublisherValue::Org.of(publisher).unwrap_or_default()),
                Part::Code => out.push_str(&PublisherValue::Code.of(publisher).unwrap_or_default()),
                Part::Key => out.push_str(&publisher.key),
                Part::Year => out.push_str(&year.to_string()),
                Part::Month => out.push_str(&format!("{month:02}")),
                Part::Day => out.push_str(&format!("{day:02}")),
                Part::Digits { min, .. } => out.push_str(&"0".repeat(*min)),
                Part::Serial { min, max } => {
                    let s = format!("{serial:0min$}");
                    if max.is_some_and(|max| s.len() > max) {
                        return None;
                    }
                    out.push_str(&s);
                }
            }
        }
        Some(out)
    }
}

/// The site's patterns, at least one: the first makes new numbers, any one admits an
/// existing number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPatterns {
    list: Vec<IndexPattern>,
}

impl Default for IndexPatterns {
    fn default() -> Self {
        IndexPatterns {
            list: vec![IndexPattern::default()],
        }
    }
}

/// Why an 索引号 matches none of the patterns: each pattern with what did not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch(pub Vec<(String, String)>);

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_slice() {
            [(_, why)] => write!(f, "{why}"),
            all => {
                for (i, (pattern, why)) in all.iter().enumerate() {
                    if i > 0 {
                        write!(f, "; ")?;
                    }
                    write!(f, "`{pattern}`: {why}")?; // not a message: code only
                }
                Ok(())
            }
        }
    }
}

impl IndexPatterns {
    /// Parses every pattern; on failure, the problems with the position of each bad pattern.
    pub fn parse<S: AsRef<str>>(texts: &[S]) -> Result<IndexPatterns, Vec<(usize, String)>> {
        if texts.is_empty() {
            return Err(vec![(0, t!("site.index_no is an empty list"))]);
        }
        let mut list = Vec::new();
        let mut problems = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            match IndexPattern::parse(t.as_ref()) {
                Ok(p) => list.push(p),
                Err(e) => problems.push((i, e)),
            }
        }
        if let Some(first) = list.first()
            && problems.first().is_none_or(|(i, _)| *i > 0)
            && !first.makes_numbers()
        {
            problems.insert(0, (0, t!("the first pattern makes new numbers, so it cannot hold {{digits}}; put a pattern without it first")));
        }
        if problems.is_empty() {
            Ok(IndexPatterns { list })
        } else {
            Err(problems)
        }
    }

    /// The pattern of new numbers.
    pub fn first(&self) -> &IndexPattern {
        // Never empty: `parse` refuses an empty list.
        &self.list[0]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The patterns as written, for messages.
    pub fn describe(&self) -> String {
        self.list
            .iter()
            .map(IndexPattern::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Checks `index_no` against every pattern; the serial of the first that matches, or why
    /// none does.
    pub fn matches(
        &self,
        index_no: &str,
        publisher: &Publisher,
        published: Date,
    ) -> Result<u64, Mismatch> {
        let mut why = Vec::new();
        for p in &self.list {
            match p.matches(index_no, publisher, published) {
                Ok(serial) => return Ok(serial),
                Err(e) => why.push((p.text.clone(), e)),
            }
        }
        Err(Mismatch(why))
    }

    /// The next free number of the first pattern for `publisher` and `published`: one more
    /// than the highest serial among the `taken` numbers that fall in the same series (same
    /// publisher values, year and month as far as the pattern names them), and not taken.
    pub fn next_number<'a>(
        &self,
        taken: impl IntoIterator<Item = &'a str>,
        publisher: &Publisher,
        published: Date,
    ) -> Result<String, String> {
        let taken: BTreeSet<&str> = taken.into_iter().collect();
        self.numberer().next(&taken, publisher, published)
    }

    /// Hands out numbers for many records in turn (see `Numberer`).
    pub fn numberer(&self) -> Numberer<'_> {
        Numberer {
            first: self.first(),
            next: HashMap::new(),
        }
    }
}

/// Hands out the next free numbers of the first pattern for many records in turn, as an
/// import or a renumbering does: the highest serial of a series among the taken numbers is
/// looked for once per series, not once per record (which read every number of the site
/// for each record, N·M pattern matches).
pub struct Numberer<'a> {
    first: &'a IndexPattern,
    /// For each series (its number with serial 0), the serial to try next.
    next: HashMap<String, u64>,
}

impl Numberer<'_> {
    /// The next free number for `publisher` and `published`: one more than the highest serial
    /// of its series among `taken` (which the caller adds each number it keeps to), and not
    /// taken. Numbers the caller does not keep are not handed out again.
    pub fn next<S: std::borrow::Borrow<str> + Ord>(
        &mut self,
        taken: &BTreeSet<S>,
        publisher: &Publisher,
        published: Date,
    ) -> Result<String, String> {
        let first = self.first;
        // Numbers of one series differ only in their serial, so serial 0 names the series.
        let series = first.format(publisher, published, 0);
        let known = series.as_ref().and_then(|s| self.next.get(s)).copied();
        let mut serial = known.unwrap_or_else(|| {
            taken
                .iter()
                .filter_map(|n| first.matches(n.borrow(), publisher, published).ok())
                .max()
                .unwrap_or(0)
                + 1
        });
        loop {
            let Some(number) = first.format(publisher, published, serial) else {
                return Err(t!(
                    "every serial number of pattern `{first}` is used for publisher `{key}` in this period",
                    first = first.as_str(),
                    key = publisher.key
                ));
            };
            if !taken.contains(number.as_str()) {
                if let Some(series) = series {
                    self.next.insert(series, serial + 1);
                }
                return Ok(number);
            }
            serial += 1;
        }
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
            org_code: None,
            index_code: None,
        }
    }

    fn cz() -> Publisher {
        Publisher {
            key: "cz".into(),
            name: "示例县财政局".into(),
            name_en: None,
            uscc: None,
            org_code: Some("01527918-X".into()),
            index_code: Some("xzfgzbmzfb".into()),
        }
    }

    fn day(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    #[test]
    fn checks_and_formats() {
        let p = IndexPattern::parse("{uscc}/{year}-{serial:05}").expect("valid");
        let d = day("2024-09-27");
        assert_eq!(p, IndexPattern::default());
        assert_eq!(p.matches("11320000MB151840XJ/2024-00012", &mz(), d), Ok(12));
        assert_eq!(
            p.format(&mz(), d, 12).as_deref(),
            Some("11320000MB151840XJ/2024-00012")
        );
        assert_eq!(
            p.format(&mz(), d, 123_456).as_deref(),
            Some("11320000MB151840XJ/2024-123456")
        );
        assert!(
            p.matches("11320000MB151840XJ/2023-00012", &mz(), d)
                .is_err_and(|e| e.contains("2024"))
        );
        assert!(
            p.matches("11320000MB151840XK/2024-00012", &mz(), d)
                .is_err_and(|e| e.contains("credit code"))
        );
        assert!(p.matches("11320000MB151840XJ/2024-0012", &mz(), d).is_err());
        assert!(
            p.matches("11320000MB151840XJ/2024-00012x", &mz(), d)
                .is_err()
        );
    }

    #[test]
    fn org_code_from_the_field_or_the_credit_code() {
        let p = IndexPattern::parse("{org}/{year}-{serial:05}").expect("valid");
        let d = day("2020-05-01");
        // From positions 9–17 of the credit code.
        assert_eq!(p.matches("MB151840X/2020-00153", &mz(), d), Ok(153));
        // From `org_code`, written with its hyphen in the catalog but without it here.
        assert_eq!(p.matches("01527918X/2020-00001", &cz(), d), Ok(1));
        assert_eq!(
            p.format(&cz(), d, 7).as_deref(),
            Some("01527918X/2020-00007")
        );
        assert!(
            p.matches("01527918X/2020-00001", &mz(), d)
                .is_err_and(|e| e.contains("organisation code of publisher `mz` (MB151840X)"))
        );
        let none = Publisher { uscc: None, ..mz() };
        assert_eq!(
            p.matches("MB151840X/2020-00153", &none, d),
            Err("publisher `mz` has no `org_code` for {org}".to_string())
        );
    }

    #[test]
    fn site_local_codes_and_literal_prefixes() {
        let p = IndexPattern::parse("{code}/{year}-{serial:4-7}").expect("valid");
        let d = day("2021-03-05");
        assert_eq!(p.matches("xzfgzbmzfb/2021-3740", &cz(), d), Ok(3740));
        assert!(
            p.matches("xzfgzbmzfb/2021-374", &cz(), d)
                .is_err_and(|e| e == "its serial number should have 4 to 7 digits")
        );
        let lit = IndexPattern::parse("shg58/{year}-{serial:3}").expect("valid");
        assert_eq!(lit.matches("shg58/2021-402", &mz(), d), Ok(402));
        assert!(lit.matches("shg59/2021-402", &mz(), d).is_err());
        let q = IndexPattern::parse("QZ04117-222-{year}-{serial:05}").expect("valid");
        assert_eq!(q.matches("QZ04117-222-2021-00008", &mz(), d), Ok(8));
    }

    #[test]
    fn serial_ranges_bound_the_digits() {
        let p = IndexPattern::parse("{uscc}-/{year}-{serial:5-7}").expect("valid");
        let d = day("2020-09-21");
        assert_eq!(
            p.matches("11320000MB151840XJ-/2020-0921001", &mz(), d),
            Ok(921_001)
        );
        assert_eq!(
            p.matches("11320000MB151840XJ-/2020-00047", &mz(), d),
            Ok(47)
        );
        assert!(
            p.matches("11320000MB151840XJ-/2020-09210011", &mz(), d)
                .is_err_and(|e| e.contains("unexpected `1` at the end"))
        );
        assert_eq!(
            p.format(&mz(), d, 3).as_deref(),
            Some("11320000MB151840XJ-/2020-00003")
        );
        assert_eq!(p.format(&mz(), d, 10_000_000), None);
    }

    #[test]
    fn year_and_month() {
        let p = IndexPattern::parse("{uscc}/{year}{month}-{serial:05}").expect("valid");
        let d = day("2021-10-08");
        assert_eq!(
            p.matches("11320000MB151840XJ/202110-00013", &mz(), d),
            Ok(13)
        );
        assert_eq!(
            p.matches("11320000MB151840XJ/202109-00013", &mz(), d),
            Err("its month should be 10, the month of `published`".to_string())
        );
        assert_eq!(
            p.format(&mz(), d, 13).as_deref(),
            Some("11320000MB151840XJ/202110-00013")
        );
        // A fixed-width serial may follow the year directly (21-digit provincial numbers).
        let q = IndexPattern::parse("530000{year}{serial:4-4}").expect("valid");
        assert_eq!(q.matches("53000020210042", &mz(), d), Ok(42));
    }

    #[test]
    fn provincial_segments_and_dates() {
        // Region-department-category-group-date-serial, as some provinces number records.
        let p = IndexPattern::parse("{code}-{digits:2}-{digits:1-3}-{year}{month}{day}-{serial:4}")
            .expect("valid");
        let d = day("2021-03-05");
        assert_eq!(
            p.matches("xzfgzbmzfb-07-12-20210305-0042", &cz(), d),
            Ok(42)
        );
        assert_eq!(
            p.matches("xzfgzbmzfb-07-12-20210306-0042", &cz(), d),
            Err("its day should be 05, the day of `published`".to_string())
        );
        assert!(
            p.matches("xzfgzbmzfb-7-12-20210305-0042", &cz(), d)
                .is_err_and(|e| e == "expected 2 digits at `7-12-20210305-0042`")
        );
        assert!(!p.makes_numbers());
        // Such a pattern checks old numbers but cannot make new ones.
        let e =
            IndexPatterns::parse(&[p.as_str(), "{uscc}/{year}-{serial:05}"]).expect_err("first");
        assert_eq!(e[0].0, 0);
        assert!(IndexPatterns::parse(&["{uscc}/{year}-{serial:05}", p.as_str()]).is_ok());
        assert!(IndexPattern::parse("{digits:2}{serial:4}").is_ok());
        assert!(IndexPattern::parse("{digits:0}{year}-{serial}").is_err());
        assert!(IndexPattern::parse("{serial}{digits:2}").is_err());
    }

    #[test]
    fn rejects_bad_patterns() {
        assert!(IndexPattern::parse("{uscc}/{year}").is_err());
        assert!(IndexPattern::parse("{uscc}/{yr}-{serial}").is_err());
        assert!(IndexPattern::parse("{serial:05}{year}").is_err());
        assert!(IndexPattern::parse("{serial}0{year}").is_err());
        assert!(IndexPattern::parse("{serial:0}").is_err());
        assert!(IndexPattern::parse("{serial:7-5}").is_err());
        assert!(IndexPattern::parse("{serial:5-}").is_err());
        assert!(IndexPattern::parse("{key}-{serial").is_err());
        assert!(IndexPattern::parse("xzf/{year}-{serial:04}").is_ok());
        assert!(IndexPattern::parse("{year}{serial:05}").is_ok());
        assert!(IndexPatterns::parse::<&str>(&[]).is_err());
        assert_eq!(
            IndexPatterns::parse(&["{uscc}/{year}-{serial:05}", "{bad}"])
                .map(|_| ())
                .map_err(|e| e[0].0),
            Err(1)
        );
    }

    #[test]
    fn any_pattern_admits_a_number_and_mismatches_name_each() {
        let ps = IndexPatterns::parse(&[
            "{uscc}/{year}-{serial:05}",
            "{org}/{year}-{serial:05}",
            "{code}/{year}-{serial:4-7}",
        ])
        .expect("valid");
        let d = day("2021-03-05");
        assert_eq!(ps.matches("11320000MB151840XJ/2021-00001", &mz(), d), Ok(1));
        assert_eq!(ps.matches("MB151840X/2021-00002", &mz(), d), Ok(2));
        assert_eq!(ps.matches("xzfgzbmzfb/2021-3740", &cz(), d), Ok(3740));
        let e = ps
            .matches("11320000MB151840XJ/2020-00001", &mz(), d)
            .expect_err("wrong year");
        assert_eq!(
            e.to_string(),
            "`{uscc}/{year}-{serial:05}`: its year should be 2021, the year of `published`; \
             `{org}/{year}-{serial:05}`: it should contain the organisation code of publisher `mz` (MB151840X); \
             `{code}/{year}-{serial:4-7}`: publisher `mz` has no `index_code` for {code}"
        );
        let one = IndexPatterns::default();
        let e = one.matches("x", &mz(), d).expect_err("one pattern");
        assert_eq!(
            e.to_string(),
            "it should start with the credit code of publisher `mz` (11320000MB151840XJ)"
        );
    }

    #[test]
    fn next_numbers_count_per_series_of_the_first_pattern() {
        let ps = IndexPatterns::default();
        let d = day("2024-03-01");
        let taken = [
            "11320000MB151840XJ/2024-00007",
            "11320000MB151840XJ/2023-00090",
            "MB151840X/2024-00500",
            "11990100MB0000027F/2024-00300",
        ];
        // Only this publisher's numbers of this year count.
        assert_eq!(
            ps.next_number(taken, &mz(), d).as_deref(),
            Ok("11320000MB151840XJ/2024-00008")
        );
        // A pattern without the publisher counts across publishers.
        let shared = IndexPatterns::parse(&["xzf/{year}-{serial:04}"]).expect("valid");
        assert_eq!(
            shared
                .next_number(["xzf/2024-0041", "xzf/2023-0100"], &cz(), d)
                .as_deref(),
            Ok("xzf/2024-0042")
        );
        // Without {year}, serials run on across years.
        let running = IndexPatterns::parse(&["{key}-{serial:05}"]).expect("valid");
        assert_eq!(
            running
                .next_number(["mz-00041", "cz-00090"], &mz(), d)
                .as_deref(),
            Ok("mz-00042")
        );
        let full = IndexPatterns::parse(&["{key}-{serial:1-1}"]).expect("valid");
        assert!(full.next_number(["mz-9"], &mz(), d).is_err());
    }

    /// The numberer gives what `next_number` gives when asked again after each number is
    /// taken, for records of several series in any order, around numbers already taken.
    #[test]
    fn a_numberer_hands_out_what_next_number_would_one_at_a_time() {
        for pattern in [
            "{uscc}/{year}-{serial:05}",
            "xzf/{year}{month}-{serial:03}",
            "{key}-{serial:02}",
        ] {
            let ps = IndexPatterns::parse(&[pattern]).expect("valid");
            let mut taken: BTreeSet<String> = [
                "11320000MB151840XJ/2024-00003",
                "xzf/202403-002",
                "mz-05",
                "cz-01",
            ]
            .into_iter()
            .map(String::from)
            .collect();
            // The numbers the first requests will reach, taken ahead of them.
            taken.insert(
                ps.first()
                    .format(&mz(), day("2024-03-09"), 6)
                    .expect("fits"),
            );
            let mut numberer = ps.numberer();
            let requests = [
                (mz(), "2024-03-01"),
                (cz(), "2024-03-02"),
                (mz(), "2024-03-15"),
                (mz(), "2023-12-31"),
                (mz(), "2024-04-01"),
                (cz(), "2024-03-20"),
                (mz(), "2024-03-03"),
                (mz(), "2024-03-04"),
                (mz(), "2024-03-05"),
            ];
            for (publisher, date) in &requests {
                let date = day(date);
                let one_at_a_time =
                    ps.next_number(taken.iter().map(String::as_str), publisher, date);
                let handed = numberer.next(&taken, publisher, date);
                assert_eq!(
                    handed, one_at_a_time,
                    "{pattern}: {} {date:?}",
                    publisher.key
                );
                if let Ok(n) = handed {
                    taken.insert(n);
                }
            }
        }
        // A series that runs out says so, each time it is asked.
        let full = IndexPatterns::parse(&["{key}-{serial:1-1}"]).expect("valid");
        let taken: BTreeSet<String> = (1..=9).map(|n| format!("mz-{n}")).collect();
        let mut numberer = full.numberer();
        assert!(numberer.next(&taken, &mz(), day("2024-01-01")).is_err());
        assert!(numberer.next(&taken, &mz(), day("2024-01-01")).is_err());
    }
}
