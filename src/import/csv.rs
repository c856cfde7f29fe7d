//! A small CSV reader (RFC 4180): quoted fields, doubled quotes, line breaks inside quotes,
//! CRLF or LF line ends, and a byte-order mark. Text that is not UTF-8 is read as GB18030,
//! the encoding Excel on Chinese Windows saves "CSV" files in (GB18030 contains GBK and
//! GB2312, so those files read too).

use crate::t;

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gb18030,
    Utf16,
}

/// Decodes the bytes of a text file: UTF-8 (with or without a byte-order mark), UTF-16 with
/// a byte-order mark, or else GB18030. The error says what to do when none fits.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), Encoding::Utf8)),
            Err(e) => Err(t!(
                "the file starts as UTF-8 but byte {valid_up_to} is not UTF-8; save it again as \"CSV UTF-8\"",
                valid_up_to = e.valid_up_to() + 3
            )),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), Encoding::Utf8));
    }
    for utf16 in [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE] {
        if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes)
            && enc == utf16
        {
            let (text, had_errors) = enc.decode_with_bom_removal(bytes);
            if !had_errors {
                return Ok((text.into_owned(), Encoding::Utf16));
            }
        }
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text.into_owned(), Encoding::Gb18030)),
        None => Err(t!(
            "the file is neither UTF-8 nor GB18030 (GBK) text; in Excel, save it with \"Save As → CSV UTF-8\""
        )),
    }
}

/// Splits CSV text into records of fields. `Err` names the line where an unclosed quote
/// starts. A comma separates fields, or a tab when the first line has tabs but no comma.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let sep = if !first_line.contains(',') && first_line.contains('\t') {
        '\t'
    } else {
        ','
    };
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    // True once the current record has any character, so that a final line end does not
    // make an empty record.
    let mut started = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() => {
                let quote_line = line;
                started = true;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                        }
                        None => {
                            return Err(t!(
                                "line {quote_line}: a quoted field is never closed; check that every \" inside a field is written twice (\"\")",
                                quote_line
                            ));
                        }
                    }
                }
            }
            c if c == sep => {
                record.push(std::mem::take(&mut field));
                started = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                started = false;
            }
            c => {
                field.push(c);
                started = true;
            }
        }
    }
    if started || !field.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_doubled_quotes_and_line_breaks() {
        let text = "\u{feff}标题,正文\r\n\"关于\"\"低保\"\"的公示\",\"第一行\n第二行\"\r\n,\n";
        assert_eq!(
            parse(text).expect("valid"),
            vec![
                vec!["标题".to_string(), "正文".to_string()],
                vec![
                    "关于\"低保\"的公示".to_string(),
                    "第一行\n第二行".to_string()
                ],
                vec![String::new(), String::new()],
            ]
        );
    }

    #[test]
    fn last_line_without_line_end_and_tabs() {
        assert_eq!(
            parse("a\tb\n1\t2").expect("valid"),
            vec![vec!["a", "b"], vec!["1", "2"]]
        );
        assert_eq!(
            parse("a,\"b").expect_err("unclosed").split(':').next(),
            Some("line 1")
        );
    }

    #[test]
    fn encodings() {
        let (gb, _, _) = encoding_rs::GB18030.encode("标题,发布日期\n");
        assert_eq!(
            decode(&gb).expect("GB18030"),
            ("标题,发布日期\n".to_string(), Encoding::Gb18030)
        );
        assert_eq!(
            decode("\u{feff}标题".as_bytes()).expect("UTF-8"),
            ("标题".to_string(), Encoding::Utf8)
        );
        assert!(decode(&[0x81, 0x20, 0xff]).is_err());
    }
}
