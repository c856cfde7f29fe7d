//! The static search index: what `index` read back from tantivy, written as small script files
//! under `search/` that the browser (`static/search.js`) and `gongkai search` both read.
//!
//! Every file is a classic script that registers itself, `window.__gk_search.add(NAME, DATA);`,
//! so the same files work over HTTP and from `file://` without fetch. Files:
//! - `search/manifest.js` (fixed name): counts, BM25 averages, areas, publishers, and the
//!   content hashes of the table pages below;
//! - `search/k<page>-<hash>.js`: a page of the term table, the content hashes of `PAGE` term
//!   buckets; `search/g<page>-<hash>.js`: the same for fragment files;
//! - `search/t<bucket>-<hash>.js`: the terms whose FNV-1a hash falls in the bucket (the bucket
//!   count is a power of two, so a term stays in its bucket when records are added), each
//!   with its postings encoded as base-64 varints (see `encode`); a term whose postings are
//!   longer than `BIG` keeps only their tail here and names the file holding the rest:
//! - `search/w<term hash>-<hash>.js`: the sealed postings of one big term;
//! - `search/f<chunk>-<hash>.js`: result fragments, `FRAGMENT_CHUNK` documents per file;
//! - `search/d<chunk>-<hash>.js`: the facets of `FACET_CHUNK` documents by number: area,
//!   publisher, year, validity, title length and text length, one column (`DOC_FIELDS` of
//!   them) after the other; lengths are coded by their place in the manifest's `lengths`
//!   lists. A query loads only the chunks that hold the documents it matched.
//!
//! Redeploys: documents are numbered oldest first (see `index::indexed_records`), so a new
//! record takes the next number and lands in the last fragment file and in the tails of its
//! terms' postings. A big term's postings are sealed up to a boundary that moves every `SEAL`
//! documents, at a point of that cycle set by the term's hash, so each added record reseals
//! only a few big terms; everything else it touches is a small bucket file, a table page, the
//! last fragment file, the last facets chunk and the manifest. Names carry a hash of their content, so a
//! redeploy uploads only what changed; everything is sorted, so the export is byte-identical
//! from build to build and depends on nothing but the site.

use crate::record::Validity;
use crate::search::index::{Doc, Posting, TEXT_OFFSET};
use crate::site::Site;
use serde::Serialize;

/// Numbers per document in a facets chunk.
pub const DOC_FIELDS: usize = 6;
/// Documents per facets chunk: small enough that a query with few results loads little,
/// large enough that the manifest's list of chunk hashes stays short.
pub const FACET_CHUNK: usize = 1024;
/// Documents per fragment file: small, since the results shown are spread over the site.
pub const FRAGMENT_CHUNK: usize = 2;
/// Aimed-at size of a term bucket, in bytes of encoded postings.
const BUCKET_TARGET: usize = 1536;
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
pub const VERSION: u32 = 3;

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

/// FNV-1a, 32 bits, over UTF-8: picks a term's shard (the browser computes the same).
pub fn term_hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// FNV-1a, 64 bits.
fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The content hash in file names: `HASH_LEN` hex digits, enough to tell the versions of one
/// file apart.
fn content_hash(bytes: &[u8]) -> String {
    format!("{:06x}", fnv64(bytes) >> 40)
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
    /// Average title and text lengths, for BM25.
    pub avg: [f64; 2],
    pub text_offset: u32,
    /// The title and text lengths the facets chunks code by their place in these lists.
    pub lengths: [Vec<u32>; 2],
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

/// Lengths (already quantised by tantivy, so there are few distinct ones) coded by their
/// place in a list of the distinct values, most frequent first: one character for most
/// documents.
struct LengthCodes {
    values: Vec<u32>,
    codes: std::collections::HashMap<u32, u32>,
}

impl LengthCodes {
    fn new(lengths: impl Iterator<Item = u32>) -> LengthCodes {
        let mut counts: std::collections::BTreeMap<u32, usize> = Default::default();
        for l in lengths {
            *counts.entry(l).or_default() += 1;
        }
        let mut values: Vec<(u32, usize)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let values: Vec<u32> = values.into_iter().map(|(v, _)| v).collect();
        let codes = values
            .iter()
            .enumerate()
            .map(|(i, &v)| (v, i as u32))
            .collect();
        LengthCodes { values, codes }
    }

    fn code(&self, length: u32) -> u32 {
        self.codes.get(&length).copied().unwrap_or_default()
    }
}

/// How a term's postings are stored in its bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum TermData {
    /// All of them, as `encode_postings` wrote them.
    Inline(String),
    /// The file (`<stem>-<hash>`, without `.js`) holding the sealed postings, then the
    /// postings after them, whose first document gap counts from the last sealed document.
    Split(String, String),
}

/// A result as shown: `[title, url, published, publisher, item, index_no, doc_no, excerpt]`,
/// with `publisher` an index into `Manifest::publishers`.
pub type Fragment = (String, String, String, u32, String, String, String, String);

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

/// Encodes one term's postings: document count, then per document the gap from the previous
/// document, occurrences in the title and in the text, then (unless `positionless`) the gaps
/// between title positions and between text positions. Lengths for BM25 are in the facets
/// chunks, once per document. The first gap counts from `prev_doc`.
pub fn encode_postings(term: &str, postings: &[Posting], mut prev_doc: u32) -> String {
    let mut s = String::new();
    let with_positions = !positionless(term);
    encode(postings.len() as u32, &mut s);
    for p in postings {
        encode(p.doc - prev_doc, &mut s);
        prev_doc = p.doc;
        let split = p.positions.partition_point(|&pos| pos < TEXT_OFFSET);
        let (title, text) = p.positions.split_at(split);
        encode(title.len() as u32, &mut s);
        encode(text.len() as u32, &mut s);
        if with_positions {
            for (list, base) in [(title, 0), (text, TEXT_OFFSET)] {
                let mut prev = base;
                for &pos in list {
                    encode(pos - prev, &mut s);
                    prev = pos;
                }
            }
        }
    }
    s
}

/// Where a big term's sealed postings end among `n` documents: the last multiple of `SEAL`
/// shifted by an offset taken from the term's hash, so that the boundaries of different terms
/// move at different records.
fn seal_boundary(term: &str, n: u32) -> u32 {
    let offset = (term_hash(term) >> 16) % SEAL;
    n.saturating_sub((n + offset) % SEAL)
}

/// A term's postings (documents numbered `0..n`) as stored: inline when short; otherwise the
/// postings before the term's seal boundary, for a file of their own, and the rest.
pub fn encode_term(term: &str, postings: &[Posting], n: u32) -> (String, Option<String>) {
    let whole = encode_postings(term, postings, 0);
    if whole.len() <= BIG {
        return (whole, None);
    }
    let cut = postings.partition_point(|p| p.doc < seal_boundary(term, n));
    if cut == 0 {
        return (whole, None);
    }
    let sealed = encode_postings(term, &postings[..cut], 0);
    let tail = encode_postings(term, &postings[cut..], postings[cut - 1].doc);
    (tail, Some(sealed))
}

fn excerpt_source(text: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
        if out.chars().count() >= EXCERPT_CHARS {
            break;
        }
    }
    out
}

/// Search data holds titles and text from the records: no `<` may reach the files as is.
fn to_json<T: Serialize>(v: &T) -> anyhow::Result<String> {
    Ok(crate::text::json_without_markup(&serde_json::to_string(v)?))
}

/// Writes the index of a site as files under `search/`: `docs` oldest first, `terms` sorted,
/// each with its postings as `encode_term` gave them.
pub fn export(
    site: &Site,
    docs: &[Doc],
    terms: Vec<(String, (String, Option<String>))>,
) -> anyhow::Result<Vec<ExportFile>> {
    let mut files = Vec::new();
    // Writes a file named after its content; returns the hash.
    let named = |stem: String, json: String, files: &mut Vec<ExportFile>| -> String {
        let bytes = wrap(&stem, &json);
        let hash = content_hash(&bytes);
        files.push(ExportFile {
            path: format!("{DIR}/{stem}-{hash}.js"),
            bytes,
        });
        hash
    };
    // A table of content hashes, in pages named `<letter><i>`; returns the pages' hashes.
    let paged =
        |letter: char, hashes: &str, files: &mut Vec<ExportFile>| -> anyhow::Result<String> {
            let mut pages = String::new();
            for (i, page) in hashes.as_bytes().chunks(PAGE * HASH_LEN).enumerate() {
                let page = std::str::from_utf8(page)?;
                pages.push_str(&named(format!("{letter}{i}"), to_json(&page)?, files));
            }
            Ok(pages)
        };

    // Big terms' sealed postings, each in a file named after the term.
    let mut stored: Vec<(String, TermData)> = Vec::with_capacity(terms.len());
    let mut used = std::collections::BTreeSet::new();
    for (t, (tail, sealed)) in terms {
        let data = match sealed {
            None => TermData::Inline(tail),
            Some(sealed) => {
                let mut stem = format!("w{:012x}", fnv64(t.as_bytes()) >> 16);
                while !used.insert(stem.clone()) {
                    stem.push('x');
                }
                let hash = named(stem.clone(), to_json(&sealed)?, &mut files);
                TermData::Split(format!("{stem}-{hash}"), tail)
            }
        };
        stored.push((t, data));
    }
    let size = |d: &TermData| match d {
        TermData::Inline(p) => p.len(),
        TermData::Split(f, p) => f.len() + p.len(),
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
        bucket_hashes.push_str(&named(format!("t{i}"), to_json(bucket)?, &mut files));
    }
    let term_pages = paged('k', &bucket_hashes, &mut files)?;

    let year_base = docs
        .iter()
        .map(|d| site.records[d.record].record.published.year())
        .min()
        .unwrap_or(2000);
    let lengths = [
        LengthCodes::new(docs.iter().map(|d| d.title_len)),
        LengthCodes::new(docs.iter().map(|d| d.text_len)),
    ];
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
        &|d| lengths[0].code(d.title_len),
        &|d| lengths[1].code(d.text_len),
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
        facet_hashes.push_str(&named(format!("d{c}"), to_json(&facets)?, &mut files));
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
                )
            })
            .collect();
        frag_hashes.push_str(&named(format!("f{c}"), to_json(&frags)?, &mut files));
    }
    let frag_pages = paged('g', &frag_hashes, &mut files)?;

    let n = docs.len().max(1) as f64;
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
        avg: [
            docs.iter().map(|d| f64::from(d.title_len)).sum::<f64>() / n,
            docs.iter().map(|d| f64::from(d.text_len)).sum::<f64>() / n,
        ],
        text_offset: TEXT_OFFSET,
        lengths: [lengths[0].values.clone(), lengths[1].values.clone()],
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
    files.push(ExportFile {
        path: format!("{DIR}/manifest.js"),
        bytes: wrap("manifest", &to_json(&manifest)?),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
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

    #[test]
    fn short_postings_stay_inline() {
        let list = postings(0..3);
        assert_eq!(
            encode_term("县", &list, 3),
            (encode_postings("县", &list, 0), None)
        );
    }

    #[test]
    fn big_postings_keep_their_sealed_part_when_records_are_added() {
        let term = "政府";
        let n = 3 * SEAL + 100;
        let list = postings((0..n).step_by(2));
        let (tail, sealed) = encode_term(term, &list, n);
        let sealed = sealed.expect("split");
        // Split where the term's boundary lies, and the two parts read back as the whole.
        let boundary = seal_boundary(term, n);
        assert!(boundary <= n && n - boundary < SEAL);
        let cut = list.partition_point(|p| p.doc < boundary);
        assert_eq!(sealed, encode_postings(term, &list[..cut], 0));
        assert_eq!(tail, encode_postings(term, &list[cut..], list[cut - 1].doc));
        // Adding records leaves the sealed part as it is until the boundary moves, once
        // every SEAL records.
        let mut moved = 0;
        let mut before = sealed;
        for more in 1..=SEAL {
            let m = n + more;
            let longer = postings((0..m).step_by(2));
            let (_, s) = encode_term(term, &longer, m);
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
