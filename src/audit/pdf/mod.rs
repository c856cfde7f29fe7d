//! The text of PDF attachments, page by page, for the privacy scan.
//!
//! A small reader of our own rather than a general PDF library: it reads only what text
//! extraction needs, and treats every file as hostile. It finds objects through the
//! cross-reference chain and by scanning (`file`), decodes Flate, ASCIIHex, ASCII85 and
//! RunLength streams with capped output (`filter`), maps character codes to text through
//! ToUnicode CMaps and encodings (`font`), runs page content, Form XObjects and annotation
//! appearances (`text`) and rebuilds lines from where the strings are drawn (`layout`).
//! Limits on decoded bytes, operators, nesting, pages and annotations keep a malicious file
//! from exhausting memory or time; bad input ends a token, an object or a page early, and
//! never panics.
//!
//! Not read, and reported as such: encrypted files, pages with no text layer (scans),
//! fonts that map their codes to no text (Type3 or CID fonts without ToUnicode; of the legacy
//! GBK/Big5 CMaps only the ASCII codes), LZW streams and text drawn as outlines. Vertical
//! (top-to-bottom) writing is read as upright text, so its lines may come apart.

mod file;
mod filter;
mod font;
mod layout;
mod syntax;
mod text;

use super::extract::{Extracted, TextPart};
use super::privacy::Layout;
use crate::t;
use file::Doc;
use std::collections::HashSet;
use std::rc::Rc;
use syntax::{Dict, Obj};

/// Most pages read from one file.
const MAX_PAGES: usize = 10_000;
/// Deepest page tree read.
const MAX_TREE_DEPTH: usize = 64;

fn by_hand() -> String {
    t!("check it by hand, or publish the roster as CSV or XLSX")
}

/// The text of each page of a PDF, or why it cannot be read.
pub fn extract(bytes: &[u8]) -> Extracted {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    if syntax::find(head, b"%PDF-", 0).is_none() {
        return Extracted::Unscanned(t!(
            "the file is not a PDF (it does not start with %PDF-); {by_hand}",
            by_hand = by_hand()
        ));
    }
    let doc = Doc::parse(bytes);
    if doc.trailer(b"Encrypt").is_some() {
        return Extracted::Unscanned(t!(
            "encrypted PDF: its text cannot be read without the password; {by_hand}",
            by_hand = by_hand()
        ));
    }
    let (pages, mut truncated) = page_list(&doc);
    if pages.is_empty() {
        return Extracted::Unscanned(t!(
            "no pages found: the PDF is damaged; open and save it again, or {by_hand}",
            by_hand = by_hand()
        ));
    }
    let mut extractor = text::Extractor::new(&doc);
    let mut parts = Vec::with_capacity(pages.len());
    let (mut glyphs, mut unmapped) = (0, 0);
    let mut scanned_pages = Vec::new();
    let mut unmapped_pages = Vec::new();
    for (i, (page, resources)) in pages.iter().enumerate() {
        let n = i + 1;
        let page_text = extractor.page(page, resources);
        glyphs += page_text.glyphs;
        unmapped += page_text.unmapped;
        if page_text.glyphs == 0 && page_text.images > 0 {
            scanned_pages.push(n);
        }
        if page_text.unmapped * 2 > page_text.glyphs {
            unmapped_pages.push(n);
        }
        parts.push(TextPart {
            part: t!("page {n}", n),
            text: page_text.text,
            layout: Layout::Page,
            cells: None,
            unit: "line",
        });
    }
    truncated |= extractor.truncated || doc.truncated.get();
    if glyphs == 0 && truncated {
        return Extracted::Unscanned(t!(
            "the file goes beyond the reader's limits before any text (too large once decompressed, or too many drawing operations); {by_hand}",
            by_hand = by_hand()
        ));
    }
    if glyphs == 0 {
        return Extracted::Unscanned(t!(
            "no text layer: probably a scanned image, or text drawn as outlines, which gongkai cannot read; {by_hand}",
            by_hand = by_hand()
        ));
    }
    if unmapped == glyphs {
        return Extracted::Unscanned(t!(
            "the PDF's fonts map their characters to no text (no ToUnicode), so it cannot be read; {by_hand}",
            by_hand = by_hand()
        ));
    }
    let mut why = Vec::new();
    if !scanned_pages.is_empty() {
        why.push(match scanned_pages.as_slice() {
            [page] => t!("page {page} has no text layer (scanned images)", page),
            _ => t!(
                "pages {pages} have no text layer (scanned images)",
                pages = pages_list(&scanned_pages)
            ),
        });
    }
    if !unmapped_pages.is_empty() {
        why.push(match unmapped_pages.as_slice() {
            [page] => t!(
                "the text of page {page} cannot be read (fonts without ToUnicode)",
                page
            ),
            _ => t!(
                "the text of pages {pages} cannot be read (fonts without ToUnicode)",
                pages = pages_list(&unmapped_pages)
            ),
        });
    }
    if truncated {
        why.push(t!(
            "the file is larger than the reader's limits, so only its beginning was read"
        ));
    }
    if why.is_empty() {
        Extracted::Parts(parts)
    } else {
        Extracted::Partial {
            parts,
            why: t!("{why}; check those parts by hand", why = why.join("; ")),
        }
    }
}

/// "3, 5", at most 20 numbers.
fn pages_list(pages: &[usize]) -> String {
    let list: Vec<String> = pages.iter().take(20).map(usize::to_string).collect();
    let more = if pages.len() > 20 { ", …" } else { "" };
    format!("{}{more}", list.join(", "))
}

/// The pages in order, each with the resources it has or inherits; and whether the list was
/// cut at `MAX_PAGES`. A broken page tree falls back to every object of type Page.
fn page_list(doc: &Doc) -> (Vec<(Dict, Dict)>, bool) {
    let mut pages = Vec::new();
    let mut truncated = false;
    if let Some(catalog) = doc.catalog()
        && let Some(cat) = catalog.as_dict()
    {
        let root = cat.get(b"Pages").cloned().unwrap_or(Obj::Null);
        // Each referenced node is visited once, marked when it is first met, so a cycle or a
        // Kids array naming one node a million times costs nothing; resources are shared.
        let mut seen = HashSet::new();
        if let Obj::Ref(n, _) = root {
            seen.insert(n);
        }
        // Depth-first, kids in order: the stack holds them reversed.
        let mut stack: Vec<(Obj, Rc<Dict>, usize)> = vec![(root, Rc::new(Dict::default()), 0)];
        while let Some((node, inherited, depth)) = stack.pop() {
            let node = doc.deref(&node);
            let Some(dict) = node.as_dict() else { continue };
            let resources = match doc.get_in(dict, b"Resources").as_dict() {
                Some(r) => Rc::new(r.clone()),
                None => inherited,
            };
            let kids = doc.get_in(dict, b"Kids");
            match kids.as_array() {
                Some(kids) if !dict.is(b"Type", b"Page") && depth < MAX_TREE_DEPTH => {
                    for kid in kids.iter().rev() {
                        let new = match kid {
                            Obj::Ref(n, _) => seen.insert(*n),
                            _ => true,
                        };
                        if new {
                            stack.push((kid.clone(), resources.clone(), depth + 1));
                        }
                    }
                }
                _ if dict.is(b"Type", b"Page") || dict.has(b"Contents") => {
                    if pages.len() >= MAX_PAGES {
                        truncated = true;
                        break;
                    }
                    pages.push((dict.clone(), (*resources).clone()));
                }
                _ => {}
            }
        }
    }
    if pages.is_empty() {
        for page in doc.objects_of_type(b"Page").into_iter().take(MAX_PAGES) {
            if let Some(dict) = page.as_dict() {
                let resources = doc
                    .get_in(dict, b"Resources")
                    .as_dict()
                    .cloned()
                    .unwrap_or_default();
                pages.push((dict.clone(), resources));
            }
        }
    }
    (pages, truncated)
}

#[cfg(test)]
mod tests;
