//! The text of a page: content streams run through a small interpreter that tracks the
//! graphics and text state (q/Q, cm, BT/ET, Tf, Tc, Tw, Tz, TL, Ts, Td, TD, Tm, T*, Tj, TJ, ',
//! ") and Form XObjects, then the appearance of each visible annotation (filled-in form
//! fields, text boxes, stamps), and records each string drawn with where it starts and ends
//! on the page; `layout` turns them into lines.

use super::file::{Doc, MAX_STREAM_BYTES};
use super::font::Font;
use super::layout::{Chunk, frame, layout, quarter_turns};
use super::syntax::{Dict, Lexer, Obj, Token, find, is_space};
use std::collections::HashMap;
use std::rc::Rc;

/// Most operators run over a whole file, Form XObjects included.
const MAX_OPERATORS: usize = 10_000_000;
/// Deepest nesting of Form XObjects.
const MAX_FORM_DEPTH: usize = 8;
/// Most saved graphics states (q without Q).
const MAX_SAVED_STATES: usize = 256;
/// Most strings kept from one page.
const MAX_CHUNKS: usize = 1_000_000;
/// Most annotations read from one file.
const MAX_ANNOTATIONS: usize = 100_000;

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m1` then `m2`.
fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    let [a1, b1, c1, d1, e1, f1] = *m1;
    let [a2, b2, c2, d2, e2, f2] = *m2;
    [
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn translate(tx: f64, ty: f64) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
}

impl Default for GState {
    fn default() -> GState {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// An `/ActualText` span: its text replaces the glyphs drawn inside it.
struct Span {
    text: String,
    depth: usize,
    at: Option<Chunk>,
}

/// What was read from one page.
#[derive(Debug, Default)]
pub struct PageText {
    pub text: String,
    /// Character codes drawn, and those no font map could read.
    pub glyphs: usize,
    pub unmapped: usize,
    /// Images drawn (XObjects and inline images).
    pub images: usize,
}

/// Runs pages' content; fonts are shared between pages.
pub struct Extractor<'d, 'a> {
    doc: &'d Doc<'a>,
    fonts: HashMap<u32, Rc<Font>>,
    operators: usize,
    annotations_read: usize,
    /// Set when a limit cut the text short.
    pub truncated: bool,
}

/// The state of one page being read.
struct Run {
    gs: GState,
    saved: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    chunks: Vec<Chunk>,
    marked_depth: usize,
    span: Option<Span>,
    forms: Vec<u32>,
    out: PageText,
}

impl<'d, 'a> Extractor<'d, 'a> {
    pub fn new(doc: &'d Doc<'a>) -> Extractor<'d, 'a> {
        Extractor {
            doc,
            fonts: HashMap::new(),
            operators: 0,
            annotations_read: 0,
            truncated: false,
        }
    }

    /// The text of a page with its (inherited) resources.
    pub fn page(&mut self, page: &Dict, resources: &Dict) -> PageText {
        let doc = self.doc;
        let mut data = Vec::new();
        match &*doc.get_in(page, b"Contents") {
            s @ Obj::Stream(..) => {
                if let Some(d) = doc.decode(s) {
                    data = d;
                }
            }
            Obj::Array(parts) => {
                for p in parts {
                    if data.len() >= MAX_STREAM_BYTES {
                        // As much content as one stream may hold is enough for one page.
                        self.truncated = true;
                        break;
                    }
                    if let Some(d) = doc.decode(&doc.deref(p)) {
                        data.extend_from_slice(&d);
                        // Streams of one page split only between tokens.
                        data.push(b'\n');
                    }
                }
            }
            _ => {}
        }
        let mut run = Run {
            gs: GState::default(),
            saved: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            chunks: Vec::new(),
            marked_depth: 0,
            span: None,
            forms: Vec::new(),
            out: PageText::default(),
        };
        self.content(&mut run, &data, resources, 0);
        self.annotations(&mut run, page, resources);
        let mut out = run.out;
        out.text = layout(run.chunks);
        out
    }

    fn content(&mut self, run: &mut Run, data: &[u8], resources: &Dict, depth: usize) {
        let mut lx = Lexer::new(data, 0);
        let mut operands: Vec<Obj> = Vec::new();
        while let Some(tok) = lx.next_token() {
            match tok {
                Token::Keyword(op) if !matches!(op, b"true" | b"false" | b"null") => {
                    self.operators += 1;
                    if self.operators > MAX_OPERATORS {
                        self.truncated = true;
                        return;
                    }
                    if op == b"BI" {
                        skip_inline_image(&mut lx);
                        run.out.images += 1;
                    } else {
                        self.operator(run, op, &operands, resources, depth);
                    }
                    operands.clear();
                }
                tok => {
                    if let Some(o) = lx.object_from(tok, 0)
                        && operands.len() < 64
                    {
                        operands.push(o);
                    }
                }
            }
        }
    }

    fn operator(&mut self, run: &mut Run, op: &[u8], args: &[Obj], resources: &Dict, depth: usize) {
        let num = |i_from_end: usize| -> Option<f64> {
            args.len()
                .checked_sub(i_from_end)
                .and_then(|i| args.get(i))
                .and_then(Obj::as_f64)
        };
        let last = args.last();
        match op {
            b"q" if run.saved.len() < MAX_SAVED_STATES => run.saved.push(run.gs.clone()),
            b"Q" => {
                if let Some(g) = run.saved.pop() {
                    run.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = matrix(args) {
                    run.gs.ctm = mul(&m, &run.gs.ctm);
                }
            }
            b"BT" => {
                run.tm = IDENTITY;
                run.tlm = IDENTITY;
            }
            b"Tf" => {
                if let Some(size) = num(1) {
                    run.gs.size = size;
                }
                let name = args
                    .len()
                    .checked_sub(2)
                    .and_then(|i| args.get(i))
                    .and_then(Obj::as_name);
                run.gs.font = name.map(|n| self.font(resources, n));
            }
            b"Tc" => run.gs.char_spacing = num(1).unwrap_or(0.0),
            b"Tw" => run.gs.word_spacing = num(1).unwrap_or(0.0),
            b"Tz" => run.gs.h_scale = num(1).unwrap_or(100.0) / 100.0,
            b"TL" => run.gs.leading = num(1).unwrap_or(0.0),
            b"Ts" => run.gs.rise = num(1).unwrap_or(0.0),
            b"Td" | b"TD" => {
                if let (Some(tx), Some(ty)) = (num(2), num(1)) {
                    if op == b"TD" {
                        run.gs.leading = -ty;
                    }
                    run.tlm = mul(&translate(tx, ty), &run.tlm);
                    run.tm = run.tlm;
                }
            }
            b"Tm" => {
                if let Some(m) = matrix(args) {
                    run.tm = m;
                    run.tlm = m;
                }
            }
            b"T*" => next_line(run),
            b"Tj" => {
                if let Some(s) = last.and_then(Obj::as_str) {
                    self.show(run, s);
                }
            }
            b"'" => {
                next_line(run);
                if let Some(s) = last.and_then(Obj::as_str) {
                    self.show(run, s);
                }
            }
            b"\"" => {
                if let (Some(aw), Some(ac)) = (num(3), num(2)) {
                    run.gs.word_spacing = aw;
                    run.gs.char_spacing = ac;
                }
                next_line(run);
                if let Some(s) = last.and_then(Obj::as_str) {
                    self.show(run, s);
                }
            }
            b"TJ" => {
                for item in last.and_then(Obj::as_array).unwrap_or(&[]) {
                    match item {
                        Obj::Str(s) => self.show(run, s),
                        other => {
                            if let Some(n) = other.as_f64() {
                                let tx = -n / 1000.0 * run.gs.size * run.gs.h_scale;
                                run.tm = mul(&translate(tx, 0.0), &run.tm);
                            }
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(name) = last.and_then(Obj::as_name) {
                    self.xobject(run, name, resources, depth);
                }
            }
            b"BMC" => run.marked_depth += 1,
            b"BDC" => {
                run.marked_depth += 1;
                if run.span.is_none()
                    && let Some(text) = self.actual_text(last, resources)
                {
                    run.span = Some(Span {
                        text,
                        depth: run.marked_depth,
                        at: None,
                    });
                }
            }
            b"EMC" => {
                if let Some(span) = run.span.take_if(|s| s.depth == run.marked_depth) {
                    let mut chunk = span.at.unwrap_or_else(|| here(run));
                    chunk.text = span.text;
                    push_chunk(run, chunk);
                }
                run.marked_depth = run.marked_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// The font `name` of `resources`, loaded once per font object.
    fn font(&mut self, resources: &Dict, name: &[u8]) -> Rc<Font> {
        let doc = self.doc;
        let fonts = doc.get_in(resources, b"Font");
        let Some(entry) = fonts.as_dict().and_then(|d| d.get(name)) else {
            return Rc::new(Font::unknown());
        };
        if let Obj::Ref(n, _) = entry
            && let Some(f) = self.fonts.get(n)
        {
            return f.clone();
        }
        let font = match doc.deref(entry).as_dict() {
            Some(d) => Rc::new(Font::load(doc, d)),
            None => Rc::new(Font::unknown()),
        };
        if let Obj::Ref(n, _) = entry {
            self.fonts.insert(*n, font.clone());
        }
        font
    }

    /// The `/ActualText` of a BDC's properties (inline, or named in `/Properties`).
    fn actual_text(&self, props: Option<&Obj>, resources: &Dict) -> Option<String> {
        let doc = self.doc;
        let dict = match props? {
            Obj::Dict(d) => d.clone(),
            Obj::Name(n) => {
                let all = doc.get_in(resources, b"Properties");
                let entry = all.as_dict()?.get(n)?;
                doc.deref(entry).as_dict()?.clone()
            }
            _ => return None,
        };
        doc.get_in(&dict, b"ActualText").as_str().map(text_string)
    }

    fn xobject(&mut self, run: &mut Run, name: &[u8], resources: &Dict, depth: usize) {
        let doc = self.doc;
        let all = doc.get_in(resources, b"XObject");
        let Some(entry) = all.as_dict().and_then(|d| d.get(name)) else {
            return;
        };
        let number = match entry {
            Obj::Ref(n, _) => Some(*n),
            _ => None,
        };
        let xobj = doc.deref(entry);
        let Some(dict) = xobj.as_dict() else { return };
        if dict.is(b"Subtype", b"Image") {
            run.out.images += 1;
            return;
        }
        if !dict.is(b"Subtype", b"Form")
            || depth >= MAX_FORM_DEPTH
            || number.is_some_and(|n| run.forms.contains(&n))
        {
            return;
        }
        self.form(run, &xobj, number, IDENTITY, resources, depth);
    }

    /// Runs a Form XObject (`Do`, or an annotation's appearance) with `placement` applied
    /// after the form's own matrix.
    fn form(
        &mut self,
        run: &mut Run,
        xobj: &Obj,
        number: Option<u32>,
        placement: Matrix,
        resources: &Dict,
        depth: usize,
    ) {
        let doc = self.doc;
        let Some(dict) = xobj.as_dict() else { return };
        let Some(data) = doc.decode(xobj) else {
            return;
        };
        let form_resources = doc
            .get_in(dict, b"Resources")
            .as_dict()
            .cloned()
            .unwrap_or_else(|| resources.clone());
        let form_matrix = doc
            .get_in(dict, b"Matrix")
            .as_array()
            .and_then(matrix)
            .unwrap_or(IDENTITY);
        let (gs, saved, tm, tlm) = (run.gs.clone(), run.saved.len(), run.tm, run.tlm);
        run.gs.ctm = mul(&mul(&form_matrix, &placement), &run.gs.ctm);
        if let Some(n) = number {
            run.forms.push(n);
        }
        self.content(run, &data, &form_resources, depth + 1);
        if number.is_some() {
            run.forms.pop();
        }
        run.gs = gs;
        run.saved.truncate(saved);
        run.tm = tm;
        run.tlm = tlm;
    }

    /// The text of the page's annotations that are shown: form fields filled in, text boxes,
    /// stamps — drawn by their normal appearance stream, placed on the annotation's rectangle.
    fn annotations(&mut self, run: &mut Run, page: &Dict, resources: &Dict) {
        let doc = self.doc;
        let annots = doc.get_in(page, b"Annots");
        for annot in annots.as_array().unwrap_or(&[]) {
            self.annotations_read += 1;
            if self.annotations_read > MAX_ANNOTATIONS {
                self.truncated = true;
                return;
            }
            let annot = doc.deref(annot);
            let Some(a) = annot.as_dict() else { continue };
            // Flag bits 1 (invisible) and 2 (hidden), and pop-up notes, are not on the page.
            let flags = doc.get_in(a, b"F").as_i64().unwrap_or(0);
            if flags & 0b11 != 0 || a.is(b"Subtype", b"Popup") {
                continue;
            }
            let ap = doc.get_in(a, b"AP");
            let Some(normal) = ap.as_dict().and_then(|d| d.get(b"N")) else {
                continue;
            };
            let normal = doc.deref(normal);
            // A field with several states (check boxes) names its current one in /AS.
            let appearance = match &*normal {
                Obj::Dict(states) => {
                    let Some(state) = doc.get_in(a, b"AS").as_name().map(<[u8]>::to_vec) else {
                        continue;
                    };
                    match states.get(&state) {
                        Some(s) => doc.deref(s),
                        None => continue,
                    }
                }
                _ => normal,
            };
            let stream = match &*appearance {
                s @ Obj::Stream(..) => s.clone(),
                _ => continue,
            };
            let Some(dict) = stream.as_dict() else {
                continue;
            };
            let rect = rectangle(doc.get_in(a, b"Rect").as_array());
            let bbox = rectangle(doc.get_in(dict, b"BBox").as_array());
            let form_matrix = doc
                .get_in(dict, b"Matrix")
                .as_array()
                .and_then(matrix)
                .unwrap_or(IDENTITY);
            let (Some(rect), Some(bbox)) = (rect, bbox) else {
                continue;
            };
            // The box the form's matrix makes of its BBox is mapped onto Rect.
            let corners = [
                apply(&form_matrix, bbox[0], bbox[1]),
                apply(&form_matrix, bbox[2], bbox[1]),
                apply(&form_matrix, bbox[0], bbox[3]),
                apply(&form_matrix, bbox[2], bbox[3]),
            ];
            let min_x = corners.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
            let max_x = corners
                .iter()
                .map(|c| c.0)
                .fold(f64::NEG_INFINITY, f64::max);
            let min_y = corners.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
            let max_y = corners
                .iter()
                .map(|c| c.1)
                .fold(f64::NEG_INFINITY, f64::max);
            let scale = |to: f64, from: f64| if from.abs() > 1e-9 { to / from } else { 1.0 };
            let sx = scale(rect[2] - rect[0], max_x - min_x);
            let sy = scale(rect[3] - rect[1], max_y - min_y);
            let placement = [sx, 0.0, 0.0, sy, rect[0] - sx * min_x, rect[1] - sy * min_y];
            run.gs = GState::default();
            run.saved.clear();
            self.form(run, &stream, None, placement, resources, 0);
        }
    }

    /// Draws a string: reads its codes and advances the text matrix by their widths.
    fn show(&mut self, run: &mut Run, bytes: &[u8]) {
        let font = run
            .gs
            .font
            .clone()
            .unwrap_or_else(|| Rc::new(Font::unknown()));
        let gs = &run.gs;
        let start = mul(&run.tm, &gs.ctm);
        let rot = quarter_turns(&start);
        let (x0, y) = frame(rot, apply(&start, 0.0, gs.rise));
        let size = gs.size.abs() * start[2].hypot(start[3]);
        let mut text = String::new();
        let mut tm = run.tm;
        for glyph in font.decode(bytes) {
            run.out.glyphs += 1;
            match &glyph.text {
                Some(t) => text.push_str(t),
                None if run.span.is_some() => {}
                None => {
                    run.out.unmapped += 1;
                    text.push('\u{fffd}');
                }
            }
            let spacing = if glyph.is_space { gs.word_spacing } else { 0.0 };
            let tx = (glyph.width * gs.size + gs.char_spacing + spacing) * gs.h_scale;
            tm = mul(&translate(tx, 0.0), &tm);
        }
        run.tm = tm;
        let (x1, _) = frame(rot, apply(&mul(&tm, &gs.ctm), 0.0, gs.rise));
        let chunk = Chunk {
            rot,
            x0: x0.min(x1),
            x1: x0.max(x1),
            y,
            size,
            text,
        };
        if let Some(span) = &mut run.span {
            // Inside an ActualText span the span's text stands for the glyphs.
            match &mut span.at {
                Some(at) => at.x1 = at.x1.max(chunk.x1),
                None => span.at = Some(chunk),
            }
            return;
        }
        push_chunk(run, chunk);
    }
}

fn push_chunk(run: &mut Run, chunk: Chunk) {
    let finite = [chunk.x0, chunk.x1, chunk.y, chunk.size]
        .iter()
        .all(|v| v.is_finite());
    if finite && !chunk.text.is_empty() && run.chunks.len() < MAX_CHUNKS {
        run.chunks.push(chunk);
    }
}

/// An empty chunk where the text cursor is.
fn here(run: &Run) -> Chunk {
    let m = mul(&run.tm, &run.gs.ctm);
    let rot = quarter_turns(&m);
    let (x, y) = frame(rot, apply(&m, 0.0, run.gs.rise));
    Chunk {
        rot,
        x0: x,
        x1: x,
        y,
        size: run.gs.size.abs() * m[2].hypot(m[3]),
        text: String::new(),
    }
}

fn next_line(run: &mut Run) {
    run.tlm = mul(&translate(0.0, -run.gs.leading), &run.tlm);
    run.tm = run.tlm;
}

/// `[x0 y0 x1 y1]` of a rectangle array, normalised so that x0 <= x1 and y0 <= y1.
fn rectangle(items: Option<&[Obj]>) -> Option<[f64; 4]> {
    let v: Vec<f64> = items?.iter().filter_map(Obj::as_f64).collect();
    let [a, b, c, d] = v.as_slice() else {
        return None;
    };
    Some([a.min(*c), b.min(*d), a.max(*c), b.max(*d)])
}

/// Six numbers: the last operands, or an array.
fn matrix(args: &[Obj]) -> Option<Matrix> {
    let tail = args.get(args.len().checked_sub(6)?..)?;
    let mut m = [0.0; 6];
    for (slot, o) in m.iter_mut().zip(tail) {
        *slot = o.as_f64()?;
    }
    Some(m)
}

/// Skips an inline image after `BI`: its dictionary, `ID`, its data and `EI`.
fn skip_inline_image(lx: &mut Lexer) {
    loop {
        match lx.next_token() {
            Some(Token::Keyword(b"ID")) => break,
            None => return,
            _ => {}
        }
    }
    let data = lx.buf;
    let mut from = lx.pos + 1;
    while let Some(at) = find(data, b"EI", from) {
        let before = at
            .checked_sub(1)
            .and_then(|i| data.get(i))
            .is_some_and(|&b| is_space(b));
        let after = data.get(at + 2).is_none_or(|&b| is_space(b));
        if before && after {
            lx.pos = at + 2;
            return;
        }
        from = at + 1;
    }
    lx.pos = data.len();
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one, or else (close to)
/// Latin-1.
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units = rest
            .chunks(2)
            .map(|c| c.iter().fold(0u16, |acc, &b| acc << 8 | u16::from(b)));
        return char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{fffd}'))
            .collect();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(text_string(&[0xfe, 0xff, 0x8e, 0xab]), "身");
        assert_eq!(text_string(b"abc"), "abc");
    }
}
