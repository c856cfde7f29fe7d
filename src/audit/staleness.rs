//! Staleness: items with an update cycle (monthly, quarterly, yearly) whose newest record is
//! older than the cycle allows on the day of the check.
//!
//! A record is due one cycle after the newest one was published, plus the item's time limit
//! (20 working days when it has none) to write it up: a quarterly item published on 15 April
//! needs its next record by about the middle of August.

use super::timeliness::{due_date, limit_of};
use super::{Finding, Kind, Tally};
use crate::catalog::{CATALOG_FILE, Cycle, TimeUnit};
use crate::date::Date;
use crate::diag::Pos;
use crate::site::Site;
use crate::t;

#[derive(Debug, Default)]
pub struct Staleness {
    /// Items with a cycle and at least one record, and how many are up to date.
    pub total: Tally,
    pub by_area: Vec<Tally>,
}

/// `d` plus `months` calendar months; the 31st becomes the last day of a shorter month.
pub fn add_months(d: Date, months: u32) -> Date {
    let (y, m, day) = d.ymd();
    let total = (m - 1) + months;
    let (y, m) = (y + (total / 12) as i32, total % 12 + 1);
    (0..4)
        .find_map(|back| Date::from_ymd(y, m, day.saturating_sub(back)))
        .unwrap_or(d)
}

pub fn check(site: &Site, as_of: Date) -> (Vec<Finding>, Staleness) {
    let cat = &site.catalog;
    let mut stats = Staleness {
        by_area: vec![Tally::default(); cat.areas.len()],
        ..Staleness::default()
    };
    let mut findings = Vec::new();
    for (&(ai, ii), list) in &site.by_item {
        let item = &cat.areas[ai].items[ii];
        let Some(cycle) = item.cycle else { continue };
        // Newest first; records "published" after the day of the check do not count yet.
        let Some(newest) = list
            .iter()
            .map(|&i| &site.records[i])
            .find(|r| r.record.published <= as_of)
        else {
            continue;
        };
        let (months, cycle_name) = match cycle {
            Cycle::Monthly => (1, t!("monthly")),
            Cycle::Quarterly => (3, t!("quarterly")),
            Cycle::Yearly => (12, t!("yearly")),
        };
        let (days, unit) = limit_of(item).unwrap_or((20, TimeUnit::Workday));
        let next_due = due_date(
            &cat.calendar,
            add_months(newest.record.published, months),
            days,
            unit,
        );
        let fresh = as_of <= next_due;
        for t in [&mut stats.total, &mut stats.by_area[ai]] {
            t.total += 1;
            t.ok += usize::from(fresh);
        }
        if fresh {
            continue;
        }
        let mut f = Finding::new(
            Kind::Stale,
            CATALOG_FILE,
            t!(
                "the item is updated {cycle_name}, but its newest record was published {published}: the next was due by {next_due} ({days_until} days ago on {as_of}); publish it, or correct `cycle`",
                cycle_name,
                published = newest.record.published,
                next_due,
                days_until = next_due.days_until(as_of),
                as_of
            ),
        );
        f.pos = Some(
            cat.positions
                .find_or(&format!("areas.{ai}.items.{ii}.cycle"), Pos::new(1, 1)),
        );
        f.index_no = Some(newest.record.index_no.clone());
        f.item = Some(format!("{}/{}", cat.areas[ai].id, item.id));
        findings.push(f);
    }
    (findings, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_added_with_month_ends_clamped() {
        let d = |s| Date::parse(s).expect("date");
        assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
        assert_eq!(add_months(d("2024-11-15"), 3), d("2025-02-15"));
        assert_eq!(add_months(d("2023-03-31"), 12), d("2024-03-31"));
    }
}
