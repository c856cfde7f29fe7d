//! tantivy builds the inverted index of the listed records in RAM with the analyzer of
//! `analyzer`; this module then reads it back (terms, postings with positions, field norms)
//! into plain sorted data for `export`. tantivy's own files are never written anywhere.
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
use tantivy::InvertedIndexReader;
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
    /// Quantised token counts of the title and of the rest, as tantivy stores them.
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

impl Tokenizer for GkTokenizer {
    type TokenStream<'a> = GkStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> GkStream {
        let mut terms = String::with_capacity(text.len() * 3);
        let mut tokens = Vec::with_capacity(text.len());
        analyzer::each_token(text, |term, position, _, _, _| {
            terms.push_str(term);
            tokens.push((position, terms.len()));
        });
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

/// The text fields a record is indexed with: its title and everything else it is found by.
pub struct RecordText {
    pub title: String,
    /// 文号, 索引号, publisher, area and item names, attachment names, then the body.
    pub text: Vec<String>,
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
pub fn record_text(site: &Site, r: usize) -> RecordText {
    let e = &site.records[r];
    let area = &site.catalog.areas[e.area];
    let item = &area.items[e.item];
    let mut text = Vec::new();
    if let Some(d) = &e.record.doc_no {
        text.push(d.clone());
    }
    text.push(e.record.index_no.clone());
    text.push(site.catalog.publishers[e.publisher].name.clone());
    text.push(area.name.clone());
    let mut item_name = item.level1.clone();
    for l in [&item.level2, &item.level3].into_iter().flatten() {
        item_name.push(' ');
        item_name.push_str(l);
    }
    text.push(item_name);
    text.extend(e.attachments.iter().map(|a| a.name.clone()));
    if matches!(e.record.validity, Validity::Repealed(_)) {
        text.push("已废止 repealed".to_string());
    }
    text.push(e.body.plain_text.clone());
    RecordText {
        title: e.record.title.clone(),
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
        .set_fieldnorms(true);
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
        for field in [title, text] {
            let norms = segment.get_fieldnorms_reader(field)?;
            for (d, &o) in map.iter().enumerate() {
                let doc = &mut docs[o as usize];
                let len = norms.fieldnorm(d as u32);
                if field == title {
                    doc.title_len = len;
                } else {
                    doc.text_len = len;
                }
            }
            let offset = if field == title { 0 } else { TEXT_OFFSET };
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
    // One term at a time: each source's postings go into `found` as (document, field offset,
    // where its positions are in `positions`). Sorted by document and then field, the title's
    // positions come before the text's, which are all above `TEXT_OFFSET`, so every
    // document's positions end up sorted without a sort of their own. `list` keeps its
    // postings (and their position buffers) from one term to the next.
    let mut positions: Vec<u32> = Vec::new();
    let mut found: Vec<(u32, u32, usize, usize)> = Vec::new();
    let mut list: Vec<Posting> = Vec::new();
    while let Some(key) = sources
        .iter()
        .filter(|s| s.live)
        .map(|s| s.stream.key())
        .min()
        .map(<[u8]>::to_vec)
    {
        positions.clear();
        found.clear();
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
                let start = positions.len();
                postings.append_positions_with_offset(s.offset, &mut positions);
                found.push((doc, s.offset, start, positions.len()));
                postings.advance();
            }
            s.live = s.stream.advance();
        }
        // Each source's postings are already in document order, so `found` is a few sorted
        // runs; the stable sort merges runs instead of sorting from scratch.
        if !found.is_sorted_by_key(|f| (f.0, f.1)) {
            found.sort_by_key(|f| (f.0, f.1));
        }
        let mut n = 0;
        for (i, &(doc, _, start, end)) in found.iter().enumerate() {
            let same_doc = i > 0 && found[i - 1].0 == doc;
            if !same_doc {
                if n == list.len() {
                    list.push(Posting {
                        doc,
                        positions: Vec::new(),
                    });
                }
                list[n].doc = doc;
                list[n].positions.clear();
                n += 1;
            }
            list[n - 1]
                .positions
                .extend_from_slice(&positions[start..end]);
        }
        let term = std::str::from_utf8(&key).with_context(|| t!("a term that is not UTF-8"))?;
        on_term(term, &list[..n], &docs)?;
    }
    clock.lap(&format!(
        "search: read back from {} segments", // not a message: a timing label
        searcher.segment_readers().len()
    ));
    Ok(docs)
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
}
