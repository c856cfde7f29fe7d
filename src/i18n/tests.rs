use super::*;

#[test]
fn placeholders_are_filled_by_name() {
    let name = "titel";
    assert_eq!(
        fill(
            "unknown field `{name}` in {file}",
            &[("name", &name), ("file", &"a.md")]
        ),
        "unknown field `titel` in a.md"
    );
    assert_eq!(fill("{{uscc}}/{year}", &[("year", &2024)]), "{uscc}/2024");
    assert_eq!(fill("{unknown} stays", &[]), "{unknown} stays");
    assert_eq!(placeholders("{a} {{b}} {c} {a}"), ["a", "c"]);
}

#[test]
fn the_macros_take_names_and_values() {
    let key = "titel";
    let n = 3;
    assert_eq!(t!("unknown field `{key}`", key), "unknown field `titel`");
    assert_eq!(t!("{a} and {b}", a = 1, b = key.len()), "1 and 5");
    assert_eq!(tn!("{n} error|{n} errors", n), "3 errors");
    assert_eq!(tn!("{n} error|{n} errors", 1), "1 error");
    assert_eq!(
        text_n_in(Language::ZhCn, "{n} error|{n} errors", 3, &[]),
        "3 个错误"
    );
}

#[test]
fn the_language_follows_the_flag_then_the_environment_then_the_site() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let zh = Some(Language::ZhCn);
    let en = Some(Language::En);
    assert_eq!(
        decide(en, zh, env(&[("LANG", "zh_CN.UTF-8")])),
        Language::En
    );
    assert_eq!(decide(zh, en, env(&[])), Language::ZhCn);
    assert_eq!(decide(None, zh, env(&[(LANG_ENV, "en")])), Language::En);
    assert_eq!(decide(None, zh, env(&[])), Language::ZhCn);
    assert_eq!(decide(None, en, env(&[])), Language::En);
    assert_eq!(decide(None, None, env(&[])), Language::En);
    assert_eq!(
        decide(None, en, env(&[("LANG", "zh_CN.UTF-8")])),
        Language::ZhCn
    );
    // LC_ALL comes before LANG.
    assert_eq!(
        decide(
            None,
            en,
            env(&[("LC_ALL", "C.UTF-8"), ("LANG", "zh_CN.UTF-8")])
        ),
        Language::En
    );
    assert_eq!(
        decide(
            None,
            None,
            env(&[("LC_MESSAGES", "zh_TW"), ("LANG", "en_US")])
        ),
        Language::ZhCn
    );
}

#[test]
fn the_site_language_is_read_from_the_site_block() {
    let dir = std::env::temp_dir().join(format!("gongkai-i18n-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let catalog = dir.join("catalog.yaml");
    std::fs::write(
        &catalog,
        "site:\n  title: x\n  language: en   # English\nareas: []\n",
    )
    .expect("write");
    assert_eq!(site_language(&dir), Some(Language::En));
    std::fs::write(&catalog, "areas:\n  - language: en\nsite:\n  title: x\n").expect("write");
    assert_eq!(site_language(&dir), Some(Language::ZhCn));
    std::fs::write(&catalog, "site:\n  language: \"zh-CN\"\n").expect("write");
    assert_eq!(site_language(&dir), Some(Language::ZhCn));
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(site_language(&dir), None);
}

/// Every message has its Chinese, with the same placeholders, once.
#[test]
fn every_message_has_both_languages_with_the_same_placeholders() {
    let mut seen = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    for &(en, zh) in entries() {
        if !seen.insert(en) {
            problems.push(format!("listed twice: {en:?}"));
        }
        if zh.trim().is_empty() {
            problems.push(format!("no Chinese: {en:?}"));
        }
        if placeholders(en) != placeholders(zh) {
            problems.push(format!(
                "placeholders differ: {en:?} {:?} / {zh:?} {:?}",
                placeholders(en),
                placeholders(zh)
            ));
        }
        if zh.contains('|') && !en.contains('|') {
            problems.push(format!("a `|` in Chinese only: {zh:?}"));
        }
        // Line breaks stay where they are; a backslash is a mistyped escape.
        if zh.matches('\n').count() != en.matches('\n').count() {
            problems.push(format!("different line breaks: {en:?} / {zh:?}"));
        }
        if zh.contains('\\') && !en.contains('\\') {
            problems.push(format!("a backslash in Chinese only: {zh:?}"));
        }
        // A Chinese text with no Chinese character in it is a copy of the English one,
        // unless it holds nothing to translate (placeholders and code only).
        let has_cjk = zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let words = fill(en, &[])
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 2)
            .count();
        if !has_cjk && words > 0 && zh == en {
            problems.push(format!("not translated: {en:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_help_text_of_the_command_line_is_translated() {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Cli::command();
    cmd.build();
    let missing: Vec<String> = help::help_texts(&cmd)
        .into_iter()
        .filter(|text| help::zh(text).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "help texts without Chinese (add them to src/i18n/help.rs):\n{}",
        missing
            .iter()
            .map(|m| format!("    ({m:?}, \"\"),"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

mod sources;
