//! Coverage: items of the catalog, at the site's levels, that have no record at all.
//!
//! An item may say why it has none (`not_applicable`, 未涉及事项说明); items published only
//! on request are not expected to have proactive records.

use super::{Finding, Kind, Tally};
use crate::catalog::{CATALOG_FILE, Method};
use crate::diag::Pos;
use crate::site::Site;
use crate::t;

#[derive(Debug, Default)]
pub struct Coverage {
    /// Items expected to have records, and how many have.
    pub total: Tally,
    pub by_area: Vec<Tally>,
    /// Items in scope marked not applicable.
    pub not_applicable: usize,
}

pub fn check(site: &Site) -> (Vec<Finding>, Coverage) {
    let cat = &site.catalog;
    let mut stats = Coverage {
        by_area: vec![Tally::default(); cat.areas.len()],
        ..Coverage::default()
    };
    let mut findings = Vec::new();
    for (ai, area) in cat.areas.iter().enumerate() {
        for (ii, item) in area.items.iter().enumerate() {
            if !cat.item_in_scope(item) || item.method == Method::OnRequest {
                continue;
            }
            if item.not_applicable.is_some() {
                stats.not_applicable += 1;
                continue;
            }
            let covered = site.by_item.contains_key(&(ai, ii));
            for t in [&mut stats.total, &mut stats.by_area[ai]] {
                t.total += 1;
                t.ok += usize::from(covered);
            }
            if covered {
                continue;
            }
            let name = [
                Some(&item.level1),
                item.level2.as_ref(),
                item.level3.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" / ");
            let mut f = Finding::new(
                Kind::Missing,
                CATALOG_FILE,
                t!(
                    "item {name} ({area}) has no record: publish one with `gongkai new {area_id}/{item_id}`, or set `not_applicable` with the reason (未涉及事项说明)",
                    name,
                    area = area.name,
                    area_id = area.id,
                    item_id = item.id
                ),
            );
            f.pos = Some(
                cat.positions
                    .find_or(&format!("areas.{ai}.items.{ii}.id"), Pos::new(1, 1)),
            );
            f.item = Some(format!("{}/{}", area.id, item.id));
            findings.push(f);
        }
    }
    (findings, stats)
}
