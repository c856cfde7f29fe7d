//! PDF syntax: the lexer shared by the file structure, content streams and CMaps, and the
//! objects it builds. Every read is bounds-checked: bad input ends a token or an object early,
//! never panics.

use std::ops::Range;

/// Deepest nesting of arrays and dictionaries parsed; deeper input is cut off.
const MAX_DEPTH: usize = 64;
/// Most elements kept in one array or dictionary.
const MAX_ELEMENTS: usize = 1 << 20;

/// A PDF object.
#[derive(Debug, Clone, PartialEq)]
pub enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    /// A stream: its dictionary and where its (still encoded) data lies in the file.
    Stream(Dict, Range<usize>),
    Ref(u32, u16),
}

/// A dictionary; keys without the leading slash.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dict(pub Vec<(Vec<u8>, Obj)>);

impl Dict {
    pub fn get(&self, key: &[u8]) -> Option<&Obj> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn has(&self, key: &[u8]) -> bool {
        self.get(key).is_some()
    }

    /// True when `/Type` (or `/Subtype`, for `key` = b"Subtype") is the name `value`.
    pub fn is(&self, key: &[u8], value: &[u8]) -> bool {
        self.get(key).and_then(Obj::as_name) == Some(value)
    }
}

impl Obj {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Obj::Int(i) => Some(*i),
            Obj::Real(r) if r.is_finite() => Some(*r as i64),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Obj::Int(i) => Some(*i as f64),
            Obj::Real(r) if r.is_finite() => Some(*r),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&[u8]> {
        match self {
            Obj::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Obj]> {
        match self {
            Obj::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The dictionary of a dictionary or of a stream.
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(d) | Obj::Stream(d, _) => Some(d),
            _ => None,
        }
    }
}

/// One token of PDF syntax.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// `obj`, `R`, `stream`, `true`, an operator, a stray `}` or `)`…
    Keyword(&'a [u8]),
}

pub fn is_space(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A lexer over a byte buffer; `pos` may be moved by its user.
pub struct Lexer<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(buf: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer { buf, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Skips white space and comments.
    pub fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the buffer.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_space();
        let start = self.pos;
        let b = self.peek()?;
        self.pos += 1;
        Some(match b {
            b'[' => Token::ArrayOpen,
            b']' => Token::ArrayClose,
            b'<' if self.peek() == Some(b'<') => {
                self.pos += 1;
                Token::DictOpen
            }
            b'>' if self.peek() == Some(b'>') => {
                self.pos += 1;
                Token::DictClose
            }
            b'<' => Token::Str(self.hex_string()),
            b'(' => Token::Str(self.literal_string()),
            b'/' => Token::Name(self.name()),
            b'{' | b'}' | b')' | b'>' => Token::Keyword(self.buf.get(start..self.pos)?),
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                while self.peek().is_some_and(is_regular) {
                    self.pos += 1;
                }
                number(self.buf.get(start..self.pos)?)
            }
            _ => {
                while self.peek().is_some_and(is_regular) {
                    self.pos += 1;
                }
                Token::Keyword(self.buf.get(start..self.pos)?)
            }
        })
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_value(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn name(&mut self) -> Vec<u8> {
        let start = self.pos;
        let run = self.buf.get(start..).unwrap_or(&[]);
        let len = run
            .iter()
            .position(|&b| !is_regular(b))
            .unwrap_or(run.len());
        let plain = run.get(..len).unwrap_or(run);
        // Most names have no #xx escape: taken whole, not byte by byte.
        if !plain.contains(&b'#') {
            self.pos += len;
            return plain.to_vec();
        }
        let mut out = Vec::new();
        while let Some(b) = self.peek().filter(|&b| is_regular(b)) {
            self.pos += 1;
            if b == b'#' {
                let hi = self.buf.get(self.pos).copied().and_then(hex_value);
                let lo = self.buf.get(self.pos + 1).copied().and_then(hex_value);
                if let (Some(h), Some(l)) = (hi, lo) {
                    out.push(h << 4 | l);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }

    /// After an integer: when ` G R` follows, consumes it and returns G. Checked byte by
    /// byte, since most integers (array elements, operands) are not references.
    fn reference_tail(&mut self) -> Option<u16> {
        let buf = self.buf;
        let mut i = self.pos;
        let skip_space = |i: &mut usize| {
            while buf.get(*i).is_some_and(|&b| is_space(b)) {
                *i += 1;
            }
        };
        skip_space(&mut i);
        let digits_start = i;
        let mut generation: u32 = 0;
        while let Some(&d) = buf.get(i).filter(|b| b.is_ascii_digit()) {
            generation = generation
                .saturating_mul(10)
                .saturating_add(u32::from(d - b'0'));
            i += 1;
        }
        if i == digits_start || buf.get(i).is_some_and(|&b| is_regular(b)) {
            return None;
        }
        skip_space(&mut i);
        if buf.get(i) != Some(&b'R') || buf.get(i + 1).is_some_and(|&b| is_regular(b)) {
            return None;
        }
        self.pos = i + 1;
        Some(u16::try_from(generation).unwrap_or(0))
    }

    /// Parses one object; `None` at the end of input or on a token that starts none (a
    /// closing bracket, a keyword other than true/false/null). `N G R` becomes a reference.
    pub fn parse_object(&mut self) -> Option<Obj> {
        self.parse_nested(0)
    }

    fn parse_nested(&mut self, depth: usize) -> Option<Obj> {
        let token = self.next_token()?;
        self.object_from(token, depth)
    }

    /// The object that starts with `token`.
    pub fn object_from(&mut self, token: Token<'a>, depth: usize) -> Option<Obj> {
        Some(match token {
            Token::Int(n) => match (u32::try_from(n), self.reference_tail()) {
                (Ok(num), Some(generation)) => Obj::Ref(num, generation),
                _ => Obj::Int(n),
            },
            Token::Real(r) => Obj::Real(r),
            Token::Name(n) => Obj::Name(n),
            Token::Str(s) => Obj::Str(s),
            Token::Keyword(b"true") => Obj::Bool(true),
            Token::Keyword(b"false") => Obj::Bool(false),
            Token::Keyword(b"null") => Obj::Null,
            Token::ArrayOpen => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                let mut items = Vec::new();
                while let Some(t) = self.next_token() {
                    if t == Token::ArrayClose {
                        break;
                    }
                    match self.object_from(t, depth + 1) {
                        Some(o) if items.len() < MAX_ELEMENTS => items.push(o),
                        Some(_) => {}
                        // A stray keyword inside an array: skip it.
                        None => {}
                    }
                }
                Obj::Array(items)
            }
            Token::DictOpen => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                Obj::Dict(self.dict_body(depth))
            }
            _ => return None,
        })
    }

    /// The rest of a dictionary after `<<`.
    fn dict_body(&mut self, depth: usize) -> Dict {
        let mut entries = Vec::new();
        while let Some(t) = self.next_token() {
            let key = match t {
                Token::DictClose => break,
                Token::Name(k) => k,
                // A key that is not a name (broken input): skip it.
                _ => continue,
            };
            let Some(t) = self.next_token() else { break };
            if t == Token::DictClose {
                entries.push((key, Obj::Null));
                break;
            }
            // A value that is no object (a stray keyword) counts as null.
            let value = self.object_from(t, depth + 1).unwrap_or(Obj::Null);
            if entries.len() < MAX_ELEMENTS {
                entries.push((key, value));
            }
        }
        Dict(entries)
    }
}

fn number(text: &[u8]) -> Token<'_> {
    // Most numbers of a content stream are plain integers: read those without going through
    // `str` and its parser.
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, text),
    };
    if (1..=18).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
        let value = digits
            .iter()
            .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
        return Token::Int(if negative { -value } else { value });
    }
    let s = std::str::from_utf8(text).unwrap_or("0");
    if !s.contains(['.', 'e', 'E'])
        && let Ok(i) = s.parse::<i64>()
    {
        return Token::Int(i);
    }
    // Lenient: `--5`, `5-`, `1.2.3` are seen in the wild; keep the leading valid part.
    let mut end = s.len();
    while end > 0 {
        if let Some(Ok(v)) = s.get(..end).map(str::parse::<f64>) {
            return Token::Real(if v.is_finite() { v } else { 0.0 });
        }
        end -= 1;
    }
    let digits: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let sign = if s.starts_with('-') { -1.0 } else { 1.0 };
    Token::Real(digits.parse::<f64>().map_or(0.0, |v| sign * v))
}

/// Position of `needle` in `hay` at or after `from`.
pub fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

/// Position of the last `needle` in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::rfind(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<Obj> {
        Lexer::new(s.as_bytes(), 0).parse_object()
    }

    #[test]
    fn objects() {
        assert_eq!(parse("12 0 R"), Some(Obj::Ref(12, 0)));
        assert_eq!(parse("12 0 obj"), Some(Obj::Int(12)));
        assert_eq!(parse("-.5"), Some(Obj::Real(-0.5)));
        assert_eq!(parse("/A#20B"), Some(Obj::Name(b"A B".to_vec())));
        // Names with and without escapes, short and long.
        let long = "N".repeat(40);
        for name in ["", "g0", "FontDescriptor", &long[1..], &long] {
            let parsed = parse(&format!("/{name}"));
            assert_eq!(
                parsed.as_ref().and_then(Obj::as_name),
                Some(name.as_bytes())
            );
        }
        let escaped = format!("/{long}#41(");
        let expected = format!("{long}A");
        assert_eq!(
            parse(&escaped).as_ref().and_then(Obj::as_name),
            Some(expected.as_bytes())
        );
        assert_eq!(
            parse("(a\\(b\\)\\101\\\nc (d))"),
            Some(Obj::Str(b"a(b)Ac (d)".to_vec()))
        );
        assert_eq!(parse("<41 4>"), Some(Obj::Str(b"A@".to_vec())));
        let d = parse("<</Type /Page /Kids [1 0 R 2 0 R] /N null>>").and_then(|o| match o {
            Obj::Dict(d) => Some(d),
            _ => None,
        });
        let d = d.unwrap_or_default();
        assert!(d.is(b"Type", b"Page"));
        assert_eq!(
            d.get(b"Kids"),
            Some(&Obj::Array(vec![Obj::Ref(1, 0), Obj::Ref(2, 0)]))
        );
        assert_eq!(d.get(b"N"), Some(&Obj::Null));
    }

    #[test]
    fn deep_nesting_is_cut_off() {
        let deep = "[".repeat(100_000);
        assert!(matches!(parse(&deep), Some(Obj::Array(_))));
        let deep = "<<".repeat(100_000);
        assert!(parse(&deep).is_some());
    }

    #[test]
    fn numbers_are_lenient() {
        assert_eq!(number(b"--5"), Token::Real(-5.0));
        assert_eq!(number(b"1.5.2"), Token::Real(1.5));
        assert_eq!(number(b"99999999999999999999"), Token::Real(1e20));
        assert_eq!(number(b"-"), Token::Real(0.0));
        for (text, int) in [
            (&b"0"[..], 0),
            (b"-17", -17),
            (b"+42", 42),
            (b"007", 7),
            (b"999999999999999999", 999_999_999_999_999_999),
        ] {
            assert_eq!(number(text), Token::Int(int));
        }
        assert_eq!(number(b"+"), Token::Real(0.0));
        assert_eq!(number(b"-0.5"), Token::Real(-0.5));
    }
}
