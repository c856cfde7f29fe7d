//! The static search index: what `index` read back from tantivy, written as small script files
//! under `search/` that the browser (`static/search.js`) and `gongkai search` both read.
//!
//! Every file is a classic script that registers itself, `window.__gk_search.add(NAME, DATA);`,
//! so the same files work over HTTP and from `file://` without fetch. Files:
//! - `search/manifest.js` (fixed name): counts, areas, publishers, block sizes, and the
//!   content hashes of the table pages below;
//! - `search/k<page>-<hash>.js`: a page of the term table, the content hashes of `PAGE` term
//!   buckets; `search/g<page>-<hash>.js`: the same for fragment files;
//! - `search/t<bucket>-<hash>.js`: the terms whose FNV-1a hash falls in the bucket (the bucket
//!   count is a power of two, so a term stays in its bucket when records are added), each
//!   with its postings encoded as base-64 varints (see `encode`) in two parts, the documents
//!   with their BM25 weights, then the positions (see `encode_postings`); a term whose
//!   postings are longer than `BIG` keeps only their tail here and names the files holding
//!   the rest:
//! - `search/w<term hash>-<hash>.js`: the sealed documents of one big term, and
//!   `search/p<term hash>-<hash>.js` their positions; for a term found in many records
//!   (`Layout`), written again in blocks of `POSITION_BLOCK` documents as
//!   `search/b<term hash>x<block, hex>-<hash>.js`. A query of one word, or a phrase whose
//!   words never occur together, loads no positions; a phrase whose words occur together in
//!   a few records loads only the blocks that hold those records, and one whose words occur
//!   together all over the site the whole file (one file compresses better than the blocks
//!   do apart);
//! - `search/f<chunk>-<hash>.js`: result fragments, `FRAGMENT_CHUNK` documents per file;
//! - `search/d<chunk>-<hash>.js`: the filter values of `FACET_CHUNK` documents by number:
//!   area, publisher, year and validity, one column (`DOC_FIELDS` of them) after the other.
//!   Ranking needs none of them (the length normalisation of BM25 is folded into each
//!   posting's weight), so the browser loads them only when the filters are shown, and then
//!   only the chunks that hold the documents the query matched.
//!
//! Redeploys: documents are numbered oldest first (see `index::indexed_records`), so a new
//! record takes the next number and lands in the last fragment file and in the tails of its
//! terms' postings. A big term's postings are sealed up to a boundary that moves every `SEAL`
//! documents, at a point of that cycle set by the term's hash, so each added record reseals
//! only a few big terms; everything else it touches is a small bucket file, a table page, the
//! last fragment file, the last facets chunk and the manifest. The weights depend on the
//! site's average lengths only through their nearest power of two (`Norms`), so a new record
//! leaves the weights of the others as they were. Names carry a hash of their content, so a
//! redeploy uploads only what changed; everything is sorted, so the export is byte-identical
//! from build to build and depends on nothing but the site.

use crate::record::Validity;
use crate::search::index::{Doc, Posting, TEXT_OFFSET};
use crate::site::Site;
use serde::Serialize;

/// Numbers per document in a facets chunk.
pub const DOC_FIELDS: usize = 4;
/// Documents per facets chunk: small enough that a query with few results loads little,
/// large enough that the manifest's list of chunk hashes stays short.
pub const FACET_CHUNK: usize = 1024;
/// Documents per fragment file: small, since the results shown are spread over the site.
pub const FRAGMENT_CHUNK: usize = 2;
/// Aimed-at size of a term bucket, in bytes of encoded postings.
const BUCKET_TARGET: usize = 1536;
/// Documents per block of a big term's sealed positions.
pub const POSITION_BLOCK: usize = 1024;
/// A big term's sealed positions are also written in blocks when they fill at least this many:
/// with fewer, the records a query leaves rarely spare a whole block, and the blocks would
/// only add to the index.
pub const BLOCKED_FROM: usize = 16;

/// How big terms' sealed positions are cut into blocks (`POSITION_BLOCK` and `BLOCKED_FROM`
/// unless a test needs blocks on a small site).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub position_block: usize,
    pub blocked_from: usize,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            position_block: POSITION_BLOCK,
            blocked_from: BLOCKED_FROM,
        }
    }
}
/// Encoded postings longer than this go to a file of the term's own (all but their tail).
pub const BIG: usize = 1024;
/// A big term's sealed postings grow every this many documents.
pub const SEAL: u32 = 512;
/// Content hashes per table page.
pub const PAGE: usize = 64;
/// Characters of body text kept for excerpts.
const EXCERPT_CHARS: usize = 240;
/// The folder of the index in the output.
pub const DIR: &str = "search";
/// Format version, checked by the readers.
pub const VERSION: u32 = 4;
/// BM25: term frequency saturation, length normalisation, and the weight of the title against
/// the text.
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const TITLE_BOOST: f64 = 3.0;
/// A posting's weight is its share of the BM25 score before the term's idf, times this, rounded:
/// whole numbers up to `MAX_WEIGHT` (the score part never reaches `K1 + 1` = 2.2), one
/// character each.
pub const WEIGHT_STEPS: f64 = 14.0;
/// The largest weight, one base-64 varint character.
pub const MAX_WEIGHT: u32 = 31;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` as base-64 varint: 5 bits per character, low bits first, value 32 set on every
/// character but the last.
pub fn encode(mut n: u32, out: &mut String) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[low | 32] as char);
    }
}

/// Reads numbers written by `encode`; `None` on a character outside the alphabet.
pub fn decode(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u32, 0u32);
    for b in s.bytes() {
        let v = ALPHABET.iter().position(|&a| a == b)? as u32;
        value |= (v & 31).checked_shl(shift)?;
        if v & 32 == 0 {
            out.push(value);
            value = 0;
            shift = 0;
        } else {
            shift += 5;
        }
    }
    Some(out)
}

/// FNV-1a, 32 bits, over UTF-8: picks a term's bucket (the browser computes the same).
pub fn term_hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The content hash in file names: `HASH_LEN` hex digits, enough to tell the versions of one
/// file apart. The quick hash reads eight bytes at a time; FNV, a byte at a time, took a
/// third of a second over the 100,000-record index's files.
fn content_hash(bytes: &[u8]) -> String {
    format!(
        "{:0width$x}",
        crate::text::fast_hash(bytes) >> (64 - 4 * HASH_LEN),
        width = HASH_LEN
    )
}

/// The manifest: everything the reader needs before the first table page.
#[derive(Debug, Serialize, serde::Deserialize, Clone)]
pub struct Manifest {
    pub v: u32,
    /// Number of documents.
    pub n: u32,
    /// Number of term buckets (a power of two).
    pub buckets: u32,
    /// Content hashes of the term table pages `k<i>-<hash>.js`, `HASH_LEN` characters each.
    pub terms: String,
    /// Content hashes of the fragment table pages `g<i>-<hash>.js`.
    pub frags: String,
    /// Documents per fragment file.
    pub chunk: u32,
    /// Entries per table page.
    pub page: u32,
    /// Content hashes of the facets chunks `d<i>-<hash>.js`, `HASH_LEN` characters each.
    pub facets: String,
    /// Documents per facets chunk.
    pub facet_chunk: u32,
    /// Documents per block of a big term's sealed positions.
    pub position_block: u32,
    pub text_offset: u32,
    /// `[id, name]` of every area, in catalog order.
    pub areas: Vec<(String, String)>,
    pub publishers: Vec<String>,
    /// Years in the facets chunks are offsets from this one.
    pub year_base: i32,
}

/// Entry `i` of a string of content hashes, `HASH_LEN` characters each.
pub fn hash_at(hashes: &str, i: usize) -> Option<&str> {
    hashes.get(i * HASH_LEN..(i + 1) * HASH_LEN)
}

/// Hex digits of the content hash in file names.
pub const HASH_LEN: usize = 6;

/// The length normalisation of BM25, fixed at export time: a document's title and text lengths
/// are compared with the site's averages rounded to the nearest power of two, so that adding
/// records changes no weight until an average crosses half-way to the next power of two.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Norms {
    pub pivot: [f64; 2],
}

impl Norms {
    pub fn new(docs: &[Doc]) -> Norms {
        let n = docs.len().max(1) as f64;
        let pivot = |sum: f64| {
            let avg = (sum / n).max(1.0);
            avg.log2().round().exp2()
        };
        Norms {
            pivot: [
                pivot(docs.iter().map(|d| f64::from(d.title_len)).sum()),
                pivot(docs.iter().map(|d| f64::from(d.text_len)).sum()),
            ],
        }
    }

    /// A posting's weight (see `WEIGHT_STEPS`): BM25's saturated term frequency over the
    /// title (boosted) and the text of a document of the given lengths.
    pub fn weight(&self, in_title: usize, in_text: usize, doc: &Doc) -> u32 {
        let norm = |len: u32, pivot: f64| 1.0 - B + B * f64::from(len) / pivot;
        let tf = TITLE_BOOST * in_title as f64 / norm(doc.title_len, self.pivot[0])
            + in_text as f64 / norm(doc.text_len, self.pivot[1]);
        let score = tf * (K1 + 1.0) / (tf + K1);
        ((score * WEIGHT_STEPS).round() as u32).clamp(1, MAX_WEIGHT)
    }
}

/// One term's postings as `encode_postings` writes them: the documents with their weights, and
/// the positions (empty for a `positionless` term).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Encoded {
    pub docs: String,
    pub positions: String,
}

/// A big term's sealed postings: the documents, their positions (empty for a positionless
/// term), and the same positions in blocks (see `Layout`), or no blocks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sealed {
    pub docs: String,
    pub positions: String,
    pub blocks: Vec<String>,
}

impl Encoded {
    pub fn len(&self) -> usize {
        self.docs.len() + self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How a term's postings are stored in its bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum TermData {
    /// All of them: `[documents, positions]`.
    Inline(String, String),
    /// The files (`<stem>-<hash>`, without `.js`) holding the sealed documents and their
    /// positions (empty for a positionless term); the content hashes of the blocks of those
    /// positions (`b<term hash>x<block, hex>-<hash>.js`), one after the other (empty when
    /// there is only one block); then the documents and positions after them. The first
    /// document gap of the tail counts from the last sealed document.
    Split(String, String, String, String, String),
}

/// A result as shown: `[title, url, published, publisher, item, index_no, doc_no, excerpt,
/// repealed]`, with `publisher` an index into `Manifest::publishers` and `repealed` 1 for a
/// repealed record, else 0 (the page marks repealed results without loading the filters).
pub type Fragment = (
    String,
    String,
    String,
    u32,
    String,
    String,
    String,
    String,
    u32,
);

/// A file of the export: path inside the output folder and content.
pub struct ExportFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

fn wrap(name: &str, json: &str) -> Vec<u8> {
    format!("window.__gk_search.add({name:?},{json});\n").into_bytes()
}

/// Reads a file written by `wrap`: its name and data.
pub fn unwrap_file(text: &str) -> Option<(String, serde_json::Value)> {
    let inner = text
        .trim_end()
        .strip_prefix("window.__gk_search.add(")?
        .strip_suffix(");")?;
    let value: serde_json::Value = serde_json::from_str(&format!("[{inner}]")).ok()?;
    let name = value.get(0)?.as_str()?.to_string();
    let data = value.get(1)?.clone();
    Some((name, data))
}

/// Whether a term's postings carry no positions: single CJK characters are only ever asked
/// for on their own (a longer run is a phrase of its bigrams), so their counts are enough.
pub fn positionless(term: &str) -> bool {
    let mut chars = term.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if crate::search::analyzer::is_cjk(c))
}

/// Encodes one term's postings in two parts, each of base-64 varints: the documents (see
/// `encode_docs`) and, unless `positionless`, the positions (see `encode_positions`).
pub fn encode_postings(
    term: &str,
    postings: &[Posting],
    prev_doc: u32,
    weight: &impl Fn(&Posting, usize, usize) -> u32,
) -> Encoded {
    Encoded {
        docs: encode_docs(postings, prev_doc, weight),
        positions: if positionless(term) {
            String::new()
        } else {
            encode_positions(postings)
        },
    }
}

/// Documents: their count, the gap from each document to the one before (the first from
/// `prev_doc`), then each one's weight (see `Norms::weight`).
fn encode_docs(
    postings: &[Posting],
    mut prev_doc: u32,
    weight: &impl Fn(&Posting, usize, usize) -> u32,
) -> String {
    let mut out = String::new();
    encode(postings.len() as u32, &mut out);
    for p in postings {
        encode(p.doc - prev_doc, &mut out);
        prev_doc = p.doc;
    }
    for p in postings {
        let in_title = p.positions.partition_point(|&pos| pos < TEXT_OFFSET);
        encode(weight(p, in_title, p.positions.len() - in_title), &mut out);
    }
    out
}

/// Positions: first, per document, its occurrences in the text times two, plus one when it
/// has some in the title, followed then by their number there; then, per document, the gaps
/// between title positions (from 0) and between text positions (from `TEXT_OFFSET`). Columns
/// rather than rows, so that like numbers stand together and compress well.
fn encode_positions(postings: &[Posting]) -> String {
    let (counts, gaps) = encode_position_columns(postings);
    counts + &gaps
}

/// The two columns of `encode_positions`, apart: those of consecutive runs of postings joined
/// are those of the runs together.
fn encode_position_columns(postings: &[Posting]) -> (String, String) {
    let mut counts = String::new();
    let mut gaps = String::new();
    for p in postings {
        let split = p.positions.partition_point(|&pos| pos < TEXT_OFFSET);
        let (title, text) = p.positions.split_at(split);
        encode(
            text.len() as u32 * 2 + u32::from(!title.is_empty()),
            &mut counts,
        );
        if !title.is_empty() {
            encode(title.len() as u32, &mut counts);
        }
        for (list, base) in [(title, 0), (text, TEXT_OFFSET)] {
            let mut prev = base;
            for &pos in list {
                encode(pos - prev, &mut gaps);
                prev = pos;
            }
        }
    }
    (counts, gaps)
}

/// Where a big term's sealed postings end among `n` documents: the last multiple of `SEAL`
/// shifted by an offset taken from the term's hash, so that the boundaries of different terms
/// move at different records.
fn seal_boundary(term: &str, n: u32) -> u32 {
    let offset = (term_hash(term) >> 16) % SEAL;
    n.saturating_sub((n + offset) % SEAL)
}

/// A term's postings (documents numbered `0..n`, described by `docs`) as stored: inline when
/// short; otherwise the postings after the term's seal boundary, and those before it, for
/// files of their own (the positions also in blocks when they fill enough of them).
pub fn encode_term(
    term: &str,
    postings: &[Posting],
    docs: &[Doc],
    norms: &Norms,
    layout: &Layout,
) -> (Encoded, Option<Sealed>) {
    let n = docs.len() as u32;
    let weight = |p: &Posting, in_title: usize, in_text: usize| {
        docs.get(p.doc as usize)
            .map_or(1, |d| norms.weight(in_title, in_text, d))
    };
    // Every number takes at least one character: a term whose postings cannot fit in `BIG`
    // even so is not encoded whole only to find it too big.
    let at_least = 1
        + 2 * postings.len()
        + if positionless(term) {
            0
        } else {
            postings.len() + postings.iter().map(|p| p.positions.len()).sum::<usize>()
        };
    if at_least <= BIG {
        let whole = encode_postings(term, postings, 0, &weight);
        if whole.len() <= BIG {
            return (whole, None);
        }
    }
    let cut = postings.partition_point(|p| p.doc < seal_boundary(term, n));
    if cut == 0 {
        return (encode_postings(term, postings, 0, &weight), None);
    }
    let (positions, blocks) = if positionless(term) {
        (String::new(), Vec::new())
    } else if cut.div_ceil(layout.position_block.max(1)) < layout.blocked_from.max(2) {
        (encode_positions(&postings[..cut]), Vec::new())
    } else {
        // The whole is the blocks' columns joined: each column encoded once.
        let columns: Vec<(String, String)> = postings[..cut]
            .chunks(layout.position_block.max(1))
            .map(encode_position_columns)
            .collect();
        let counts = columns.iter().map(|(counts, _)| counts.as_str());
        let whole: String = counts
            .chain(columns.iter().map(|(_, gaps)| gaps.as_str()))
            .collect();
        let blocks = columns
            .into_iter()
            .map(|(counts, gaps)| counts + &gaps)
            .collect();
        (whole, blocks)
    };
    let sealed = Sealed {
        docs: encode_docs(&postings[..cut], 0, &weight),
        positions,
        blocks,
    };
    let tail = encode_postings(term, &postings[cut..], postings[cut - 1].doc, &weight);
    (tail, Some(sealed))
}

/// The start of a record's text for excerpts: `EXCERPT_CHARS` characters with white space
/// squeezed, one more when the last would be a space.
fn excerpt_source(text: &str) -> String {
    let mut chars = crate::text::squeezed_chars(text);
    let mut out: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if out.ends_with(' ') {
        out.extend(chars.next());
    }
    out
}

/// Search data holds titles and text from the records: no `<` may reach the files as is.
fn to_json<T: Serialize>(v: &T) -> anyhow::Result<String> {
    Ok(crate::text::markup_safe_json(v, false, 0)?)
}

/// Makes the index of a site into files under `search/`, handing each to `emit` as soon as
/// it is made (the largest, the big terms' files, come first, while the terms are still being
/// gone through): `docs` oldest first, `terms` sorted, each with its postings as
/// `encode_term` gave them.
pub fn export(
    site: &Site,
    docs: &[Doc],
    terms: Vec<(String, (Encoded, Option<Sealed>))>,
    layout: &Layout,
    emit: &mut dyn FnMut(ExportFile),
) -> anyhow::Result<()> {
    // Makes a file named after its content; returns the hash.
    let named = |stem: String, json: String, emit: &mut dyn FnMut(ExportFile)| -> String {
        let bytes = wrap(&stem, &json);
        let hash = content_hash(&bytes);
        emit(ExportFile {
            path: format!("{DIR}/{stem}-{hash}.js"),
            bytes,
        });
        hash
    };
    // A table of content hashes, in pages named `<letter><i>`; returns the pages' hashes.
    let paged =
        |letter: char, hashes: &str, emit: &mut dyn FnMut(ExportFile)| -> anyhow::Result<String> {
            let mut pages = String::new();
            for (i, page) in hashes.as_bytes().chunks(PAGE * HASH_LEN).enumerate() {
                let page = std::str::from_utf8(page)?;
                pages.push_str(&named(format!("{letter}{i}"), to_json(&page)?, emit));
            }
            Ok(pages)
        };

    // Big terms' sealed documents and positions, each in a file named after the term.
    let mut stored: Vec<(String, TermData)> = Vec::with_capacity(terms.len());
    let mut used = std::collections::BTreeSet::new();
    for (t, (tail, sealed)) in terms {
        let data = match sealed {
            None => TermData::Inline(tail.docs, tail.positions),
            Some(sealed) => {
                let mut stem = format!("{:012x}", crate::text::fnv64(t.as_bytes()) >> 16);
                while !used.insert(stem.clone()) {
                    stem.push('x');
                }
                let hash = named(format!("w{stem}"), to_json(&sealed.docs)?, emit);
                let docs = format!("w{stem}-{hash}");
                let mut positions = String::new();
                let mut blocks = String::new();
                if !sealed.positions.is_empty() {
                    let hash = named(format!("p{stem}"), to_json(&sealed.positions)?, emit);
                    positions = format!("p{stem}-{hash}");
                    for (i, block) in sealed.blocks.iter().enumerate() {
                        let name = format!("b{stem}x{i:x}");
                        blocks.push_str(&named(name, to_json(block)?, emit));
                    }
                }
                TermData::Split(docs, positions, blocks, tail.docs, tail.positions)
            }
        };
        stored.push((t, data));
    }
    let size = |d: &TermData| match d {
        TermData::Inline(a, b) => a.len() + b.len(),
        TermData::Split(a, b, c, d, e) => a.len() + b.len() + c.len() + d.len() + e.len(),
    };
    let total: usize = stored.iter().map(|(t, d)| t.len() + size(d) + 6).sum();
    let bucket_count = (total / BUCKET_TARGET).max(1).next_power_of_two();
    let mut buckets: Vec<std::collections::BTreeMap<&str, &TermData>> =
        vec![Default::default(); bucket_count];
    for (t, d) in &stored {
        buckets[(term_hash(t) as usize) & (bucket_count - 1)].insert(t, d);
    }
    let mut bucket_hashes = String::with_capacity(bucket_count * HASH_LEN);
    for (i, bucket) in buckets.iter().enumerate() {
        bucket_hashes.push_str(&named(format!("t{i}"), to_json(bucket)?, emit));
    }
    let term_pages = paged('k', &bucket_hashes, emit)?;

    let year_base = docs
        .iter()
        .map(|d| site.records[d.record].record.published.year())
        .min()
        .unwrap_or(2000);
    let columns: [&dyn Fn(&Doc) -> u32; DOC_FIELDS] = [
        &|d| site.records[d.record].area as u32,
        &|d| site.records[d.record].publisher as u32,
        &|d| (site.records[d.record].record.published.year() - year_base) as u32,
        &|d| {
            u32::from(matches!(
                site.records[d.record].record.validity,
                Validity::Repealed(_)
            ))
        },
    ];
    // Chunk by chunk, and column by column within one, so that like values stand together
    // and compress well.
    let mut facet_hashes = String::new();
    for (c, chunk) in docs.chunks(FACET_CHUNK).enumerate() {
        let mut facets = String::new();
        for column in &columns {
            for d in chunk {
                encode(column(d), &mut facets);
            }
        }
        facet_hashes.push_str(&named(format!("d{c}"), to_json(&facets)?, emit));
    }

    let mut frag_hashes = String::new();
    for (c, chunk) in docs.chunks(FRAGMENT_CHUNK).enumerate() {
        let frags: Vec<Fragment> = chunk
            .iter()
            .map(|d| {
                let e = &site.records[d.record];
                let area = &site.catalog.areas[e.area];
                let item = &area.items[e.item];
                let mut item_label = item.level1.clone();
                for l in [&item.level2, &item.level3].into_iter().flatten() {
                    item_label.push_str(" · ");
                    item_label.push_str(l);
                }
                let source = e.record.summary.as_deref().unwrap_or(&e.body.plain_text);
                (
                    e.record.title.clone(),
                    e.url.clone(),
                    e.record.published.to_string(),
                    e.publisher as u32,
                    item_label,
                    e.record.index_no.clone(),
                    e.record.doc_no.clone().unwrap_or_default(),
                    excerpt_source(source),
                    u32::from(matches!(e.record.validity, Validity::Repealed(_))),
                )
            })
            .collect();
        frag_hashes.push_str(&named(format!("f{c}"), to_json(&frags)?, emit));
    }
    let frag_pages = paged('g', &frag_hashes, emit)?;

    let manifest = Manifest {
        v: VERSION,
        n: docs.len() as u32,
        buckets: bucket_count as u32,
        terms: term_pages,
        frags: frag_pages,
        chunk: FRAGMENT_CHUNK as u32,
        page: PAGE as u32,
        facets: facet_hashes,
        facet_chunk: FACET_CHUNK as u32,
        position_block: layout.position_block as u32,
        text_offset: TEXT_OFFSET,
        areas: site
            .catalog
            .areas
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect(),
        publishers: site
            .catalog
            .publishers
            .iter()
            .map(|p| p.name.clone())
            .collect(),
        year_base,
    };
    emit(ExportFile {
        path: format!("{DIR}/manifest.js"),
        bytes: wrap("manifest", &to_json(&manifest)?),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut s = String::new();
        for n in [0, 1, 31, 32, 1000, 65536 + 7, u32::MAX] {
            encode(n, &mut s);
        }
        assert_eq!(
            decode(&s),
            Some(vec![0, 1, 31, 32, 1000, 65536 + 7, u32::MAX])
        );
    }

    fn postings(docs: impl Iterator<Item = u32>) -> Vec<Posting> {
        docs.map(|doc| Posting {
            doc,
            positions: vec![TEXT_OFFSET + doc % 7],
        })
        .collect()
    }

    fn docs(n: u32) -> Vec<Doc> {
        (0..n)
            .map(|i| Doc {
                record: i as usize,
                title_len: 8 + i % 5,
                text_len: 100 + i % 300,
            })
            .collect()
    }

    fn weight_of(docs: &[Doc]) -> impl Fn(&Posting, usize, usize) -> u32 + '_ {
        let norms = Norms::new(docs);
        move |p, t, x| norms.weight(t, x, &docs[p.doc as usize])
    }

    #[test]
    fn short_postings_stay_inline() {
        let list = postings(0..3);
        let docs = docs(3);
        let norms = Norms::new(&docs);
        let layout = Layout::default();
        let (inline, sealed) = encode_term("县", &list, &docs, &norms, &layout);
        assert_eq!(sealed, None);
        assert_eq!(inline, encode_postings("县", &list, 0, &weight_of(&docs)));
        // A single character has no positions; a pair has them.
        assert!(inline.positions.is_empty());
        let (pair, _) = encode_term("县民", &list, &docs, &norms, &layout);
        // Per document one text occurrence (2 × 1, none in the title), then the gaps.
        assert_eq!(decode(&pair.positions), Some(vec![2, 2, 2, 0, 1, 2]));
    }

    #[test]
    fn weights_follow_bm25_and_stay_within_one_character() {
        let docs = docs(400);
        let norms = Norms::new(&docs);
        // Averages 10 and about 250: the pivots are the nearest powers of two.
        assert_eq!(norms.pivot, [8.0, 256.0]);
        let short = &docs[0];
        let long = &docs[299];
        // More occurrences weigh more, a longer text less, the title most.
        assert!(norms.weight(0, 2, short) > norms.weight(0, 1, short));
        assert!(norms.weight(0, 1, long) < norms.weight(0, 1, short));
        assert!(norms.weight(1, 0, short) > norms.weight(0, 1, short));
        assert_eq!(norms.weight(50, 50, short), MAX_WEIGHT);
        assert!(norms.weight(0, 1, long) >= 1);
        // A record more changes no pivot.
        assert_eq!(Norms::new(&docs[..399]).pivot, norms.pivot);
    }

    #[test]
    fn big_postings_keep_their_sealed_part_when_records_are_added() {
        let term = "政府";
        let n = 3 * SEAL + 100;
        let list = postings(0..n);
        let all = docs(n + SEAL);
        let norms = Norms::new(&all[..n as usize]);
        // Blocks of 64 documents from 4 blocks on.
        let layout = Layout {
            position_block: 64,
            blocked_from: 4,
        };
        let (tail, sealed) = encode_term(term, &list, &all[..n as usize], &norms, &layout);
        let sealed = sealed.expect("split");
        // Split where the term's boundary lies, and the two parts read back as the whole.
        let boundary = seal_boundary(term, n);
        assert!(boundary <= n && n - boundary < SEAL);
        let cut = list.partition_point(|p| p.doc < boundary);
        let weight = weight_of(&all);
        let whole = encode_postings(term, &list[..cut], 0, &weight);
        assert_eq!(sealed.docs, whole.docs);
        assert_eq!(sealed.positions, whole.positions);
        assert_eq!(sealed.blocks.len(), cut.div_ceil(64));
        assert_eq!(
            sealed.blocks[1],
            encode_postings(term, &list[64..128], 63, &weight).positions
        );
        // Fewer blocks than the layout asks for: none.
        let fewer = Layout {
            blocked_from: cut.div_ceil(64) + 1,
            ..layout
        };
        let unblocked = encode_term(term, &list, &all[..n as usize], &norms, &fewer);
        assert_eq!(unblocked.1.map(|s| s.blocks.len()), Some(0));
        assert_eq!(
            tail,
            encode_postings(term, &list[cut..], list[cut - 1].doc, &weight)
        );
        // Adding records leaves the sealed part as it is until the boundary moves, once
        // every SEAL records.
        let mut moved = 0;
        let mut before = sealed;
        for more in 1..=SEAL {
            let m = n + more;
            let longer = postings(0..m);
            let docs = &all[..m as usize];
            let (_, s) = encode_term(term, &longer, docs, &Norms::new(docs), &layout);
            let s = s.expect("split");
            if s != before {
                moved += 1;
                assert_eq!(seal_boundary(term, m), m);
            }
            before = s;
        }
        assert_eq!(moved, 1);
    }

    #[test]
    fn wrapped_files_unwrap() {
        let bytes = wrap("t3", r#"{"a":"B"}"#);
        let text = String::from_utf8(bytes).expect("utf-8");
        let (name, data) = unwrap_file(&text).expect("unwraps");
        assert_eq!(name, "t3");
        assert_eq!(data["a"], "B");
    }
}
