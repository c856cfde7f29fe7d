//! Reading .xlsx workbooks (zip archives of XML) without a spreadsheet library: the sheets
//! with their names, every cell's text, and merged-cell ranges.
//!
//! Used by the privacy scan (the text of spreadsheet attachments) and by `gongkai import`
//! (catalog tables and record lists). Only what those need is read: shared and inline
//! strings, numbers and booleans as written; formulas count by their cached value; styles,
//! dates formats and drawings are ignored (a date cell reads as its serial number).

use crate::t;
use std::collections::BTreeMap;
use std::io::Read;

/// Largest part of an archive that is read, so a malicious file cannot exhaust memory.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// A merged range, 1-based and inclusive: (first row, first column, last row, last column).
pub type Merge = (usize, usize, usize, usize);

/// One worksheet.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The name shown on the sheet's tab ("目录"), or the part name when the workbook does
    /// not say.
    pub name: String,
    /// The archive part, such as `sheet1`.
    pub part: String,
    /// Cell text by (row, column), both 1-based.
    pub cells: BTreeMap<(usize, usize), String>,
    pub merges: Vec<Merge>,
}

type Archive<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

/// Opens a workbook; the error says why it cannot be read.
pub fn open(bytes: &[u8]) -> Result<Archive<'_>, String> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        t!(
            "the file is not a readable Office document ({e}); open and save it again",
            e
        )
    })
}

/// Every worksheet of the workbook in `bytes`, in the workbook's tab order.
pub fn read_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut archive = open(bytes)?;
    let shared = shared_strings(&mut archive)?;
    let parts = worksheet_parts(&archive)?;
    // Tab names and order come from workbook.xml, through its relationships to the parts.
    let mut named: Vec<(String, String)> = Vec::new();
    if let (Some(workbook), Some(rels)) = (
        read_part(&mut archive, "xl/workbook.xml")?,
        read_part(&mut archive, "xl/_rels/workbook.xml.rels")?,
    ) {
        let targets: BTreeMap<&str, &str> = elements_with_attrs(&rels, "Relationship")
            .into_iter()
            .filter_map(|(a, _)| Some((attr(a, "Id")?, attr(a, "Target")?)))
            .collect();
        for (a, _) in elements_with_attrs(&workbook, "sheet") {
            let (Some(name), Some(id)) = (attr(a, "name"), attr(a, "r:id")) else {
                continue;
            };
            let Some(target) = targets.get(id) else {
                continue;
            };
            let target = target.trim_start_matches('/');
            let part = if target.starts_with("xl/") {
                target.to_string()
            } else {
                format!("xl/{target}")
            };
            if parts.contains(&part) {
                named.push((unescape(name), part));
            }
        }
    }
    if named.is_empty() {
        named = parts.iter().map(|p| (part_name(p), p.clone())).collect();
    }
    let mut sheets = Vec::new();
    for (name, part) in named {
        let Some(xml) = read_part(&mut archive, &part)? else {
            continue;
        };
        sheets.push(parse_sheet(&xml, &shared, name, part_name(&part)));
    }
    if sheets.is_empty() {
        return Err(t!("the workbook has no worksheets"));
    }
    Ok(sheets)
}

/// The workbook's worksheet parts (`xl/worksheets/sheetN.xml`), sheet2 before sheet10.
pub fn worksheet_parts(archive: &Archive) -> Result<Vec<String>, String> {
    let mut parts: Vec<String> = Vec::new();
    for name in archive.file_names() {
        let name = name.map_err(|e| t!("the workbook's parts cannot be listed: {e}", e))?;
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") && !name.contains("/_rels/")
        {
            parts.push(name.into_owned());
        }
    }
    parts.sort_by_key(|n| (n.len(), n.clone()));
    Ok(parts)
}

/// A worksheet part's name without its folder and extension (`sheet1`).
pub fn part_name(part: &str) -> String {
    part.trim_start_matches("xl/worksheets/")
        .trim_end_matches(".xml")
        .to_string()
}

/// The shared-string table (`xl/sharedStrings.xml`), empty when the workbook has none.
pub fn shared_strings(archive: &mut Archive) -> Result<Vec<String>, String> {
    Ok(match read_part(archive, "xl/sharedStrings.xml")? {
        Some(xml) => elements(&xml, "si")
            .into_iter()
            .map(|si| {
                // Phonetic guides (<rPh>) hold their own <t> runs that are not the cell's text.
                let without_phonetic: String = strip_elements(si, "rPh");
                elements(&without_phonetic, "t")
                    .into_iter()
                    .map(unescape)
                    .collect()
            })
            .collect(),
        None => Vec::new(),
    })
}

/// Reads one part of the archive as text; `None` when it is absent.
pub fn read_part(archive: &mut Archive, name: &str) -> Result<Option<String>, String> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(t!("part {name} cannot be read: {e}", name, e)),
    };
    let mut text = String::new();
    file.take(MAX_PART_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| t!("part {name} cannot be read: {e}", name, e))?;
    Ok(Some(text))
}

/// The cells and merged ranges of one worksheet's XML.
pub fn parse_sheet(xml: &str, shared: &[String], name: String, part: String) -> Sheet {
    let mut cells = BTreeMap::new();
    // Excel names every cell (r="B3"); some other writers leave the names out, and then a
    // cell is the one after the previous cell of its row.
    let mut positions = Vec::new();
    let mut next_row = 1;
    for (row_attrs, row_body) in elements_with_attrs(xml, "row") {
        let row = attr(row_attrs, "r")
            .and_then(|r| r.parse::<usize>().ok())
            .unwrap_or(next_row);
        next_row = row + 1;
        let mut next_col = 1;
        for (attrs, body) in elements_with_attrs(row_body, "c") {
            let (col, row) = attr(attrs, "r")
                .and_then(cell_ref)
                .unwrap_or((next_col, row));
            next_col = col + 1;
            positions.push((attrs, body, col, row));
        }
    }
    for (attrs, body, col, row) in positions {
        let value = match attr(attrs, "t") {
            Some("s") => elements(body, "v")
                .first()
                .and_then(|v| v.trim().parse::<usize>().ok())
                .and_then(|i| shared.get(i).cloned())
                .unwrap_or_default(),
            Some("inlineStr") => elements(body, "t").into_iter().map(unescape).collect(),
            Some("b") => match elements(body, "v").first().map(|v| v.trim()) {
                Some("1") => "TRUE".to_string(),
                Some(_) => "FALSE".to_string(),
                None => String::new(),
            },
            _ => elements(body, "v")
                .first()
                .map(|v| unescape(v))
                .unwrap_or_default(),
        };
        if !value.is_empty() {
            cells.insert((row, col), value);
        }
    }
    let merges = elements_with_attrs(xml, "mergeCell")
        .into_iter()
        .filter_map(|(a, _)| {
            let (from, to) = attr(a, "ref")?.split_once(':')?;
            let (c1, r1) = cell_ref(from)?;
            let (c2, r2) = cell_ref(to)?;
            Some((r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2)))
        })
        .collect();
    Sheet {
        name,
        part,
        cells,
        merges,
    }
}

/// "B12" → (column 2, row 12).
pub fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let r = r.trim_start_matches('$');
    let letters: String = r.chars().take_while(char::is_ascii_uppercase).collect();
    let row: usize = r[letters.len()..].trim_start_matches('$').parse().ok()?;
    if letters.is_empty() || letters.len() > 3 || row == 0 {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A' + 1));
    Some((col, row))
}

/// "B" for column 2.
pub fn column_name(mut col: usize) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        out.push(b'A' + rem as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// The contents of every `<tag …>…</tag>` element (not nested in itself).
pub fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    elements_with_attrs(xml, tag)
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

/// `xml` without any `<tag …>…</tag>` element.
fn strip_elements(xml: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(&close) {
            Some(end) => rest = &rest[i + end + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// (attributes, contents) of every `<tag …>…</tag>` element; `<tag …/>` gives empty contents.
pub fn elements_with_attrs<'a>(xml: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        // `<c` must not match `<cols>`.
        if !after.starts_with([' ', '>', '/', '\t', '\n', '\r']) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let attrs = &after[..gt];
        if attrs.ends_with('/') {
            out.push((attrs.trim_end_matches('/'), ""));
            rest = &after[gt + 1..];
            continue;
        }
        let body_start = &after[gt + 1..];
        let Some(end) = body_start.find(&close) else {
            break;
        };
        out.push((attrs, &body_start[..end]));
        rest = &body_start[end + close.len()..];
    }
    out
}

/// The value of attribute `name` in an element's attribute text.
pub fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = format!(" {attrs}").find(&key)?;
    // `i` counts the added leading space, which `key` also starts with.
    let rest = &attrs[i + key.len() - 1..];
    rest.find('"').map(|end| &rest[..end])
}

/// Decodes the five XML entities and numeric character references.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(semi) = tail.find(';').filter(|&n| n <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("B12"), Some((2, 12)));
        assert_eq!(cell_ref("AA1"), Some((27, 1)));
        assert_eq!(cell_ref("$C$3"), Some((3, 3)));
        assert_eq!(cell_ref("12"), None);
        assert_eq!(column_name(2), "B");
        assert_eq!(column_name(27), "AA");
    }

    #[test]
    fn xml_helpers() {
        let xml = r#"<row><c r="A1" t="s"><v>0</v></c><c r="B1"/><cols/><c r="C1" t="inlineStr"><is><t>a&amp;b&#x4E00;</t></is></c></row>"#;
        let cells = elements_with_attrs(xml, "c");
        assert_eq!(cells.len(), 3);
        assert_eq!(attr(cells[0].0, "r"), Some("A1"));
        assert_eq!(attr(cells[0].0, "t"), Some("s"));
        assert_eq!(attr(cells[1].0, "t"), None);
        assert_eq!(unescape(elements(cells[2].1, "t")[0]), "a&b一");
    }

    #[test]
    fn sheets_have_cells_and_merges() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="b"><v>1</v></c></row><row r="3"><c r="C3"><v>45356</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A3:A5"/></mergeCells></worksheet>"#;
        let shared = vec!["x".to_string(), "一级事项".to_string()];
        let s = parse_sheet(xml, &shared, "目录".into(), "sheet1".into());
        assert_eq!(s.cells.get(&(1, 1)).map(String::as_str), Some("一级事项"));
        assert_eq!(s.cells.get(&(1, 2)).map(String::as_str), Some("TRUE"));
        assert_eq!(s.cells.get(&(3, 3)).map(String::as_str), Some("45356"));
        assert_eq!(s.merges, vec![(3, 1, 5, 1)]);
    }

    #[test]
    fn cells_without_names_follow_each_other() {
        let xml = r#"<sheetData><row r="2"><c t="inlineStr"><is><t>a</t></is></c><c r="C2"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData>"#;
        let s = parse_sheet(xml, &[], "s".into(), "s".into());
        let cells: Vec<_> = s.cells.into_iter().collect();
        assert_eq!(
            cells,
            vec![
                ((2, 1), "a".to_string()),
                ((2, 3), "1".to_string()),
                ((2, 4), "2".to_string()),
                ((3, 1), "3".to_string())
            ]
        );
    }

    #[test]
    fn phonetic_runs_are_not_text() {
        let stripped = strip_elements("<t>東京</t><rPh sb=\"0\"><t>トウキョウ</t></rPh>", "rPh");
        assert_eq!(stripped, "<t>東京</t>");
    }
}
