//! Fonts as far as text extraction needs them: how a string splits into character codes,
//! what text each code stands for, and how far each glyph advances.
//!
//! Text comes from the font's ToUnicode CMap first (bfchar, bfrange in both forms, codes of
//! one to four bytes as its codespace ranges say); then, for simple fonts, from the encoding
//! (WinAnsi, Standard, MacRoman's ASCII half) with `/Differences` glyph names; for Type0 fonts
//! with a predefined Unicode CMap (UniGB-UCS2-H, …) from the code itself, and with a legacy
//! one (GBK-EUC-H, B5pc-H, …) at least the one-byte ASCII codes, digits included. Codes
//! nothing maps are counted, so a file whose fonts carry no map can be reported instead of
//! passed.

use super::file::Doc;
use super::syntax::{Dict, Lexer, Obj, Token};
use std::collections::HashMap;

/// Most mappings read from one CMap, and most codes one bfrange may span.
const MAX_CMAP_ENTRIES: usize = 200_000;
const MAX_RANGE: u32 = 0xffff;
/// Most mappings tried while reading one CMap.
const MAX_CMAP_WORK: usize = 1_000_000;

/// A codespace range: codes of `len` bytes between `low` and `high`, byte by byte.
#[derive(Debug, Clone)]
struct CodeRange {
    len: usize,
    low: Vec<u8>,
    high: Vec<u8>,
}

/// A CMap: codespace ranges and code → text.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    ranges: Vec<CodeRange>,
    map: HashMap<(u8, u32), String>,
    /// Which code lengths (1–4 bytes) the mappings use.
    lens: [bool; 5],
    /// Mappings tried so far.
    work: usize,
}

impl CMap {
    /// Parses the bfchar, bfrange and codespacerange sections of a CMap program.
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lx = Lexer::new(data, 0);
        while let Some(tok) = lx.next_token() {
            let Token::Keyword(kw) = tok else { continue };
            match kw {
                b"begincodespacerange" => {
                    while let (Some(lo), Some(hi)) = (next_str(&mut lx), next_str(&mut lx)) {
                        if !lo.is_empty() && lo.len() == hi.len() && lo.len() <= 4 {
                            cmap.ranges.push(CodeRange {
                                len: lo.len(),
                                low: lo,
                                high: hi,
                            });
                        }
                    }
                }
                b"beginbfchar" => {
                    while let Some(src) = next_str(&mut lx) {
                        let text = match lx.parse_object() {
                            Some(Obj::Str(s)) => utf16(&s),
                            Some(Obj::Name(n)) => glyph_text(&n).unwrap_or_default(),
                            _ => continue,
                        };
                        cmap.insert(&src, 0, text);
                    }
                }
                b"beginbfrange" => {
                    while let (Some(lo), Some(hi)) = (next_str(&mut lx), next_str(&mut lx)) {
                        if cmap.work > MAX_CMAP_WORK {
                            break;
                        }
                        let dst = lx.parse_object();
                        let (Some(lo_code), Some(hi_code)) = (code_value(&lo), code_value(&hi))
                        else {
                            continue;
                        };
                        if hi_code < lo_code || hi_code - lo_code > MAX_RANGE {
                            continue;
                        }
                        match &dst {
                            Some(Obj::Str(base)) => {
                                for step in 0..=(hi_code - lo_code) {
                                    cmap.insert(&lo, step, increment_last(base, step));
                                }
                            }
                            Some(Obj::Array(items)) => {
                                for (step, item) in (0..=(hi_code - lo_code)).zip(items) {
                                    if let Some(s) = item.as_str() {
                                        cmap.insert(&lo, step, utf16(s));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        cmap
    }

    fn insert(&mut self, src: &[u8], step: u32, text: String) {
        // Work, not only size, is capped: ranges that overwrite the same codes again and
        // again must end too.
        self.work += 1;
        if src.is_empty() || src.len() > 4 || self.work > MAX_CMAP_WORK {
            return;
        }
        if self.map.len() >= MAX_CMAP_ENTRIES {
            return;
        }
        if let Some(code) = code_value(src).and_then(|c| c.checked_add(step)) {
            self.map.insert((src.len() as u8, code), text);
            if let Some(l) = self.lens.get_mut(src.len()) {
                *l = true;
            }
        }
    }

    fn lookup(&self, len: usize, code: u32) -> Option<&str> {
        self.map.get(&(len as u8, code)).map(String::as_str)
    }

    /// The length of the code starting at `bytes[0]` by the codespace ranges, if any matches.
    fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        self.ranges
            .iter()
            .find(|r| {
                bytes.get(..r.len).is_some_and(|code| {
                    code.iter()
                        .zip(r.low.iter().zip(&r.high))
                        .all(|(b, (lo, hi))| lo <= b && b <= hi)
                })
            })
            .map(|r| r.len)
    }

    /// True when some mapping uses codes of `len` bytes.
    fn has_len(&self, len: usize) -> bool {
        self.lens.get(len).copied().unwrap_or(false)
    }
}

/// The next token when it is a string; otherwise leaves it (`endbfchar`, …) unread.
fn next_str(lx: &mut Lexer) -> Option<Vec<u8>> {
    let save = lx.pos;
    match lx.next_token() {
        Some(Token::Str(s)) => Some(s),
        _ => {
            lx.pos = save;
            None
        }
    }
}

fn code_value(bytes: &[u8]) -> Option<u32> {
    (bytes.len() <= 4).then(|| bytes.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)))
}

/// UTF-16BE text (what ToUnicode maps to); lone surrogates become U+FFFD.
fn utf16(bytes: &[u8]) -> String {
    let units = bytes
        .chunks(2)
        .map(|c| c.iter().fold(0u16, |acc, &b| acc << 8 | u16::from(b)));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
}

/// `base` with its last UTF-16 unit increased by `step`, as bfrange destinations count.
fn increment_last(base: &[u8], step: u32) -> String {
    let mut units: Vec<u32> = base
        .chunks(2)
        .map(|c| c.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)))
        .collect();
    let Some(last) = units.pop() else {
        return String::new();
    };
    let mut out: String = char::decode_utf16(units.iter().map(|&u| u as u16))
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect();
    out.push(char::from_u32(last.saturating_add(step)).unwrap_or('\u{fffd}'));
    out
}

/// The text of a glyph name: `one`, `A`, `uni4E00`, `u1F600`, `a.alt`.
pub fn glyph_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split(['.', '_']).next().unwrap_or(name);
    if let Some(hex) = base.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
    {
        let units: Option<Vec<u16>> = (0..hex.len() / 4)
            .map(|i| {
                hex.get(i * 4..i * 4 + 4)
                    .and_then(|h| u16::from_str_radix(h, 16).ok())
            })
            .collect();
        return Some(
            char::decode_utf16(units?)
                .map(|r| r.unwrap_or('\u{fffd}'))
                .collect(),
        );
    }
    if let Some(hex) = base.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
    {
        return Some(c.to_string());
    }
    if base.len() == 1 && base.is_ascii() {
        return Some(base.to_string());
    }
    let c = match base {
        "space" | "nbspace" => ' ',
        "zero" => '0',
        "one" => '1',
        "two" => '2',
        "three" => '3',
        "four" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        "hyphen" | "minus" | "sfthyphen" => '-',
        "asterisk" => '*',
        "period" => '.',
        "comma" => ',',
        "colon" => ':',
        "semicolon" => ';',
        "parenleft" => '(',
        "parenright" => ')',
        "bracketleft" => '[',
        "bracketright" => ']',
        "braceleft" => '{',
        "braceright" => '}',
        "slash" => '/',
        "backslash" => '\\',
        "underscore" => '_',
        "at" => '@',
        "numbersign" => '#',
        "percent" => '%',
        "ampersand" => '&',
        "plus" => '+',
        "equal" => '=',
        "less" => '<',
        "greater" => '>',
        "question" => '?',
        "exclam" => '!',
        "quotedbl" => '"',
        "quotesingle" => '\'',
        "bar" => '|',
        "asciitilde" => '~',
        "asciicircum" => '^',
        "grave" => '`',
        "dollar" => '$',
        "endash" => '–',
        "emdash" => '—',
        "bullet" => '•',
        "quoteleft" => '‘',
        "quoteright" => '’',
        "quotedblleft" => '“',
        "quotedblright" => '”',
        "ellipsis" => '…',
        "periodcentered" => '·',
        "yen" => '¥',
        "Euro" => '€',
        "multiply" => '×',
        "degree" => '°',
        _ => return None,
    };
    Some(c.to_string())
}

/// cp1252 (WinAnsiEncoding) codes 0x80–0x9F; 0 where undefined.
const WIN_ANSI_HIGH: [u16; 32] = [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
    0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BaseEncoding {
    WinAnsi,
    Standard,
    /// MacRoman and unknown encodings: only the ASCII half is certain.
    Ascii,
}

fn base_char(enc: BaseEncoding, code: u8) -> Option<char> {
    match (enc, code) {
        (BaseEncoding::Standard, 0x27) => Some('’'),
        (BaseEncoding::Standard, 0x60) => Some('‘'),
        (_, 0x20..=0x7e) => Some(char::from(code)),
        (BaseEncoding::WinAnsi, 0x80..=0x9f) => WIN_ANSI_HIGH
            .get(usize::from(code - 0x80))
            .filter(|&&u| u != 0)
            .and_then(|&u| char::from_u32(u32::from(u))),
        (BaseEncoding::WinAnsi, 0xa0..=0xff) => Some(char::from(code)),
        _ => None,
    }
}

/// How a Type0 font's codes become text without a ToUnicode map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CidText {
    /// Identity-H/V and unknown CMaps: codes are glyph ids, unreadable.
    None,
    /// UCS-2 or UTF-16 CMaps: the code is the character.
    Unicode,
    /// Legacy multi-byte CMaps (GBK-EUC-H, GBpc-EUC-H, B5pc-H, 90ms-RKSJ-H, …): a byte from
    /// 0x81 up starts a two-byte CJK code, unread without a table; other bytes are one-byte
    /// codes, ASCII in all of them, so digits and Latin letters are read.
    LeadByte,
}

/// One character code of a string.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The text it stands for; `None` when nothing maps it.
    pub text: Option<String>,
    /// Advance in text space for a font size of 1.
    pub width: f64,
    /// A single-byte code 32, which word spacing applies to.
    pub is_space: bool,
}

/// A font, as far as text extraction needs it.
#[derive(Debug, Clone)]
pub struct Font {
    composite: bool,
    to_unicode: Option<CMap>,
    /// Codespace of a Type0 font's embedded encoding CMap.
    encoding_cmap: Option<CMap>,
    cid_text: CidText,
    /// Simple fonts: the encoding their codes are read with, and by code what `/Differences`
    /// sets instead (empty without it; `Some(None)` for a glyph name that maps to no text).
    base: Option<BaseEncoding>,
    differences: Vec<Option<Option<String>>>,
    /// Widths in glyph space: simple fonts by code, composite fonts by CID (= code for the
    /// Identity and Unicode CMaps these fonts use in practice).
    widths: Widths,
    default_width: f64,
    /// Glyph space to text space: 1/1000, or a Type3 font's FontMatrix.
    scale: f64,
}

/// Glyph widths by code or CID. A font sets them in one go and then only reads them, so
/// they are collected in a list, sorted once (`finish`, the later of two settings of a code
/// winning) and found by binary search: cheaper than a hash map for the few hundred to few
/// thousand widths of a font, of which a PDF may load dozens.
#[derive(Debug, Clone, Default)]
struct Widths(Vec<(u32, f64)>);

impl Widths {
    fn insert(&mut self, code: u32, width: f64) {
        self.0.push((code, width));
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn finish(&mut self) {
        // Stable, so of two settings of one code the later stays last; the fonts' own order
        // is ascending already, which the sort only checks.
        self.0.sort_by_key(|&(code, _)| code);
        let mut kept = 0;
        for i in 0..self.0.len() {
            if i + 1 < self.0.len() && self.0[i + 1].0 == self.0[i].0 {
                continue;
            }
            self.0[kept] = self.0[i];
            kept += 1;
        }
        self.0.truncate(kept);
    }

    fn get(&self, code: u32) -> Option<f64> {
        self.0
            .binary_search_by_key(&code, |&(c, _)| c)
            .ok()
            .map(|i| self.0[i].1)
    }
}

impl Font {
    /// A font that maps nothing and has no widths: used when `Tf` names no known font.
    pub fn unknown() -> Font {
        Font {
            composite: false,
            to_unicode: None,
            encoding_cmap: None,
            cid_text: CidText::None,
            base: None,
            differences: Vec::new(),
            widths: Widths::default(),
            default_width: 500.0,
            scale: 0.001,
        }
    }

    pub fn load(doc: &Doc, dict: &Dict) -> Font {
        let subtype = doc.get_in(dict, b"Subtype");
        let composite = subtype.as_name() == Some(b"Type0");
        let to_unicode = match &*doc.get_in(dict, b"ToUnicode") {
            s @ Obj::Stream(..) => doc.decode(s).map(|d| CMap::parse(&d)),
            _ => None,
        };
        let mut font = Font {
            composite,
            to_unicode,
            ..Font::unknown()
        };
        if composite {
            font.load_composite(doc, dict);
        } else {
            font.load_simple(doc, dict, subtype.as_name() == Some(b"Type3"));
        }
        font.widths.finish();
        font
    }

    fn load_composite(&mut self, doc: &Doc, dict: &Dict) {
        match &*doc.get_in(dict, b"Encoding") {
            Obj::Name(n) => {
                let n = String::from_utf8_lossy(n);
                if n.contains("UCS2") || n.contains("UTF16") {
                    self.cid_text = CidText::Unicode;
                } else if [
                    "EUC", "GBK", "GBpc", "GBT", "B5", "RKSJ", "KSC", "UHC", "CNS",
                ]
                .iter()
                .any(|k| n.contains(k))
                {
                    self.cid_text = CidText::LeadByte;
                }
            }
            s @ Obj::Stream(..) => {
                self.encoding_cmap = doc.decode(s).map(|d| CMap::parse(&d));
            }
            _ => {}
        }
        self.default_width = 1000.0;
        let descendant = match &*doc.get_in(dict, b"DescendantFonts") {
            Obj::Array(a) => a.first().map(|d| doc.deref(d).as_dict().cloned()),
            _ => None,
        }
        .flatten();
        let Some(cid_font) = descendant else { return };
        if let Some(dw) = doc.get_in(&cid_font, b"DW").as_f64() {
            self.default_width = dw;
        }
        let w = doc.get_in(&cid_font, b"W");
        let Some(items) = w.as_array() else { return };
        let mut i = 0;
        let mut work = 0usize;
        while let Some(first) = items.get(i).and_then(|o| doc.deref(o).as_i64()) {
            let next = items.get(i + 1).map(|o| doc.deref(o));
            match next.as_deref() {
                Some(Obj::Array(list)) => {
                    for (k, w) in list.iter().enumerate().take(MAX_CMAP_ENTRIES) {
                        if let (Ok(cid), Some(w)) =
                            (u32::try_from(first + k as i64), doc.deref(w).as_f64())
                        {
                            self.widths.insert(cid, w);
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(w)) = (
                        last.as_i64(),
                        items.get(i + 2).and_then(|o| doc.deref(o).as_f64()),
                    ) else {
                        break;
                    };
                    work += usize::try_from(last.saturating_sub(first)).unwrap_or(0);
                    if last >= first && last - first <= i64::from(MAX_RANGE) && work < MAX_CMAP_WORK
                    {
                        for cid in first..=last {
                            if let Ok(cid) = u32::try_from(cid) {
                                self.widths.insert(cid, w);
                            }
                        }
                    }
                    i += 3;
                }
                None => break,
            }
            if self.widths.len() > MAX_CMAP_ENTRIES {
                break;
            }
        }
    }

    fn load_simple(&mut self, doc: &Doc, dict: &Dict, type3: bool) {
        if type3
            && let Some(a) = doc
                .get_in(dict, b"FontMatrix")
                .as_array()
                .and_then(|m| m.first())
                .and_then(Obj::as_f64)
            && a.is_finite()
            && a != 0.0
        {
            self.scale = a.abs();
        }
        let first = doc.get_in(dict, b"FirstChar").as_i64().unwrap_or(0);
        if let Some(widths) = doc.get_in(dict, b"Widths").as_array() {
            for (k, w) in widths.iter().enumerate().take(256) {
                if let (Ok(code), Some(w)) =
                    (u32::try_from(first + k as i64), doc.deref(w).as_f64())
                {
                    self.widths.insert(code, w);
                }
            }
        }
        let descriptor = doc.get_in(dict, b"FontDescriptor");
        if let Some(missing) = descriptor
            .as_dict()
            .and_then(|d| doc.get_in(d, b"MissingWidth").as_f64())
            .filter(|w| *w > 0.0)
        {
            self.default_width = missing;
        }
        let encoding = doc.get_in(dict, b"Encoding");
        let (base_name, differences) = match &*encoding {
            Obj::Name(n) => (Some(n.clone()), None),
            Obj::Dict(d) => (
                doc.get_in(d, b"BaseEncoding").as_name().map(<[u8]>::to_vec),
                Some(doc.get_in(d, b"Differences")),
            ),
            _ => (None, None),
        };
        self.base = Some(match base_name.as_deref() {
            Some(b"WinAnsiEncoding") => BaseEncoding::WinAnsi,
            Some(b"StandardEncoding") => BaseEncoding::Standard,
            Some(_) => BaseEncoding::Ascii,
            None if type3 => BaseEncoding::Ascii,
            None => BaseEncoding::Standard,
        });
        if let Some(diffs) = differences.as_deref().and_then(Obj::as_array) {
            let mut code: i64 = 0;
            for item in diffs {
                let item = doc.deref(item);
                match item.as_i64() {
                    Some(c) => code = c,
                    None => {
                        if let (Some(name), Ok(c)) = (item.as_name(), u8::try_from(code)) {
                            if self.differences.is_empty() {
                                self.differences = vec![None; 256];
                            }
                            // A name no table knows (`g7090`, `cid123`) leaves the code
                            // unmapped; a later setting of a code wins.
                            if let Some(slot) = self.differences.get_mut(usize::from(c)) {
                                *slot = Some(glyph_text(name));
                            }
                        }
                        code += 1;
                    }
                }
            }
        }
    }

    /// The text of a simple font's `code`.
    fn simple_text(&self, code: u32) -> Option<String> {
        let code = u8::try_from(code).ok()?;
        match self.differences.get(usize::from(code)) {
            Some(Some(set)) => set.clone(),
            _ => self.base.and_then(|b| base_char(b, code)).map(String::from),
        }
    }

    /// Splits `bytes` into codes and reads each.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let rest = bytes.get(i..).unwrap_or(&[]);
            let len = self.code_len(rest).clamp(1, rest.len().max(1));
            let code_bytes = rest.get(..len).unwrap_or(rest);
            let code = code_value(code_bytes).unwrap_or(0);
            i += len;
            let mut text = self
                .to_unicode
                .as_ref()
                .and_then(|m| m.lookup(len, code))
                .map(str::to_string);
            if text.is_none() {
                text = if self.composite {
                    match self.cid_text {
                        CidText::Unicode => char::from_u32(code).map(String::from),
                        CidText::LeadByte if len == 1 && (0x20..0x7f).contains(&code) => {
                            char::from_u32(code).map(String::from)
                        }
                        CidText::LeadByte | CidText::None => None,
                    }
                } else {
                    self.simple_text(code)
                };
            }
            let width = self.widths.get(code).unwrap_or(self.default_width) * self.scale;
            out.push(Glyph {
                text,
                width: if width.is_finite() { width } else { 0.0 },
                is_space: len == 1 && code == 32,
            });
        }
        out
    }

    /// Bytes per code at the start of `bytes`.
    fn code_len(&self, bytes: &[u8]) -> usize {
        if !self.composite {
            return 1;
        }
        for cmap in [&self.encoding_cmap, &self.to_unicode]
            .into_iter()
            .flatten()
        {
            if let Some(len) = cmap.code_len(bytes) {
                return len;
            }
        }
        if self.cid_text == CidText::LeadByte {
            return if bytes.first().is_some_and(|&b| b >= 0x81) {
                2
            } else {
                1
            };
        }
        // Without codespace ranges, a ToUnicode map with only one-byte codes means one-byte
        // codes; otherwise Identity and the Unicode CMaps use two.
        match &self.to_unicode {
            Some(m) if m.has_len(1) && !m.has_len(2) => 1,
            _ => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_keep_the_last_setting_of_each_code() {
        let mut w = Widths::default();
        for (code, width) in [(5, 1.0), (3, 2.0), (5, 3.0), (9, 4.0), (3, 5.0), (5, 6.0)] {
            w.insert(code, width);
        }
        w.finish();
        assert_eq!(w.get(3), Some(5.0));
        assert_eq!(w.get(5), Some(6.0));
        assert_eq!(w.get(9), Some(4.0));
        assert_eq!(w.get(4), None);
        assert_eq!(w.len(), 3);
        assert_eq!(Widths::default().get(0), None);
    }

    #[test]
    fn to_unicode_cmaps() {
        let cmap = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0010> <002D> endbfchar
            2 beginbfrange <0013> <001C> <0030> <0100> <0102> [<5F20> <674E> <D83DDE00>] endbfrange
            1 beginbfchar <0200> /uni738B endbfchar
            endcmap CMapName currentdict /CMap defineresource pop end end",
        );
        assert_eq!(cmap.lookup(2, 0x13), Some("0"));
        assert_eq!(cmap.lookup(2, 0x1c), Some("9"));
        assert_eq!(cmap.lookup(2, 0x10), Some("-"));
        assert_eq!(cmap.lookup(2, 0x101), Some("李"));
        assert_eq!(cmap.lookup(2, 0x102), Some("😀"));
        assert_eq!(cmap.lookup(2, 0x200), Some("王"));
        assert_eq!(cmap.lookup(1, 0x13), None);
        assert_eq!(cmap.code_len(&[0, 0x13]), Some(2));
    }

    #[test]
    fn overlapping_ranges_end() {
        let mut program = b"100000 beginbfrange ".to_vec();
        for _ in 0..100_000 {
            program.extend_from_slice(b"<0000> <FFFF> <0041> ");
        }
        let start = std::time::Instant::now();
        let cmap = CMap::parse(&program);
        assert_eq!(cmap.lookup(2, 1), Some("B"));
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn mixed_codespace_lengths() {
        let cmap = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
            2 beginbfchar <41> <0041> <B0A1> <554A> endbfchar",
        );
        let font = Font {
            composite: true,
            to_unicode: Some(cmap),
            ..Font::unknown()
        };
        let text: String = font
            .decode(&[0x41, 0xb0, 0xa1, 0x41])
            .into_iter()
            .filter_map(|g| g.text)
            .collect();
        assert_eq!(text, "A啊A");
    }

    #[test]
    fn legacy_chinese_cmaps_give_their_ascii() {
        let font = Font {
            composite: true,
            cid_text: CidText::LeadByte,
            ..Font::unknown()
        };
        // 张三 in GBK, a space, a phone number.
        let text: String = font
            .decode(b"\xd5\xc5\xc8\xfd 13800138000")
            .into_iter()
            .map(|g| g.text.unwrap_or_else(|| "?".into()))
            .collect();
        assert_eq!(text, "?? 13800138000");
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_text(b"one").as_deref(), Some("1"));
        assert_eq!(glyph_text(b"X").as_deref(), Some("X"));
        assert_eq!(glyph_text(b"uni5F20").as_deref(), Some("张"));
        assert_eq!(glyph_text(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_text(b"zero.tnum").as_deref(), Some("0"));
        assert_eq!(glyph_text(b"g7090"), None);
        assert_eq!(base_char(BaseEncoding::WinAnsi, 0x80), Some('€'));
        assert_eq!(base_char(BaseEncoding::Standard, 0x27), Some('’'));
    }
}
