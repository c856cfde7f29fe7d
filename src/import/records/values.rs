//! Cell values of a record export read as record fields: dates in the forms offices write
//! them, publishers by key or name, catalog items by id or names, and the words CMSs use for
//! validity, kind and method.

use crate::catalog::Catalog;
use crate::date::Date;
use crate::import::normalize_header;
use crate::t;

/// Reads a date as CMS exports and spreadsheets write it: 2024-03-05, 2024/3/5, 2024.3.5,
/// 2024年3月5日, 20240305, a date with a time after it, or an Excel day number (45356).
pub fn parse_date(s: &str) -> Option<Date> {
    let s: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let s = s.split([' ', 'T']).next().unwrap_or("");
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let digits = s.split('.').next().unwrap_or("");
        if digits.len() == 8 && !s.contains('.') {
            return Date::from_ymd(
                digits[..4].parse().ok()?,
                digits[4..6].parse().ok()?,
                digits[6..].parse().ok()?,
            );
        }
        if (4..=5).contains(&digits.len()) && s.matches('.').count() <= 1 {
            // Excel's day numbers count from 1899-12-30 (for every date after February 1900).
            let serial: i64 = digits.parse().ok()?;
            if serial >= 61 {
                return Some(Date::from_unix_days(serial - 25_569));
            }
            return None;
        }
    }
    let unified = s.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parts: Vec<&str> = unified.split('-').collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || !(1..=2).contains(&parts[1].len())
        || !(1..=2).contains(&parts[2].len())
        || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Date::from_ymd(
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    )
}

/// Finds a catalog item by `area-id/item-id`, its item id alone, or its names
/// (一级事项/二级事项, with or without the area's name before them).
pub(super) fn resolve_item(catalog: &Catalog, s: &str) -> Result<String, String> {
    let s = s.trim();
    if catalog.find_item(s).is_some() {
        return Ok(s.to_string());
    }
    let mut by_id = Vec::new();
    for a in &catalog.areas {
        for i in &a.items {
            if i.id == s {
                by_id.push(format!("{}/{}", a.id, i.id));
            }
        }
    }
    if by_id.len() == 1 {
        return Ok(by_id.remove(0));
    }
    let parts: Vec<String> = s
        .split(['/', '\\', '>', '＞', '→', '|', '／', '》'])
        .map(normalize_header)
        .filter(|p| !p.is_empty())
        .collect();
    let mut found = Vec::new();
    for a in &catalog.areas {
        for i in &a.items {
            let mut path: Vec<String> = vec![normalize_header(&i.level1)];
            path.extend(i.level2.as_deref().map(normalize_header));
            path.extend(i.level3.as_deref().map(normalize_header));
            let names: Vec<String> = std::iter::once(&a.name)
                .chain(a.aliases.iter())
                .map(|n| normalize_header(n))
                .collect();
            let matches = parts.len() <= path.len() && path.ends_with(&parts)
                || parts.len() == path.len() + 1
                    && names.contains(&parts[0])
                    && parts[1..] == path[..];
            if matches {
                found.push(format!("{}/{}", a.id, i.id));
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(t!("\"{s}\" is no catalog item", s)),
        n => Err(t!(
            "\"{s}\" names {n} catalog items ({found}); it must name one",
            s,
            n,
            found = found.join(", ")
        )),
    }
}

pub(super) fn resolve_publisher(catalog: &Catalog, s: &str) -> Result<String, String> {
    let s = s.trim();
    let norm = normalize_header(s);
    catalog
        .publishers
        .iter()
        .find(|p| {
            p.key == s
                || normalize_header(&p.name) == norm
                || p.name_en.as_deref().is_some_and(|n| n.trim() == s)
        })
        .map(|p| p.key.clone())
        .ok_or_else(|| t!("\"{s}\" is no publisher of catalog.yaml", s))
}

/// A value mapped to one of `choices` by its words.
pub(super) fn choose(s: &str, choices: &[(&[&str], &'static str)]) -> Option<&'static str> {
    let n = normalize_header(s).to_lowercase();
    choices
        .iter()
        .find(|(words, _)| words.contains(&n.as_str()))
        .map(|(_, v)| *v)
}

pub(super) const VALIDITY: &[(&[&str], &str)] = &[
    (&["valid", "有效", "现行有效", "是"], "valid"),
    (
        &["repealed", "废止", "已废止", "失效", "已失效", "否", "无效"],
        "repealed",
    ),
];
pub(super) const KIND: &[(&[&str], &str)] = &[
    (&["normative", "规范性文件", "行政规范性文件"], "normative"),
    (&["regulation", "规章", "政府规章"], "regulation"),
    (&["other", "其他"], "other"),
];
pub(super) const METHOD: &[(&[&str], &str)] = &[
    (&["proactive", "主动", "主动公开"], "proactive"),
    (&["on-request", "依申请", "依申请公开"], "on-request"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        let d = |s: &str| parse_date(s).map(|d| d.to_string());
        for s in [
            "2024-03-05",
            "2024/3/5",
            "2024.3.5",
            "2024年3月5日",
            "20240305",
            "2024-03-05 10:30:00",
            "45356",
            "45356.4375",
            "２０２４年３月５日",
        ] {
            assert_eq!(d(s).as_deref(), Some("2024-03-05"), "{s}");
        }
        for s in ["2024-02-30", "2024/13/1", "3/5/2024", "昨天", "", "12"] {
            assert_eq!(d(s), None, "{s}");
        }
    }
}
