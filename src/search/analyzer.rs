//! The one analyzer of search, used to index records and to read queries, here and (as a
//! line-by-line twin) in `themes/default/static/search.js`. The vectors in
//! `tests/fixtures/search/analyzer-vectors.json` pin both down, so they cannot drift.
//!
//! Text is first normalised character by character: NFKC (full-width Ａ１ becomes A1, ideographic
//! space a space), lower case, and Latin letters folded to ASCII (é → e). Then:
//! - a run of CJK characters gives every character (a unigram, so one-character queries work)
//!   and every overlapping pair (a bigram) at the position of its first character: a query's
//!   run is a phrase of its bigrams, so it finds exactly the records containing that string;
//! - a run of other letters and digits is one word (no stemming);
//! - identifiers get one extra token for the whole: words joined by `-`, `/`, `.` or `_`
//!   (索引号 `11990100mb2098320n/2024-00005`, dates) and document-number years with their
//!   serial (〔2024〕12号, written with any kind of bracket).

use std::sync::atomic::{AtomicU32, Ordering};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What a token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A word of letters and digits.
    Word,
    /// One CJK character.
    Unigram,
    /// Two adjacent CJK characters.
    Bigram,
    /// A whole identifier, besides its parts.
    Ident,
}

impl Kind {
    /// The one-letter code used in the test vectors.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Word => "w",
            Kind::Unigram => "u",
            Kind::Bigram => "b",
            Kind::Ident => "i",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    /// Position for phrases: words count one, CJK characters one each.
    pub position: u32,
    pub kind: Kind,
    /// Offsets in the input, in characters (Unicode scalar values), end exclusive.
    pub start: usize,
    pub end: usize,
}

/// Whether `c` belongs to a CJK run: Han ideographs, kana and Hangul syllables.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007
        | 0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match bmp_facts(c) {
        Some(facts) => facts & WORD != 0,
        None => is_word_char_by_tables(c),
    }
}

fn is_word_char_by_tables(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// What the analyzer needs to know of a character of the Basic Multilingual Plane, worked out
/// the first time the character is met (0 until then): Chinese text is full of punctuation
/// (，。、“”《》), and asking Unicode's tables about each one took a fifth of the analyzer's
/// time. Threads that race to fill a slot store the same value.
static BMP: [AtomicU32; 0x1_0000] = [const { AtomicU32::new(0) }; 0x1_0000];
/// The slot is filled.
const KNOWN: u32 = 1 << 31;
/// `is_word_char` holds for the character.
const WORD: u32 = 1 << 30;
/// The character folds into exactly one character, held in the low 21 bits.
const ONE: u32 = 1 << 29;

fn bmp_facts(c: char) -> Option<u32> {
    let slot = BMP.get(c as usize)?;
    let mut facts = slot.load(Ordering::Relaxed);
    if facts == 0 {
        let mut folded = Vec::new();
        fold_char(c, &mut folded);
        facts = KNOWN;
        if is_word_char_by_tables(c) {
            facts |= WORD;
        }
        if let [one] = folded[..] {
            facts |= ONE | u32::from(one);
        }
        slot.store(facts, Ordering::Relaxed);
    }
    Some(facts)
}

/// Normalises one input character into zero or more characters: NFKC, lower case, accents
/// removed.
fn fold_char(c: char, out: &mut Vec<char>) {
    for k in std::iter::once(c).nfkc() {
        for l in k.to_lowercase() {
            if is_combining_mark(l) {
                continue;
            }
            if l.is_ascii() {
                out.push(l);
                continue;
            }
            let stripped: String = std::iter::once(l)
                .nfd()
                .filter(|m| !is_combining_mark(*m))
                .collect();
            if !stripped.is_empty() && stripped.is_ascii() {
                out.extend(stripped.chars());
            } else {
                out.push(l);
            }
        }
    }
}

/// A CJK unified ideograph of the basic block or extension A: NFKC and case leave it as it is.
fn is_unified_ideograph(c: char) -> bool {
    matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// The text as normalised characters, each with the offset of the input character it came
/// from (a record's text is far shorter than 4 G characters).
fn normalize(text: &str) -> Vec<(char, u32)> {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = Vec::new();
    for (i, c) in text.chars().enumerate() {
        let i = i as u32;
        // Nearly every character of a record is ASCII or a unified CJK ideograph; both come
        // out of the full folding as they went in (ASCII lower-cased), and the rest are looked
        // up in the table of what the full folding gave the first time.
        if c.is_ascii() {
            out.push((c.to_ascii_lowercase(), i));
        } else if is_unified_ideograph(c) {
            out.push((c, i));
        } else if let Some(one) = bmp_facts(c)
            .filter(|facts| facts & ONE != 0)
            .and_then(|facts| char::from_u32(facts & 0x1F_FFFF))
        {
            out.push((one, i));
        } else {
            buf.clear();
            fold_char(c, &mut buf);
            out.extend(buf.iter().map(|&n| (n, i)));
        }
    }
    out
}

/// Normalises a text the way the analyzer does (for substring checks in tests and excerpts).
pub fn normalize_text(text: &str) -> String {
    normalize(text).into_iter().map(|(c, _)| c).collect()
}

const JOINERS: [char; 4] = ['-', '/', '.', '_'];
const OPENERS: [char; 4] = ['〔', '[', '(', '【'];
const CLOSERS: [char; 4] = ['〕', ']', ')', '】'];

/// A run of word or CJK characters in the normalised text.
struct Run {
    cjk: bool,
    /// Range in the normalised characters.
    from: usize,
    to: usize,
    position: u32,
}

/// Which CJK unigrams `each_token` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unigrams {
    /// Every character's.
    All,
    /// Only those of the last character of a run: every other character starts a bigram at
    /// the same position, which the indexer turns back into the unigram (see `index`).
    RunEnds,
}

/// Splits a text into tokens, in order of position (identifiers last).
pub fn analyze(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    each_token(text, Unigrams::All, |term, position, kind, start, end| {
        tokens.push(Token {
            term: term.to_string(),
            position,
            kind,
            start,
            end,
        });
    });
    tokens
}

/// `analyze` without a `String` per token: `emit` gets each token's term, position, kind and
/// offsets in turn (the indexer copies the term into a buffer it reuses).
pub fn each_token(
    text: &str,
    unigrams: Unigrams,
    mut emit: impl FnMut(&str, u32, Kind, usize, usize),
) {
    let chars = normalize(text);
    let orig_end = |i: usize| chars[i].1 as usize + 1;
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 0;
    let mut position = 0u32;
    while i < chars.len() {
        let c = chars[i].0;
        let cjk = is_cjk(c);
        if !cjk && !is_word_char(c) {
            i += 1;
            continue;
        }
        let from = i;
        while i < chars.len() && {
            let d = chars[i].0;
            if cjk { is_cjk(d) } else { is_word_char(d) }
        } {
            i += 1;
        }
        runs.push(Run {
            cjk,
            from,
            to: i,
            position,
        });
        position += if cjk { (i - from) as u32 } else { 1 };
    }

    let mut term = String::new();
    let text_of = |term: &mut String, from: usize, to: usize| {
        term.clear();
        // Pushed one by one: `extend` over the mapped characters was an uninlined call per
        // bigram, a sixth of the analyzer's time.
        for &(c, _) in &chars[from..to] {
            term.push(c);
        }
    };
    for run in &runs {
        if run.cjk {
            for (k, &(c, start)) in chars.iter().enumerate().take(run.to).skip(run.from) {
                let p = run.position + (k - run.from) as u32;
                if unigrams == Unigrams::All || k + 1 == run.to {
                    term.clear();
                    term.push(c);
                    emit(&term, p, Kind::Unigram, start as usize, orig_end(k));
                }
                if k + 1 < run.to {
                    text_of(&mut term, k, k + 2);
                    emit(&term, p, Kind::Bigram, start as usize, orig_end(k + 1));
                }
            }
        } else {
            text_of(&mut term, run.from, run.to);
            emit(
                &term,
                run.position,
                Kind::Word,
                chars[run.from].1 as usize,
                orig_end(run.to - 1),
            );
        }
    }

    // Identifiers: words joined by single joiner characters.
    let mut r = 0;
    while r < runs.len() {
        let mut last = r;
        while !runs[last].cjk
            && last + 1 < runs.len()
            && !runs[last + 1].cjk
            && runs[last + 1].from == runs[last].to + 1
            && JOINERS.contains(&chars[runs[last].to].0)
        {
            last += 1;
        }
        if last > r {
            text_of(&mut term, runs[r].from, runs[last].to);
            emit(
                &term,
                runs[r].position,
                Kind::Ident,
                chars[runs[r].from].1 as usize,
                orig_end(runs[last].to - 1),
            );
        }
        r = last + 1;
    }
    // Document numbers: 〔2024〕12号 with any bracket; the serial without leading zeros.
    for (r, year) in runs.iter().enumerate() {
        let Some(serial) = runs.get(r + 1) else {
            break;
        };
        let all_digits = |run: &Run| chars[run.from..run.to].iter().all(|c| c.0.is_ascii_digit());
        if year.cjk
            || year.to - year.from != 4
            || !all_digits(year)
            || year.from == 0
            || !OPENERS.contains(&chars[year.from - 1].0)
            || serial.cjk
            || serial.from != year.to + 1
            || !CLOSERS.contains(&chars[year.to].0)
            || !all_digits(serial)
            || chars.get(serial.to).map(|c| c.0) != Some('号')
        {
            continue;
        }
        text_of(&mut term, serial.from, serial.to);
        let trimmed = term.trim_start_matches('0');
        let number = if trimmed.is_empty() { "0" } else { trimmed }.to_string();
        text_of(&mut term, year.from, year.to);
        let docno = format!("〔{term}〕{number}号");
        emit(
            &docno,
            year.position,
            Kind::Ident,
            chars[year.from - 1].1 as usize,
            orig_end(serial.to),
        );
    }
}

/// One part of a query that must match: a phrase (terms at relative positions) plus terms
/// that must only be present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Words and bigrams with their position relative to the first; adjacent as written.
    pub phrase: Vec<(String, u32)>,
    /// Identifiers written in the group, and single CJK characters that stand alone (the index
    /// keeps no positions for them).
    pub present: Vec<String>,
}

/// Reads a query: whitespace separates groups, which are ANDed; a quoted part is one group.
/// Within a group, CJK runs of two or more characters contribute their bigrams and words
/// themselves, at their positions, so the group matches the text as written; a single CJK
/// character and identifiers must only be present.
pub fn parse_query(query: &str) -> Vec<Group> {
    let mut parts: Vec<String> = Vec::new();
    let mut quoted = false;
    for (n, piece) in query.split('"').enumerate() {
        if n > 0 {
            quoted = !quoted;
        }
        if quoted {
            parts.push(piece.to_string());
        } else {
            parts.extend(piece.split_whitespace().map(str::to_string));
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    for part in parts {
        let tokens = analyze(&part);
        let mut phrase = Vec::new();
        let mut present = Vec::new();
        let unigram_alone = |t: &Token| {
            !tokens.iter().any(|o| {
                o.kind == Kind::Bigram && (o.position == t.position || o.position + 1 == t.position)
            })
        };
        // An identifier stands for its parts: 〔2024〕12号 also finds 〔2024〕012号.
        let in_ident = |t: &Token| {
            tokens
                .iter()
                .any(|i| i.kind == Kind::Ident && i.start <= t.start && t.end <= i.end)
        };
        // Every other bigram of a run, and its last, pin the whole run down: 城乡@0 居民@2
        // is 城乡居民 exactly. Fewer terms, fewer buckets to load.
        let bigram_at: std::collections::BTreeSet<u32> = tokens
            .iter()
            .filter(|t| t.kind == Kind::Bigram)
            .map(|t| t.position)
            .collect();
        let needed = |p: u32| {
            let mut first = p;
            while first > 0 && bigram_at.contains(&(first - 1)) {
                first -= 1;
            }
            (p - first).is_multiple_of(2) || !bigram_at.contains(&(p + 1))
        };
        for t in &tokens {
            if t.kind != Kind::Ident && in_ident(t) {
                continue;
            }
            match t.kind {
                Kind::Word => phrase.push((t.term.clone(), t.position)),
                Kind::Bigram if needed(t.position) => phrase.push((t.term.clone(), t.position)),
                Kind::Bigram => {}
                Kind::Unigram if unigram_alone(t) => present.push(t.term.clone()),
                Kind::Unigram => {}
                Kind::Ident => present.push(t.term.clone()),
            }
        }
        if phrase.is_empty() && present.is_empty() {
            continue;
        }
        phrase.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        let base = phrase.first().map_or(0, |p| p.1);
        for p in &mut phrase {
            p.1 -= base;
        }
        present.sort();
        present.dedup();
        let group = Group { phrase, present };
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_and_word_characters_agree_with_unicodes_tables_everywhere() {
        // Every character goes through `normalize` twice, so that the second time it is read
        // from the table the first time filled.
        for c in (0u32..=0x10_FFFF).filter_map(char::from_u32) {
            if u32::from(c) > 0x1_0000 && u32::from(c) % 97 != 0 {
                continue; // beyond the table: a sample is enough
            }
            let mut full = Vec::new();
            fold_char(c, &mut full);
            let text = c.to_string();
            for _ in 0..2 {
                let got: Vec<char> = normalize(&text).into_iter().map(|(n, _)| n).collect();
                assert_eq!(got, full, "U+{:04X}", u32::from(c));
                assert_eq!(
                    is_word_char(c),
                    is_word_char_by_tables(c),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
    }

    fn terms(text: &str) -> Vec<(String, u32)> {
        analyze(text)
            .into_iter()
            .map(|t| (t.term, t.position))
            .collect()
    }

    #[test]
    fn cjk_runs_give_unigrams_and_bigrams() {
        let t = terms("统计局");
        assert_eq!(
            t,
            vec![
                ("统".into(), 0),
                ("统计".into(), 0),
                ("计".into(), 1),
                ("计局".into(), 1),
                ("局".into(), 2)
            ]
        );
    }

    #[test]
    fn full_width_and_accents_fold() {
        assert_eq!(terms("ＡＢＣ１２"), vec![("abc12".into(), 0)]);
        assert_eq!(terms("Café"), vec![("cafe".into(), 0)]);
    }

    #[test]
    fn document_numbers_and_index_numbers_are_one_token() {
        let t = analyze("示民发〔2024〕012号");
        assert!(
            t.iter()
                .any(|t| t.term == "〔2024〕12号" && t.kind == Kind::Ident)
        );
        let t = analyze("11990100MB2098320N/2024-00005");
        assert!(t.iter().any(|t| t.term == "11990100mb2098320n/2024-00005"));
    }

    #[test]
    fn query_groups() {
        let g = parse_query("统计局 \"open data\" 局");
        assert_eq!(g.len(), 3);
        assert_eq!(
            g[0].phrase,
            vec![("统计".to_string(), 0), ("计局".to_string(), 1)]
        );
        assert_eq!(
            g[1].phrase,
            vec![("open".to_string(), 0), ("data".to_string(), 1)]
        );
        assert!(g[2].phrase.is_empty());
        assert_eq!(g[2].present, vec!["局".to_string()]);
    }
}
