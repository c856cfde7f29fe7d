//! The text of attachments, for the privacy scan: plain text formats as they are, the text
//! inside .xlsx and .docx files, which are zip archives of XML, and the text layer of PDFs
//! (see `pdf`), page by page.
//!
//! Spreadsheet text keeps its grid: line N of the extracted text is row N of the sheet, so a
//! hit can be named by its cell; a PDF page's line N is its Nth line of text from the top.
//! What cannot be read (images, OFD, WPS, the old binary Office formats, encrypted or scanned
//! PDFs) is reported as not scanned, never silently passed.

use super::privacy::Layout;
use std::io::Read;

/// Largest part of an archive that is read, so a malicious file cannot exhaust memory.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Text found in one file.
#[derive(Debug)]
pub struct TextPart {
    /// Where the text is inside the file ("sheet1"), or empty for the file itself.
    pub part: String,
    pub text: String,
    pub layout: Layout,
    /// For spreadsheets: per line, the (starting character, column number) of each cell, so a
    /// column in the text can be turned into a cell.
    pub cells: Option<Vec<Vec<(usize, usize)>>>,
    /// What a line of the text is, for messages: "line", "row", "paragraph".
    pub unit: &'static str,
}

/// What could be read of a file.
#[derive(Debug)]
pub enum Extracted {
    Parts(Vec<TextPart>),
    /// Some of the file was read (`parts`, to scan); `why` says what was not.
    Partial {
        parts: Vec<TextPart>,
        why: String,
    },
    /// Why the file was not scanned.
    Unscanned(String),
}

/// Extensions of formats read as text.
const TEXT_EXTENSIONS: [&str; 12] = [
    "md", "markdown", "txt", "csv", "tsv", "html", "htm", "json", "xml", "yaml", "yml", "text",
];

/// Extracts the text of `bytes`, the content of a file called `name`.
pub fn extract(name: &str, bytes: &[u8]) -> Extracted {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" => from_zip(bytes, xlsx_parts),
        "docx" | "docm" => from_zip(bytes, docx_parts),
        "pdf" => super::pdf::extract(bytes),
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "tif" | "tiff" | "webp" => Extracted::Unscanned(
            "images are not read; make sure no ID, phone or card number is visible in it".into(),
        ),
        "ofd" | "wps" | "et" | "dps" | "doc" | "xls" | "ppt" | "pptx" | "zip" | "rar" | "7z" => {
            Extracted::Unscanned(format!(
                ".{ext} files are not read; check the file by hand, or publish it as DOCX, XLSX or CSV"
            ))
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => Extracted::Parts(vec![TextPart {
                part: String::new(),
                text: text.trim_start_matches('\u{feff}').to_string(),
                layout: if matches!(ext.as_str(), "csv" | "tsv") {
                    Layout::Table
                } else {
                    Layout::Prose
                },
                cells: None,
                unit: "line",
            }]),
            Err(_) if TEXT_EXTENSIONS.contains(&ext.as_str()) => Extracted::Unscanned(
                "the file is not UTF-8 text (perhaps GBK); save it as UTF-8 so that it can be checked"
                    .into(),
            ),
            Err(_) => Extracted::Unscanned(format!(
                "files of this kind ({}) are not read; check the file by hand",
                if ext.is_empty() { "no extension" } else { &ext }
            )),
        },
    }
}

type Archive<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

fn from_zip(bytes: &[u8], parts: fn(&mut Archive) -> Result<Vec<TextPart>, String>) -> Extracted {
    match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(mut archive) => match parts(&mut archive) {
            Ok(p) => Extracted::Parts(p),
            Err(why) => Extracted::Unscanned(why),
        },
        Err(e) => Extracted::Unscanned(format!(
            "the file is not a readable Office document ({e}); open and save it again"
        )),
    }
}

/// Reads one part of the archive as text; `None` when it is absent.
fn read_part(archive: &mut Archive, name: &str) -> Result<Option<String>, String> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("part {name} cannot be read: {e}")),
    };
    let mut text = String::new();
    file.take(MAX_PART_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| format!("part {name} cannot be read: {e}"))?;
    Ok(Some(text))
}

fn xlsx_parts(archive: &mut Archive) -> Result<Vec<TextPart>, String> {
    let shared: Vec<String> = match read_part(archive, "xl/sharedStrings.xml")? {
        Some(xml) => elements(&xml, "si")
            .into_iter()
            .map(|si| elements(si, "t").into_iter().map(unescape).collect())
            .collect(),
        None => Vec::new(),
    };
    let mut sheets: Vec<String> = Vec::new();
    for name in archive.file_names() {
        let name = name.map_err(|e| format!("the workbook's parts cannot be listed: {e}"))?;
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            sheets.push(name.into_owned());
        }
    }
    // sheet2 before sheet10.
    sheets.sort_by_key(|n| (n.len(), n.clone()));
    let mut parts = Vec::new();
    for name in sheets {
        let Some(xml) = read_part(archive, &name)? else {
            continue;
        };
        let part = name
            .trim_start_matches("xl/worksheets/")
            .trim_end_matches(".xml")
            .to_string();
        parts.push(sheet_text(&xml, &shared, part));
    }
    if parts.is_empty() {
        return Err("the workbook has no worksheets".into());
    }
    Ok(parts)
}

/// One worksheet as text: line N is row N, cells separated by tabs.
fn sheet_text(xml: &str, shared: &[String], part: String) -> TextPart {
    let mut rows: std::collections::BTreeMap<usize, Vec<(usize, String)>> = Default::default();
    for (attrs, body) in elements_with_attrs(xml, "c") {
        let Some((col, row)) = attr(attrs, "r").and_then(cell_ref) else {
            continue;
        };
        let value = match attr(attrs, "t") {
            Some("s") => elements(body, "v")
                .first()
                .and_then(|v| v.trim().parse::<usize>().ok())
                .and_then(|i| shared.get(i).cloned())
                .unwrap_or_default(),
            Some("inlineStr") => elements(body, "t").into_iter().map(unescape).collect(),
            _ => elements(body, "v")
                .first()
                .map(|v| unescape(v))
                .unwrap_or_default(),
        };
        rows.entry(row).or_default().push((col, value));
    }
    let last = rows.keys().next_back().copied().unwrap_or(0);
    let mut text = String::new();
    let mut cells = Vec::with_capacity(last);
    for r in 1..=last {
        let mut line_cells = Vec::new();
        let mut chars = 0;
        if let Some(list) = rows.get_mut(&r) {
            list.sort_by_key(|c| c.0);
            for (i, (col, value)) in list.iter().enumerate() {
                if i > 0 {
                    text.push('\t');
                    chars += 1;
                }
                line_cells.push((chars, *col));
                // A line break inside a cell would shift every later row.
                let flat = value.replace(['\n', '\r'], " ");
                chars += flat.chars().count();
                text.push_str(&flat);
            }
        }
        text.push('\n');
        cells.push(line_cells);
    }
    TextPart {
        part,
        text,
        layout: Layout::Table,
        cells: Some(cells),
        unit: "row",
    }
}

fn docx_parts(archive: &mut Archive) -> Result<Vec<TextPart>, String> {
    let Some(xml) = read_part(archive, "word/document.xml")? else {
        return Err("the document has no word/document.xml".into());
    };
    let mut text = String::new();
    for p in elements(&xml, "w:p") {
        let mut para = String::new();
        for run in elements(p, "w:t") {
            para.push_str(&unescape(run));
        }
        text.push_str(&para.replace(['\n', '\r'], " "));
        text.push('\n');
    }
    Ok(vec![TextPart {
        part: String::new(),
        text,
        layout: Layout::Prose,
        cells: None,
        unit: "paragraph",
    }])
}

/// "B12" → (column 2, row 12).
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let letters: String = r.chars().take_while(char::is_ascii_uppercase).collect();
    let row: usize = r[letters.len()..].parse().ok()?;
    if letters.is_empty() || row == 0 {
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
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    elements_with_attrs(xml, tag)
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

/// (attributes, contents) of every `<tag …>…</tag>` element; `<tag …/>` gives empty contents.
fn elements_with_attrs<'a>(xml: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
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

fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = format!(" {attrs}").find(&key)?;
    // `i` counts the added leading space, which `key` also starts with.
    let rest = &attrs[i + key.len() - 1..];
    rest.find('"').map(|end| &rest[..end])
}

/// Decodes the five XML entities and numeric character references.
fn unescape(s: &str) -> String {
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
    fn sheets_keep_rows_and_columns() {
        let xml = r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row><row r="3"><c r="C3"><v>13800138000</v></c></row></sheetData>"#;
        let shared = vec!["姓名".to_string(), "电话".to_string()];
        let part = sheet_text(xml, &shared, "sheet1".into());
        assert_eq!(part.text, "姓名\t电话\n\n13800138000\n");
        assert_eq!(
            part.cells,
            Some(vec![vec![(0, 1), (3, 3)], vec![], vec![(0, 3)]])
        );
    }

    #[test]
    fn unreadable_formats_are_named() {
        assert!(matches!(extract("a.pdf", b"%PDF"), Extracted::Unscanned(_)));
        assert!(matches!(extract("a.pdf", b"PK"), Extracted::Unscanned(_)));
        assert!(matches!(
            extract("a.csv", &[0xb0, 0xa1]),
            Extracted::Unscanned(_)
        ));
        assert!(matches!(
            extract("a.xlsx", b"nope"),
            Extracted::Unscanned(_)
        ));
        assert!(matches!(
            extract("a.csv", "x,y".as_bytes()),
            Extracted::Parts(_)
        ));
    }
}
