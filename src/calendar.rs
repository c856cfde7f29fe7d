//! The working-day calendar: weekends, official holidays and make-up working days (调休).
//!
//! The official arrangements for the years gongkai knows are embedded in the binary; a site's
//! `calendar:` block adds to them (a new year's notice, a local holiday).

use crate::date::Date;
use crate::diag::{Diagnostic, Pos};
use crate::t;
use crate::yamlpos::KeyPositions;
use serde::Deserialize;
use std::collections::BTreeSet;

/// The `calendar:` block as written in YAML.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// Dates or ranges `2024-10-01..2024-10-07`.
    #[schemars(title = "放假日期 · Holidays")]
    #[schemars(inner(regex(
        pattern = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*(?:\.\.\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*)?$"
    )))]
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Weekend days that are working days.
    #[schemars(title = "调休上班日 · Make-up working days")]
    #[schemars(inner(regex(pattern = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$")))]
    #[serde(default)]
    pub workdays: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
    years: BTreeSet<i32>,
}

#[derive(Deserialize)]
struct EmbeddedFile {
    calendar: CalendarSpec,
}

const EMBEDDED: &str = include_str!("../data/calendar-cn.yaml");

impl Calendar {
    /// The official calendar shipped with gongkai.
    pub fn embedded() -> anyhow::Result<Calendar> {
        let file: EmbeddedFile = serde_yaml::from_str(EMBEDDED)?;
        let mut cal = Calendar::default();
        let mut diags = Vec::new();
        cal.add(
            &file.calendar,
            "calendar",
            &KeyPositions::default(),
            "",
            &mut diags,
        );
        if let Some(d) = diags.first() {
            anyhow::bail!(t!(
                "embedded calendar is broken: {message}",
                message = d.message
            ));
        }
        Ok(cal)
    }

    /// Adds a site's `calendar:` block, reporting dates that do not parse.
    pub fn add(
        &mut self,
        spec: &CalendarSpec,
        key_path: &str,
        positions: &KeyPositions,
        file: &str,
        diags: &mut Vec<Diagnostic>,
    ) {
        let at = |field: &str, i: usize| {
            positions.find_or(&format!("{key_path}.{field}.{i}"), Pos::new(1, 1))
        };
        for (i, entry) in spec.holidays.iter().enumerate() {
            let parsed = match entry.split_once("..") {
                Some((a, b)) => Date::parse(a.trim()).zip(Date::parse(b.trim())),
                None => Date::parse(entry.trim()).map(|d| (d, d)),
            };
            match parsed {
                Some((start, end)) if start <= end => {
                    let mut d = start;
                    while d <= end {
                        self.holidays.insert(d);
                        self.years.insert(d.year());
                        d = d.add_days(1);
                    }
                }
                _ => diags.push(
                    Diagnostic::error(file, t!("`{entry}` is not a date or a date range", entry))
                        .at(at("holidays", i))
                        .help(t!("write a holiday as 2024-10-01, or a range as \"2024-10-01..2024-10-07\" (start first)")),
                ),
            }
        }
        for (i, entry) in spec.workdays.iter().enumerate() {
            match Date::parse(entry.trim()) {
                Some(d) => {
                    self.workdays.insert(d);
                    self.years.insert(d.year());
                }
                None => diags.push(
                    Diagnostic::error(file, t!("`{entry}` is not a date", entry))
                        .at(at("workdays", i))
                        .help(t!(
                            "write a make-up working day as YYYY-MM-DD, for example 2024-09-29"
                        )),
                ),
            }
        }
    }

    /// True when the official arrangements of `year` are known.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// True on an ordinary weekday or a make-up working day, false on weekends and holidays.
    pub fn is_workday(&self, d: Date) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        !d.is_weekend() && !self.holidays.contains(&d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_calendar_knows_holidays_and_makeup_days() {
        let cal = Calendar::embedded().expect("embedded calendar parses");
        let d = |s| Date::parse(s).expect("date");
        assert!(!cal.is_workday(d("2024-10-03")));
        assert!(cal.is_workday(d("2024-09-29"))); // a Sunday worked before National Day
        assert!(cal.is_workday(d("2024-10-08")));
        assert!(cal.is_workday(d("2024-10-12"))); // a Saturday worked after it
        assert!(!cal.is_workday(d("2024-10-13")));
        assert!(cal.covers(2019) && cal.covers(2026) && !cal.covers(2018));
    }

    #[test]
    fn bad_entries_are_located() {
        let text = "calendar:\n  holidays:\n    - 2024-10-01\n    - \"2024-10-07..2024-10-01\"\n  workdays: [2024-02-30]\n";
        let spec: EmbeddedFile = serde_yaml::from_str(text).expect("parses");
        let mut cal = Calendar::default();
        let mut diags = Vec::new();
        cal.add(
            &spec.calendar,
            "calendar",
            &KeyPositions::scan(text, 1),
            "catalog.yaml",
            &mut diags,
        );
        let shown: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 2);
        assert!(
            shown[0].starts_with("catalog.yaml:4:5: error: `2024-10-07..2024-10-01` is not"),
            "{}",
            shown[0]
        );
        assert!(
            shown[1].starts_with("catalog.yaml:5:3: error: `2024-02-30` is not a date"),
            "{}",
            shown[1]
        );
    }
}
