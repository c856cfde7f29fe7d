//! Reading the text of the site's files: newline and byte-order-mark normalisation, and the
//! diagnostics for text that cannot be read (invalid UTF-8, YAML syntax).

use crate::diag::{Diagnostic, Pos};
use crate::t;
use std::borrow::Cow;

/// Drops a UTF-8 byte-order mark and turns CRLF and lone CR line endings into LF, so that line
/// numbers mean the same thing whatever office machine saved the file.
pub fn normalize_newlines(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A YAML scalar (string, number or boolean) as the text it was written as; `None` for a
/// list, a mapping or null.
pub fn yaml_scalar_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Bidirectional formatting characters (overrides, embeddings, isolates and marks): invisible,
/// they can make text display in a different order than it is written.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Serializes `v` as JSON (indented if `pretty`) that is safe to place anywhere a page or script
/// might include it: `<`, `>` and `&` (which JSON only has inside strings) are written as
/// `\u003c`, `\u003e` and `\u0026`, so a record titled `</script><script>…` can never read as
/// markup. Parsers read the same value. The escapes are made as serde writes, in one pass: the
/// open data runs to tens of MB, and escaping a finished string copied it three times over.
/// `capacity` is the expected length: a buffer that grows by doubling to 14 MB copies and
/// touches fresh memory twice over.
pub fn markup_safe_json(
    v: &impl serde::Serialize,
    pretty: bool,
    capacity: usize,
) -> serde_json::Result<String> {
    let mut out = MarkupSafe(Vec::with_capacity(capacity));
    if pretty {
        serde_json::to_writer_pretty(&mut out, v)?;
    } else {
        serde_json::to_writer(&mut out, v)?;
    }
    // serde_json writes UTF-8 and the escapes are ASCII, so this never fails.
    String::from_utf8(out.0).map_err(|e| serde_json::Error::io(std::io::Error::other(e)))
}

/// A buffer that escapes `<`, `>` and `&` as JSON string escapes as it is written to.
struct MarkupSafe(Vec<u8>);

impl std::io::Write for MarkupSafe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut from = 0;
        for (i, b) in buf.iter().enumerate() {
            let escape: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            self.0.extend_from_slice(&buf[from..i]);
            self.0.extend_from_slice(escape);
            from = i + 1;
        }
        self.0.extend_from_slice(&buf[from..]);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The characters of `text` with each run of white space made one space, and none at either
/// end, read lazily: summaries and excerpts take only their first few hundred from a body.
pub fn squeezed_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.split_whitespace()
        .enumerate()
        .flat_map(|(i, word)| (i > 0).then_some(' ').into_iter().chain(word.chars()))
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // The five characters are ASCII, so the text between them is copied a run at a time.
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}

/// Escapes text for XML (feeds, sitemaps), dropping the control characters XML 1.0 forbids.
pub fn escape_xml(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| c >= ' ' || matches!(c, '\n' | '\t' | '\r'))
        .collect();
    escape_html(&kept)
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn pos_of_offset(text: &str, offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos::new(line, before[line_start..].chars().count() + 1)
}

/// A diagnostic for a file that is not valid UTF-8.
pub fn invalid_utf8(file: &str, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..err.valid_up_to()];
    // The prefix is valid UTF-8 by definition.
    let prefix = std::str::from_utf8(valid).unwrap_or("");
    Diagnostic::error(file, t!("the file is not valid UTF-8 text"))
        .at(pos_of_offset(prefix, prefix.len()))
        .help(t!("save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8); GBK files from older office software must be converted"))
}

// The words of serde and serde_yaml, in English whatever the language: they tell the kinds of
// error apart.
// i18n: not messages (serde's own text)
const REPETITION: &str = "repetition limit exceeded";
const RECURSION: &str = "recursion limit exceeded";
const UNKNOWN_FIELD: &str = "unknown field `";
const UNKNOWN_VARIANT: &str = "unknown variant `";
const INVALID_TYPE: &str = "invalid type";
const MISSING_FIELD: &str = "missing field `";
// i18n: end

/// serde's messages about keys and values through the catalog: the same text in English,
/// translated in Chinese. Other text (the YAML parser's own) is kept as it is.
fn serde_message(message: &str) -> String {
    // "one of `a`, `b`" / "`a` or `b`" as a plain list in Chinese.
    let list = |expected: &str| -> String {
        if crate::i18n::current() == crate::catalog::Language::En {
            expected.to_string()
        } else {
            expected
                .strip_prefix("one of ") // not a message: serde's text
                .unwrap_or(expected)
                .replace("` or `", "`、`")
        }
    };
    // "path: unknown field `x`, expected …" → ("path: ", "x", ", expected …")
    let split = |marker: &str| -> Option<(String, String, String)> {
        let at = message.find(marker)?;
        let rest = &message[at + marker.len()..];
        let end = rest.find('`')?;
        Some((
            message[..at].to_string(),
            rest[..end].to_string(),
            rest[end + 1..].to_string(),
        ))
    };
    let expected = |rest: &str| rest.strip_prefix(", expected ").map(list);
    if let Some((prefix, field, rest)) = split(UNKNOWN_FIELD)
        && let Some(expected) = expected(&rest)
    {
        return prefix
            + &t!(
                "unknown field `{field}`, expected {expected}",
                field,
                expected
            );
    }
    if let Some((prefix, variant, rest)) = split(UNKNOWN_VARIANT)
        && let Some(expected) = expected(&rest)
    {
        return prefix
            + &t!(
                "unknown variant `{variant}`, expected {expected}",
                variant,
                expected
            );
    }
    if let Some((prefix, field, rest)) = split(MISSING_FIELD)
        && rest.is_empty()
    {
        return prefix + &t!("missing field `{field}`", field);
    }
    for (marker, text) in [
        (REPETITION, t!("repetition limit exceeded")),
        (RECURSION, t!("recursion limit exceeded")),
    ] {
        if let Some(prefix) = message.strip_suffix(marker) {
            return format!("{prefix}{text}");
        }
    }
    message.to_string()
}

/// A control character written as is in YAML text (not through an escape such as `"\0"`,
/// which the field checks catch): the YAML reader refuses it with a byte offset only, so it is
/// located here. Tabs and line breaks are text.
pub fn raw_control_character(file: &str, text: &str, first_line: usize) -> Option<Diagnostic> {
    let (offset, c) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && c != '\n' && c != '\t' && c != '\r')?;
    let pos = pos_of_offset(text, offset);
    Some(
        Diagnostic::error(
            file,
            t!("the file contains the control character U+{code}", code = format!("{:04X}", c as u32)),
        )
        .at(Pos::new(pos.line + first_line - 1, pos.col))
        .help(t!("retype the text around it: control characters are invisible and never belong in a site's files; they usually come from a damaged file or a bad copy and paste")),
    )
}

/// Where the first alias (`*name`) of YAML text is written. The YAML reader gives no position
/// when aliases expand to too much data; their first use is where to start looking.
pub fn first_alias(text: &str) -> Option<Pos> {
    let bytes = text.as_bytes();
    let at = (0..bytes.len()).find(|&i| {
        bytes[i] == b'*'
            && (i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b',' | b'\n' | b'{'))
            && bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    })?;
    Some(pos_of_offset(text, at))
}

/// The YAML reader's own words for a syntax error ("did not find expected key, while parsing
/// a block mapping"), said in the run's language: each known phrase is replaced by its
/// translation, anything else is kept as written.
fn yaml_syntax_words(message: &str) -> String {
    if crate::i18n::current() == crate::catalog::Language::En {
        return message.to_string();
    }
    // i18n: not messages (the YAML reader's phrases, each beside its translation)
    #[rustfmt::skip]
    let phrases = [
        ("did not find expected key", t!("did not find expected key")),
        (
            "did not find expected node content",
            t!("did not find expected node content"),
        ),
        (
            "did not find expected '-' indicator",
            t!("did not find expected '-' indicator"),
        ),
        (
            "did not find expected ',' or ']'",
            t!("did not find expected ',' or ']'"),
        ),
        (
            "did not find expected ',' or '}'",
            t!("did not find expected ',' or '}'"),
        ),
        (
            "did not find expected comment or line break",
            t!("did not find expected comment or line break"),
        ),
        (
            "mapping values are not allowed in this context",
            t!("mapping values are not allowed in this context"),
        ),
        (
            "block sequence entries are not allowed in this context",
            t!("block sequence entries are not allowed in this context"),
        ),
        (
            "found character that cannot start any token",
            t!("found character that cannot start any token"),
        ),
        (
            "found unexpected end of stream",
            t!("found unexpected end of stream"),
        ),
        (
            "found a tab character that violates indentation",
            t!("found a tab character that violates indentation"),
        ),
        (
            "found a tab character where an indentation space is expected",
            t!("found a tab character where an indentation space is expected"),
        ),
        (
            "could not find expected ':'",
            t!("could not find expected ':'"),
        ),
        (
            "found unknown escape character",
            t!("found unknown escape character"),
        ),
        (
            "found unexpected document indicator",
            t!("found unexpected document indicator"),
        ),
        ("found duplicate anchor", t!("found duplicate anchor")),
        ("found undefined alias", t!("found undefined alias")),
        ("duplicate entry with key", t!("duplicate entry with key")),
        (", while parsing a block mapping", t!(", while parsing a block mapping")),
        (", while parsing a block collection", t!(", while parsing a block collection")),
        (", while parsing a flow sequence", t!(", while parsing a flow sequence")),
        (", while parsing a flow mapping", t!(", while parsing a flow mapping")),
        (", while parsing a node", t!(", while parsing a node")),
        (", while scanning a simple key", t!(", while scanning a simple key")),
        (", while scanning a quoted scalar", t!(", while scanning a quoted scalar")),
        (", while scanning a plain scalar", t!(", while scanning a plain scalar")),
        (", while scanning a block scalar", t!(", while scanning a block scalar")),
        (", while scanning an anchor", t!(", while scanning an anchor")),
        (", while scanning an alias", t!(", while scanning an alias")),
        (", while scanning a tag", t!(", while scanning a tag")),
    ];
    // i18n: end
    let mut out = message.to_string();
    // Longer phrases first, so that one is never replaced inside another.
    let mut phrases = phrases.to_vec();
    phrases.sort_by_key(|(en, _)| std::cmp::Reverse(en.len()));
    for (en, local) in phrases {
        out = out.replace(en, &local);
    }
    // "at line 7 column 3", left where the YAML reader names a second place
    const AT_LINE: &str = " at line "; // not a message: the YAML reader's text
    let mut rest = out.as_str();
    let mut said = String::new();
    while let Some(at) = rest.find(AT_LINE) {
        said.push_str(&rest[..at]);
        let tail = &rest[at + AT_LINE.len()..];
        let line: String = tail.chars().take_while(char::is_ascii_digit).collect();
        let after = &tail[line.len()..];
        let column: Option<String> = after
            .strip_prefix(" column ")
            .map(|c| c.chars().take_while(char::is_ascii_digit).collect());
        match column {
            Some(column) if !line.is_empty() && !column.is_empty() => {
                said.push_str(&t!(" at line {line} column {column}", line, column));
                rest = &after[" column ".len() + column.len()..];
            }
            _ => {
                said.push_str(AT_LINE);
                rest = tail;
            }
        }
    }
    said.push_str(rest);
    said
}

/// A diagnostic for a YAML error; `first_line` is the file line on which the YAML text starts.
pub fn yaml_error(file: &str, err: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    // The location is given separately; keep the rest ("while scanning a quoted scalar at
    // line 7"), which often points at the real mistake.
    let mut message = err.to_string();
    if let Some(loc) = err.location() {
        message = message.replacen(
            &format!(" at line {} column {}", loc.line(), loc.column()), // not a message: serde_yaml's text
            "",
            1,
        );
    }
    let help = if message.contains(REPETITION) {
        t!(
            "the YAML's anchors and aliases (&name, *name) expand to far too much data; write the values out instead of repeating aliases"
        )
    } else if message.contains(RECURSION) {
        t!(
            "the value is nested far too deeply; front matter and catalog values are plain text, lists and simple mappings"
        )
    } else if message.contains(UNKNOWN_FIELD) {
        t!("remove the key or correct its spelling; the keys this place accepts are listed above")
    } else if message.contains(UNKNOWN_VARIANT) {
        t!("use one of the values listed above")
    } else if message.contains(INVALID_TYPE) {
        t!(
            "check the value's form: a list is written [a, b] or as lines starting with `- `; quote text that YAML would read as a number or date"
        )
    } else if message.contains(MISSING_FIELD) {
        t!("add the missing key")
    } else {
        t!(
            "check the YAML syntax on this line and the one before it: indentation with spaces, a space after every `:`, and quotes around text containing `: ` or starting with a special character"
        )
    };
    let message = yaml_syntax_words(&serde_message(&message));
    let diag = Diagnostic::error(file, message).help(help);
    match err.location() {
        Some(loc) => diag.at(Pos::new(loc.line() + first_line - 1, loc.column())),
        None => diag.at(Pos::new(first_line, 1)),
    }
}

/// FNV-1a, 64 bits: a hash that never changes between versions or machines, for names that
/// are published or written into a site (search file names, imported item ids).
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A quick 64-bit hash of bytes, for telling whether generated content changed (not for
/// anything an attacker could exploit: a crafted collision only keeps one preview page from
/// refreshing). Eight bytes at a time, each mixed in with a 128-bit multiply folded to 64 bits.
pub fn fast_hash(bytes: &[u8]) -> u64 {
    const K0: u64 = 0xa076_1d64_78bd_642f;
    const K1: u64 = 0xe703_7ed1_a0b4_28db;
    let fold = |a: u64, b: u64| {
        let p = u128::from(a).wrapping_mul(u128::from(b));
        (p as u64) ^ ((p >> 64) as u64)
    };
    let mut h = K0 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = fold(h ^ u64::from_le_bytes(w), K1);
    }
    let mut last = [0u8; 8];
    let rest = chunks.remainder();
    last[..rest.len()].copy_from_slice(rest);
    fold(h ^ u64::from_le_bytes(last), K1 ^ rest.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"<a href="x">R&D's 公告</a>"#),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s 公告&lt;/a&gt;"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("无需转义"), "无需转义");
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(normalize_newlines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_carries_no_markup() {
        let value = ["</script><b>&amp;", "示例"];
        let safe = markup_safe_json(&value, false, 0).expect("json");
        assert_eq!(
            safe,
            r#"["\u003c/script\u003e\u003cb\u003e\u0026amp;","示例"]"#
        );
        let back: Vec<String> = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, value);
        let pretty = markup_safe_json(&value, true, 0).expect("json");
        assert!(pretty.starts_with("[\n  \"\\u003c/script"), "{pretty}");
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&pretty).expect("JSON"),
            value
        );
    }

    #[test]
    fn offsets_become_char_columns() {
        assert_eq!(pos_of_offset("ab\n示例x", "ab\n示例".len()), Pos::new(2, 3));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let bytes: Vec<u8> = [&b"title: ok\nname: "[..], &[0xff, 0xfe]].concat();
        let err = std::str::from_utf8(&bytes).expect_err("invalid");
        let d = invalid_utf8("content/a.md", &bytes, err);
        assert_eq!(d.line, Some(2));
        assert_eq!(d.col, Some(7));
    }

    #[test]
    fn yaml_errors_are_counted_from_the_file_start() {
        let err =
            serde_yaml::from_str::<serde_yaml::Value>("a: 1\nb: [\n").expect_err("syntax error");
        let d = yaml_error("x.md", &err, 2);
        assert!(d.line.is_some_and(|l| l >= 3), "{d}");
        assert!(!d.message.contains(" at line "), "{d}");
    }

    #[test]
    fn fast_hash_tells_every_single_change_apart() {
        let base: Vec<u8> = (0..100u8).collect();
        let mut seen = std::collections::HashSet::new();
        assert!(seen.insert(fast_hash(&base)));
        for i in 0..base.len() {
            for bit in 0..8 {
                let mut b = base.clone();
                b[i] ^= 1 << bit;
                assert!(seen.insert(fast_hash(&b)), "byte {i} bit {bit}");
            }
        }
        for len in 0..base.len() {
            assert!(seen.insert(fast_hash(&base[..len])), "prefix of {len}");
        }
        assert_ne!(fast_hash(b"a"), fast_hash(b"a\0"));
    }
}
