//! The privacy scan: unmasked resident ID numbers, mainland mobile numbers and bank card
//! numbers in text.
//!
//! The scan is pure (text in, hits out). It reads digits written in ASCII or full width, and
//! numbers split into groups by single spaces or hyphens (`110105 19491231 002X`). A number
//! that contains `*` is masked and passes, unless it still shows a whole birth date
//! (`11010519491231***X`): that is `suspicious`. An 18-character number shaped like an ID number
//! but with a wrong check digit is `suspicious`: a typo still identifies a person. 15-digit
//! legacy ID numbers and bank cards (Luhn) are only reported next to a context word (身份证,
//! 卡号, …), because long numbers of other kinds are common in disclosure records. A hit
//! never carries the full number, only its masked form.

use crate::checksum::check_uscc;
use crate::date::Date;
use crate::t;

/// How bad a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HitClass {
    /// A valid, unmasked personal number.
    Leak,
    /// Shaped like an ID number, but its check digit is wrong.
    Suspicious,
}

/// One number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// 1-based line of the text.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub class: HitClass,
    /// What the number is, for messages ("resident ID number").
    pub what: String,
    /// The number with its middle replaced by `*`, as it could be published.
    pub masked: String,
    /// The number's digits as found, for `ScanPolicy::knows`.
    pub digits: String,
}

/// What the scan lets pass besides masked numbers.
#[derive(Debug, Clone, Default)]
pub struct ScanPolicy {
    /// Numbers (digits only) that may be published, such as office phones.
    pub allow: Vec<String>,
    /// Identifiers a number may be part of without being personal: 索引号, credit codes.
    pub known: Vec<String>,
}

impl ScanPolicy {
    pub fn new(allow: &[String], known: Vec<String>) -> ScanPolicy {
        ScanPolicy {
            allow: allow
                .iter()
                .map(|a| a.chars().filter_map(ascii_digit).collect::<String>())
                .filter(|a| !a.is_empty())
                .collect(),
            known,
        }
    }

    fn allows(&self, digits: &str) -> bool {
        self.allow.iter().any(|a| a == digits)
    }

    /// Whether the number is part of a known identifier (an 索引号, a credit code).
    pub fn knows(&self, digits: &str) -> bool {
        self.known.iter().any(|k| k.contains(digits))
    }
}

/// Whether the first line of a text is a table header (CSV, spreadsheets): its words give
/// context to every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Prose,
    Table,
    /// A page of a PDF: a table's header may be on any line above a row, so every line from
    /// the top of the page gives context.
    Page,
}

const ID_CONTEXT: [&str; 5] = ["身份证", "证件号", "身份号码", "公民身份", "证号"];
const BANK_CONTEXT: [&str; 7] = ["卡号", "账号", "帐号", "银行", "一卡通", "账户", "帐户"];

/// Scans `text` and returns every hit, in text order, but for the allowed numbers. The
/// policy's known identifiers are left to the caller (`ScanPolicy::knows`): they change
/// whenever a record is added or renumbered, and a cache of scans must stay good then (see
/// `scan::ScanCache`).
pub fn scan_text(text: &str, layout: Layout, policy: &ScanPolicy) -> Vec<Hit> {
    let lines: Vec<&str> = text.lines().collect();
    let mut hits = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        // Quick reject: most lines of most files have no run of 11 digits at all.
        if !has_long_digit_run(line) {
            continue;
        }
        let chars: Vec<char> = line.chars().map(normalize_char).collect();
        for token in tokens(&chars) {
            for (start, digits) in token.candidates() {
                let found = if token.masked {
                    classify_masked(&digits)
                } else {
                    classify(&digits, || context(&lines, li, layout))
                };
                let Some((class, what, masked)) = found else {
                    continue;
                };
                if policy.allows(&digits) {
                    continue;
                }
                hits.push(Hit {
                    line: li + 1,
                    col: start + 1,
                    class,
                    what,
                    masked,
                    digits,
                });
            }
        }
    }
    hits
}

/// True when the line holds at least 11 digits (ASCII or full width) that could form one
/// number; a cheap filter before tokenising.
fn has_long_digit_run(line: &str) -> bool {
    let mut run = 0;
    for c in line.chars() {
        if ascii_digit(c).is_some() {
            run += 1;
            if run >= 11 {
                return true;
            }
        } else if !matches!(c, ' ' | '-' | '\u{3000}' | '*') {
            run = 0;
        }
    }
    false
}

/// Full-width digits and X become ASCII; everything else is kept.
fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        'Ｘ' | 'ｘ' | 'x' => 'X',
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn ascii_digit(c: char) -> Option<char> {
    let c = normalize_char(c);
    c.is_ascii_digit().then_some(c)
}

/// A run of digit groups separated by single spaces or hyphens.
struct Token {
    /// True when some digits are replaced by `*`, which the groups then contain too.
    masked: bool,
    /// (start column index, digits) of each group.
    groups: Vec<(usize, String)>,
}

impl Token {
    /// Numbers to classify: the whole run, or else the longest runs of whole groups, left to
    /// right, that form a number of a known length.
    fn candidates(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.groups.len() {
            let mut found = None;
            for j in (i..self.groups.len()).rev() {
                let digits: String = self.groups[i..=j].iter().map(|g| g.1.as_str()).collect();
                if matches!(digits.len(), 11 | 15..=19) {
                    found = Some((j, digits));
                    break;
                }
            }
            match found {
                Some((j, digits)) => {
                    out.push((self.groups[i].0, digits));
                    i = j + 1;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Splits a line into digit tokens. Tokens glued to ASCII letters (parts of identifiers such
/// as credit codes) are left out.
fn tokens(chars: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '*' || c == '_';
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && is_word(chars[i - 1])) {
            i += 1;
            continue;
        }
        let mut groups: Vec<(usize, String)> = vec![(i, String::new())];
        let mut masked = false;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            let next = chars.get(j + 1).copied();
            if c.is_ascii_digit() {
                if let Some(g) = groups.last_mut() {
                    g.1.push(c);
                }
            } else if c == '*' {
                masked = true;
                if let Some(g) = groups.last_mut() {
                    g.1.push('*');
                }
            } else if matches!(c, ' ' | '-') && next.is_some_and(|n| n.is_ascii_digit() || n == '*')
            {
                groups.push((j + 1, String::new()));
            } else if c == 'X' && !next.is_some_and(is_word) {
                if let Some(g) = groups.last_mut() {
                    g.1.push('X');
                }
                j += 1;
                break;
            } else {
                break;
            }
            j += 1;
        }
        let glued = chars.get(j).is_some_and(|c| c.is_ascii_alphabetic());
        if !glued {
            out.push(Token { masked, groups });
        }
        i = j.max(i + 1);
    }
    out
}

/// The words around line `li` that say what its numbers are: the line itself, the three
/// before it, the header of the Markdown table it is in, and a table file's first line; on a
/// PDF page, every line from the top.
fn context(lines: &[&str], li: usize, layout: Layout) -> String {
    if layout == Layout::Page {
        return lines.get(..=li).unwrap_or(lines).join("\n");
    }
    let mut ctx = String::new();
    for l in &lines[li.saturating_sub(3)..=li] {
        ctx.push_str(l);
        ctx.push('\n');
    }
    if lines[li].trim_start().starts_with('|') {
        let mut top = li;
        while top > 0 && lines[top - 1].trim_start().starts_with('|') {
            top -= 1;
        }
        ctx.push_str(lines[top]);
        ctx.push('\n');
    }
    if layout == Layout::Table
        && let Some(first) = lines.first()
    {
        ctx.push_str(first);
    }
    ctx
}

/// What `digits` is, if it is personal: class, description and masked form. `ctx` is only
/// computed when a number needs a context word.
fn classify(digits: &str, ctx: impl Fn() -> String) -> Option<(HitClass, String, String)> {
    let all_digits = digits.bytes().all(|b| b.is_ascii_digit());
    match digits.len() {
        18 if id18_shape(digits) => {
            if id18_check_char(&digits[..17]) == digits.chars().nth(17) {
                Some((HitClass::Leak, t!("resident ID number"), mask(digits, 6, 4)))
            } else if check_uscc(digits).is_ok() {
                // An all-digit unified social credit code: an organisation, not a person.
                None
            } else {
                Some((
                    HitClass::Suspicious,
                    t!("number shaped like a resident ID number (wrong check digit)"),
                    mask(digits, 6, 4),
                ))
            }
        }
        15 if all_digits && id15_shape(digits) && has_any(&ctx(), &ID_CONTEXT) => Some((
            HitClass::Leak,
            t!("15-digit resident ID number"),
            mask(digits, 6, 3),
        )),
        11 if all_digits && is_mobile(digits) => Some((
            HitClass::Leak,
            t!("mobile phone number"),
            mask(digits, 3, 4),
        )),
        16..=19 if all_digits && luhn_valid(digits) && has_any(&ctx(), &BANK_CONTEXT) => {
            Some((HitClass::Leak, t!("bank card number"), mask(digits, 4, 4)))
        }
        _ => None,
    }
}

/// A masked number passes unless it is an ID number that still shows the whole birth date.
fn classify_masked(s: &str) -> Option<(HitClass, String, String)> {
    let b = s.as_bytes();
    let shows_birth_date = b.len() == 18
        && b[6..14].iter().all(u8::is_ascii_digit)
        && matches!(&s[6..8], "18" | "19" | "20")
        && date_exists(&s[6..10], &s[10..12], &s[12..14]);
    shows_birth_date.then(|| {
        (
            HitClass::Suspicious,
            t!("partly masked ID number that still shows the birth date"),
            mask(s, 6, 4),
        )
    })
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// 17 digits then a digit or X, a non-zero first digit and a real birth date 1800–2099.
fn id18_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X')
        && b[0] != b'0'
        && matches!(&s[6..8], "18" | "19" | "20")
        && date_exists(&s[6..10], &s[10..12], &s[12..14])
}

/// 15 digits: address, a real birth date YYMMDD (19YY), sequence.
fn id15_shape(s: &str) -> bool {
    s.len() == 15
        && !s.starts_with('0')
        && date_exists(&format!("19{}", &s[6..8]), &s[8..10], &s[10..12])
}

fn date_exists(y: &str, m: &str, d: &str) -> bool {
    match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
        (Ok(y), Ok(m), Ok(d)) => Date::from_ymd(y, m, d).is_some(),
        _ => false,
    }
}

/// The check character of an 18-character resident ID number (ISO 7064 MOD 11-2) from its
/// first 17 digits.
pub fn id18_check_char(first17: &str) -> Option<char> {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(W) {
        sum += c.to_digit(10)? * w;
    }
    "10X98765432".chars().nth((sum % 11) as usize)
}

/// True for an unmasked, valid 18-character resident ID number.
pub fn is_valid_id18(s: &str) -> bool {
    id18_shape(s) && id18_check_char(&s[..17]) == s.chars().nth(17)
}

/// Mainland mobile numbers: 11 digits starting 13–19.
fn is_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// The Luhn check used by bank cards.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// Keeps `front` leading and `back` trailing characters and stars the rest.
pub fn mask(s: &str, front: usize, back: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= front + back {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..front].iter().collect();
    out.push_str(&"*".repeat(chars.len() - front - back));
    out.extend(&chars[chars.len() - back..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<(usize, usize, HitClass, String)> {
        scan_text(text, Layout::Prose, &ScanPolicy::default())
            .into_iter()
            .map(|h| (h.line, h.col, h.class, h.masked))
            .collect()
    }

    #[test]
    fn id_test_vectors_are_valid() {
        for id in [
            "11010519491231002X",
            "440524188001010014",
            "34052419800101001X",
            "370101190102039973",
            "513101198201130014",
        ] {
            assert!(is_valid_id18(id), "{id}");
        }
        assert!(!is_valid_id18("110105194912310021"));
        assert!(!is_valid_id18("110105194902300029"), "no 30 February");
        assert_eq!(id18_check_char("11010519491231002"), Some('X'));
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid("4111111111111111"));
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert!(!luhn_valid(""));
    }

    #[test]
    fn masking() {
        assert_eq!(mask("11010519491231002X", 6, 4), "110105********002X");
        assert_eq!(mask("13800138000", 3, 4), "138****8000");
        assert_eq!(mask("123", 2, 2), "***");
    }

    #[test]
    fn finds_ids_in_ascii_full_width_and_spaced_forms() {
        assert_eq!(
            scan("张三 11010519491231002X 男"),
            vec![(1, 4, HitClass::Leak, "110105********002X".into())]
        );
        assert_eq!(
            scan("户主：李四\n身份证：４４０５２４１８８００１０１００１４"),
            vec![(2, 5, HitClass::Leak, "440524********0014".into())]
        );
        assert_eq!(
            scan("110105 19491231 002x"),
            vec![(1, 1, HitClass::Leak, "110105********002X".into())]
        );
    }

    #[test]
    fn masked_numbers_pass() {
        assert!(scan("440401********1768 与 138****1234").is_empty());
        assert!(scan("35*************123").is_empty());
        assert_eq!(
            scan("张三 11010519491231***X"),
            vec![(1, 4, HitClass::Suspicious, "110105***********X".into())]
        );
    }

    #[test]
    fn wrong_check_digit_is_suspicious() {
        assert_eq!(
            scan("号码 110105194912310021"),
            vec![(1, 4, HitClass::Suspicious, "110105********0021".into())]
        );
    }

    #[test]
    fn credit_codes_and_allowed_numbers_pass() {
        // A credit code, an 索引号 made of it, and a publisher's phone on the allow list.
        let policy = ScanPolicy::new(
            &["0000-13800138000".into(), "13912345678".into()],
            vec!["113708280043326001/2024-00012".into()],
        );
        let text = "索引号 113708280043326001/2024-00012 11320000MB151840XJ 电话 13912345678";
        assert_eq!(scan_text(text, Layout::Prose, &policy), vec![]);
        assert_eq!(scan("113708280043326001"), vec![]);
        // A number the text scan finds inside a known 索引号 is the policy's to drop
        // (`scan::collect` does), and only that number.
        let known = ScanPolicy::new(&[], vec!["11010519491231002X/2024-00001".into()]);
        let hits = scan_text(
            "索引号 11010519491231002X/2024-00001",
            Layout::Prose,
            &known,
        );
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(known.knows(&hits[0].digits));
        assert!(!known.knows("110105194912310021"));
    }

    #[test]
    fn mobiles_need_boundaries() {
        assert_eq!(
            scan("电话:138 0013 8000。"),
            vec![(1, 4, HitClass::Leak, "138****8000".into())]
        );
        assert!(scan("金额 123456789012 元").is_empty());
        assert!(scan("订单 A13800138000").is_empty());
        assert!(scan("2024-09-27").is_empty());
    }

    #[test]
    fn legacy_ids_and_bank_cards_need_context() {
        assert!(scan("编号 110105491231002").is_empty());
        assert_eq!(
            scan("身份证号 110105491231002"),
            vec![(1, 6, HitClass::Leak, "110105******002".into())]
        );
        assert!(scan("流水 4111111111111111").is_empty());
        assert_eq!(
            scan("银行卡号 4111 1111 1111 1111"),
            vec![(1, 6, HitClass::Leak, "4111********1111".into())]
        );
    }

    #[test]
    fn table_headers_give_context() {
        let csv = "姓名,银行卡号\n张三,4111111111111111\n";
        assert_eq!(
            scan_text(csv, Layout::Table, &ScanPolicy::default()).len(),
            1
        );
        let md = "| 姓名 | 卡号 |\n|---|---|\n| 甲 | 1 |\n| 乙 | 2 |\n| 丙 | 3 |\n| 丁 | 4111111111111111 |";
        assert_eq!(scan(md).len(), 1);
        // A PDF page: the header is some lines above, after the title.
        let page =
            "名单\n序号\t姓名\t银行卡号\n1\t甲\t1\n2\t乙\t2\n3\t丙\t3\n4\t丁\t4111111111111111\n";
        assert_eq!(
            scan_text(page, Layout::Page, &ScanPolicy::default()).len(),
            1
        );
        assert!(scan_text(page, Layout::Prose, &ScanPolicy::default()).is_empty());
        assert!(scan_text(page, Layout::Table, &ScanPolicy::default()).is_empty());
    }
}
