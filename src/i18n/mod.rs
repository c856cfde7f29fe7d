//! Messages in Chinese and English: every diagnostic, hint, summary line and help text the
//! tool prints goes through one catalog, and exists in both languages.
//!
//! The key of a message is its English text, as with gettext's msgid: code writes
//! `t!("unknown field `{key}`", key)`, and the tables in this folder give each English text
//! its Chinese one, grouped by the part of the tool that prints it. A text may hold named
//! placeholders, `{name}`, filled in by the caller (`{{` and `}}` are literal braces); the
//! Chinese text uses the same placeholders. Counted messages (`tn!`) write English as
//! `singular|plural` with `{n}` for the count; Chinese needs one form. The tests scan the
//! sources: every text given to `t!` or `tn!` has its Chinese, with the same placeholders,
//! and every Chinese text belongs to a message still in use. The `--help` texts are the doc
//! comments of `cli.rs`, looked up the same way (see `help.rs`).
//!
//! The language is decided once, in `main`, before any work starts (see [`decide`]), and kept
//! in a process-wide setting that `t!` reads. It is the one global of the tool, on purpose:
//! the language is fixed for the whole run, and passing it to every function that can report
//! a problem would thread a parameter through every stage for no gain. Library code that never
//! calls [`set`] (the unit tests, other programs) gets English.

mod check;
mod commands;
mod help;
mod pipeline;

use crate::catalog::Language;
use std::collections::HashMap;
use std::fmt::Display;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

pub use help::{help_texts, localize_help};

/// The environment variable that forces a language, like `--lang` (used by tests and CI).
pub const LANG_ENV: &str = "GONGKAI_LANG";

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message printed from now on. Called once, by `main`.
pub fn set(lang: Language) {
    CURRENT.store(
        match lang {
            Language::En => 0,
            Language::ZhCn => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language messages are printed in.
pub fn current() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::ZhCn,
        _ => Language::En,
    }
}

/// Reads `zh-CN`, `zh`, `en` and the like (as `--lang` and `GONGKAI_LANG` take them).
pub fn parse_lang(s: &str) -> Option<Language> {
    let s = s.trim().to_ascii_lowercase();
    if s == "zh" || s.starts_with("zh-") || s.starts_with("zh_") {
        Some(Language::ZhCn)
    } else if s == "en" || s.starts_with("en-") || s.starts_with("en_") {
        Some(Language::En)
    } else {
        None
    }
}

/// True when the locale of the environment is Chinese: the first set of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` (the order POSIX gives them) starts with `zh`.
pub fn locale_is_chinese(var: impl Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .is_some_and(|v| v.starts_with("zh"))
}

/// The language of a run: `--lang` when given; else `GONGKAI_LANG` when set to a language;
/// else Chinese when the site's `site.language` is `zh-CN` (its default) or the locale is
/// Chinese; else English. `site` is the site's `site.language`, `None` when there is no
/// readable site (`gongkai init`, a wrong `--root`).
pub fn decide(
    flag: Option<Language>,
    site: Option<Language>,
    var: impl Fn(&str) -> Option<String>,
) -> Language {
    if let Some(lang) = flag {
        return lang;
    }
    if let Some(lang) = var(LANG_ENV).as_deref().and_then(parse_lang) {
        return lang;
    }
    if site == Some(Language::ZhCn) || locale_is_chinese(&var) {
        Language::ZhCn
    } else {
        Language::En
    }
}

/// `site.language` of the site at `root`, read from its catalog.yaml by a line scan (the
/// catalog proper is parsed, and checked, later by the command itself): the `language:` line
/// of the top-level `site:` block, or zh-CN, the default, when the block has none. `None`
/// when there is no catalog.yaml.
pub fn site_language(root: &Path) -> Option<Language> {
    let text = std::fs::read_to_string(root.join(crate::catalog::CATALOG_FILE)).ok()?;
    let mut in_site = false;
    for line in text.lines() {
        let content = line.split(" #").next().unwrap_or(line).trim_end();
        if content.is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            in_site = content == "site:";
            continue;
        }
        if in_site && let Some(value) = content.trim_start().strip_prefix("language:") {
            let value = value.trim().trim_matches(['"', '\'']);
            return Some(parse_lang(value).unwrap_or_default());
        }
    }
    Some(Language::default())
}

/// One message of the catalog: its English text (the key) and its Chinese text.
pub type Entry = (&'static str, &'static str);

/// Every message, from all the tables.
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    pipeline::MESSAGES
        .iter()
        .chain(check::MESSAGES)
        .chain(commands::MESSAGES)
        .chain(help::MESSAGES)
}

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| entries().map(|&(en, zh)| (en, zh)).collect())
}

/// The template of the message whose English text is `key`, in `lang`; the English text
/// when the catalog has no Chinese for it (a test makes sure every message has).
pub fn template(lang: Language, key: &str) -> &str {
    match lang {
        Language::En => key,
        Language::ZhCn => table().get(key).copied().unwrap_or(key),
    }
}

/// The Chinese text of `key`, if the catalog has one.
pub fn chinese(key: &str) -> Option<&'static str> {
    table().get(key).copied()
}

/// The message `key` in the current language, its placeholders filled from `args`.
pub fn text(key: &str, args: &[(&str, &dyn Display)]) -> String {
    text_in(current(), key, args)
}

/// The message `key` in `lang`.
pub fn text_in(lang: Language, key: &str, args: &[(&str, &dyn Display)]) -> String {
    fill(template(lang, key), args)
}

/// A counted message: English templates hold `singular|plural`; `{n}` is the count.
pub fn text_n(key: &str, n: usize, args: &[(&str, &dyn Display)]) -> String {
    text_n_in(current(), key, n, args)
}

/// A counted message in `lang`.
pub fn text_n_in(lang: Language, key: &str, n: usize, args: &[(&str, &dyn Display)]) -> String {
    let template = template(lang, key);
    let form = match template.split_once('|') {
        Some((one, other)) => {
            if n == 1 {
                one
            } else {
                other
            }
        }
        None => template,
    };
    let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n)];
    all.extend_from_slice(args);
    fill(form, &all)
}

/// Replaces each `{name}` of `template` with its value; `{{` and `}}` are braces.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) {
            let name = &tail[1..end];
            if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) {
                out.push_str(&value.to_string());
                rest = &tail[end + 1..];
                continue;
            }
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// The placeholders of a template, sorted (for the tests).
pub fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{')
            && let Some(end) = tail.find('}')
        {
            names.push(tail[1..end].to_string());
            rest = &tail[end + 1..];
            continue;
        }
        rest = &tail[1..];
    }
    names.sort();
    names.dedup();
    names
}

/// `t!("English text {name}", name = value, other)`: the message in the current language,
/// with its placeholders filled (a bare name stands for `name = name`).
#[macro_export]
macro_rules! t {
    ($key:literal $(,)?) => {
        $crate::i18n::text($key, &[])
    };
    ($key:literal, $($rest:tt)+) => {
        $crate::__t_args!(text ($key) [] $($rest)+)
    };
}

/// `t_in!(lang, "English text {name}", name = value)`: the message in `lang`, for code that
/// is told its language (the prompts of `gongkai new`, and their tests).
#[macro_export]
macro_rules! t_in {
    ($lang:expr, $key:literal $(,)?) => {
        $crate::i18n::text_in($lang, $key, &[])
    };
    ($lang:expr, $key:literal, $($rest:tt)+) => {
        $crate::__t_args!(text_in ($lang, $key) [] $($rest)+)
    };
}

/// `tn!("{n} file|{n} files", n, name = value)`: a counted message (see [`text_n`]).
#[macro_export]
macro_rules! tn {
    ($key:literal, $n:expr $(,)?) => {
        $crate::i18n::text_n($key, $n, &[])
    };
    ($key:literal, $n:expr, $($rest:tt)+) => {
        $crate::__t_args!(text_n ($key, $n) [] $($rest)+)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __t_args {
    ($f:ident ($($head:tt)*) [$($done:tt)*]) => {
        $crate::i18n::$f($($head)*, &[$($done)*])
    };
    ($f:ident ($($head:tt)*) [$($done:tt)*] $name:ident = $value:expr $(, $($rest:tt)*)?) => {
        $crate::__t_args!($f ($($head)*) [$($done)* (stringify!($name), &$value as &dyn ::std::fmt::Display),] $($($rest)*)?)
    };
    ($f:ident ($($head:tt)*) [$($done:tt)*] $name:ident $(, $($rest:tt)*)?) => {
        $crate::__t_args!($f ($($head)*) [$($done)* (stringify!($name), &$name as &dyn ::std::fmt::Display),] $($($rest)*)?)
    };
}

#[cfg(test)]
mod tests;
