//! Hand-written PDFs, one per feature of the reader, a PDF printed by Chromium, and hostile
//! variants of each: truncated, mutated, cyclic.

use super::*;
use std::io::Write;
use std::time::{Duration, Instant};

/// The roster the `check` fixture publishes, printed by Chromium (see
/// tests/fixtures/check/pdf-sources/): CJK text in Type3 fonts, digits in a CID TrueType font
/// with Identity-H, each glyph placed by its own `Td`, all mapped by ToUnicode.
const CHROMIUM_ROSTER: &[u8] = include_bytes!(
    "../../../tests/fixtures/check/content/records/social-assistance/roster-2024q3.pdf"
);

/// The same roster rewritten by qpdf with object streams and a cross-reference stream, and
/// the simple PDF below encrypted by qpdf (see tests/fixtures/pdf/README.md).
const QPDF_OBJSTM_ROSTER: &[u8] = include_bytes!("../../../tests/fixtures/pdf/roster-objstm.pdf");
const QPDF_ENCRYPTED: &[u8] = include_bytes!("../../../tests/fixtures/pdf/encrypted.pdf");

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("write");
    e.finish().expect("finish")
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A PDF of `objects` (number, body) with a classic xref table; `trailer` is added to the
/// trailer dictionary.
fn pdf(objects: &[(u32, Vec<u8>)], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = std::collections::BTreeMap::new();
    for (n, body) in objects {
        offsets.insert(*n, out.len());
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let size = offsets.keys().max().copied().unwrap_or(0) + 1;
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        match offsets.get(&n) {
            Some(o) => out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
    out
}

fn obj(n: u32, body: &str) -> (u32, Vec<u8>) {
    (n, body.as_bytes().to_vec())
}

/// Pages as text, or the reason the file was not read.
fn pages(bytes: &[u8]) -> Result<Vec<String>, String> {
    match extract(bytes) {
        Extracted::Parts(parts) => Ok(parts.into_iter().map(|p| p.text).collect()),
        Extracted::Partial { why, .. } | Extracted::Unscanned(why) => Err(why),
    }
}

/// One page, Helvetica with WinAnsi and a font with `/Differences`, uncompressed content:
/// Td, TL, T*, ', TJ with a kerning offset (same number) and a wide one (next cell).
fn simple_pdf() -> Vec<u8> {
    let content = br"BT /F1 12 Tf 14 TL 72 720 Td (Roster \(2024\)) Tj
T* [(Phone ) (1380013) -20 (8000)] TJ
0 -14 Td [(Name) -3000 (Zhang)] TJ
/F2 12 Tf (\001\002\003\004) ' (\005\006\007\010\011\012\012\013) Tj ET";
    pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                3,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R
                 /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
            ),
            (4, stream("", content)),
            obj(
                5,
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            ),
            obj(
                6,
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica
                 /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding
                   /Differences [1 /I /D /colon /space /one /one /zero /uni0031 /zero /five /one.alt] >> >>",
            ),
        ],
        "",
    )
}

#[test]
fn a_later_difference_wins_and_other_codes_keep_the_base_encoding() {
    let bytes = pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                3,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R
                 /Resources << /Font << /F1 5 0 R >> >> >>",
            ),
            (4, stream("", b"BT /F1 12 Tf 72 720 Td (ABCD\\377) Tj ET")),
            obj(
                5,
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica
                 /Encoding << /BaseEncoding /WinAnsiEncoding
                   /Differences [65 /one /two 68 /g7 65 /three 255 /x /y] >> >>",
            ),
        ],
        "",
    );
    // A = three (set twice, the later wins), B = two, C from WinAnsi, D = an unknown glyph
    // name (no text, shown as U+FFFD), 255 = x; the /y past code 255 is dropped.
    assert_eq!(pages(&bytes), Ok(vec!["32C\u{fffd}x\n".into()]));
}

#[test]
fn a_simple_pdf_is_read_exactly() {
    assert_eq!(
        pages(&simple_pdf()),
        Ok(vec![
            "Roster (2024)\nPhone 13800138000\nName\tZhang\nID: 11010551\n".into()
        ])
    );
}

/// Type0 / Identity-H fonts with a compressed ToUnicode CMap (bfchar, bfrange in both forms)
/// and widths (`/W`), compressed content; two pages inheriting resources from the page tree;
/// page 2 draws through a Form XObject, and its number in runs placed glyph by glyph.
fn cid_pdf() -> Vec<u8> {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0003> <0020> <0100> <5F20> <001D> <0058> endbfchar
2 beginbfrange <0013> <001C> <0030> <0101> <0102> [<67D0> <59D3>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";
    // 张某姓 + space + 11010519491231002X, then 13800138000 in three runs.
    let page1 = b"BT /F1 10 Tf 1 0 0 1 50 700 Tm <010001010102> Tj <0003> Tj
<0014001400130014001300180014001C0017001C0014001500160014001300130015001D> Tj ET";
    let page2 = b"q 1 0 0 1 0 -100 cm /Fm1 Do Q";
    let form = b"BT /F1 10 Tf 1 0 0 1 50 700 Tm <00140016> Tj 10 0 Td <001B0013> Tj
10 0 Td <001300140016001B> Tj 20 0 Td <001300130013> Tj
0 -30 Td <0101> Tj ET";
    pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(
                2,
                "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /Resources << /Font << /F1 10 0 R >> >> >>",
            ),
            obj(3, "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>"),
            obj(
                4,
                "<< /Type /Page /Parent 2 0 R /Contents [6 0 R] /Resources << /Font << /F1 10 0 R >> /XObject << /Fm1 7 0 R >> >> >>",
            ),
            (5, stream("/Filter /FlateDecode", &zlib(page1))),
            (6, stream("/Filter /FlateDecode", &zlib(page2))),
            (
                7,
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /Font << /F1 10 0 R >> >> /Filter /FlateDecode",
                    &zlib(form),
                ),
            ),
            obj(
                10,
                "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Song /Encoding /Identity-H
                 /DescendantFonts [11 0 R] /ToUnicode 12 0 R >>",
            ),
            obj(
                11,
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Song /DW 1000
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>
                 /W [3 [250] 19 29 500] /CIDToGIDMap /Identity >>",
            ),
            (12, stream("/Filter /FlateDecode", &zlib(cmap))),
        ],
        "",
    )
}

#[test]
fn cid_fonts_with_to_unicode_are_read() {
    assert_eq!(
        pages(&cid_pdf()),
        Ok(vec![
            "张某姓 11010519491231002X\n".into(),
            "13800138000\n某\n".into()
        ])
    );
}

/// PDF 1.5: the catalog, page tree and font in an object stream, located by a cross-reference
/// stream with a PNG predictor; then an incremental update that replaces the content.
fn objstm_pdf() -> Vec<u8> {
    let inner = [
        (1u32, "<< /Type /Catalog /Pages 2 0 R >>"),
        (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        (
            3,
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        ),
        (5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ];
    let mut header = String::new();
    let mut body = String::new();
    for (n, text) in inner {
        header.push_str(&format!("{n} {} ", body.len()));
        body.push_str(text);
        body.push('\n');
    }
    let objstm_data = format!("{header}\n{body}");
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    let content = b"BT /F1 12 Tf 72 720 Td (old text 13800138000) Tj ET";
    offsets.push((4u32, out.len()));
    out.extend_from_slice(b"4 0 obj\n");
    out.extend_from_slice(&stream("/Filter /FlateDecode", &zlib(content)));
    out.extend_from_slice(b"\nendobj\n");
    offsets.push((6, out.len()));
    out.extend_from_slice(b"6 0 obj\n");
    out.extend_from_slice(&stream(
        &format!(
            "/Type /ObjStm /N 4 /First {} /Filter /FlateDecode",
            header.len() + 1
        ),
        &zlib(objstm_data.as_bytes()),
    ));
    out.extend_from_slice(b"\nendobj\n");
    // Rows of the xref stream: type, offset (2 bytes), index; /W [1 2 1].
    let mut rows: Vec<[u8; 4]> = vec![[0, 0, 0, 0]; 8];
    for (n, off) in &offsets {
        let off = u16::try_from(*off).expect("small");
        rows[*n as usize] = [1, (off >> 8) as u8, off as u8, 0];
    }
    for (i, (n, _)) in inner.iter().enumerate() {
        rows[*n as usize] = [2, 0, 6, i as u8];
    }
    let xref_offset = out.len();
    rows[7] = [1, (xref_offset >> 8) as u8, xref_offset as u8, 0];
    // PNG Up predictor on each row of 4 columns.
    let mut predicted = Vec::new();
    let mut prev = [0u8; 4];
    for r in &rows {
        predicted.push(2);
        for k in 0..4 {
            predicted.push(r[k].wrapping_sub(prev[k]));
        }
        prev = *r;
    }
    out.extend_from_slice(b"7 0 obj\n");
    out.extend_from_slice(&stream(
        "/Type /XRef /Size 8 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>",
        &zlib(&predicted),
    ));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_offset}\n%%EOF\n").as_bytes());
    // The incremental update: a new object 4, and a classic section pointing back.
    let new4 = out.len();
    out.extend_from_slice(b"4 0 obj\n");
    out.extend_from_slice(&stream(
        "",
        b"BT /F1 12 Tf 72 720 Td (new text 440524188001010014) Tj ET",
    ));
    out.extend_from_slice(b"\nendobj\n");
    let xref2 = out.len();
    out.extend_from_slice(
        format!(
            "xref\n4 1\n{new4:010} 00000 n \ntrailer\n<< /Size 8 /Root 1 0 R /Prev {xref_offset} >>\nstartxref\n{xref2}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}

#[test]
fn object_streams_xref_streams_and_updates_are_read() {
    let bytes = objstm_pdf();
    assert_eq!(
        pages(&bytes),
        Ok(vec!["new text 440524188001010014\n".into()])
    );
    // The cross-reference stream itself was read (predictor undone), not only the scan.
    let doc = Doc::parse(&bytes);
    assert_eq!(doc.xref_objects(), vec![1, 2, 3, 4, 5, 6, 7]);
    // With the xref pointing nowhere, the scan still finds everything.
    let at = syntax::rfind(&bytes, b"startxref\n").expect("startxref") + 10;
    let mut broken = bytes.clone();
    broken.insert(at, b'9');
    assert_eq!(
        pages(&broken),
        Ok(vec!["new text 440524188001010014\n".into()])
    );
}

#[test]
fn a_roster_rewritten_with_object_streams_reads_the_same() {
    assert!(QPDF_OBJSTM_ROSTER.starts_with(b"%PDF-1.5"));
    assert_eq!(pages(QPDF_OBJSTM_ROSTER), pages(CHROMIUM_ROSTER));
    assert!(!Doc::parse(QPDF_OBJSTM_ROSTER).xref_objects().is_empty());
}

#[test]
fn encrypted_pdfs_are_not_read() {
    let why = pages(QPDF_ENCRYPTED).expect_err("encrypted");
    assert!(why.starts_with("encrypted PDF"), "{why}");
    let bytes = pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(2, "<< /Type /Pages /Kids [] /Count 0 >>"),
            obj(9, "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"),
        ],
        "/Encrypt 9 0 R",
    );
    let why = pages(&bytes).expect_err("encrypted");
    assert!(why.starts_with("encrypted PDF"), "{why}");
}

/// A "scan": one page that draws an image XObject and an inline image whose 4 bytes of data
/// look like a text operator, and no text.
pub fn scanned_pdf() -> Vec<u8> {
    let content = b"q 595 0 0 842 0 0 cm /Im1 Do Q
BI /W 4 /H 1 /CS /G /BPC 8 ID (x)Tj EI";
    pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                3,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R
                 /Resources << /XObject << /Im1 5 0 R >> >> >>",
            ),
            (4, stream("", content)),
            (
                5,
                stream(
                    "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
                    b"\x00\x40\x80\xff",
                ),
            ),
        ],
        "",
    )
}

#[test]
fn pages_without_text_are_reported_as_scans() {
    let why = pages(&scanned_pdf()).expect_err("no text");
    assert!(why.starts_with("no text layer"), "{why}");
    // The check site's scanned roster is this file (UPDATE_SNAPSHOTS=1 writes it).
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/check/content/records/social-assistance/roster-scan.pdf"
    );
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, scanned_pdf()).expect("writing the fixture");
    }
    assert_eq!(std::fs::read(path).expect("fixture"), scanned_pdf());
}

#[test]
fn a_file_with_some_scanned_pages_is_scanned_and_reported() {
    let bytes = pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(
                2,
                "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2
                 /Resources << /Font << /F1 6 0 R >> /XObject << /Im1 7 0 R >> >> >>",
            ),
            obj(3, "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>"),
            obj(4, "<< /Type /Page /Parent 2 0 R /Contents 8 0 R >>"),
            (5, stream("", b"BT /F1 12 Tf 72 720 Td (13800138000) Tj ET")),
            obj(6, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            (
                7,
                stream(
                    "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
                    b"\x80",
                ),
            ),
            (8, stream("", b"q 100 0 0 100 0 0 cm /Im1 Do Q")),
        ],
        "",
    );
    let Extracted::Partial { parts, why } = extract(&bytes) else {
        panic!("expected a partial read");
    };
    let texts: Vec<(&str, &str)> = parts
        .iter()
        .map(|p| (p.part.as_str(), p.text.as_str()))
        .collect();
    assert_eq!(texts, [("page 1", "13800138000\n"), ("page 2", "")]);
    assert_eq!(
        why,
        "page 2 has no text layer (scanned images); check those parts by hand"
    );
}

#[test]
fn fonts_without_a_unicode_map_are_reported() {
    // Identity-H without ToUnicode: the codes are glyph numbers, which say nothing.
    let bytes = pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            ),
            (
                4,
                stream("", b"BT /F1 12 Tf 72 720 Td <00140016001B> Tj ET"),
            ),
            obj(
                5,
                "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            ),
            obj(6, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X >>"),
        ],
        "",
    );
    let why = pages(&bytes).expect_err("unreadable");
    assert!(why.contains("no ToUnicode"), "{why}");
}

#[test]
fn filled_in_form_fields_are_read() {
    // A label in the page content, the value in a text field's appearance (drawn at the
    // origin of its BBox, placed on the field's Rect); a hidden field is not on the page.
    let field = b"/Tx BMC BT /F1 10 Tf 2 4 Td (13800138000) Tj ET EMC";
    let bytes = pdf(
        &[
            obj(
                1,
                "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 8 0 R] >> >>",
            ),
            obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [6 0 R 8 0 R]
                 /Resources << /Font << /F1 5 0 R >> >> >>",
            ),
            (4, stream("", b"BT /F1 10 Tf 72 704 Td (Phone:) Tj ET")),
            obj(
                6,
                "<< /Type /Annot /Subtype /Widget /FT /Tx /T (phone) /V (13800138000) /Rect [150 700 250 716] /AP << /N 7 0 R >> >>",
            ),
            (
                7,
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 100 16] /Resources << /Font << /F1 5 0 R >> >>",
                    field,
                ),
            ),
            obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            obj(
                8,
                "<< /Type /Annot /Subtype /Widget /F 2 /Rect [150 600 250 616] /AP << /N 7 0 R >> >>",
            ),
        ],
        "",
    );
    assert_eq!(pages(&bytes), Ok(vec!["Phone:\t13800138000\n".into()]));
}

#[test]
fn decompression_bombs_are_cut_off() {
    // 80 MB of spaces in 80 KB, drawn three times on each of two pages: each stream stops at
    // 64 MiB, a page's content at that much, the file's streams at 256 MiB together.
    let bomb = zlib(&vec![b' '; 80 << 20]);
    let bytes = pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
            obj(
                3,
                "<< /Type /Page /Parent 2 0 R /Contents [5 0 R 5 0 R 5 0 R] >>",
            ),
            obj(
                4,
                "<< /Type /Page /Parent 2 0 R /Contents [5 0 R 5 0 R 5 0 R] >>",
            ),
            (5, stream("/Filter /FlateDecode", &bomb)),
        ],
        "",
    );
    let start = Instant::now();
    let why = pages(&bytes).expect_err("nothing to read");
    assert!(why.contains("beyond the reader's limits"), "{why}");
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn turned_text_is_read_along_its_baseline() {
    // A landscape table drawn on a portrait page: text turned a quarter turn, a number in
    // three runs each placed by its own matrix, then the next line to its right.
    let content = b"BT /F1 10 Tf 0 1 -1 0 100 50 Tm (1380) Tj 0 1 -1 0 100 70 Tm (0138) Tj
0 1 -1 0 100 90 Tm (000) Tj 0 1 -1 0 114 50 Tm (next line) Tj ET
BT /F1 10 Tf 72 720 Td (upright) Tj ET";
    let bytes = pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            ),
            (4, stream("", content)),
            obj(
                5,
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 48 /LastChar 57
                 /Widths [500 500 500 500 500 500 500 500 500 500] >>",
            ),
        ],
        "",
    );
    assert_eq!(
        pages(&bytes),
        Ok(vec!["upright\n13800138000\nnext line\n".into()])
    );
}

#[test]
fn damaged_and_foreign_files() {
    assert!(pages(b"").is_err());
    assert!(pages(b"%PDF-1.4\n% nothing else").is_err_and(|w| w.starts_with("no pages")));
    assert!(pages(b"PK\x03\x04").is_err_and(|w| w.contains("not a PDF")));
    // No trailer, no xref: the catalog and pages are found by scanning.
    let bytes = simple_pdf();
    let cut = syntax::find(&bytes, b"xref", 0).expect("xref");
    let text = pages(bytes.get(..cut).expect("cut")).expect("read");
    assert!(text[0].starts_with("Roster (2024)\n"), "{text:?}");
}

#[test]
fn cycles_in_the_page_tree_and_forms_end() {
    let bytes = pdf(
        &[
            obj(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            (
                2,
                format!(
                    "<< /Type /Pages /Kids [2 0 R 3 0 R {}] /Count 1 >>",
                    "2 0 R 3 0 R ".repeat(200_000)
                )
                .into_bytes(),
            ),
            obj(
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> /Font << /F 6 0 R >> >> >>",
            ),
            (4, stream("", b"/X Do")),
            (
                5,
                stream(
                    "/Subtype /Form /Resources << /XObject << /X 5 0 R >> /Font << /F 6 0 R >> >>",
                    b"BT /F 10 Tf (a) Tj ET /X Do",
                ),
            ),
            obj(6, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            (7, b"<< /Length 7 0 R >>\nstream\nabc\nendstream".to_vec()),
        ],
        "",
    );
    assert_eq!(pages(&bytes), Ok(vec!["a\n".into()]));
}

#[test]
fn the_chromium_roster_is_read_by_page_and_cell() {
    let text = pages(CHROMIUM_ROSTER).expect("readable");
    assert_eq!(
        text,
        vec![
            "低保对象名单\n电话 0000-1234567\n序号\t姓名\t身份证号\t电话\n1\t张某某\t440401********1768\t138****1234\n2\t李某某\t35*************123\t139****5678\n",
            "序号\t姓名\t身份证号\t电话\n3\t王某某\t370101190102039973\t13800138000\n4\t赵某某\t513101\t198201130014\n",
        ]
    );
}

/// A deterministic generator (xorshift) for the mutation test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Runs `extract` on each input and returns the slowest run.
fn slowest(inputs: impl Iterator<Item = Vec<u8>>) -> Duration {
    let mut worst = Duration::ZERO;
    for input in inputs {
        let start = Instant::now();
        let _ = extract(&input);
        worst = worst.max(start.elapsed());
    }
    worst
}

/// Truncations at every 97th byte and `mutations` deterministic mutations of `bytes` (one to
/// four bytes replaced, inserted or removed, half of them syntax characters): `extract` never
/// panics, and no run takes long.
fn assert_robust(name: &str, bytes: &[u8], mutations: usize) {
    // Bytes that matter to the syntax, so mutations reach the parsers' edge cases.
    const SPECIAL: &[u8] = b"()<>[]{}/%\\ \n\r0123456789RTjobjstreamendxref";
    let limit = Duration::from_secs(2);
    let truncations = (0..bytes.len()).step_by(97).map(|n| bytes[..n].to_vec());
    let worst = slowest(truncations);
    assert!(worst < limit, "{name}: a truncation took {worst:?}");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64);
    let mutants = (0..mutations).map(|_| {
        let mut m = bytes.to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(m.len());
            let b = if rng.below(2) == 0 {
                SPECIAL[rng.below(SPECIAL.len())]
            } else {
                rng.next() as u8
            };
            match rng.below(3) {
                0 => m[at] = b,
                1 => m.insert(at, b),
                _ => {
                    m.remove(at);
                }
            }
        }
        m
    });
    let worst = slowest(mutants);
    assert!(worst < limit, "{name}: a mutant took {worst:?}");
}

#[test]
fn robust_on_the_simple_pdf() {
    assert_robust("simple", &simple_pdf(), 3000);
}

#[test]
fn robust_on_the_cid_pdf() {
    assert_robust("cid", &cid_pdf(), 3000);
}

#[test]
fn robust_on_the_object_stream_pdf() {
    assert_robust("objstm", &objstm_pdf(), 3000);
}

#[test]
fn robust_on_the_scanned_pdf() {
    assert_robust("scanned", &scanned_pdf(), 2000);
}

/// Fewer mutations: each run reads a 60 KB file with some forty fonts.
#[test]
fn robust_on_the_chromium_roster() {
    assert_robust("chromium", CHROMIUM_ROSTER, 600);
}

#[test]
fn robust_on_the_qpdf_files() {
    assert_robust("qpdf objstm", QPDF_OBJSTM_ROSTER, 300);
    assert_robust("qpdf encrypted", QPDF_ENCRYPTED, 1000);
}
