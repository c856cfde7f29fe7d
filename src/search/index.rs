//! tantivy builds the inverted index of the listed records in RAM with the analyzer of
//! `analyzer`; this module then reads it back (terms, postings with positions, lengths) into
//! plain sorted data for `export`. tantivy's own files are never written anywhere.
//!
//! tantivy is given a CJK unigram only where a run ends: every other character starts a bigram
//! at its position, so its unigram's postings are rebuilt at read-back from those bigrams
//! (which sort right after it). That spares tantivy a third of the tokens; the export is the
//! same as with every unigram indexed.
//!
//! Documents are numbered oldest first, by published date then 索引号, so adding the newest
//! record appends to every list instead of renumbering them all. (A record back-filled with an
//! old date shifts the numbers after it; no order known from the site alone avoids that, since
//! 索引号 series interleave by publisher and year, and a hash order would put every new record
//! in the middle.)

use crate::record::Validity;
use crate::search::analyzer;
use crate::site::Site;
use crate::t;
use anyhow::Context;
use std::borrow::Cow;
use tantivy::InvertedIndexReader;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::{FAST, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::termdict::TermStreamer;
use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};
use tantivy::{DocSet, Index, IndexWriter, TERMINATED, TantivyDocument};

/// Name of the analyzer as registered with tantivy.
const TOKENIZER: &str = "gongkai";
/// Positions of the text field are shifted by this much in the export, so one position list
/// holds both fields and a phrase never spans a title and a body.
pub const TEXT_OFFSET: u32 = 1 << 16;

/// What one document (a listed record) of the index says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Index into `Site::records`.
    pub record: usize,
    /// Token counts of the title and of the rest (every unigram counted), rounded as tantivy
    /// rounds its field norms.
    pub title_len: u32,
    pub text_len: u32,
}

/// One document's occurrences of a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Sorted; text-field positions are shifted by `TEXT_OFFSET`.
    pub positions: Vec<u32>,
}

#[derive(Clone, Default)]
struct GkTokenizer;

struct GkStream {
    /// The terms of all tokens, one after another.
    terms: String,
    /// Each token's position and the end of its term in `terms`.
    tokens: Vec<(u32, usize)>,
    next: usize,
    current: TantivyToken,
}

/// The first byte of the length terms: each field value, if it has tokens, adds one term that
/// is this byte followed by its number of tokens in decimal (unigrams left out included).
/// tantivy gives a tokenizer no way to know the document, and its field norms would count only
/// the tokens it was given, so the lengths BM25 needs travel as terms, which sort before every
/// real term (those start with a letter, digit or CJK character).
const LENGTH_MARK: u8 = 1;

impl Tokenizer for GkTokenizer {
    type TokenStream<'a> = GkStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> GkStream {
        let mut terms = String::with_capacity(text.len() * 2);
        let mut tokens = Vec::with_capacity(text.len());
        // A CJK character that starts a bigram is indexed by that bigram alone: tantivy gets a
        // third fewer tokens, and `index_texts` rebuilds the unigram's postings from the
        // bigrams that follow it in the term dictionary.
        let mut count = 0u32;
        let mut last = 0;
        analyzer::each_token(
            text,
            analyzer::Unigrams::RunEnds,
            |term, position, kind, _, _| {
                terms.push_str(term);
                tokens.push((position, terms.len()));
                count += if kind == analyzer::Kind::Bigram { 2 } else { 1 };
                last = last.max(position);
            },
        );
        if count > 0 {
            terms.push(char::from(LENGTH_MARK));
            terms.push_str(&count.to_string());
            tokens.push((last, terms.len()));
        }
        GkStream {
            terms,
            tokens,
            next: 0,
            // Offsets are not used by the export; positions are what matters.
            current: TantivyToken::default(),
        }
    }
}

impl TokenStream for GkStream {
    fn advance(&mut self) -> bool {
        let Some(&(position, end)) = self.tokens.get(self.next) else {
            return false;
        };
        let start = self
            .next
            .checked_sub(1)
            .map_or(0, |previous| self.tokens[previous].1);
        self.next += 1;
        self.current.position = position as usize;
        self.current.text.clear();
        self.current.text.push_str(&self.terms[start..end]);
        true
    }
    fn token(&self) -> &TantivyToken {
        &self.current
    }
    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.current
    }
}

/// The text fields a record is indexed with: its title and everything else it is found by,
/// borrowed from the site where they are there as they are (the bodies run to tens of MB).
pub struct RecordText<'a> {
    pub title: Cow<'a, str>,
    /// 文号, 索引号, publisher, area and item names, attachment names, then the body.
    pub text: Vec<Cow<'a, str>>,
}

/// The listed records, oldest first (by published date, then 索引号), as indices into
/// `Site::records`.
pub fn indexed_records(site: &Site) -> Vec<usize> {
    let mut records: Vec<usize> = (0..site.records.len())
        .filter(|&r| site.records[r].listed)
        .collect();
    records.sort_by(|&a, &b| {
        let (a, b) = (&site.records[a].record, &site.records[b].record);
        (a.published, &a.index_no).cmp(&(b.published, &b.index_no))
    });
    records
}

/// What is indexed of record `r`.
pub fn record_text(site: &Site, r: usize) -> RecordText<'_> {
    let e = &site.records[r];
    let area = &site.catalog.areas[e.area];
    let item = &area.items[e.item];
    let mut text = Vec::new();
    if let Some(d) = &e.record.doc_no {
        text.push(Cow::Borrowed(d.as_str()));
    }
    text.push(Cow::Borrowed(e.record.index_no.as_str()));
    text.push(Cow::Borrowed(
        site.catalog.publishers[e.publisher].name.as_str(),
    ));
    text.push(Cow::Borrowed(area.name.as_str()));
    let mut item_name = item.level1.clone();
    for l in [&item.level2, &item.level3].into_iter().flatten() {
        item_name.push(' ');
        item_name.push_str(l);
    }
    text.push(Cow::Owned(item_name));
    text.extend(e.attachments.iter().map(|a| Cow::Borrowed(a.name.as_str())));
    if matches!(e.record.validity, Validity::Repealed(_)) {
        text.push(Cow::Borrowed("已废止 repealed"));
    }
    text.push(Cow::Borrowed(e.body.plain_text.as_str()));
    RecordText {
        title: Cow::Borrowed(e.record.title.as_str()),
        text,
    }
}

/// Indexes the listed records with tantivy and reads the index back: `on_term` receives every
/// term in sorted order with its postings (documents oldest first) and the documents (by
/// number, each with its lengths); the documents are returned.
pub fn build(
    site: &Site,
    on_term: impl FnMut(&str, &[Posting], &[Doc]) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Doc>> {
    let records = indexed_records(site);
    let texts: Vec<RecordText> = records.iter().map(|&r| record_text(site, r)).collect();
    let docs = index_texts(&texts, on_term)?;
    Ok(docs
        .into_iter()
        .map(|d| Doc {
            record: records[d.record],
            ..d
        })
        .collect())
}

/// A term dictionary being read: one field of one segment.
struct TermSource<'a> {
    inverted: &'a InvertedIndexReader,
    stream: TermStreamer<'a>,
    /// Added to the field's positions.
    offset: u32,
    segment: usize,
    live: bool,
}

/// Indexes texts (document `i` is `texts[i]`, and `Doc::record` is `i`) and reads the index
/// back term by term, merging the fields and segments, so only one term's postings are held
/// at a time.
pub fn index_texts(
    texts: &[RecordText],
    mut on_term: impl FnMut(&str, &[Posting], &[Doc]) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Doc>> {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions)
        .set_fieldnorms(false);
    let options = TextOptions::default().set_indexing_options(indexing);
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", options.clone());
    let text = builder.add_text_field("text", options);
    let ord = builder.add_u64_field("ord", FAST);
    let index = Index::create_in_ram(builder.build());
    index.tokenizers().register(TOKENIZER, GkTokenizer);
    // One indexing thread per core (up to four), each with its own buffers; the segments
    // they make are merged term by term below, in document order, so the export is the same
    // whatever the number of threads. The buffers grow with the site, from 50 MB a thread up
    // to 150 MB at 100,000 records: with 50 MB, such a site made five segments, which tantivy
    // merged (1.5 s of CPU) and which were then read back side by side.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    let budget = (texts.len() / threads * 3_000).clamp(50_000_000, 150_000_000);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, threads * budget)
        .with_context(|| t!("starting the search indexer"))?;
    let mut clock = crate::build::StageClock::new();
    for (i, t) in texts.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(title, &t.title);
        for v in &t.text {
            doc.add_text(text, v);
        }
        doc.add_u64(ord, i as u64);
        writer
            .add_document(doc)
            .with_context(|| t!("indexing a record"))?;
    }
    clock.lap("search: documents added"); // not a message: a timing label
    writer
        .commit()
        .with_context(|| t!("committing the search index"))?;
    clock.lap("search: committed"); // not a message: a timing label
    writer
        .wait_merging_threads()
        .with_context(|| t!("finishing the search index"))?;
    clock.lap("search: merged"); // not a message: a timing label
    let reader = index
        .reader()
        .with_context(|| t!("opening the search index"))?;
    let searcher = reader.searcher();

    let mut docs: Vec<Doc> = (0..texts.len())
        .map(|i| Doc {
            record: i,
            title_len: 0,
            text_len: 0,
        })
        .collect();
    let mut ords = Vec::new();
    let mut inverted = Vec::new();
    for (n, segment) in searcher.segment_readers().iter().enumerate() {
        let column = segment
            .fast_fields()
            .u64("ord")
            .with_context(|| t!("reading document numbers"))?;
        let mut map = Vec::with_capacity(segment.max_doc() as usize);
        for d in 0..segment.max_doc() {
            let o = column
                .first(d)
                .with_context(|| t!("a document without a number"))?;
            map.push(u32::try_from(o).with_context(|| t!("document number out of range"))?);
        }
        for (field, offset) in [(title, 0), (text, TEXT_OFFSET)] {
            inverted.push((segment.inverted_index(field)?, offset, n));
        }
        ords.push(map);
    }
    let mut sources = Vec::with_capacity(inverted.len());
    for (reader, offset, segment) in &inverted {
        let mut stream = reader.terms().stream()?;
        let live = stream.advance();
        sources.push(TermSource {
            inverted: reader,
            stream,
            offset: *offset,
            segment: *segment,
            live,
        });
    }
    let next_key = |sources: &[TermSource]| {
        sources
            .iter()
            .filter(|s| s.live)
            .map(|s| s.stream.key())
            .min()
            .map(<[u8]>::to_vec)
    };

    // The length terms come first: each adds its number of tokens to the documents that have
    // it, once per value. BM25 gets them rounded as tantivy's field norms round them.
    let mut found = Found::default();
    let mut lengths = vec![[0u32; 2]; docs.len()];
    while let Some(key) = next_key(&sources).filter(|k| k.first() == Some(&LENGTH_MARK)) {
        let count: u32 = utf8(&key[1..])?
            .parse()
            .with_context(|| t!("the search index is damaged"))?;
        found.clear();
        found.read(&mut sources, &key, &ords)?;
        for &(doc, offset, start, end) in &found.entries {
            let field = usize::from(offset == TEXT_OFFSET);
            lengths[doc as usize][field] += count * (end - start) as u32;
        }
    }
    let round = |n: u32| FieldNormReader::id_to_fieldnorm(FieldNormReader::fieldnorm_to_id(n));
    for (doc, [title, text]) in docs.iter_mut().zip(lengths) {
        doc.title_len = round(title);
        doc.text_len = round(text);
    }

    // Then one term at a time, except that the terms starting with a CJK character (its
    // unigram where a run ends, then its bigrams) are held until the next character's: the
    // unigram's postings are made of them all and are handed on first, as it sorts first.
    let mut list: Vec<Posting> = Vec::new();
    let mut group = Group::default();
    while let Some(key) = next_key(&sources) {
        let lead = cjk_lead(&key);
        if group.lead.is_some() && group.lead != lead {
            group.hand_on(&mut list, &docs, &mut on_term)?;
        }
        match lead {
            Some(c) => {
                group.lead = Some(c);
                let from = group.found.entries.len();
                group.found.read(&mut sources, &key, &ords)?;
                group.found.sort_from(from);
                group.terms.push((key, from..group.found.entries.len()));
            }
            None => {
                found.clear();
                found.read(&mut sources, &key, &ords)?;
                found.sort_from(0);
                let n = found.postings(&found.entries, &mut list);
                on_term(utf8(&key)?, &list[..n], &docs)?;
            }
        }
    }
    group.hand_on(&mut list, &docs, &mut on_term)?;
    clock.lap(&format!(
        "search: read back from {} segments", // not a message: a timing label
        searcher.segment_readers().len()
    ));
    Ok(docs)
}

fn utf8(term: &[u8]) -> anyhow::Result<&str> {
    std::str::from_utf8(term).with_context(|| t!("a term that is not UTF-8"))
}

/// The CJK character a term starts with, if it does: the term is then that character's
/// unigram or one of its bigrams, since no other kind of term starts with one.
fn cjk_lead(term: &[u8]) -> Option<char> {
    let c = std::str::from_utf8(term).ok()?.chars().next()?;
    analyzer::is_cjk(c).then_some(c)
}

/// Postings being read: where each document's positions of a term are in `positions`.
#[derive(Default)]
struct Found {
    positions: Vec<u32>,
    /// (document, field offset, start, end in `positions`).
    entries: Vec<(u32, u32, usize, usize)>,
}

impl Found {
    fn clear(&mut self) {
        self.positions.clear();
        self.entries.clear();
    }

    /// Appends the postings of `key` in every source that has it, and moves those sources on.
    fn read(
        &mut self,
        sources: &mut [TermSource],
        key: &[u8],
        ords: &[Vec<u32>],
    ) -> anyhow::Result<()> {
        for s in sources
            .iter_mut()
            .filter(|s| s.live && s.stream.key() == key)
        {
            let mut postings = s.inverted.read_postings_from_terminfo(
                s.stream.value(),
                IndexRecordOption::WithFreqsAndPositions,
            )?;
            while postings.doc() != TERMINATED {
                let doc = ords[s.segment][postings.doc() as usize];
                let start = self.positions.len();
                postings.append_positions_with_offset(s.offset, &mut self.positions);
                self.entries
                    .push((doc, s.offset, start, self.positions.len()));
                postings.advance();
            }
            s.live = s.stream.advance();
        }
        Ok(())
    }

    /// Sorts the entries from `from` on by document and field. Each source's postings are
    /// already in document order, so they are a few sorted runs, which the stable sort merges
    /// instead of sorting from scratch; and since title positions all lie below
    /// `TEXT_OFFSET`, each document's positions then come out sorted.
    fn sort_from(&mut self, from: usize) {
        let entries = &mut self.entries[from..];
        if !entries.is_sorted_by_key(|f| (f.0, f.1)) {
            entries.sort_by_key(|f| (f.0, f.1));
        }
    }

    /// Fills `list` with one posting per document of `entries` (sorted by document) and
    /// returns how many; `list` keeps its postings and their buffers from one term to the
    /// next. A document's positions are sorted where its entries come from several terms.
    fn postings(&self, entries: &[(u32, u32, usize, usize)], list: &mut Vec<Posting>) -> usize {
        let mut n = 0;
        let mut from = 0;
        while from < entries.len() {
            let doc = entries[from].0;
            let to = from + entries[from..].iter().take_while(|e| e.0 == doc).count();
            if n == list.len() {
                list.push(Posting {
                    doc,
                    positions: Vec::new(),
                });
            }
            let posting = &mut list[n];
            posting.doc = doc;
            posting.positions.clear();
            for &(_, _, start, end) in &entries[from..to] {
                posting
                    .positions
                    .extend_from_slice(&self.positions[start..end]);
            }
            if to - from > 1 && !posting.positions.is_sorted() {
                posting.positions.sort_unstable();
            }
            n += 1;
            from = to;
        }
        n
    }
}

/// The terms that start with one CJK character, read but not yet handed on.
#[derive(Default)]
struct Group {
    lead: Option<char>,
    found: Found,
    /// Each term and its range of `found.entries`.
    terms: Vec<(Vec<u8>, std::ops::Range<usize>)>,
    /// All entries, ordered by document, for the unigram.
    merged: Vec<(u32, u32, usize, usize)>,
}

impl Group {
    /// Hands on the unigram of the lead character, its postings made from all the group's
    /// terms (a bigram's positions are those of its first character), then each term but the
    /// unigram as read; and empties the group.
    fn hand_on(
        &mut self,
        list: &mut Vec<Posting>,
        docs: &[Doc],
        on_term: &mut impl FnMut(&str, &[Posting], &[Doc]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let Some(lead) = self.lead.take() else {
            return Ok(());
        };
        self.merged.clear();
        self.merged.extend_from_slice(&self.found.entries);
        // Runs sorted by document, one per term: the stable sort merges them.
        self.merged.sort_by_key(|e| e.0);
        let n = self.found.postings(&self.merged, list);
        on_term(lead.encode_utf8(&mut [0; 4]), &list[..n], docs)?;
        for (term, range) in &self.terms {
            if term.len() == lead.len_utf8() {
                continue;
            }
            let n = self
                .found
                .postings(&self.found.entries[range.clone()], list);
            on_term(utf8(term)?, &list[..n], docs)?;
        }
        self.found.clear();
        self.terms.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn postings_carry_positions_of_both_fields() {
        let texts = vec![
            RecordText {
                title: "统计局公告".into(),
                text: vec!["县统计局".into()],
            },
            RecordText {
                title: "Open data".into(),
                text: vec!["data".into()],
            },
        ];
        let mut terms = BTreeMap::new();
        let docs = index_texts(&texts, |t, p, _| {
            terms.insert(t.to_string(), p.to_vec());
            Ok(())
        })
        .expect("indexed");
        assert_eq!(
            terms["统计"],
            vec![Posting {
                doc: 0,
                positions: vec![0, TEXT_OFFSET + 1]
            }]
        );
        assert_eq!(terms["data"][0].doc, 1);
        assert_eq!(terms["data"][0].positions, vec![1, TEXT_OFFSET]);
        assert_eq!(docs[1].title_len, 2);
    }

    /// What the index should hold, from the analyzer's every token (every unigram included),
    /// placed as tantivy places the values of a field: each after the end of the one before,
    /// plus a gap of one.
    fn expected(texts: &[RecordText]) -> (BTreeMap<String, Vec<Posting>>, Vec<[u32; 2]>) {
        let mut terms: BTreeMap<String, BTreeMap<u32, Vec<u32>>> = BTreeMap::new();
        let mut lengths = Vec::new();
        for (doc, t) in texts.iter().enumerate() {
            let mut length = [0u32; 2];
            let fields = [
                (std::slice::from_ref(&t.title), 0),
                (&t.text[..], TEXT_OFFSET),
            ];
            for (field, (values, offset)) in fields.into_iter().enumerate() {
                let mut base = 0;
                for value in values {
                    let tokens = analyzer::analyze(value);
                    let mut end = base;
                    for token in &tokens {
                        let at = base + token.position;
                        terms
                            .entry(token.term.clone())
                            .or_default()
                            .entry(doc as u32)
                            .or_default()
                            .push(at + offset);
                        end = end.max(at + 1);
                    }
                    length[field] += tokens.len() as u32;
                    base = end + 1;
                }
            }
            lengths.push(length);
        }
        let terms = terms
            .into_iter()
            .map(|(term, docs)| {
                let postings = docs
                    .into_iter()
                    .map(|(doc, mut positions)| {
                        positions.sort_unstable();
                        Posting { doc, positions }
                    })
                    .collect();
                (term, postings)
            })
            .collect();
        (terms, lengths)
    }

    #[test]
    fn unigrams_rebuilt_from_bigrams_match_every_token_indexed() {
        // Characters chosen so that some occur only inside runs, some only at their ends, some
        // both, repeated ones (人人人), a character outside the BMP, kana and Hangul; words,
        // identifiers and document numbers; empty and punctuation-only values.
        let pool = [
            "人", "民", "政", "府", "统", "计", "局", "的", "公", "开", "𠀀", "の", "한", "〇",
            "县", "镇",
        ];
        let latin = [
            "data",
            "open",
            "11990100mb2098320n/2024-00005",
            "〔2024〕12号",
            "ｆｕｌｌ",
            "2024-05-01",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let value = |next: &mut dyn FnMut(usize) -> usize, words: usize| {
            let mut v = String::new();
            for _ in 0..words {
                match next(6) {
                    0 => v.push_str(latin[next(latin.len())]),
                    1 => v.push_str(["，", " ", "。", "、"][next(4)]),
                    _ => {
                        for _ in 0..=next(5) {
                            v.push_str(pool[next(pool.len())]);
                        }
                    }
                }
            }
            v
        };
        let mut texts = Vec::new();
        for _ in 0..300 {
            let words = next(4);
            let title = value(&mut next, words);
            let mut text = Vec::new();
            for _ in 0..next(4) {
                let words = next(12);
                text.push(value(&mut next, words).into());
            }
            text.push(["", "——", "人"][next(3)].into());
            texts.push(RecordText {
                title: title.into(),
                text,
            });
        }
        let (want, lengths) = expected(&texts);
        let mut got = BTreeMap::new();
        let mut last = String::new();
        let docs = index_texts(&texts, |t, p, _| {
            assert!(last.as_str() < t, "{t:?} handed on after {last:?}");
            last = t.to_string();
            got.insert(t.to_string(), p.to_vec());
            Ok(())
        })
        .expect("indexed");
        assert_eq!(got.len(), want.len());
        for (term, postings) in &want {
            assert_eq!(got.get(term), Some(postings), "postings of {term:?}");
        }
        let round = |n| FieldNormReader::id_to_fieldnorm(FieldNormReader::fieldnorm_to_id(n));
        for (doc, [title, text]) in docs.iter().zip(lengths) {
            assert_eq!((doc.title_len, doc.text_len), (round(title), round(text)));
        }
    }
}
