//! The static search index: what `index` read back from tantivy, written as small script files
//! under `search/` that the browser (`static/search.js`) and `gongkai search` both read.
//!
//! Every file is a classic script that registers itself, `window.__gk_search.add(NAME, DATA);`,
//! so the same files work over HTTP and from `file://` without fetch. Files:
//! - `search/manifest.js` (fixed name): counts, BM25 averages, areas, publishers and the names of
//!   every other file;
//! - `search/t<shard>-<hash>.js`: terms whose FNV-1a hash falls in the shard, each with its
//!   postings encoded as base-64 varints (see `encode`); the shard count is a power of two, so
//!   a term stays in its shard when records are added;
//! - `search/f<chunk>-<hash>.js`: result fragments, `FRAGMENT_CHUNK` documents per file;
//! - `search/facets-<hash>.js`: area, publisher, year, validity, title length and text length
//!   of every document, one column (`DOC_FIELDS` of them) after the other.
//!
//! Names carry a hash of their content, so a redeploy uploads only what changed. Everything is
//! sorted, so the export is byte-identical from build to build.

use crate::record::Validity;
use crate::search::index::{Doc, Posting, TEXT_OFFSET};
use crate::site::Site;
use serde::Serialize;

/// Numbers per document in the facets file.
pub const DOC_FIELDS: usize = 6;
/// Documents per fragment file: small, since the results shown are spread over the site.
pub const FRAGMENT_CHUNK: usize = 8;
/// Aimed-at size of a term shard, in bytes of encoded postings.
const SHARD_TARGET: usize = 12 * 1024;
/// Characters of body text kept for excerpts.
const EXCERPT_CHARS: usize = 240;
/// The folder of the index in the output.
pub const DIR: &str = "search";
/// Format version, checked by the readers.
pub const VERSION: u32 = 1;

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

/// FNV-1a, 64 bits: the content hash in file names.
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

/// The manifest: everything the reader needs before the first shard.
#[derive(Debug, Serialize, serde::Deserialize, Clone)]
pub struct Manifest {
    pub v: u32,
    /// Number of documents.
    pub n: u32,
    /// Content hashes of the term shard files `t<i>-<hash>.js`, `HASH_LEN` characters each,
    /// by shard number (a power of two of them).
    pub shards: String,
    /// Content hashes of the fragment files `f<i>-<hash>.js`, `chunk` documents each.
    pub frags: String,
    pub chunk: u32,
    pub facets: String,
    /// Average title and text lengths, for BM25.
    pub avg: [f64; 2],
    pub text_offset: u32,
    /// `[id, name]` of every area, in catalog order.
    pub areas: Vec<(String, String)>,
    pub publishers: Vec<String>,
    /// Years in the facets file are offsets from this one.
    pub year_base: i32,
}

impl Manifest {
    pub fn shard_count(&self) -> usize {
        self.shards.len() / HASH_LEN
    }

    /// The file of term shard `i`.
    pub fn shard_file(&self, i: usize) -> Option<String> {
        let hash = self.shards.get(i * HASH_LEN..(i + 1) * HASH_LEN)?;
        Some(format!("t{i}-{hash}.js"))
    }

    /// The file of fragment chunk `i`.
    pub fn frag_file(&self, i: usize) -> Option<String> {
        let hash = self.frags.get(i * HASH_LEN..(i + 1) * HASH_LEN)?;
        Some(format!("f{i}-{hash}.js"))
    }
}

/// Hex digits of the content hash in file names.
pub const HASH_LEN: usize = 8;

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
/// file, once per document.
pub fn encode_postings(term: &str, postings: &[Posting]) -> String {
    let mut s = String::new();
    let with_positions = !positionless(term);
    encode(postings.len() as u32, &mut s);
    let mut prev_doc = 0;
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

/// Writes the index of a site as files under `search/`.
/// Writes the index of a site as files under `search/`: `docs` oldest first, `terms` sorted,
/// each with its postings as `encode_postings` wrote them.
pub fn export(
    site: &Site,
    docs: &[Doc],
    terms: &[(String, String)],
) -> anyhow::Result<Vec<ExportFile>> {
    let mut files = Vec::new();
    let total: usize = terms.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let shard_count = (total / SHARD_TARGET).max(1).next_power_of_two();
    let mut shards: Vec<std::collections::BTreeMap<&str, &str>> =
        vec![Default::default(); shard_count];
    for (t, p) in terms {
        shards[(term_hash(t) as usize) & (shard_count - 1)].insert(t.as_str(), p.as_str());
    }
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
    let mut shard_names = String::with_capacity(shard_count * HASH_LEN);
    for (i, shard) in shards.iter().enumerate() {
        shard_names.push_str(&named(format!("t{i}"), to_json(shard)?, &mut files));
    }

    let year_base = docs
        .iter()
        .map(|d| site.records[d.record].record.published.year())
        .min()
        .unwrap_or(2000);
    // Column by column, so that like values stand together and compress well.
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
        &|d| d.title_len,
        &|d| d.text_len,
    ];
    let mut facets = String::new();
    for column in columns {
        for d in docs {
            encode(column(d), &mut facets);
        }
    }
    let facets_name = format!(
        "facets-{}.js",
        named("facets".into(), to_json(&facets)?, &mut files)
    );

    let mut frag_names = String::new();
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
        frag_names.push_str(&named(format!("f{c}"), to_json(&frags)?, &mut files));
    }

    let n = docs.len().max(1) as f64;
    let manifest = Manifest {
        v: VERSION,
        n: docs.len() as u32,
        shards: shard_names,
        frags: frag_names,
        chunk: FRAGMENT_CHUNK as u32,
        facets: facets_name,
        avg: [
            docs.iter().map(|d| f64::from(d.title_len)).sum::<f64>() / n,
            docs.iter().map(|d| f64::from(d.text_len)).sum::<f64>() / n,
        ],
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

    #[test]
    fn wrapped_files_unwrap() {
        let bytes = wrap("t3", r#"{"a":"B"}"#);
        let text = String::from_utf8(bytes).expect("utf-8");
        let (name, data) = unwrap_file(&text).expect("unwraps");
        assert_eq!(name, "t3");
        assert_eq!(data["a"], "B");
    }
}
