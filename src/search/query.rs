//! Answers queries from the exported index files (never from tantivy), with the semantics the
//! browser implements in `static/search.js`: every group of the query must match; a group is a
//! phrase, so a CJK run matches exactly where the string occurs; identifiers written in a group
//! must be present whole. Ranking is BM25F over title and text with a title boost: the sum over
//! the query's terms of the term's idf times the posting's weight, which the export computed
//! with the document's lengths (`export::Norms`); equal scores go to the newer record. Facets
//! count, for each dimension, the matches that pass the other dimensions' filters.

use crate::search::analyzer::{Group, parse_query};
use crate::search::export::{self, DIR, Fragment, Manifest, TermData, VERSION, WEIGHT_STEPS};
use crate::t;
use anyhow::{Context, bail};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One document's entry in a term's postings.
#[derive(Debug, Clone)]
struct Entry {
    doc: u32,
    /// The term's part of the document's score, times `WEIGHT_STEPS`.
    weight: u32,
    /// Empty for positionless terms; text positions shifted by the manifest's text offset.
    positions: Vec<u32>,
}

/// Per document: area, publisher, year offset, repealed.
#[derive(Debug, Clone, Copy, Default)]
struct Facet {
    area: u32,
    publisher: u32,
    year: u32,
    repealed: bool,
}

/// What results are restricted to.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Area id.
    pub area: Option<String>,
    /// Publisher name.
    pub publisher: Option<String>,
    pub year: Option<i32>,
    /// `Some(true)`: only repealed records; `Some(false)`: only valid ones.
    pub repealed: Option<bool>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub index_no: String,
    pub title: String,
    /// Relative to the site root.
    pub url: String,
    pub published: String,
    pub publisher: String,
    pub item: String,
    pub repealed: bool,
    pub score: f64,
    pub excerpt: String,
}

#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Facets {
    pub area: BTreeMap<String, usize>,
    pub publisher: BTreeMap<String, usize>,
    pub year: BTreeMap<String, usize>,
    pub validity: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Answer {
    pub query: String,
    pub total: usize,
    pub results: Vec<Hit>,
    pub facets: Facets,
}

/// The exported index of a built site, read from its output folder.
pub struct SearchIndex {
    dir: PathBuf,
    manifest: Manifest,
    facets: Vec<Facet>,
    /// Data files read so far, by file name.
    files: HashMap<String, serde_json::Value>,
}

fn read_data(path: &Path) -> anyhow::Result<serde_json::Value> {
    let text = std::fs::read_to_string(path).with_context(|| {
        t!(
            "reading the search index file {path}",
            path = path.display()
        )
    })?;
    let (_, data) = export::unwrap_file(&text)
        .with_context(|| t!("{path} is not a search index file", path = path.display()))?;
    Ok(data)
}

impl SearchIndex {
    /// Opens the index under `out_dir/search/`.
    pub fn open(out_dir: &Path) -> anyhow::Result<SearchIndex> {
        let dir = out_dir.join(DIR);
        let manifest: Manifest = serde_json::from_value(read_data(&dir.join("manifest.js"))?)
            .with_context(|| t!("reading the search manifest"))?;
        if manifest.v != VERSION {
            bail!(t!(
                "the search index has format {found} where {expected} is expected: rebuild the site",
                found = manifest.v,
                expected = VERSION
            ));
        }
        let facets = read_facets(&dir, &manifest)?;
        Ok(SearchIndex {
            dir,
            manifest,
            facets,
            files: HashMap::new(),
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The data of `<stem>-<hash>.js`, read once.
    fn file(&mut self, stem_hash: &str) -> anyhow::Result<&serde_json::Value> {
        if !self.files.contains_key(stem_hash) {
            let data = read_data(&self.dir.join(format!("{stem_hash}.js")))?;
            self.files.insert(stem_hash.to_string(), data);
        }
        self.files
            .get(stem_hash)
            .with_context(|| t!("the search index is damaged"))
    }

    /// The name (`<stem>-<hash>`) of the file at entry `i` of a table of content hashes kept in
    /// pages `<letter><page>-<hash>.js`, whose own hashes are `pages`.
    fn table_entry(
        &mut self,
        letter: char,
        pages: &str,
        stem: &str,
        i: usize,
    ) -> anyhow::Result<String> {
        let per_page = self.manifest.page.max(1) as usize;
        let page = i / per_page;
        let page_hash =
            export::hash_at(pages, page).with_context(|| t!("the search manifest is damaged"))?;
        let hashes = self
            .file(&format!("{letter}{page}-{page_hash}"))?
            .as_str()
            .with_context(|| t!("a search table is damaged"))?;
        let hash = export::hash_at(hashes, i % per_page)
            .with_context(|| t!("a search table is damaged"))?;
        Ok(format!("{stem}-{hash}"))
    }

    fn postings(&mut self, term: &str) -> anyhow::Result<Vec<Entry>> {
        let count = self.manifest.buckets.max(1) as usize;
        let bucket = (export::term_hash(term) as usize) & (count - 1);
        let pages = self.manifest.terms.clone();
        let name = self.table_entry('k', &pages, &format!("t{bucket}"), bucket)?;
        let Some(data) = self.file(&name)?.get(term).cloned() else {
            return Ok(Vec::new());
        };
        let data: TermData =
            serde_json::from_value(data).with_context(|| t!("a search bucket is damaged"))?;
        let offset = self.manifest.text_offset;
        let damaged = || anyhow::anyhow!(t!("a search bucket is damaged"));
        let numbers = |s: &str| export::decode(s).ok_or_else(damaged);
        let mut list = Vec::new();
        let tail = match data {
            TermData::Inline(docs, positions) => (docs, positions),
            // The whole sealed positions; the blocks hold the same.
            TermData::Split(docs_file, positions_file, _blocks, docs, positions) => {
                let text = self.file(&docs_file)?.as_str().ok_or_else(damaged)?;
                list = decode_docs(&numbers(text)?, 0).ok_or_else(damaged)?;
                if !positions_file.is_empty() {
                    let text = self.file(&positions_file)?.as_str().ok_or_else(damaged)?;
                    decode_positions(&numbers(text)?, offset, &mut list).ok_or_else(damaged)?;
                }
                (docs, positions)
            }
        };
        let sealed = list.len();
        let last = list.last().map_or(0, |e| e.doc);
        list.extend(decode_docs(&numbers(&tail.0)?, last).ok_or_else(damaged)?);
        let tail_positions = numbers(&tail.1)?;
        if !tail_positions.is_empty() {
            decode_positions(&tail_positions, offset, &mut list[sealed..]).ok_or_else(damaged)?;
        }
        Ok(list)
    }

    /// Matching documents with their scores, best first (ties: newer first).
    fn matches(&mut self, groups: &[Group]) -> anyhow::Result<Vec<(u32, f64)>> {
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let mut terms: BTreeSet<&str> = BTreeSet::new();
        for g in groups {
            terms.extend(g.phrase.iter().map(|(t, _)| t.as_str()));
            terms.extend(g.present.iter().map(String::as_str));
        }
        let mut lists: BTreeMap<&str, Vec<Entry>> = BTreeMap::new();
        for t in terms {
            lists.insert(t, self.postings(t)?);
        }
        let mut docs: Option<BTreeSet<u32>> = None;
        for g in groups {
            let found = group_docs(g, &lists);
            docs = Some(match docs {
                None => found,
                Some(d) => d.intersection(&found).copied().collect(),
            });
        }
        let docs = docs.unwrap_or_default();
        let n = f64::from(self.manifest.n);
        let mut scored: Vec<(u32, f64)> = docs
            .iter()
            .map(|&doc| {
                let mut score = 0.0;
                for list in lists.values() {
                    let Ok(i) = list.binary_search_by_key(&doc, |e| e.doc) else {
                        continue;
                    };
                    let df = list.len() as f64;
                    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                    score += idf * f64::from(list[i].weight) / WEIGHT_STEPS;
                }
                (doc, (score * 1e6).round() / 1e6)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
        Ok(scored)
    }

    /// Runs a query with filters, returning at most `limit` results.
    pub fn search(
        &mut self,
        query: &str,
        filters: &Filters,
        limit: usize,
    ) -> anyhow::Result<Answer> {
        let groups = parse_query(query);
        let scored = self.matches(&groups)?;
        let m = &self.manifest;
        let area_of = |f: &Facet| m.areas.get(f.area as usize).map(|a| a.0.clone());
        let publisher_of = |f: &Facet| m.publishers.get(f.publisher as usize).cloned();
        let year_of = |f: &Facet| m.year_base + f.year as i32;
        let pass = |f: &Facet, skip: &str| {
            (skip == "area" || filters.area.is_none() || area_of(f) == filters.area)
                && (skip == "publisher"
                    || filters.publisher.is_none()
                    || publisher_of(f) == filters.publisher)
                && (skip == "year" || filters.year.is_none_or(|y| year_of(f) == y))
                && (skip == "validity" || filters.repealed.is_none_or(|r| f.repealed == r))
        };
        let mut facets = Facets::default();
        let mut shown = Vec::new();
        for &(doc, score) in &scored {
            let Some(f) = self.facets.get(doc as usize) else {
                bail!(t!(
                    "the search index is damaged: document {doc} has no facets",
                    doc
                ));
            };
            if pass(f, "area")
                && let Some(a) = area_of(f)
            {
                *facets.area.entry(a).or_default() += 1;
            }
            if pass(f, "publisher")
                && let Some(p) = publisher_of(f)
            {
                *facets.publisher.entry(p).or_default() += 1;
            }
            if pass(f, "year") {
                *facets.year.entry(year_of(f).to_string()).or_default() += 1;
            }
            if pass(f, "validity") {
                let key = if f.repealed { "repealed" } else { "valid" };
                *facets.validity.entry(key.to_string()).or_default() += 1;
            }
            if pass(f, "") {
                shown.push((doc, score, f.repealed));
            }
        }
        let total = shown.len();
        let per_chunk = self.manifest.chunk.max(1) as usize;
        let mut results = Vec::new();
        for &(doc, score, repealed) in shown.iter().take(limit) {
            let chunk = doc as usize / per_chunk;
            let pages = self.manifest.frags.clone();
            let name = self.table_entry('g', &pages, &format!("f{chunk}"), chunk)?;
            let list: Vec<Fragment> = serde_json::from_value(self.file(&name)?.clone())
                .with_context(|| t!("a search fragment file is damaged"))?;
            let f = list
                .get(doc as usize % per_chunk)
                .with_context(|| t!("the search index is damaged: a fragment is missing"))?;
            results.push(Hit {
                title: f.0.clone(),
                url: f.1.clone(),
                published: f.2.clone(),
                publisher: self
                    .manifest
                    .publishers
                    .get(f.3 as usize)
                    .cloned()
                    .unwrap_or_default(),
                item: f.4.clone(),
                index_no: f.5.clone(),
                repealed,
                score,
                excerpt: f.7.clone(),
            });
        }
        Ok(Answer {
            query: query.to_string(),
            total,
            results,
            facets,
        })
    }

    /// The documents (oldest-first numbers) a query matches, unranked: for tests.
    pub fn matching_docs(&mut self, query: &str) -> anyhow::Result<BTreeSet<u32>> {
        Ok(self
            .matches(&parse_query(query))?
            .into_iter()
            .map(|(d, _)| d)
            .collect())
    }
}

/// The facets of every document, from all the chunks (the browser loads only those it needs;
/// the command line reads a local folder, where all of them cost little).
fn read_facets(dir: &Path, manifest: &Manifest) -> anyhow::Result<Vec<Facet>> {
    let n = manifest.n as usize;
    let per_chunk = manifest.facet_chunk.max(1) as usize;
    let damaged = || anyhow::anyhow!(t!("the search facets file is damaged"));
    let mut facets = Vec::with_capacity(n);
    for c in 0..n.div_ceil(per_chunk) {
        let hash = export::hash_at(&manifest.facets, c).ok_or_else(damaged)?;
        let numbers = read_data(&dir.join(format!("d{c}-{hash}.js")))?
            .as_str()
            .and_then(export::decode)
            .ok_or_else(damaged)?;
        let count = per_chunk.min(n - c * per_chunk);
        if numbers.len() != count * export::DOC_FIELDS {
            return Err(damaged());
        }
        let column = |k: usize, d: usize| numbers[k * count + d];
        facets.extend((0..count).map(|d| Facet {
            area: column(0, d),
            publisher: column(1, d),
            year: column(2, d),
            repealed: column(3, d) == 1,
        }));
    }
    Ok(facets)
}

/// Reads the documents `export::encode_postings` wrote; the first counts from `doc`.
fn decode_docs(numbers: &[u32], mut doc: u32) -> Option<Vec<Entry>> {
    let count = *numbers.first()? as usize;
    let gaps = numbers.get(1..=count)?;
    let weights = numbers.get(count + 1..=2 * count)?;
    let mut out = Vec::with_capacity(count);
    for (&gap, &weight) in gaps.iter().zip(weights) {
        doc = doc.checked_add(gap)?;
        out.push(Entry {
            doc,
            weight,
            positions: Vec::new(),
        });
    }
    Some(out)
}

/// Reads the positions `export::encode_postings` wrote for `entries`.
fn decode_positions(numbers: &[u32], text_offset: u32, entries: &mut [Entry]) -> Option<()> {
    let mut counts = numbers.iter().copied();
    let mut fields = Vec::with_capacity(entries.len());
    for _ in 0..entries.len() {
        let code = counts.next()?;
        let in_title = if code & 1 == 1 { counts.next()? } else { 0 };
        fields.push((in_title, code / 2));
    }
    let mut gaps = counts;
    for (e, (in_title, in_text)) in entries.iter_mut().zip(fields) {
        for (n, base) in [(in_title, 0), (in_text, text_offset)] {
            let mut p = base;
            for _ in 0..n {
                p = p.checked_add(gaps.next()?)?;
                e.positions.push(p);
            }
        }
    }
    gaps.next().is_none().then_some(())
}

/// Documents where the group's phrase occurs and all its other terms are present.
fn group_docs(g: &Group, lists: &BTreeMap<&str, Vec<Entry>>) -> BTreeSet<u32> {
    let empty = Vec::new();
    let list = |t: &str| lists.get(t).unwrap_or(&empty);
    let find = |t: &str, doc: u32| {
        let l = list(t);
        l.binary_search_by_key(&doc, |e| e.doc).ok().map(|i| &l[i])
    };
    let all = g
        .phrase
        .iter()
        .map(|(t, _)| t.as_str())
        .chain(g.present.iter().map(String::as_str));
    let Some(rarest) = all.min_by_key(|t| list(t).len()) else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    'docs: for e in list(rarest) {
        let mut entries = Vec::with_capacity(g.phrase.len());
        for (t, rel) in &g.phrase {
            match find(t, e.doc) {
                Some(x) => entries.push((x, *rel)),
                None => continue 'docs,
            }
        }
        for t in &g.present {
            if find(t, e.doc).is_none() {
                continue 'docs;
            }
        }
        let adjacent = entries.first().is_none_or(|(first, _)| {
            first.positions.iter().any(|&start| {
                entries
                    .iter()
                    .all(|(x, rel)| x.positions.binary_search(&(start + rel)).is_ok())
            })
        });
        if adjacent {
            out.insert(e.doc);
        }
    }
    out
}
