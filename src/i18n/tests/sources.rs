//! The sources against the catalog: every text given to `t!` or `tn!` has its Chinese with
//! the placeholders the call fills, every Chinese text is used, and no English phrase reaches
//! the user without going through the catalog.
//!
//! What is enforced, and how far: outside the `t!`/`tn!` calls and test code, a string literal
//! holding two or more English words in a row (`"is not a valid date"`) is taken for a message
//! that bypasses the catalog, and so is any English word in a literal given straight to a
//! diagnostic, a hint or a terminal line (`term::progress("building…")`). A message made of
//! one word and built elsewhere escapes the scan. Literals that are not messages (file formats, HTML, identifiers)
//! carry the comment `// not a message` on their line (attributes are skipped); a block of them (such as a table that
//! is bilingual on its own) sits between `// i18n: not messages` and `// i18n: end`. Files still to be translated are listed
//! in `NOT_YET_TRANSLATED`; the test fails when one of them no longer needs to be, so the list
//! only shrinks.

use super::super::{entries, help, placeholders};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files whose messages are not in the catalog yet.
const NOT_YET_TRANSLATED: &[&str] = &[];

/// The marker for a literal that is not a message.
const NOT_A_MESSAGE: &str = "// not a message";
/// The markers of a block of literals that are not messages.
const BLOCK_START: &str = "// i18n: not messages";
const BLOCK_END: &str = "// i18n: end";

struct Literal {
    start: usize,
    end: usize,
    value: String,
    line: usize,
}

/// `src` with comments and the insides of string and char literals blanked (same byte
/// offsets), and the string literals found.
fn lex(src: &str) -> (Vec<u8>, Vec<Literal>) {
    let bytes = src.as_bytes();
    let mut masked = bytes.to_vec();
    let mut literals = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let blank = |masked: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut masked[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
            i += 1;
        } else if bytes[i..].starts_with(b"//") {
            let end = src[i..].find('\n').map_or(bytes.len(), |n| i + n);
            blank(&mut masked, i, end);
            i = end;
        } else if bytes[i..].starts_with(b"/*") {
            let end = src[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |n| i + 2 + n + 2);
            line += src[i..end].matches('\n').count();
            blank(&mut masked, i, end);
            i = end;
        } else if b == b'"'
            || (b == b'r'
                && matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')))
        {
            let start = i;
            let start_line = line;
            let (value, end) = if b == b'r' {
                let hashes = bytes[i + 1..].iter().take_while(|&&c| c == b'#').count();
                let open = i + 1 + hashes + 1;
                let close = format!("\"{}", "#".repeat(hashes));
                let end = src[open..].find(&close).map_or(bytes.len(), |n| open + n);
                (src[open..end].to_string(), end + close.len())
            } else {
                let mut value = String::new();
                let mut j = i + 1;
                let mut chars = src[j..].char_indices();
                while let Some((k, c)) = chars.next() {
                    match c {
                        '"' => {
                            j += k + 1;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((_, 'n')) => value.push('\n'),
                            Some((_, 't')) => value.push('\t'),
                            Some((_, 'r')) => value.push('\r'),
                            Some((_, '0')) => value.push('\0'),
                            Some((_, '\n')) => {
                                // A line continuation: the next line's leading space goes.
                                let rest = chars.as_str();
                                let skip = rest.len() - rest.trim_start().len();
                                for _ in rest[..skip].chars() {
                                    chars.next();
                                }
                            }
                            Some((_, 'u')) => {
                                let rest = chars.as_str();
                                if let Some(close) = rest.find('}') {
                                    let hex = &rest[1..close];
                                    if let Some(c) =
                                        u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                                    {
                                        value.push(c);
                                    }
                                    for _ in rest[..=close].chars() {
                                        chars.next();
                                    }
                                }
                            }
                            Some((_, other)) => value.push(other),
                            None => {}
                        },
                        c => value.push(c),
                    }
                }
                (value, j)
            };
            line += src[start..end].matches('\n').count();
            blank(&mut masked, start + 1, end.saturating_sub(1));
            literals.push(Literal {
                start,
                end,
                value,
                line: start_line,
            });
            i = end;
        } else if b == b'\'' {
            // A char literal ('x', '\n', '\u{..}'), or a lifetime.
            if bytes.get(i + 1) == Some(&b'\\') {
                let end = src[i + 2..]
                    .find('\'')
                    .map_or(bytes.len(), |n| i + 2 + n + 1);
                blank(&mut masked, i, end);
                i = end;
            } else if let Some(c) = src[i + 1..].chars().next()
                && src[i + 1 + c.len_utf8()..].starts_with('\'')
            {
                let end = i + 1 + c.len_utf8() + 1;
                blank(&mut masked, i, end);
                i = end;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    (masked, literals)
}

/// The byte just after the `)` that closes the `(` at `open`.
fn closing(masked: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, &b) in masked[open..].iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return open + k + 1;
                }
            }
            _ => {}
        }
    }
    masked.len()
}

/// The names a macro call's arguments fill: `name` or `name = value`.
fn arg_names(args: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in args.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let name: String = p
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            name
        })
        .collect()
}

/// The calls whose arguments go to the user as they are.
const OUTPUT_CALLS: [&str; 6] = [
    "Diagnostic::error(",
    "Diagnostic::warning(",
    ".help(",
    "term::println(",
    "term::eprintln(",
    "term::progress(",
];

/// An English word of three letters or more, outside `{placeholders}`.
fn has_word(text: &str) -> bool {
    let mut depth = 0;
    let outside: String = text
        .chars()
        .map(|c| match c {
            '{' => {
                depth += 1;
                ' '
            }
            '}' => {
                depth = 0;
                ' '
            }
            _ if depth > 0 => ' ',
            c => c,
        })
        .collect();
    outside
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 3)
}

/// Two or more English words in a row, separated by single spaces.
fn is_phrase(text: &str) -> bool {
    let mut run = 0;
    let mut best = 0;
    for word in text.split(' ') {
        let w = word.trim_matches(|c: char| ",.;:!?()`'\"".contains(c));
        if w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()) {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best >= 2
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("reading src/")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

struct Scan {
    /// Texts used by `t!`/`tn!`, with where.
    used: BTreeMap<String, String>,
    problems: Vec<String>,
    /// Bypassing phrases per file.
    bypass: BTreeMap<String, Vec<String>>,
}

fn scan() -> Scan {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut scan = Scan {
        used: BTreeMap::new(),
        problems: Vec::new(),
        bypass: BTreeMap::new(),
    };
    for path in files {
        let rel = path
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("src/i18n/") || rel.ends_with("/tests.rs") {
            continue;
        }
        let src = std::fs::read_to_string(&path).expect("reading a source");
        // Test modules sit at the end of a file.
        let code_end = src.find("\n#[cfg(test)]").unwrap_or(src.len());
        let (masked, literals) = lex(&src);
        let masked_str = String::from_utf8_lossy(&masked).into_owned();
        let mut translated: Vec<(usize, usize)> = Vec::new();
        // Attributes (`#[serde(rename = "…")]`, schema titles) hold no messages.
        for (at, _) in masked_str.match_indices("#[") {
            translated.push((at, closing(&masked, at + 1)));
        }
        for (bang, _) in masked_str.match_indices("!(") {
            let ident_start = masked[..bang]
                .iter()
                .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .map_or(0, |p| p + 1);
            let counted = match &masked_str[ident_start..bang] {
                "t" | "t_in" => false,
                "tn" => true,
                _ => continue,
            };
            let at = bang - 1;
            let open = at + 2;
            let close = closing(&masked, open);
            translated.push((open, close));
            let Some(key) = literals.iter().find(|l| l.start > open && l.start < close) else {
                continue;
            };
            let line = key.line;
            let mut names = arg_names(&masked_str[key.end.min(close - 1)..close - 1]);
            if counted {
                if names.is_empty() {
                    scan.problems
                        .push(format!("{rel}:{line}: tn! without a count"));
                    continue;
                }
                names[0] = "n".to_string();
            }
            let names: BTreeSet<String> = names.into_iter().collect();
            let wanted: BTreeSet<String> = placeholders(&key.value).into_iter().collect();
            if names != wanted {
                scan.problems.push(format!(
                    "{rel}:{line}: {:?} has placeholders {wanted:?} but the call fills {names:?}",
                    key.value
                ));
            }
            if super::super::chinese(&key.value).is_none() {
                scan.problems
                    .push(format!("{rel}:{line}: no Chinese for {:?}", key.value));
            }
            scan.used.insert(key.value.clone(), format!("{rel}:{line}"));
        }
        // What goes straight to the user: a word in a literal there is a message.
        let mut output_args: Vec<(usize, usize)> = Vec::new();
        for call in OUTPUT_CALLS {
            for (at, _) in masked_str.match_indices(call) {
                let open = at + call.len() - 1;
                let close = closing(&masked, open);
                // A diagnostic's first argument is its file.
                let from = if call.starts_with("Diagnostic::") {
                    masked_str[open..close]
                        .find(',')
                        .map_or(close, |c| open + c)
                } else {
                    open
                };
                output_args.push((from, close));
            }
        }
        let lines: Vec<&str> = src.lines().collect();
        let mut exempt = vec![false; lines.len() + 2];
        let mut inside = false;
        for (n, l) in lines.iter().enumerate() {
            if l.contains(BLOCK_START) {
                inside = true;
            } else if l.contains(BLOCK_END) {
                inside = false;
            }
            exempt[n + 1] = inside;
        }
        for lit in &literals {
            if lit.start >= code_end
                || translated
                    .iter()
                    .any(|&(a, b)| lit.start > a && lit.start < b)
                || !(is_phrase(&lit.value)
                    || (output_args
                        .iter()
                        .any(|&(a, b)| lit.start > a && lit.start < b)
                        && has_word(&lit.value)))
            {
                continue;
            }
            let marked = exempt[lit.line]
                || (lit.line.saturating_sub(1).max(1)
                    ..=lit.line + lit.value.matches('\n').count() + 1)
                    .any(|n| lines.get(n - 1).is_some_and(|l| l.contains(NOT_A_MESSAGE)));
            if !marked {
                scan.bypass
                    .entry(rel.clone())
                    .or_default()
                    .push(format!("{rel}:{}: {:?}", lit.line, lit.value));
            }
        }
    }
    scan
}

#[test]
fn every_text_given_to_t_has_its_chinese_and_every_chinese_text_is_used() {
    let scan = scan();
    let mut problems = scan.problems;
    let help_texts: BTreeSet<String> = {
        use clap::CommandFactory;
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        help::help_texts(&cmd).into_iter().collect()
    };
    let help_keys: BTreeSet<&str> = help::MESSAGES.iter().map(|(en, _)| *en).collect();
    for &(en, _) in entries() {
        let used =
            scan.used.contains_key(en) || (help_keys.contains(en) && help_texts.contains(en));
        if !used {
            problems.push(format!("not used any more: {en:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_english_phrase_bypasses_the_catalog() {
    let scan = scan();
    let mut problems = Vec::new();
    for (file, found) in &scan.bypass {
        if !NOT_YET_TRANSLATED.contains(&file.as_str()) {
            problems.extend(found.iter().cloned());
        }
    }
    for file in NOT_YET_TRANSLATED {
        if !scan.bypass.contains_key(*file) {
            problems.push(format!(
                "{file} is translated now: remove it from NOT_YET_TRANSLATED"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "English phrases outside t!/tn! (translate them, or mark a literal that is not a message with `{NOT_A_MESSAGE}`):\n{}",
        problems.join("\n")
    );
}
