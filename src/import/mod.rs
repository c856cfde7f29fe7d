//! `gongkai import`: bringing a county's existing catalog tables and CMS record lists into a
//! site, so that nothing has to be typed again.
//!
//! Both imports read a spreadsheet (.xlsx, or .csv in UTF-8 or GB18030) into a `Table` of
//! cells that remember where they came from (a merged cell's value is copied to every cell it
//! covers, with the merged cell's own position), then map rows to catalog items
//! (`catalog`) or record files (`records`). Every cell that cannot be mapped is reported by
//! sheet, row and column, never only the first; nothing is written that the project's own
//! parsers would not accept.

pub mod catalog;
pub mod csv;
pub mod records;

use crate::diag::Diagnostic;
use crate::t;
use crate::xlsx;
use std::path::Path;

/// A cell of an imported table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// The (row, column) the text was written in: the cell itself, or the first cell of the
    /// merged range it lies in.
    pub origin: (usize, usize),
}

/// One sheet of a workbook, or a whole CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the user named it, for messages.
    pub file: String,
    /// The sheet's tab name; `None` for CSV.
    pub sheet: Option<String>,
    /// Row 1 first; in each row, column A first.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The cell at 1-based `row` and `col`; an empty one outside the table.
    pub fn cell(&self, row: usize, col: usize) -> Cell {
        self.rows
            .get(row.wrapping_sub(1))
            .and_then(|r| r.get(col.wrapping_sub(1)))
            .cloned()
            .unwrap_or(Cell {
                text: String::new(),
                origin: (row, col),
            })
    }

    /// The trimmed text at `row`, `col`.
    pub fn text(&self, row: usize, col: usize) -> String {
        self.cell(row, col).text.trim().to_string()
    }

    /// The widest row's width.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// "sheet 目录, row 7, column F (公开时限)" — where a cell is, for messages.
    pub fn place(&self, (row, col): (usize, usize), header: &str) -> String {
        let mut s = String::new();
        if let Some(sheet) = &self.sheet {
            s.push_str(&t!("sheet {sheet}, ", sheet));
        }
        s.push_str(&t!("row {row}", row));
        if col > 0 {
            s.push_str(&t!(", column {column}", column = xlsx::column_name(col)));
            if !header.is_empty() {
                s.push_str(&format!(" ({header})")); // not a message: code only
            }
        }
        s
    }

    /// "sheet 目录, row 7" — where a row is, for messages.
    pub fn row_place(&self, row: usize) -> String {
        self.place((row, 0), "")
    }

    fn from_grid(file: &str, sheet: Option<String>, grid: Vec<Vec<String>>) -> Table {
        let rows = grid
            .into_iter()
            .enumerate()
            .map(|(r, cells)| {
                cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, text)| Cell {
                        text,
                        origin: (r + 1, c + 1),
                    })
                    .collect()
            })
            .collect();
        Table {
            file: file.to_string(),
            sheet,
            rows,
        }
    }

    fn from_sheet(file: &str, sheet: xlsx::Sheet) -> Table {
        let last_row = sheet.cells.keys().map(|k| k.0).max().unwrap_or(0);
        let last_col = sheet.cells.keys().map(|k| k.1).max().unwrap_or(0);
        // Each row only as long as its own last cell: one stray cell at XFD1048576 makes a
        // million rows, not seventeen billion empty cells.
        let mut grid = vec![Vec::new(); last_row];
        for (&(r, c), text) in &sheet.cells {
            let row: &mut Vec<String> = &mut grid[r - 1];
            if row.len() < c {
                row.resize(c, String::new());
            }
            row[c - 1] = text.clone();
        }
        let mut table = Table::from_grid(file, Some(sheet.name.clone()), grid);
        for &(r1, c1, r2, c2) in &sheet.merges {
            let top = table.cell(r1, c1);
            // A merged range far beyond the data (a whole column merged by mistake) adds
            // nothing but empty rows.
            let r2 = r2.min(last_row.max(r1));
            let c2 = c2.min(last_col.max(c1));
            for r in r1..=r2 {
                for c in c1..=c2 {
                    // A range starting below the last cell holding text adds nothing.
                    let Some(row) = table.rows.get_mut(r - 1) else {
                        continue;
                    };
                    if row.len() < c {
                        row.resize(c, Cell::default());
                    }
                    row[c - 1] = Cell {
                        text: top.text.clone(),
                        origin: (r1, c1),
                    };
                }
            }
        }
        for (r, row) in table.rows.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                if cell.origin == (0, 0) {
                    cell.origin = (r + 1, c + 1);
                }
            }
        }
        table
    }
}

/// Reads every table of a file: each worksheet of an .xlsx, or the one table of a .csv. The
/// error is a diagnostic about the file.
pub fn read_tables(path: &Path) -> anyhow::Result<Result<Vec<Table>, Diagnostic>> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Err(Diagnostic::error(&file, t!("the file does not exist"))
                .help(t!("check the path {path}", path = path.display()))));
        }
        Err(e) => {
            return Err(anyhow::Error::new(e).context(t!("reading {path}", path = path.display())));
        }
    };
    match ext.as_str() {
        "xlsx" | "xlsm" => Ok(match xlsx::read_sheets(&bytes) {
            Ok(sheets) => Ok(sheets
                .into_iter()
                .map(|s| Table::from_sheet(&file, s))
                .collect()),
            Err(why) => Err(Diagnostic::error(&file, why).help(t!(
                "save the workbook as .xlsx (Excel 2007 or later), or export the sheet as CSV"
            ))),
        }),
        "csv" | "txt" | "tsv" => {
            let text = match csv::decode(&bytes) {
                Ok((text, _)) => text,
                Err(why) => return Ok(Err(Diagnostic::error(&file, why))),
            };
            Ok(match csv::parse(&text) {
                Ok(grid) => Ok(vec![Table::from_grid(&file, None, grid)]),
                Err(why) => Err(Diagnostic::error(&file, why)),
            })
        }
        "xls" | "et" | "wps" => Ok(Err(Diagnostic::error(
            &file,
            t!(
                ".{ext} workbooks (the old binary format) cannot be read",
                ext
            ),
        )
        .help(t!("open the file and save it as .xlsx, or as CSV UTF-8")))),
        _ => Ok(Err(Diagnostic::error(
            &file,
            t!("gongkai imports .xlsx and .csv files"),
        )
        .help(t!("save the table as .xlsx or as CSV")))),
    }
}

/// Picks the sheet named `name`, or says which sheets there are.
pub fn pick_sheet(tables: Vec<Table>, name: &str) -> Result<Table, Diagnostic> {
    let names: Vec<String> = tables.iter().filter_map(|t| t.sheet.clone()).collect();
    let file = tables.first().map(|t| t.file.clone()).unwrap_or_default();
    tables
        .into_iter()
        .find(|t| t.sheet.as_deref() == Some(name) || (t.sheet.is_none() && name.is_empty()))
        .ok_or_else(|| {
            Diagnostic::error(&file, t!("there is no sheet `{name}`", name)).help(
                if names.is_empty() {
                    t!("a CSV file has no sheets; leave --sheet out")
                } else {
                    t!(
                        "the workbook's sheets are: {names}",
                        names = names.join(", ")
                    )
                },
            )
        })
}

/// Header text with whitespace, line breaks and brackets removed, for matching column names
/// however a table writes them (公开内容（要素）= 公开内容(要素) = 公开内容要素).
pub fn normalize_header(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '(' | ')'
                        | '（'
                        | '）'
                        | '['
                        | ']'
                        | '【'
                        | '】'
                        | '〔'
                        | '〕'
                        | ':'
                        | '：'
                        | '*'
                        | '\u{3000}'
                )
        })
        .collect()
}

/// Writes `s` as a YAML scalar: plain where YAML reads it back as the same text, else
/// double-quoted. `flow` is for values inside `[…]` or `{…}`, where `,` and brackets end a
/// plain value.
pub fn yaml_scalar(s: &str, flow: bool) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| c.is_control())
        && !s.starts_with(|c: char| {
            "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_ascii_digit() || c == '.' || c == '+'
        })
        && !(flow && s.contains([',', '[', ']', '{', '}']))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "~"
        );
    if plain {
        s.to_string()
    } else {
        // A JSON string is a valid YAML double-quoted scalar.
        serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "\\\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_far_cell_or_merge_costs_rows_not_a_full_grid() {
        let mut cells = std::collections::BTreeMap::new();
        cells.insert((1, 1), "一级事项".to_string());
        cells.insert((1_048_576, 16_384), "x".to_string());
        let sheet = xlsx::Sheet {
            name: "目录".into(),
            part: "sheet1".into(),
            cells,
            merges: vec![(2_000_000, 1, 2_000_001, 3)],
        };
        let t = Table::from_sheet("a.xlsx", sheet);
        assert_eq!(t.rows.len(), 1_048_576);
        assert_eq!(t.rows[0].len(), 1);
        assert_eq!(t.width(), 16_384);
        assert_eq!(t.text(1_048_576, 16_384), "x");
        assert_eq!(t.text(2, 5), "");
    }

    #[test]
    fn headers_match_however_written() {
        assert_eq!(normalize_header("公开内容\n（要素）"), "公开内容要素");
        assert_eq!(normalize_header(" 公开 时限 "), "公开时限");
        assert_eq!(normalize_header("乡(村)级"), "乡村级");
    }

    #[test]
    fn yaml_scalars_round_trip() {
        for s in [
            "社会救助",
            "2024年预算",
            "a: b",
            "《条例》, 第二条",
            "yes",
            "- x",
            "第一行\n第二行",
            "",
            " 空格",
        ] {
            for flow in [false, true] {
                let yaml = format!("v: {}", yaml_scalar(s, flow));
                let yaml = if flow {
                    format!("v: [{}]", yaml_scalar(s, flow))
                } else {
                    yaml
                };
                let v: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("parses");
                let got = if flow { &v["v"][0] } else { &v["v"] };
                assert_eq!(got.as_str(), Some(s), "{yaml}");
            }
        }
        assert_eq!(yaml_scalar("社会救助", true), "社会救助");
        // Quoted only when needed (titles written by `gongkai new` too).
        assert_eq!(yaml_scalar("关于低保的公示", false), "关于低保的公示");
        assert_eq!(yaml_scalar("2024年预算", false), "\"2024年预算\"");
        assert_eq!(yaml_scalar("通知: 第二批", false), "\"通知: 第二批\"");
    }

    #[test]
    fn merged_cells_are_copied_with_their_origin() {
        let mut sheet = xlsx::Sheet {
            name: "目录".into(),
            ..Default::default()
        };
        sheet.cells.insert((2, 1), "最低生活保障".into());
        sheet.cells.insert((4, 2), "x".into());
        sheet.merges.push((2, 1, 3, 1));
        let t = Table::from_sheet("a.xlsx", sheet);
        assert_eq!(t.cell(3, 1).text, "最低生活保障");
        assert_eq!(t.cell(3, 1).origin, (2, 1));
        assert_eq!(t.cell(4, 1).origin, (4, 1));
        assert_eq!(
            t.place((7, 6), "公开时限"),
            "sheet 目录, row 7, column F (公开时限)"
        );
    }
}
