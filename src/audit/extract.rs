//! The text of attachments, for the privacy scan: plain text formats as they are, the text
//! inside .xlsx and .docx files, which are zip archives of XML, and the text layer of PDFs
//! (see `pdf`), page by page.
//!
//! Spreadsheet text keeps its grid: line N of the extracted text is row N of the sheet, so a
//! hit can be named by its cell; a PDF page's line N is its Nth line of text from the top.
//! What cannot be read (images, OFD, WPS, the old binary Office formats, encrypted or scanned
//! PDFs) is reported as not scanned, never silently passed.

use super::privacy::Layout;
use crate::t;
pub use crate::xlsx::column_name;
use crate::xlsx::{self, elements, unescape};

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
            t!("images are not read; make sure no ID, phone or card number is visible in it"),
        ),
        "ofd" | "wps" | "et" | "dps" | "doc" | "xls" | "ppt" | "pptx" | "zip" | "rar" | "7z" => {
            Extracted::Unscanned(t!(
                ".{ext} files are not read; check the file by hand, or publish it as DOCX, XLSX or CSV",
                ext
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
            Err(_) if TEXT_EXTENSIONS.contains(&ext.as_str()) => Extracted::Unscanned(t!(
                "the file is not UTF-8 text (perhaps GBK); save it as UTF-8 so that it can be checked"
            )),
            Err(_) => Extracted::Unscanned(t!(
                "files of this kind ({ext}) are not read; check the file by hand",
                ext = if ext.is_empty() {
                    t!("no extension")
                } else {
                    ext.clone()
                }
            )),
        },
    }
}

type Archive<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

fn from_zip(bytes: &[u8], parts: fn(&mut Archive) -> Result<Vec<TextPart>, String>) -> Extracted {
    match xlsx::open(bytes) {
        Ok(mut archive) => match parts(&mut archive) {
            Ok(p) => Extracted::Parts(p),
            Err(why) => Extracted::Unscanned(why),
        },
        Err(why) => Extracted::Unscanned(why),
    }
}

fn xlsx_parts(archive: &mut Archive) -> Result<Vec<TextPart>, String> {
    let shared = xlsx::shared_strings(archive)?;
    let mut parts = Vec::new();
    for name in xlsx::worksheet_parts(archive)? {
        let Some(xml) = xlsx::read_part(archive, &name)? else {
            continue;
        };
        parts.push(sheet_text(&xml, &shared, xlsx::part_name(&name)));
    }
    if parts.is_empty() {
        return Err(t!("the workbook has no worksheets"));
    }
    Ok(parts)
}

/// One worksheet as text: line N is row N, cells separated by tabs.
fn sheet_text(xml: &str, shared: &[String], part: String) -> TextPart {
    let sheet = xlsx::parse_sheet(xml, shared, part.clone(), part.clone());
    let mut rows: std::collections::BTreeMap<usize, Vec<(usize, String)>> = Default::default();
    for ((row, col), value) in sheet.cells {
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
    let Some(xml) = xlsx::read_part(archive, "word/document.xml")? else {
        return Err(t!("the document has no word/document.xml"));
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

#[cfg(test)]
mod tests {
    use super::*;

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
