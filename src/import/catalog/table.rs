//! Reading a catalog table: which column is which (the header row or rows, however their
//! names are written), and each data row as a catalog item, with every cell that cannot be
//! mapped reported once.

use super::cells::{map_channels, parse_time_limit, split_basis, split_list};
use crate::catalog::{Audience, Item, Level, Method, TimeLimit};
use crate::diag::Diagnostic;
use crate::import::{Table, normalize_header};
use crate::t;
use std::collections::{BTreeMap, BTreeSet};

/// The kind of a catalog table's column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Seq,
    Level1,
    Level2,
    Level3,
    Content,
    Basis,
    TimeLimit,
    Bodies,
    Channels,
    /// A tick column (全社会 / 特定群众), or `None` for one column holding the words.
    Audience(Option<AudienceTick>),
    Method(Option<MethodTick>),
    /// A tick column for these levels (bits: county 1, township 2, village 4; 0 for a level
    /// the catalog does not have, such as 市级), or `None` for one column of words.
    Levels(Option<u8>),
    Ignored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum AudienceTick {
    Public,
    Specific,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MethodTick {
    Proactive,
    OnRequest,
}

#[derive(Debug, Clone)]
pub(super) struct Column {
    pub(super) col: usize,
    pub(super) kind: Kind,
    /// The header as written, for messages ("公开对象/全社会").
    pub(super) header: String,
}

/// The kind of a column from one (normalised) header name.
pub(super) fn classify(name: &str) -> Option<Kind> {
    let k = if name.starts_with("序号") || name == "编号" {
        Kind::Seq
    } else if name.starts_with("一级") || matches!(name, "公开事项" | "事项名称" | "事项")
    {
        // A table with one level of items names it 公开事项; in a two-row header the names
        // under 公开事项 (一级事项 | 二级事项) decide instead.
        Kind::Level1
    } else if name.starts_with("二级") {
        Kind::Level2
    } else if name.starts_with("三级") {
        Kind::Level3
    } else if name.contains("内容") {
        Kind::Content
    } else if name.contains("依据") {
        Kind::Basis
    } else if name.contains("时限") {
        Kind::TimeLimit
    } else if name.contains("主体") || name.contains("责任单位") || name.contains("责任部门")
    {
        Kind::Bodies
    } else if name.contains("渠道") || name.contains("载体") {
        Kind::Channels
    } else if name == "全社会" {
        Kind::Audience(Some(AudienceTick::Public))
    } else if name.starts_with("特定") {
        Kind::Audience(Some(AudienceTick::Specific))
    } else if name.contains("对象") {
        Kind::Audience(None)
    } else if name == "主动" || name == "主动公开" {
        Kind::Method(Some(MethodTick::Proactive))
    } else if name.starts_with("依申请") {
        Kind::Method(Some(MethodTick::OnRequest))
    } else if name.contains("方式") {
        Kind::Method(None)
    } else if name.contains("层级") {
        Kind::Levels(None)
    } else if name.ends_with('级') && name.chars().count() <= 8 {
        Kind::Levels(Some(level_bits(name)))
    } else if name == "备注" || name == "说明" {
        Kind::Ignored
    } else {
        return None;
    };
    Some(k)
}

pub(super) fn level_bits(s: &str) -> u8 {
    let mut bits = 0;
    if s.contains('县') || s.contains('区') {
        bits |= 1;
    }
    if s.contains('乡') || s.contains('镇') || s.contains('街') {
        bits |= 2;
    }
    if s.contains('村') || s.contains('居') {
        bits |= 4;
    }
    bits
}

pub(super) fn levels_of(bits: u8) -> Vec<Level> {
    let mut out = Vec::new();
    for (bit, level) in [
        (1, Level::County),
        (2, Level::Township),
        (4, Level::Village),
    ] {
        if bits & bit != 0 {
            out.push(level);
        }
    }
    out
}

/// Kinds that name a catalog header row, and that a second header row refines.
pub(super) fn is_main_kind(k: Kind) -> bool {
    matches!(
        k,
        Kind::Level1
            | Kind::Level2
            | Kind::Content
            | Kind::Basis
            | Kind::TimeLimit
            | Kind::Bodies
            | Kind::Channels
            | Kind::Audience(None)
            | Kind::Method(None)
            | Kind::Levels(None)
    )
}

pub(super) fn is_sub_kind(k: Kind) -> bool {
    matches!(
        k,
        Kind::Level1
            | Kind::Level2
            | Kind::Level3
            | Kind::Audience(Some(_))
            | Kind::Method(Some(_))
            | Kind::Levels(Some(_))
    )
}

/// The header row(s) of a table: (first header row, first data row, columns).
pub(super) struct Header {
    pub(super) row: usize,
    pub(super) data_from: usize,
    pub(super) columns: Vec<Column>,
}

pub(super) fn find_header(t: &Table) -> Option<Header> {
    let last = t.rows.len().min(30);
    let width = t.width();
    for r in 1..=last {
        let kinds: BTreeSet<Kind> = (1..=width)
            .filter(|&c| t.cell(r, c).origin.0 == r)
            .filter_map(|c| classify(&normalize_header(&t.text(r, c))))
            .filter(|k| is_main_kind(*k))
            .collect();
        let has_key = kinds.contains(&Kind::Content) || kinds.contains(&Kind::TimeLimit);
        if kinds.len() < 3 || !has_key {
            continue;
        }
        // A second header row: names such as 全社会 or 一级事项 in cells of its own, and no
        // text of its own under 公开内容.
        let content_col = (1..=width)
            .find(|&c| classify(&normalize_header(&t.text(r, c))) == Some(Kind::Content));
        let content_below_is_header = content_col.is_none_or(|c| {
            let cell = t.cell(r + 1, c);
            cell.origin.0 == r || cell.text.trim().is_empty()
        });
        let sub_row = content_below_is_header
            && (1..=width).any(|c| {
                let cell = t.cell(r + 1, c);
                cell.origin.0 == r + 1
                    && classify(&normalize_header(&cell.text)).is_some_and(is_sub_kind)
            });
        let mut columns = Vec::new();
        let mut group = String::new();
        let mut group_header = String::new();
        for c in 1..=width {
            let top_text = t.text(r, c);
            let top = normalize_header(&top_text);
            if !top.is_empty() {
                group = top.clone();
                group_header = flatten(&top_text);
            }
            let sub_cell = t.cell(r + 1, c);
            let sub = (sub_row && sub_cell.origin.0 == r + 1)
                .then(|| normalize_header(&sub_cell.text))
                .filter(|s| !s.is_empty());
            let (kind, header) = match &sub {
                Some(s) => (
                    classify(s).or_else(|| classify(&group)),
                    format!("{group_header}/{}", flatten(&sub_cell.text)),
                ),
                None if top.is_empty() => (None, String::new()),
                None => (classify(&top), group_header.clone()),
            };
            if header.is_empty() {
                continue;
            }
            columns.push(Column {
                col: c,
                kind: kind.unwrap_or(Kind::Ignored),
                header: if kind.is_none() {
                    format!("?{header}")
                } else {
                    header
                },
            });
        }
        return Some(Header {
            row: r,
            data_from: if sub_row { r + 2 } else { r + 1 },
            columns,
        });
    }
    None
}

/// Header text on one line, for messages.
pub(super) fn flatten(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("")
}

/// Reports problems of cells, each once (a merged cell spans several rows but is one cell).
pub(super) struct Problems<'a> {
    pub(super) table: &'a Table,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) seen: BTreeSet<String>,
}

impl Problems<'_> {
    pub(super) fn cell(
        &mut self,
        origin: (usize, usize),
        header: &str,
        message: String,
        help: impl Into<String>,
    ) {
        let text = t!(
            "{place}: {message}",
            place = self.table.place(origin, header),
            message
        );
        if self.seen.insert(text.clone()) {
            self.diags
                .push(Diagnostic::warning(&self.table.file, text).help(help));
        }
    }

    pub(super) fn row(&mut self, row: usize, message: String, help: impl Into<String>) {
        let text = t!(
            "{place}: {message}",
            place = self.table.row_place(row),
            message
        );
        if self.seen.insert(text.clone()) {
            self.diags
                .push(Diagnostic::warning(&self.table.file, text).help(help));
        }
    }
}

/// One row of the table as a catalog item (its id not yet chosen).
#[derive(Debug, Clone)]
pub(super) struct RowItem {
    pub(super) item: Item,
}

/// Maps the data rows to items, reporting every cell that cannot be mapped.
pub(super) fn map_rows(t: &Table, h: &Header, p: &mut Problems) -> Vec<RowItem> {
    let mut by_kind: BTreeMap<Kind, &Column> = BTreeMap::new();
    for c in &h.columns {
        if c.header.starts_with('?') {
            let header = c.header.trim_start_matches('?');
            p.cell(
                (h.row, c.col),
                header,
                t!("`{header}` is not a column of the standard catalog; it was not imported", header),
                t!("the catalog has 一级/二级/三级事项, 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式 and 公开层级"),
            );
            continue;
        }
        if c.kind == Kind::Ignored || c.kind == Kind::Seq {
            continue;
        }
        if let Some(first) = by_kind.get(&c.kind) {
            p.cell(
                (h.row, c.col),
                &c.header,
                t!("a second column for the same thing as column {column_name}; it was not imported", column_name = crate::xlsx::column_name(first.col)),
                t!("keep one column per catalog field"),
            );
            continue;
        }
        by_kind.insert(c.kind, c);
    }
    for (kind, name) in [
        (Kind::Level1, "一级事项"),
        (Kind::Content, "公开内容"),
        (Kind::TimeLimit, "公开时限"),
    ] {
        if !by_kind.contains_key(&kind) {
            p.row(
                h.row,
                t!(
                    "the header has no {name} column, which every item needs",
                    name
                ),
                t!("name the column as in the official catalog"),
            );
            return Vec::new();
        }
    }
    let audience_cols: Vec<&Column> = by_kind
        .iter()
        .filter(|(k, _)| matches!(k, Kind::Audience(_)))
        .map(|(_, c)| *c)
        .collect();
    let method_cols: Vec<&Column> = by_kind
        .iter()
        .filter(|(k, _)| matches!(k, Kind::Method(_)))
        .map(|(_, c)| *c)
        .collect();
    let level_cols: Vec<&Column> = by_kind
        .iter()
        .filter(|(k, _)| matches!(k, Kind::Levels(_)))
        .map(|(_, c)| *c)
        .collect();
    for (cols, name, default) in [
        (&audience_cols, "公开对象", "全社会"),
        (&method_cols, "公开方式", "主动"),
        (&level_cols, "公开层级", "县级"),
    ] {
        if cols.is_empty() {
            p.row(
                h.row,
                t!(
                    "the header has no {name} column; every item is taken as {default}",
                    name,
                    default
                ),
                t!("check the imported items in catalog.yaml"),
            );
        }
    }
    for c in &level_cols {
        if c.kind == Kind::Levels(Some(0)) {
            p.cell((h.row, c.col), &c.header, t!("`{header}` is not a level of the catalog (county, township, village); its ticks were not imported", header = c.header), t!("the catalog's levels are 县级, 乡(镇)级 and 村级"));
        }
    }

    let has_level3 = by_kind.contains_key(&Kind::Level3);
    let content_header = normalize_header(&t.text(h.row, by_kind[&Kind::Content].col));
    let mut out = Vec::new();
    let mut level1 = String::new();
    let mut level2 = String::new();
    let width = t.width();
    for r in h.data_from..=t.rows.len() {
        let get = |k: Kind| {
            by_kind
                .get(&k)
                .map(|c| (t.cell(r, c.col), c.header.clone(), c.col))
        };
        let text_of = |k: Kind| {
            get(k)
                .map(|(c, ..)| c.text.trim().to_string())
                .unwrap_or_default()
        };
        let row_texts: Vec<String> = (1..=width).map(|c| t.text(r, c)).collect();
        if row_texts.iter().all(String::is_empty) {
            continue;
        }
        // One merged cell across the row: a heading or a note (注：■为选中…), not an item.
        let origins: BTreeSet<(usize, usize)> = (1..=width)
            .filter(|&c| !t.text(r, c).is_empty())
            .map(|c| t.cell(r, c).origin)
            .collect();
        let filled = row_texts.iter().filter(|s| !s.is_empty()).count();
        if origins.len() == 1 && filled > 1 {
            let origin = origins.into_iter().next().unwrap_or((r, 1));
            let text = t.cell(r, origin.1).text.trim().replace('\n', " ");
            if origin.0 == r {
                p.row(
                    r,
                    t!("\"{text}\" spans the whole row, so it is a heading or a note, not an item; it was skipped", text),
                    t!("a note needs no import; put a heading's words in the 一级事项 column of its items"),
                );
            }
            continue;
        }
        let content = text_of(Kind::Content);
        if normalize_header(&content) == content_header {
            // The header repeated (a page break in the exported table).
            continue;
        }
        let l1 = text_of(Kind::Level1);
        // Blank continuation cells carry the 一级事项 (and, under 三级事项, the 二级事项) down.
        if !l1.is_empty() {
            if l1 != level1 {
                level2.clear();
            }
            level1 = l1;
        }
        let mut l2 = text_of(Kind::Level2);
        if has_level3 {
            if l2.is_empty() {
                l2 = level2.clone();
            } else {
                level2 = l2.clone();
            }
        }
        let l3 = text_of(Kind::Level3);
        if content.is_empty() {
            // A row naming only a 一级事项 heads the rows below it; anything else is reported.
            let only_level1 = row_texts
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.is_empty())
                .all(|(i, s)| {
                    by_kind.get(&Kind::Level1).is_some_and(|c| c.col == i + 1)
                        || by_kind.get(&Kind::Seq).is_some_and(|c| c.col == i + 1)
                        || *s == level1
                });
            if !only_level1 {
                let (cell, header, _) = get(Kind::Content).unwrap_or_default();
                p.cell(
                    cell.origin,
                    &header,
                    t!("公开内容 is empty, so the row is not an item; it was skipped"),
                    t!("fill in 公开内容, or delete the row if it is a note or a heading"),
                );
            }
            continue;
        }
        if level1.is_empty() {
            let (cell, header, _) = get(Kind::Level1).unwrap_or_default();
            p.cell(
                cell.origin,
                &header,
                t!("一级事项 is empty and there is none above to carry down; the row was skipped"),
                t!("fill in the 一级事项"),
            );
            continue;
        }
        let Some((tl_cell, tl_header, _)) = get(Kind::TimeLimit) else {
            continue;
        };
        let tl_text = clean(&tl_cell.text);
        if tl_text.is_empty() {
            p.cell(
                tl_cell.origin,
                &tl_header,
                t!("公开时限 is empty; the row was skipped"),
                t!("fill in the time limit, for example 信息形成或者变更之日起20个工作日内"),
            );
            continue;
        }
        let time_limit = match parse_time_limit(&tl_text) {
            Some(tl) => tl,
            None => {
                p.cell(
                    tl_cell.origin,
                    &tl_header,
                    t!("\"{tl_text}\" is not a time limit gongkai knows; it was kept as text, without a number of days", tl_text),
                    t!("a limit such as 信息形成之日起20个工作日内 is counted by `gongkai check`; add days and unit in catalog.yaml by hand if this one is fixed"),
                );
                TimeLimit {
                    text: tl_text,
                    days: None,
                    unit: None,
                    from: None,
                }
            }
        };
        let basis = get(Kind::Basis)
            .map(|(c, ..)| split_basis(&c.text))
            .unwrap_or_default();
        let bodies = get(Kind::Bodies)
            .map(|(c, ..)| split_list(&c.text))
            .unwrap_or_default();
        let (channels, channel_other) = match get(Kind::Channels) {
            Some((cell, header, _)) => map_channels(&cell, &header, p),
            None => (Vec::new(), None),
        };
        let audience = map_audience(t, r, &audience_cols, p);
        let method = map_method(t, r, &method_cols, p);
        let levels = map_levels(t, r, &level_cols, p);
        out.push(RowItem {
            item: Item {
                id: String::new(),
                level1: level1.clone(),
                level2: (!l2.is_empty()).then_some(l2),
                level3: (!l3.is_empty()).then_some(l3),
                content: clean(&content),
                basis,
                time_limit,
                bodies,
                channels,
                channel_other,
                audience,
                method,
                levels,
                cycle: None,
                not_applicable: None,
                searchable: None,
            },
        });
    }
    out
}

/// Cell text with line breaks turned into spaces where they only wrap a line.
pub(super) fn clean(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A tick: ■, √, ✓, ✔, ☑, ● or 是 (yes); blank, □, ☐, 否, ×, / (no). `None` for anything else.
pub(super) fn tick(s: &str) -> Option<bool> {
    // An emoji-style tick (✔️) carries a variation selector after the mark.
    match s.trim().trim_end_matches('\u{fe0f}') {
        "■" | "√" | "✓" | "✔" | "☑" | "●" | "是" | "▇" | "█" | "Y" | "y" | "✅" => {
            Some(true)
        }
        "" | "□" | "☐" | "否" | "×" | "/" | "-" | "—" | "N" | "n" => Some(false),
        _ => None,
    }
}

pub(super) fn tick_at(t: &Table, r: usize, c: &Column, p: &mut Problems) -> bool {
    let cell = t.cell(r, c.col);
    match tick(&cell.text) {
        Some(b) => b,
        None => {
            p.cell(
                cell.origin,
                &c.header,
                t!(
                    "\"{text}\" is not a tick; it was read as not ticked",
                    text = cell.text.trim()
                ),
                t!("mark a ticked column with ■, √, ✓ or 是 and leave the others blank (or □)"),
            );
            false
        }
    }
}

pub(super) fn map_audience(t: &Table, r: usize, cols: &[&Column], p: &mut Problems) -> Audience {
    let (mut public, mut specific) = (false, false);
    for c in cols {
        match c.kind {
            Kind::Audience(Some(AudienceTick::Public)) => public |= tick_at(t, r, c, p),
            Kind::Audience(Some(AudienceTick::Specific)) => specific |= tick_at(t, r, c, p),
            _ => {
                let cell = t.cell(r, c.col);
                let s = cell.text.trim();
                if s.contains("全社会") || s.contains("社会公众") {
                    public = true;
                } else if s.contains("特定") {
                    specific = true;
                } else if !s.is_empty() {
                    p.cell(
                        cell.origin,
                        &c.header,
                        t!("\"{s}\" is neither 全社会 nor 特定群众", s),
                        t!("write 全社会 or 特定群众"),
                    );
                }
            }
        }
    }
    if !public && !specific && !cols.is_empty() {
        let c = cols[0];
        p.cell(
            (r, c.col),
            &c.header,
            t!("no audience is ticked; 全社会 was taken"),
            t!("tick 全社会 or 特定群众"),
        );
    }
    // An item published to everyone is public even when a group is ticked as well.
    if public || !specific {
        Audience::Public
    } else {
        Audience::Specific
    }
}

pub(super) fn map_method(t: &Table, r: usize, cols: &[&Column], p: &mut Problems) -> Method {
    let (mut proactive, mut on_request) = (false, false);
    for c in cols {
        match c.kind {
            Kind::Method(Some(MethodTick::Proactive)) => proactive |= tick_at(t, r, c, p),
            Kind::Method(Some(MethodTick::OnRequest)) => on_request |= tick_at(t, r, c, p),
            _ => {
                let cell = t.cell(r, c.col);
                let s = cell.text.trim();
                if s.contains("主动") {
                    proactive = true;
                } else if s.contains("依申请") {
                    on_request = true;
                } else if !s.is_empty() {
                    p.cell(
                        cell.origin,
                        &c.header,
                        t!("\"{s}\" is neither 主动 nor 依申请", s),
                        t!("write 主动 or 依申请公开"),
                    );
                }
            }
        }
    }
    if !proactive && !on_request && !cols.is_empty() {
        let c = cols[0];
        p.cell(
            (r, c.col),
            &c.header,
            t!("no method is ticked; 主动 was taken"),
            t!("tick 主动 or 依申请"),
        );
    }
    if proactive || !on_request {
        Method::Proactive
    } else {
        Method::OnRequest
    }
}

pub(super) fn map_levels(t: &Table, r: usize, cols: &[&Column], p: &mut Problems) -> Vec<Level> {
    let mut bits = 0u8;
    for c in cols {
        match c.kind {
            Kind::Levels(Some(b)) => {
                if tick_at(t, r, c, p) {
                    bits |= b;
                }
            }
            _ => {
                let cell = t.cell(r, c.col);
                let s = cell.text.trim();
                let b = level_bits(s);
                if b == 0 && !s.is_empty() {
                    p.cell(
                        cell.origin,
                        &c.header,
                        t!("\"{s}\" names no level of the catalog", s),
                        t!("write 县级, 乡级 or 村级, several separated by 、"),
                    );
                }
                bits |= b;
            }
        }
    }
    if bits == 0 {
        if let Some(c) = cols.first() {
            p.cell(
                (r, c.col),
                &c.header,
                t!("no level is ticked; 县级 was taken"),
                t!("tick 县级, 乡级 or both"),
            );
        }
        bits = 1;
    }
    levels_of(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names() {
        assert_eq!(
            classify(&normalize_header("公开内容\n（要素）")),
            Some(Kind::Content)
        );
        assert_eq!(classify("一级目录"), Some(Kind::Level1));
        assert_eq!(
            classify("特定群体"),
            Some(Kind::Audience(Some(AudienceTick::Specific)))
        );
        assert_eq!(
            classify("依申请公开"),
            Some(Kind::Method(Some(MethodTick::OnRequest)))
        );
        assert_eq!(
            classify(&normalize_header("乡(村)级")),
            Some(Kind::Levels(Some(6)))
        );
        assert_eq!(classify("市级"), Some(Kind::Levels(Some(0))));
        assert_eq!(classify("公开事项"), Some(Kind::Level1));
        assert_eq!(tick("✔\u{fe0f}"), Some(true));
        assert_eq!(tick("有"), None);
    }
}
