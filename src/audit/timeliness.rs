//! Timeliness: was each record published within its item's time limit (公开时限)?
//!
//! The limit is counted from the record's `changed` date when set, else from `formed`. The
//! start day is not counted. Working days follow the official calendar (weekends, holidays
//! and make-up working days); a limit in calendar days that ends on a rest day moves to the
//! next working day. Items whose limit has no parsed number of days are skipped, unless their
//! text names the legal default of 《政府信息公开条例》 Art. 26, 20 working days.

use super::{Finding, Kind, Tally, at_key};
use crate::calendar::Calendar;
use crate::catalog::{Item, Method, TimeUnit};
use crate::date::Date;
use crate::site::Site;
use crate::t;
use crate::tn;
use crate::yamlpos::KeyPositions;
use std::collections::BTreeMap;

/// The day a limit of `days` in `unit`, counted from `from`, ends.
pub fn due_date(cal: &Calendar, from: Date, days: u32, unit: TimeUnit) -> Date {
    match unit {
        TimeUnit::Workday => {
            let mut d = from;
            let mut counted = 0;
            while counted < days {
                d = d.add_days(1);
                if cal.is_workday(d) {
                    counted += 1;
                }
            }
            d
        }
        TimeUnit::Day => next_workday(cal, from.add_days(i64::from(days))),
    }
}

/// `d` itself when it is a working day, else the next working day.
pub fn next_workday(cal: &Calendar, d: Date) -> Date {
    let mut d = d;
    // Rest periods are at most a few weeks long; the bound only guards a broken calendar.
    for _ in 0..366 {
        if cal.is_workday(d) {
            break;
        }
        d = d.add_days(1);
    }
    d
}

/// How many working (or calendar) days after `due` the record was published; 0 when on time.
pub fn days_late(cal: &Calendar, due: Date, published: Date, unit: TimeUnit) -> i64 {
    if published <= due {
        return 0;
    }
    match unit {
        TimeUnit::Day => due.days_until(published),
        TimeUnit::Workday => {
            let mut n = 0;
            let mut d = due;
            while d < published {
                d = d.add_days(1);
                if cal.is_workday(d) {
                    n += 1;
                }
            }
            // Published on a rest day just after the due date: still late.
            n.max(1)
        }
    }
}

/// The limit that applies to an item: its parsed days, or the legal default when its text
/// names 20 working days without a parsed form.
pub fn limit_of(item: &Item) -> Option<(u32, TimeUnit)> {
    let tl = &item.time_limit;
    match (tl.days, tl.unit) {
        (Some(days), Some(unit)) => Some((days, unit)),
        _ if tl.text.contains("20个工作日") => Some((20, TimeUnit::Workday)),
        _ => None,
    }
}

/// On-time counts of the whole site, per area and per publisher.
#[derive(Debug, Default)]
pub struct Timeliness {
    pub total: Tally,
    pub by_area: Vec<Tally>,
    pub by_publisher: Vec<Tally>,
}

pub fn check(
    site: &Site,
    positions: &BTreeMap<String, KeyPositions>,
) -> (Vec<Finding>, Timeliness) {
    let cat = &site.catalog;
    let mut stats = Timeliness {
        total: Tally::default(),
        by_area: vec![Tally::default(); cat.areas.len()],
        by_publisher: vec![Tally::default(); cat.publishers.len()],
    };
    let mut findings = Vec::new();
    for r in &site.records {
        let item = &cat.areas[r.area].items[r.item];
        if r.record.method.unwrap_or(item.method) == Method::OnRequest {
            // Published on request: the limit runs from the application, which a record
            // does not carry.
            continue;
        }
        let Some((days, unit)) = limit_of(item) else {
            continue;
        };
        let rec = &r.record;
        let from = rec.changed.unwrap_or(rec.formed);
        let due = due_date(&cat.calendar, from, days, unit);
        let late = days_late(&cat.calendar, due, rec.published, unit);
        let ok = late == 0;
        for t in [
            &mut stats.total,
            &mut stats.by_area[r.area],
            &mut stats.by_publisher[r.publisher],
        ] {
            t.total += 1;
            t.ok += usize::from(ok);
        }
        if ok {
            continue;
        }
        let plural = |n: usize| match unit {
            TimeUnit::Workday => tn!("{n} working day|{n} working days", n),
            TimeUnit::Day => tn!("{n} day|{n} days", n),
        };
        let mut f = Finding::new(
            Kind::Late,
            &r.file,
            t!(
                "published {published}, {late} after it was due on {due}: the limit is {limit} from {from_key} {from} ({text})",
                published = rec.published,
                late = plural(late as usize),
                due,
                limit = plural(days as usize),
                from_key = if rec.changed.is_some() {
                    t!("changed")
                } else {
                    t!("formed")
                },
                from,
                text = item.time_limit.text,
            ),
        );
        f.pos = at_key(positions, &r.file, "published");
        f.index_no = Some(rec.index_no.clone());
        f.item = Some(rec.item.clone());
        findings.push(f);
    }
    (findings, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    fn cal() -> Calendar {
        Calendar::embedded().expect("embedded calendar")
    }

    #[test]
    fn working_days_skip_national_day_and_count_makeup_days() {
        let cal = cal();
        // Fri 2024-09-27: Sat 28 rest, Sun 29 worked (调休), Mon 30, 1–7 October off, Tue 8.
        assert_eq!(
            due_date(&cal, d("2024-09-27"), 1, TimeUnit::Workday),
            d("2024-09-29")
        );
        assert_eq!(
            due_date(&cal, d("2024-09-27"), 3, TimeUnit::Workday),
            d("2024-10-08")
        );
        // Sat 2024-10-12 is a make-up working day.
        assert_eq!(
            due_date(&cal, d("2024-10-08"), 4, TimeUnit::Workday),
            d("2024-10-12")
        );
        // 20 working days from 2024-09-20: 9 in September (incl. Sun 29), then October.
        assert_eq!(
            due_date(&cal, d("2024-09-20"), 20, TimeUnit::Workday),
            d("2024-10-23")
        );
    }

    #[test]
    fn working_days_around_spring_festival() {
        let cal = cal();
        // 2024: Sun 4 Feb worked, 10–17 Feb off, Sun 18 Feb worked.
        assert_eq!(
            due_date(&cal, d("2024-02-02"), 1, TimeUnit::Workday),
            d("2024-02-04")
        );
        assert_eq!(
            due_date(&cal, d("2024-02-08"), 2, TimeUnit::Workday),
            d("2024-02-18")
        );
        // 2025: 28 Jan–4 Feb off, Sun 26 Jan and Sat 8 Feb worked.
        assert_eq!(
            due_date(&cal, d("2025-01-27"), 1, TimeUnit::Workday),
            d("2025-02-05")
        );
        assert_eq!(
            due_date(&cal, d("2025-02-07"), 1, TimeUnit::Workday),
            d("2025-02-08")
        );
    }

    #[test]
    fn calendar_days_end_on_a_working_day() {
        let cal = cal();
        // 2024-09-13 + 20 days = 2024-10-03, a holiday: due on Tue 8 October.
        assert_eq!(
            due_date(&cal, d("2024-09-13"), 20, TimeUnit::Day),
            d("2024-10-08")
        );
        // 2024-09-10 + 20 = Mon 2024-09-30, a working day.
        assert_eq!(
            due_date(&cal, d("2024-09-10"), 20, TimeUnit::Day),
            d("2024-09-30")
        );
    }

    #[test]
    fn lateness_is_counted_in_the_limit_unit() {
        let cal = cal();
        let due = d("2024-09-30");
        assert_eq!(days_late(&cal, due, d("2024-09-30"), TimeUnit::Workday), 0);
        // 1–7 October are holidays: the 8th is the first working day late.
        assert_eq!(days_late(&cal, due, d("2024-10-08"), TimeUnit::Workday), 1);
        assert_eq!(days_late(&cal, due, d("2024-10-05"), TimeUnit::Workday), 1);
        assert_eq!(days_late(&cal, due, d("2024-10-08"), TimeUnit::Day), 8);
    }
}
