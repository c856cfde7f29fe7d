//! `gongkai new` without arguments, on a terminal: asks for the area, item, publisher, title
//! and formed date, offering the catalog's choices as numbered lists, and re-asks with the
//! reason when an answer is not valid. Plain standard input and output, no terminal library.
//!
//! Every string shown comes from the message catalog (`crate::i18n`), in the language asked
//! for.

use crate::catalog::{Catalog, Language};
use crate::date::Date;
use crate::t_in;
use std::io::{BufRead, Write};

/// The prompt `key` in `lang`.
fn prompt(lang: Language, key: &str) -> String {
    match key {
        "area" => t_in!(lang, "Area (number, id or name)"),
        "item" => t_in!(lang, "Catalog item (number, id or name)"),
        "publisher" => t_in!(lang, "Publisher (number, key or name)"),
        "title" => t_in!(lang, "Title"),
        "formed" => t_in!(lang, "Date formed (YYYY-MM-DD)"),
        _ => key.to_string(),
    }
}

/// What the editor answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// `area-id/item-id`
    pub item: String,
    pub publisher: String,
    pub title: String,
    pub formed: Date,
}

/// One choice of a numbered list: its id, what it is, and the names that also choose it.
struct Choice {
    id: String,
    label: String,
    names: Vec<String>,
}

/// Asks on `input`/`output`, in the site's interface language. Returns `None` when the input
/// ends (Ctrl-D): nothing is written.
pub fn ask(
    catalog: &Catalog,
    today: Date,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> anyhow::Result<Option<Answers>> {
    ask_in(catalog.site.language, catalog, today, input, output)
}

/// Asks in `lang` (`gongkai new` asks in the language of the run).
pub fn ask_in(
    lang: Language,
    catalog: &Catalog,
    today: Date,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> anyhow::Result<Option<Answers>> {
    let mut p = Prompter {
        lang,
        input,
        output,
    };
    let areas: Vec<_> = catalog
        .areas
        .iter()
        .filter(|a| !a.items.is_empty())
        .collect();
    if areas.is_empty() {
        anyhow::bail!(t_in!(lang, "catalog.yaml has no catalog items."));
    }
    if catalog.publishers.is_empty() {
        anyhow::bail!(t_in!(lang, "catalog.yaml has no publishers."));
    }
    p.line(&t_in!(
        lang,
        "New disclosure record (Enter takes the default in brackets, Ctrl-D cancels)."
    ))?;
    let area_choices: Vec<Choice> = areas
        .iter()
        .map(|a| Choice {
            id: a.id.clone(),
            names: [Some(&a.name), a.name_en.as_ref()]
                .into_iter()
                .flatten()
                .chain(&a.aliases)
                .cloned()
                .collect(),
            label: format!(
                "{} ({})",
                name_in(lang, &a.name, a.name_en.as_deref()),
                t_in!(lang, "{n} items", n = a.items.len())
            ),
        })
        .collect();
    let Some(a) = p.choose("area", &area_choices)? else {
        return p.cancelled();
    };
    let area = areas[a];
    let item_choices: Vec<Choice> = area
        .items
        .iter()
        .map(|i| {
            let levels = i.levels();
            // The full name, or one level alone (最低生活保障, 审核信息), which several
            // items may share: then the answer is ambiguous and asked again.
            let mut names = vec![levels.join(" / ")];
            names.extend(levels.iter().map(|l| l.to_string()));
            Choice {
                id: i.id.clone(),
                label: levels.join(" / "),
                names,
            }
        })
        .collect();
    let Some(i) = p.choose("item", &item_choices)? else {
        return p.cancelled();
    };
    let publisher_choices: Vec<Choice> = catalog
        .publishers
        .iter()
        .map(|pb| Choice {
            id: pb.key.clone(),
            label: name_in(lang, &pb.name, pb.name_en.as_deref()).to_string(),
            names: [Some(&pb.name), pb.name_en.as_ref()]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
        })
        .collect();
    let Some(pb) = p.choose("publisher", &publisher_choices)? else {
        return p.cancelled();
    };
    let Some(title) = p.ask_until("title", None, |s| {
        if s.is_empty() {
            Err(t_in!(lang, "The title cannot be empty."))
        } else if s.chars().any(char::is_control) {
            Err(t_in!(
                lang,
                "The title contains invisible control characters; type it again."
            ))
        } else {
            Ok(s.to_string())
        }
    })?
    else {
        return p.cancelled();
    };
    let today_text = today.to_string();
    let Some(formed) = p.ask_until("formed", Some(&today_text), |s| match Date::parse(s) {
        None => Err(t_in!(
            lang,
            "`{answer}` is not a valid date: write it as YYYY-MM-DD, for example {today}.",
            answer = s,
            today = today_text
        )),
        Some(d) if d > today => Err(t_in!(
            lang,
            "The date formed, {answer}, is after today ({today}).",
            answer = s,
            today = today_text
        )),
        Some(d) => Ok(d),
    })?
    else {
        return p.cancelled();
    };
    Ok(Some(Answers {
        item: format!("{}/{}", area.id, area.items[i].id),
        publisher: catalog.publishers[pb].key.clone(),
        title,
        formed,
    }))
}

fn name_in<'a>(lang: Language, zh: &'a str, en: Option<&'a str>) -> &'a str {
    match (lang, en) {
        (Language::En, Some(en)) => en,
        _ => zh,
    }
}

struct Prompter<'a, R, W> {
    lang: Language,
    input: &'a mut R,
    output: &'a mut W,
}

impl<R: BufRead, W: Write> Prompter<'_, R, W> {
    fn line(&mut self, s: &str) -> std::io::Result<()> {
        writeln!(self.output, "{s}")
    }

    fn cancelled<T>(&mut self) -> anyhow::Result<Option<T>> {
        writeln!(self.output)?;
        self.line(&t_in!(self.lang, "Cancelled; nothing was written."))?;
        Ok(None)
    }

    /// Shows the prompt `key` and reads one answer, trimmed; `None` at the end of input.
    fn read(&mut self, key: &str, default: Option<&str>) -> anyhow::Result<Option<String>> {
        let label = prompt(self.lang, key);
        match default {
            Some(d) => write!(self.output, "{label} [{d}]: ")?,
            None => write!(self.output, "{label}: ")?,
        }
        self.output.flush()?;
        let mut answer = String::new();
        if self.input.read_line(&mut answer)? == 0 {
            return Ok(None);
        }
        let answer = answer.trim();
        Ok(Some(match default {
            Some(d) if answer.is_empty() => d.to_string(),
            _ => answer.to_string(),
        }))
    }

    /// Asks until `check` accepts the answer, printing its reason each time it does not.
    fn ask_until<T>(
        &mut self,
        key: &str,
        default: Option<&str>,
        check: impl Fn(&str) -> Result<T, String>,
    ) -> anyhow::Result<Option<T>> {
        loop {
            let Some(answer) = self.read(key, default)? else {
                return Ok(None);
            };
            match check(&answer) {
                Ok(v) => return Ok(Some(v)),
                Err(why) => self.line(&format!("  {why}"))?,
            }
        }
    }

    /// Shows a numbered list and asks for a number or an id; returns the index chosen.
    fn choose(&mut self, key: &str, choices: &[Choice]) -> anyhow::Result<Option<usize>> {
        writeln!(self.output)?;
        let width = choices.len().to_string().len();
        for (n, c) in choices.iter().enumerate() {
            writeln!(self.output, "  {:>width$}. {}  {}", n + 1, c.id, c.label)?;
        }
        let lang = self.lang;
        // With a single choice, Enter takes it.
        let default = (choices.len() == 1).then(|| choices[0].id.clone());
        self.ask_until(key, default.as_deref(), |s| {
            if s.is_empty() {
                return Err(t_in!(
                    lang,
                    "Choose one from the list: type its number, id or name."
                ));
            }
            if let Ok(n) = s.parse::<usize>() {
                return if (1..=choices.len()).contains(&n) {
                    Ok(n - 1)
                } else {
                    Err(t_in!(
                        lang,
                        "There is no number {answer}: type a number from 1 to {last}, or an id.",
                        answer = s,
                        last = choices.len()
                    ))
                };
            }
            if let Some(i) = choices.iter().position(|c| c.id == s) {
                return Ok(i);
            }
            let named: Vec<usize> = (0..choices.len())
                .filter(|&i| choices[i].names.iter().any(|n| n == s))
                .collect();
            match named[..] {
                [i] => return Ok(i),
                [_, _, ..] => {
                    return Err(t_in!(
                        lang,
                        "More than one choice is called `{answer}`; type its number or id.",
                        answer = s
                    ));
                }
                [] => {}
            }
            match crate::diag::suggest(s, choices.iter().map(|c| c.id.as_str())) {
                Some(near) => Err(t_in!(
                    lang,
                    "Nothing in the list is called `{answer}`; did you mean `{near}`?",
                    answer = s,
                    near
                )),
                None => Err(t_in!(
                    lang,
                    "Nothing in the list is called `{answer}`.",
                    answer = s
                )),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;

    const CATALOG: &str = "site:\n  title: 示例县\n  language: LANG\npublishers:\n  - key: mz\n    name: 示例县民政局\n    name_en: Civil Affairs Bureau\n    uscc: 11320000MB151840XJ\n  - key: cz\n    name: 示例县财政局\n    uscc: 11320000MB151840XJ\nareas:\n  - id: social-assistance\n    name: 社会救助\n    name_en: Social assistance\n    items:\n      - id: dibao-policy\n        level1: 最低生活保障\n        level2: 政策文件\n        content: 政策\n        time_limit: { text: 20个工作日内 }\n        audience: public\n        method: proactive\n        levels: [county]\n      - id: dibao-review\n        level1: 最低生活保障\n        level2: 审核信息\n        content: 名单\n        time_limit: { text: 20个工作日内 }\n        audience: public\n        method: proactive\n        levels: [county]\n";

    fn catalog(lang: &str) -> Catalog {
        Catalog::parse(
            &CATALOG.replace("LANG", lang),
            "catalog.yaml",
            Calendar::default(),
        )
        .expect("parses")
        .catalog
        .expect("a catalog")
    }

    fn run(lang: &str, answers: &str) -> (Option<Answers>, String) {
        let today = Date::parse("2024-10-10").expect("date");
        let mut out = Vec::new();
        let got = ask(&catalog(lang), today, &mut answers.as_bytes(), &mut out).expect("asked");
        (got, String::from_utf8(out).expect("utf-8"))
    }

    #[test]
    fn numbers_ids_defaults_and_reasons() {
        let (got, shown) = run(
            "zh-CN",
            "\ndibao-reveiw\n9\n最低生活保障\n审核信息\n示例县财政局\n  \n关于低保的公示\n2024-02-30\n2024-10-11\n\n",
        );
        assert_eq!(
            got,
            Some(Answers {
                item: "social-assistance/dibao-review".into(),
                publisher: "cz".into(),
                title: "关于低保的公示".into(),
                formed: Date::parse("2024-10-10").expect("date"),
            })
        );
        // The single area is the default; every bad answer gets its reason.
        assert!(
            shown.contains("领域（编号、id 或名称） [social-assistance]: "),
            "{shown}"
        );
        assert!(
            shown.contains("  1. dibao-policy  最低生活保障 / 政策文件"),
            "{shown}"
        );
        assert!(
            shown.contains("列表中没有“dibao-reveiw”；是不是“dibao-review”？"),
            "{shown}"
        );
        assert!(
            shown.contains("没有编号 9：请输入 1 到 2 之间的编号，或 id。"),
            "{shown}"
        );
        assert!(
            shown.contains("“最低生活保障”不止一项，请输入编号或 id。"),
            "{shown}"
        );
        assert!(shown.contains("标题不能为空。"), "{shown}");
        assert!(shown.contains("“2024-02-30”不是有效日期"), "{shown}");
        assert!(
            shown.contains("成文日期 2024-10-11 晚于今天（2024-10-10）。"),
            "{shown}"
        );
        assert!(
            shown.contains("成文日期（YYYY-MM-DD） [2024-10-10]: "),
            "{shown}"
        );
    }

    #[test]
    fn english_sites_are_asked_in_english_and_ctrl_d_cancels() {
        let (got, shown) = run("en", "1\n1\n");
        assert_eq!(got, None);
        assert!(
            shown.contains("  1. social-assistance  Social assistance (2 items)"),
            "{shown}"
        );
        assert!(shown.contains("  1. mz  Civil Affairs Bureau"), "{shown}");
        assert!(
            shown.ends_with("Cancelled; nothing was written.\n"),
            "{shown}"
        );
    }
}
