//! The file structure of a PDF: where each object is defined, the trailer, streams and their
//! filters.
//!
//! Objects are found two ways: through the cross-reference chain (classic `xref` tables and
//! PDF 1.5 cross-reference streams, newest section first, following `/Prev`), and by scanning
//! the whole file for `N G obj` and reading every object stream (`/Type /ObjStm`), where a later
//! definition wins, as incremental updates append. A cross-reference entry is used when it
//! points at the object it names; otherwise the scan answers, so a broken or missing xref
//! costs nothing but time.

use super::filter;
use super::syntax::{Dict, Lexer, Obj, Token, find, is_space, rfind};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use std::rc::Rc;

/// Most bytes one stream may decode to (as `MAX_PART_BYTES` for Office files).
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Most bytes all the streams of one file may decode to, together.
const MAX_DECODED_BYTES: usize = 256 * 1024 * 1024;
/// Most objects one object stream may hold.
const MAX_OBJSTM_OBJECTS: usize = 100_000;
/// Most cross-reference sections followed through `/Prev`.
const MAX_XREF_SECTIONS: usize = 64;
/// Most nested lookups (a stream's `/Length` in an object stream, …).
const MAX_LOOKUP_DEPTH: u32 = 16;

/// The objects of an object stream, with their numbers.
type Objects = Rc<Vec<(u32, Obj)>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loc {
    /// Offset of `N G obj`.
    Direct(usize),
    /// In object stream N.
    InStream(u32),
}

/// A parsed PDF file.
pub struct Doc<'a> {
    pub bytes: &'a [u8],
    xref: HashMap<u32, Loc>,
    scanned: HashMap<u32, Loc>,
    /// Trailer dictionaries, newest first (from the xref chain, then found by scanning).
    trailers: Vec<Dict>,
    /// Dictionaries of the cross-reference streams the scan met, in file order.
    scanned_xref_dicts: Vec<Dict>,
    cache: RefCell<HashMap<u32, Option<Rc<Obj>>>>,
    object_streams: RefCell<HashMap<u32, Objects>>,
    depth: Cell<u32>,
    /// Objects being loaded, so a reference cycle (a `/Length` inside its own object
    /// stream) ends at once.
    loading: RefCell<HashSet<u32>>,
    decoded: Cell<usize>,
    /// Set when a limit cut something off, so the result is incomplete.
    pub truncated: Cell<bool>,
}

/// An object, borrowed or shared from the document's cache.
pub enum Val<'b> {
    Borrowed(&'b Obj),
    Shared(Rc<Obj>),
}

impl Deref for Val<'_> {
    type Target = Obj;
    fn deref(&self) -> &Obj {
        match self {
            Val::Borrowed(o) => o,
            Val::Shared(o) => o,
        }
    }
}

static NULL: Obj = Obj::Null;

impl<'a> Doc<'a> {
    /// Reads the structure of `bytes`: never fails, but may find nothing.
    pub fn parse(bytes: &'a [u8]) -> Doc<'a> {
        let mut doc = Doc {
            bytes,
            xref: HashMap::new(),
            scanned: HashMap::new(),
            trailers: Vec::new(),
            scanned_xref_dicts: Vec::new(),
            cache: RefCell::new(HashMap::new()),
            object_streams: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
            loading: RefCell::new(HashSet::new()),
            decoded: Cell::new(0),
            truncated: Cell::new(false),
        };
        doc.scan();
        doc.read_xref_chain();
        doc.scan_trailers();
        doc
    }

    /// Objects the cross-reference chain locates (for tests of the xref readers).
    #[cfg(test)]
    pub fn xref_objects(&self) -> Vec<u32> {
        let mut nums: Vec<u32> = self.xref.keys().copied().collect();
        nums.sort_unstable();
        nums
    }

    /// The value of `key` in the trailers, newest first.
    pub fn trailer(&self, key: &[u8]) -> Option<&Obj> {
        self.trailers.iter().find_map(|t| t.get(key))
    }

    /// The document catalog: the trailer's `/Root`, or else the last object of type Catalog.
    pub fn catalog(&self) -> Option<Rc<Obj>> {
        let from_trailer = self
            .trailers
            .iter()
            .filter_map(|t| t.get(b"Root"))
            .find_map(|r| match r {
                Obj::Ref(n, _) => self.get(*n),
                _ => None,
            })
            .filter(|o| o.as_dict().is_some());
        from_trailer.or_else(|| {
            let mut nums: Vec<u32> = self.scanned.keys().copied().collect();
            nums.sort_unstable();
            nums.into_iter().rev().find_map(|n| {
                self.get(n)
                    .filter(|o| o.as_dict().is_some_and(|d| d.is(b"Type", b"Catalog")))
            })
        })
    }

    /// Numbers of all objects whose dictionary has `/Type /type_name`, in number order: the
    /// fallback when the page tree is broken.
    pub fn objects_of_type(&self, type_name: &[u8]) -> Vec<Rc<Obj>> {
        let mut nums: Vec<u32> = self
            .scanned
            .keys()
            .chain(self.xref.keys())
            .copied()
            .collect::<HashSet<u32>>()
            .into_iter()
            .collect();
        nums.sort_unstable();
        nums.into_iter()
            .filter_map(|n| self.get(n))
            .filter(|o| o.as_dict().is_some_and(|d| d.is(b"Type", type_name)))
            .collect()
    }

    /// Object `num`, from the cross-reference entry when it holds, else from the scan.
    pub fn get(&self, num: u32) -> Option<Rc<Obj>> {
        if let Some(hit) = self.cache.borrow().get(&num) {
            return hit.clone();
        }
        if self.depth.get() >= MAX_LOOKUP_DEPTH || !self.loading.borrow_mut().insert(num) {
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        let found = [self.xref.get(&num), self.scanned.get(&num)]
            .into_iter()
            .flatten()
            .find_map(|&loc| self.load(num, loc))
            .map(Rc::new);
        self.depth.set(self.depth.get() - 1);
        self.loading.borrow_mut().remove(&num);
        self.cache.borrow_mut().insert(num, found.clone());
        found
    }

    fn load(&self, num: u32, loc: Loc) -> Option<Obj> {
        match loc {
            Loc::Direct(offset) => self
                .object_at(offset)
                .filter(|(n, _)| *n == num)
                .map(|(_, o)| o),
            Loc::InStream(stream) if stream != num => self
                .object_stream(stream)?
                .iter()
                .find(|(n, _)| *n == num)
                .map(|(_, o)| o.clone()),
            Loc::InStream(_) => None,
        }
    }

    /// Follows references (a few levels) to the object meant.
    pub fn deref<'b>(&self, o: &'b Obj) -> Val<'b> {
        let mut cur = match o {
            Obj::Ref(n, _) => match self.get(*n) {
                Some(rc) => rc,
                None => return Val::Borrowed(&NULL),
            },
            _ => return Val::Borrowed(o),
        };
        for _ in 0..8 {
            let Obj::Ref(n, _) = *cur else {
                return Val::Shared(cur);
            };
            match self.get(n) {
                Some(next) => cur = next,
                None => return Val::Borrowed(&NULL),
            }
        }
        Val::Borrowed(&NULL)
    }

    /// `dict[key]`, references followed; `Null` when absent.
    pub fn get_in<'b>(&self, dict: &'b Dict, key: &[u8]) -> Val<'b> {
        match dict.get(key) {
            Some(o) => self.deref(o),
            None => Val::Borrowed(&NULL),
        }
    }

    /// The object defined at `offset` (`N G obj …`), with its number.
    fn object_at(&self, offset: usize) -> Option<(u32, Obj)> {
        let mut lx = Lexer::new(self.bytes, offset);
        let Some(Token::Int(num)) = lx.next_token() else {
            return None;
        };
        let Some(Token::Int(_)) = lx.next_token() else {
            return None;
        };
        let Some(Token::Keyword(b"obj")) = lx.next_token() else {
            return None;
        };
        let num = u32::try_from(num).ok()?;
        let obj = lx.parse_object()?;
        let Obj::Dict(dict) = obj else {
            return Some((num, obj));
        };
        if let Some(Token::Keyword(b"stream")) = lx.next_token() {
            let range = self.stream_range(&dict, lx.pos);
            return Some((num, Obj::Stream(dict, range)));
        }
        Some((num, Obj::Dict(dict)))
    }

    /// Where a stream's data lies, `data_start` being just after the `stream` keyword: its
    /// `/Length` when `endstream` follows it, else up to the next `endstream`.
    fn stream_range(&self, dict: &Dict, data_start: usize) -> std::ops::Range<usize> {
        let bytes = self.bytes;
        let mut start = data_start;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let length = match dict.get(b"Length") {
            Some(Obj::Ref(n, _)) => self.get(*n).and_then(|o| o.as_i64()),
            Some(o) => o.as_i64(),
            None => None,
        };
        if let Some(end) = length
            .and_then(|l| usize::try_from(l).ok())
            .and_then(|l| start.checked_add(l))
            .filter(|&end| end <= bytes.len())
        {
            let mut after = end;
            while bytes.get(after).is_some_and(|&b| is_space(b)) {
                after += 1;
            }
            if bytes
                .get(after..)
                .is_some_and(|r| r.starts_with(b"endstream"))
            {
                return start..end;
            }
        }
        match find(bytes, b"endstream", start) {
            Some(mut end) => {
                if end > start && bytes.get(end - 1) == Some(&b'\n') {
                    end -= 1;
                }
                if end > start && bytes.get(end - 1) == Some(&b'\r') {
                    end -= 1;
                }
                start..end
            }
            None => start..bytes.len(),
        }
    }

    /// The objects of object stream `num`, parsed once.
    fn object_stream(&self, num: u32) -> Option<Objects> {
        if let Some(s) = self.object_streams.borrow().get(&num) {
            return Some(s.clone());
        }
        let stream = self.get(num)?;
        if !stream.as_dict().is_some_and(|d| d.is(b"Type", b"ObjStm")) {
            return None;
        }
        let objects = self.read_object_stream(&stream);
        self.object_streams
            .borrow_mut()
            .insert(num, objects.clone());
        Some(objects)
    }

    fn read_object_stream(&self, stream: &Obj) -> Objects {
        let mut objects = Vec::new();
        let (Obj::Stream(dict, _), Some(data)) = (stream, self.decode(stream)) else {
            return Rc::new(objects);
        };
        let n = self
            .get_in(dict, b"N")
            .as_i64()
            .unwrap_or(0)
            .clamp(0, MAX_OBJSTM_OBJECTS as i64);
        let first = usize::try_from(self.get_in(dict, b"First").as_i64().unwrap_or(0)).unwrap_or(0);
        let mut header = Lexer::new(&data, 0);
        for _ in 0..n {
            let (Some(Token::Int(obj_num)), Some(Token::Int(rel))) =
                (header.next_token(), header.next_token())
            else {
                break;
            };
            let (Ok(obj_num), Ok(rel)) = (u32::try_from(obj_num), usize::try_from(rel)) else {
                continue;
            };
            let Some(at) = first.checked_add(rel).filter(|&a| a < data.len()) else {
                continue;
            };
            if let Some(o) = Lexer::new(&data, at).parse_object() {
                objects.push((obj_num, o));
            }
        }
        Rc::new(objects)
    }

    /// Scans the file for `N G obj`, skipping stream data, and reads every object stream.
    fn scan(&mut self) {
        let bytes = self.bytes;
        let mut direct: Vec<(u32, usize, Rc<Obj>)> = Vec::new();
        let mut pos = 0;
        while let Some(at) = find(bytes, b"obj", pos) {
            pos = at + 3;
            if bytes.get(pos).is_some_and(|&b| b.is_ascii_alphanumeric()) {
                continue;
            }
            let Some(start) = object_header_start(bytes, at) else {
                continue;
            };
            let Some((num, obj)) = self.object_at(start) else {
                continue;
            };
            if let Obj::Stream(_, range) = &obj {
                pos = pos.max(range.end);
            }
            direct.push((num, start, Rc::new(obj)));
        }
        for (num, offset, _) in &direct {
            self.scanned.insert(*num, Loc::Direct(*offset));
        }
        // Objects inside object streams, ranked by the stream's offset: an object defined
        // directly after the stream (an incremental update) wins over it.
        let mut rank: HashMap<u32, usize> = direct.iter().map(|(n, o, _)| (*n, *o)).collect();
        for (num, offset, obj) in &direct {
            let Some(dict) = obj.as_dict() else { continue };
            if dict.is(b"Type", b"XRef") {
                self.scanned_xref_dicts.push(dict.clone());
            }
            if !dict.is(b"Type", b"ObjStm") {
                continue;
            }
            let objects = self.read_object_stream(obj);
            for (inner, _) in objects.iter() {
                if rank.get(inner).is_none_or(|&r| r < *offset) {
                    rank.insert(*inner, *offset);
                    self.scanned.insert(*inner, Loc::InStream(*num));
                }
            }
            self.object_streams.borrow_mut().insert(*num, objects);
        }
        // Lookups made while scanning (for `/Length`) must not hide later definitions; the
        // objects the scan parsed are kept.
        let mut cache = self.cache.borrow_mut();
        cache.clear();
        for (num, offset, obj) in direct {
            if self.scanned.get(&num) == Some(&Loc::Direct(offset)) {
                cache.insert(num, Some(obj));
            }
        }
    }

    /// Reads the cross-reference sections from `startxref`, newest first.
    fn read_xref_chain(&mut self) {
        let bytes = self.bytes;
        let Some(at) = rfind(bytes, b"startxref") else {
            return;
        };
        let mut lx = Lexer::new(bytes, at + b"startxref".len());
        let Some(Token::Int(first)) = lx.next_token() else {
            return;
        };
        let mut next = usize::try_from(first).ok();
        let mut seen = HashSet::new();
        let mut entries: HashMap<u32, Loc> = HashMap::new();
        while let Some(offset) = next.take() {
            if seen.len() >= MAX_XREF_SECTIONS || !seen.insert(offset) {
                break;
            }
            let Some(trailer) = self.xref_section(offset, &mut entries) else {
                break;
            };
            // A hybrid file's classic table points to a cross-reference stream too.
            if let Some(stm) = trailer.get(b"XRefStm").and_then(Obj::as_i64) {
                let stm = usize::try_from(stm).unwrap_or(usize::MAX);
                if seen.insert(stm) {
                    self.xref_section(stm, &mut entries);
                }
            }
            next = trailer
                .get(b"Prev")
                .and_then(Obj::as_i64)
                .and_then(|p| usize::try_from(p).ok());
            self.trailers.push(trailer);
        }
        self.xref = entries;
    }

    /// One section at `offset`: its entries go into `entries` unless a newer one set them;
    /// returns its trailer.
    fn xref_section(&self, offset: usize, entries: &mut HashMap<u32, Loc>) -> Option<Dict> {
        let mut lx = Lexer::new(self.bytes, offset);
        if let Some(Token::Keyword(b"xref")) = lx.next_token() {
            loop {
                match lx.next_token() {
                    Some(Token::Int(start)) => {
                        let Some(Token::Int(count)) = lx.next_token() else {
                            return None;
                        };
                        let start = u32::try_from(start).ok()?;
                        let count = u32::try_from(count).ok()?.min(10_000_000);
                        for i in 0..count {
                            let (
                                Some(Token::Int(off)),
                                Some(Token::Int(_)),
                                Some(Token::Keyword(kind)),
                            ) = (lx.next_token(), lx.next_token(), lx.next_token())
                            else {
                                return None;
                            };
                            let num = start.checked_add(i)?;
                            if kind == b"n"
                                && off > 0
                                && let Ok(off) = usize::try_from(off)
                            {
                                entries.entry(num).or_insert(Loc::Direct(off));
                            }
                        }
                    }
                    Some(Token::Keyword(b"trailer")) => {
                        return match lx.parse_object() {
                            Some(Obj::Dict(d)) => Some(d),
                            _ => None,
                        };
                    }
                    _ => return None,
                }
            }
        }
        let (_, obj) = self.object_at(offset)?;
        let Obj::Stream(dict, _) = &obj else {
            return None;
        };
        if !dict.is(b"Type", b"XRef") {
            return None;
        }
        let data = self.decode(&obj)?;
        let widths: Vec<usize> = dict
            .get(b"W")
            .and_then(Obj::as_array)?
            .iter()
            .map(|w| {
                w.as_i64()
                    .and_then(|w| usize::try_from(w).ok())
                    .unwrap_or(0)
                    .min(8)
            })
            .collect();
        let [w1, w2, w3] = widths.as_slice() else {
            return None;
        };
        let (w1, w2, w3) = (*w1, *w2, *w3);
        let row = w1 + w2 + w3;
        if row == 0 {
            return None;
        }
        let size = dict.get(b"Size").and_then(Obj::as_i64).unwrap_or(0);
        let index: Vec<i64> = match dict.get(b"Index").and_then(Obj::as_array) {
            Some(a) => a.iter().filter_map(Obj::as_i64).collect(),
            None => vec![0, size],
        };
        let mut rows = data.chunks_exact(row);
        for pair in index.chunks_exact(2) {
            let (Ok(start), Ok(count)) = (u32::try_from(pair[0]), u32::try_from(pair[1])) else {
                continue;
            };
            for i in 0..count {
                let Some(r) = rows.next() else {
                    return Some(dict.clone());
                };
                let kind = if w1 == 0 { 1 } else { be(&r[..w1]) };
                let f2 = be(&r[w1..w1 + w2]);
                let Some(num) = start.checked_add(i) else {
                    break;
                };
                let loc = match kind {
                    1 => usize::try_from(f2).ok().map(Loc::Direct),
                    2 => u32::try_from(f2).ok().map(Loc::InStream),
                    _ => None,
                };
                if let Some(loc) = loc {
                    entries.entry(num).or_insert(loc);
                }
            }
        }
        Some(dict.clone())
    }

    /// Trailers the chain did not give: `trailer << … >>` anywhere, and cross-reference
    /// streams found by the scan, last first.
    fn scan_trailers(&mut self) {
        let bytes = self.bytes;
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(at) = find(bytes, b"trailer", pos) {
            pos = at + 7;
            if let Some(Obj::Dict(d)) = Lexer::new(bytes, pos).parse_object() {
                found.push(d);
            }
        }
        found.append(&mut self.scanned_xref_dicts);
        found.reverse();
        self.trailers.extend(found);
    }

    /// The decoded data of a stream; `None` for a filter that is not read (images) or an
    /// exhausted budget.
    pub fn decode(&self, stream: &Obj) -> Option<Vec<u8>> {
        let Obj::Stream(dict, range) = stream else {
            return None;
        };
        let raw = self.bytes.get(range.clone())?;
        let filters: Vec<Vec<u8>> = match &*self.get_in(dict, b"Filter") {
            Obj::Name(n) => vec![n.clone()],
            Obj::Array(a) => a
                .iter()
                .filter_map(|f| self.deref(f).as_name().map(<[u8]>::to_vec))
                .collect(),
            _ => Vec::new(),
        };
        let parms = self.get_in(dict, b"DecodeParms");
        let parm_at = |i: usize| -> Option<Dict> {
            match &*parms {
                Obj::Dict(d) => (i == 0).then(|| d.clone()),
                Obj::Array(a) => a.get(i).and_then(|p| self.deref(p).as_dict().cloned()),
                _ => None,
            }
        };
        let mut data = raw.to_vec();
        for (i, name) in filters.iter().enumerate() {
            let budget = MAX_DECODED_BYTES.saturating_sub(self.decoded.get());
            let cap = MAX_STREAM_BYTES.min(budget);
            if cap == 0 {
                self.truncated.set(true);
                return None;
            }
            let out = match name.as_slice() {
                b"FlateDecode" | b"Fl" => {
                    let mut out = filter::inflate(&data, cap);
                    if let Some(p) = parm_at(i) {
                        let int = |k: &[u8], d: i64| p.get(k).and_then(Obj::as_i64).unwrap_or(d);
                        let predictor = int(b"Predictor", 1);
                        if predictor > 1 {
                            out.data = filter::unpredict(
                                &out.data,
                                predictor,
                                int(b"Colors", 1),
                                int(b"BitsPerComponent", 8),
                                int(b"Columns", 1),
                            );
                        }
                    }
                    out
                }
                b"ASCIIHexDecode" | b"AHx" => filter::ascii_hex(&data, cap),
                b"ASCII85Decode" | b"A85" => filter::ascii85(&data, cap),
                b"RunLengthDecode" | b"RL" => filter::run_length(&data, cap),
                // Images (DCT, JPX, CCITT, JBIG2), LZW and encryption filters are not read.
                _ => return None,
            };
            if out.capped {
                self.truncated.set(true);
            }
            self.decoded
                .set(self.decoded.get().saturating_add(out.data.len()));
            data = out.data;
        }
        Some(data)
    }
}

/// Where `N G obj` starts when the `obj` keyword is at `at`.
fn object_header_start(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    let back_space = |i: &mut usize| {
        let before = *i;
        while *i > 0 && bytes.get(*i - 1).is_some_and(|&b| is_space(b)) {
            *i -= 1;
        }
        *i < before
    };
    let back_digits = |i: &mut usize| {
        let before = *i;
        while *i > 0 && bytes.get(*i - 1).is_some_and(u8::is_ascii_digit) {
            *i -= 1;
        }
        *i < before
    };
    back_space(&mut i);
    if !back_digits(&mut i) || !back_space(&mut i) || !back_digits(&mut i) {
        return None;
    }
    // The number must start a token.
    if i > 0
        && bytes
            .get(i - 1)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'.')
    {
        return None;
    }
    Some(i)
}

/// A big-endian unsigned integer of up to 8 bytes.
fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b))
}
