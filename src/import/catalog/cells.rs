//! The cells of a catalog table that hold more than one word: the 公开渠道和载体 checklist,
//! 公开依据 lists, 公开主体 lists and 公开时限 text.

use super::table::Problems;
use crate::catalog::{Channel, TimeLimit, TimeUnit};
use crate::import::normalize_header;
use crate::t;

/// Channel names of the official checklist (normalised) and other names seen in catalogs.
pub(super) const CHANNEL_NAMES: &[(&str, Channel)] = &[
    ("政府网站", Channel::Website),
    ("门户网站", Channel::Website),
    ("政府门户网站", Channel::Website),
    ("政府公报", Channel::Gazette),
    ("两微一端", Channel::WechatWeiboApp),
    ("政务新媒体", Channel::WechatWeiboApp),
    ("发布会/听证会", Channel::PressConference),
    ("新闻发布会", Channel::PressConference),
    ("发布会", Channel::PressConference),
    ("听证会", Channel::PressConference),
    ("广播电视", Channel::RadioTv),
    ("纸质媒体", Channel::PrintMedia),
    ("公开查阅点", Channel::ReadingRoom),
    ("政务服务中心", Channel::ServiceCenter),
    ("便民服务站", Channel::ServiceStation),
    ("便民服务中心", Channel::ServiceStation),
    ("入户/现场", Channel::DoorToDoor),
    ("入户", Channel::DoorToDoor),
    ("现场", Channel::DoorToDoor),
    ("社区/企事业单位/村公示栏电子屏", Channel::BulletinBoard),
    ("社区/企事业单位/村公示栏", Channel::BulletinBoard),
    ("公示栏", Channel::BulletinBoard),
    ("公示栏电子屏", Channel::BulletinBoard),
    ("村公示栏", Channel::BulletinBoard),
    ("村务公开栏", Channel::BulletinBoard),
    ("电子屏", Channel::BulletinBoard),
    ("精准推送", Channel::TargetedPush),
];

pub(super) const MARKS_ON: &[char] = &['■', '☑', '√', '✓', '✔', '▇', '█'];
pub(super) const MARKS_OFF: &[char] = &['□', '☐'];

/// The 公开渠道和载体 cell: a checklist with ■/□ marks, or a plain list of names. Names
/// outside the checklist become `other`, named in `channel_other`.
pub(super) fn map_channels(
    cell: &crate::import::Cell,
    header: &str,
    p: &mut Problems,
) -> (Vec<Channel>, Option<String>) {
    let text = cell.text.trim();
    let marked = text.contains(MARKS_ON) || text.contains(MARKS_OFF);
    let mut names: Vec<String> = Vec::new();
    if marked {
        let mut current: Option<(bool, String)> = None;
        for c in text.chars() {
            if MARKS_ON.contains(&c) || MARKS_OFF.contains(&c) {
                if let Some((true, name)) = current.take() {
                    names.push(name);
                }
                current = Some((MARKS_ON.contains(&c), String::new()));
            } else if let Some((_, name)) = &mut current {
                name.push(c);
            }
        }
        if let Some((true, name)) = current {
            names.push(name);
        }
    } else {
        names = text
            .split(['、', ',', '，', ';', '；', '\n', ' ', '\u{3000}'])
            .map(str::to_string)
            .collect();
    }
    let mut channels = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for name in names {
        let name = name
            .trim()
            .trim_matches(|c: char| "、,，;；。.".contains(c) || c.is_whitespace())
            .to_string();
        if name.is_empty() {
            continue;
        }
        let norm = normalize_header(&name).replace(['／', '、'], "/");
        if let Some((_, ch)) = CHANNEL_NAMES.iter().find(|(n, _)| *n == norm) {
            if !channels.contains(ch) {
                channels.push(*ch);
            }
            continue;
        }
        // 其他 / 其他：平台名称 / any other platform.
        let other = norm
            .strip_prefix("其他")
            .map(|rest| {
                rest.trim_start_matches(['：', ':', '_'])
                    .trim_end_matches('_')
            })
            .unwrap_or(&name)
            .to_string();
        if !channels.contains(&Channel::Other) {
            channels.push(Channel::Other);
        }
        if other.is_empty() {
            p.cell(
                cell.origin,
                header,
                t!("其他 is ticked but names no platform; the platform was written as 其他"),
                t!("write the platform after 其他, for example ■其他：公共资源交易平台"),
            );
            others.push("其他".into());
        } else if !others.contains(&other) {
            others.push(other);
        }
    }
    if channels.is_empty() && !text.is_empty() {
        p.cell(
            cell.origin,
            header,
            t!(
                "\"{replace}\" ticks no channel",
                replace = text.replace('\n', " ")
            ),
            t!("mark the channels used with ■ (or list their names)"),
        );
    }
    channels.sort();
    let other = (!others.is_empty()).then(|| others.join("、"));
    (channels, other)
}

/// 公开依据 as a list: one entry per line, per `；`, and per 《…》 title in a run of titles.
pub(super) fn split_basis(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in s.split(['\n', '；', ';']) {
        let mut rest = piece.trim();
        // 《a》、《b》 and 《a》《b》 are two documents.
        loop {
            let split = rest.find('》').and_then(|i| {
                let after = &rest[i + '》'.len_utf8()..];
                let trimmed = after.trim_start_matches(['、', '，', ',', ' ', '和', '及']);
                trimmed
                    .starts_with('《')
                    .then(|| (i + '》'.len_utf8(), rest.len() - trimmed.len()))
            });
            match split {
                Some((end, next)) => {
                    push_entry(&mut out, &rest[..end]);
                    rest = &rest[next..];
                }
                None => {
                    push_entry(&mut out, rest);
                    break;
                }
            }
        }
    }
    out
}

pub(super) fn push_entry(out: &mut Vec<String>, s: &str) {
    // Numbering such as "1." "（2）" "③" is the table's, not the document's.
    let s = s.trim();
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || ('①'..='⑳').contains(&c));
    let s = s
        .trim_start_matches(['.', '、', '．', ')', '）'])
        .trim_start_matches(['(', '（'])
        .trim();
    let s = s
        .strip_prefix(|c: char| c.is_ascii_digit())
        .and_then(|r| r.strip_prefix(['）', ')']))
        .unwrap_or(s)
        .trim()
        .trim_end_matches(['；', ';', '，', ',', '。'])
        .trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
}

/// 公开主体 and similar lists.
pub(super) fn split_list(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', '\n'])
        .map(|p| p.trim().trim_end_matches('。').trim())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a number written with digits (also full width) or Chinese numerals up to 99.
pub(super) fn leading_number(s: &str) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut len = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        n = n.checked_mul(10)?.checked_add(d)?;
        len += c.len_utf8();
    }
    if len > 0 {
        return Some((n, len));
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let mut chars = s.chars().peekable();
    let first = *chars.peek()?;
    if first == '十' {
        chars.next();
        len += first.len_utf8();
        let ones = chars.peek().and_then(|c| digit(*c));
        if let Some(o) = ones {
            len += '一'.len_utf8();
            return Some((10 + o, len));
        }
        return Some((10, len));
    }
    let tens = digit(first)?;
    chars.next();
    len += first.len_utf8();
    if chars.peek() == Some(&'十') {
        chars.next();
        len += '十'.len_utf8();
        let ones = chars.peek().and_then(|c| digit(*c)).unwrap_or(0);
        if ones > 0 {
            len += '一'.len_utf8();
        }
        return Some((tens * 10 + ones, len));
    }
    Some((tens, len))
}

/// Parses 公开时限 text (domain reference §3.3). A fixed number of working or calendar days
/// counted from when the information is formed, changed, made or obtained gets `days` and
/// `unit`; limits that run from another event (批准后20日内), posting periods (公示7个工作日),
/// hours, dates in the year (每年1月31日前) and 实时/及时公开 are known but kept as text
/// only. `None` for text that is none of these.
pub fn parse_time_limit(text: &str) -> Option<TimeLimit> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text_only = || TimeLimit {
        text: text.trim().to_string(),
        days: None,
        unit: None,
        from: None,
    };
    // The first number followed by a unit.
    let mut found = None;
    for (i, _) in t.char_indices() {
        if let Some((n, len)) = leading_number(&t[i..]) {
            let after = &t[i + len..];
            let unit = if after.starts_with("个工作日") || after.starts_with("工作日") {
                Some(Some(TimeUnit::Workday))
            } else if after.starts_with("日")
                || after.starts_with("天")
                || after.starts_with("个自然日")
                || after.starts_with("自然日")
            {
                Some(Some(TimeUnit::Day))
            } else if after.starts_with("小时") || after.starts_with("个小时") {
                Some(None)
            } else {
                None
            };
            if let Some(unit) = unit {
                found = Some((i, n, unit, after));
                break;
            }
        }
    }
    let Some((at, n, unit, after)) = found else {
        return [
            "实时",
            "及时",
            "即时",
            "随时",
            "长期",
            "常态",
            "动态",
            "每年",
            "每季度",
            "每月",
            "每半年",
            "定期",
        ]
        .iter()
        .any(|w| t.contains(w))
        .then(text_only);
    };
    let before = &t[..at];
    let Some(unit) = unit else {
        // Hours: a response time, not a disclosure deadline the calendar can count.
        return Some(text_only());
    };
    if before.contains("每年") || after.starts_with("日前") && before.contains('月') {
        return Some(text_only());
    }
    let event = [
        "批准", "批复", "决定", "作出", "结束", "完成", "签订", "收到", "受理", "办结", "审定",
        "通过",
    ];
    let posting = ["公示", "公告", "不少于", "不得少于", "期限为", "征求意见"];
    if event.iter().any(|w| before.contains(w)) || posting.iter().any(|w| before.contains(w)) {
        return Some(text_only());
    }
    let from_formed = [
        "形成", "变更", "制定", "获取", "产生", "更新", "生成", "改变",
    ];
    let counts_from_formed = before.is_empty()
        || before.ends_with("自")
        || from_formed.iter().any(|w| before.contains(w));
    if n == 0 || !counts_from_formed || !(after.contains('内') || after.contains("以内")) {
        return Some(text_only());
    }
    Some(TimeLimit {
        text: text.trim().to_string(),
        days: Some(n),
        unit: Some(unit),
        from: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Table;
    use std::collections::BTreeSet;

    fn tl(text: &str) -> Option<(Option<u32>, Option<TimeUnit>)> {
        parse_time_limit(text).map(|t| (t.days, t.unit))
    }

    #[test]
    fn time_limits_of_the_domain_reference() {
        let w = Some(TimeUnit::Workday);
        assert_eq!(
            tl("信息形成或者变更之日起20个工作日内"),
            Some((Some(20), w))
        );
        assert_eq!(
            tl("制定或获取信息之日起10个工作日内，公示7个工作日"),
            Some((Some(10), w))
        );
        assert_eq!(
            tl(
                "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示"
            ),
            Some((Some(20), w))
        );
        assert_eq!(tl("自信息形成之日起二十个工作日内"), Some((Some(20), w)));
        assert_eq!(tl("２０个工作日内"), Some((Some(20), w)));
        assert_eq!(
            tl("信息产生之日起15日内"),
            Some((Some(15), Some(TimeUnit::Day)))
        );
        for text_only in [
            "实时公开",
            "及时公开",
            "本级人民代表大会或其常务委员会批准后20日内",
            "本级政府财政部门批复后20日内",
            "向社会公开征求意见期限一般不少于30日",
            "每年1月31日前",
            "5小时内发布权威信息，24小时内举行新闻发布会",
            "公告期限为5个工作日",
        ] {
            assert_eq!(tl(text_only), Some((None, None)), "{text_only}");
        }
        assert_eq!(tl("按有关规定"), None);
        assert_eq!(tl("2024年"), None);
    }

    #[test]
    fn channels_from_checklists_and_lists() {
        let table = Table {
            file: "a.xlsx".into(),
            sheet: Some("目录".into()),
            rows: Vec::new(),
        };
        let mut p = Problems {
            table: &table,
            diags: Vec::new(),
            seen: BTreeSet::new(),
        };
        let cell = |s: &str| crate::import::Cell {
            text: s.into(),
            origin: (5, 8),
        };
        let (c, o) = map_channels(
            &cell(
                "■政府网站 □政府公报 ■两微一端\n□发布会/听证会 ■社区/企事业单位/村公示栏（电子屏） ■其他：公共资源交易平台",
            ),
            "公开渠道和载体",
            &mut p,
        );
        assert_eq!(
            c,
            vec![
                Channel::Website,
                Channel::WechatWeiboApp,
                Channel::BulletinBoard,
                Channel::Other
            ]
        );
        assert_eq!(o.as_deref(), Some("公共资源交易平台"));
        let (c, o) = map_channels(&cell("政府网站、投资项目在线审批监管平台"), "渠道", &mut p);
        assert_eq!(c, vec![Channel::Website, Channel::Other]);
        assert_eq!(o.as_deref(), Some("投资项目在线审批监管平台"));
        assert!(p.diags.is_empty());
        let (c, _) = map_channels(&cell("□政府网站 □政府公报"), "渠道", &mut p);
        assert!(c.is_empty());
        assert_eq!(p.diags.len(), 1);
        assert_eq!(
            p.diags[0].message,
            "sheet 目录, row 5, column H (渠道): \"□政府网站 □政府公报\" ticks no channel"
        );
    }

    #[test]
    fn basis_lists() {
        assert_eq!(
            split_basis(
                "1.《社会救助暂行办法》、《政府信息公开条例》\n（2）国务院关于进一步加强和改进最低生活保障工作的意见；"
            ),
            vec![
                "《社会救助暂行办法》",
                "《政府信息公开条例》",
                "国务院关于进一步加强和改进最低生活保障工作的意见"
            ]
        );
    }
}
