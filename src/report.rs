//! Annual reports (政府信息公开工作年度报告) in the national template (国办公开办函〔2021〕30号).
//!
//! Each publisher reports per year in `content/reports/<publisher-key>/<YYYY>.yaml`, holding
//! the figures the site cannot know (requests received and handled, reviews and lawsuits,
//! licensing, penalty and fee figures) and the text sections. The site computes the figures
//! for regulations and normative documents (issued, repealed, in force) from that publisher's
//! records, and enforces every cross-check of the template: a table that does not add up is an
//! error naming the row, the column and the two sums.

use crate::catalog::Catalog;
use crate::date::Date;
use crate::diag::{Diagnostic, Pos};
use crate::record::{Kind, Record, Validity};
use crate::t;
use crate::text::{normalize_newlines, yaml_error};
use crate::yamlpos::KeyPositions;
use serde::Deserialize;

pub const REPORTS_DIR: &str = "content/reports/";

/// Table 3's applicant columns (申请人情况), the last being 总计.
pub const APPLICANT_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];
/// Table 4's result columns, the last being 总计.
pub const RESULT_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

type Row7 = Vec<u64>;
type Row5 = Vec<u64>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table2 {
    /// 第二十条第（五）项 行政许可: decisions this year.
    pub licensing: u64,
    /// 第二十条第（六）项 行政处罚
    pub penalty: u64,
    /// 第二十条第（六）项 行政强制
    pub coercion: u64,
    /// 第二十条第（八）项 行政事业性收费, in 万元.
    pub fees: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withheld {
    pub state_secret: Row7,
    pub prohibited_by_law: Row7,
    pub security_stability: Row7,
    pub third_party_rights: Row7,
    pub internal_affairs: Row7,
    pub process_information: Row7,
    pub enforcement_files: Row7,
    pub administrative_query: Row7,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unable {
    pub not_held: Row7,
    pub needs_creation: Row7,
    pub unclear_after_correction: Row7,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotProcessed {
    pub petitions: Row7,
    pub repeated: Row7,
    pub publications: Row7,
    pub excessive: Row7,
    pub confirmation: Row7,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherHandling {
    pub no_correction: Row7,
    pub no_fee_payment: Row7,
    pub other: Row7,
}

/// Table 3: requests received and handled, per applicant column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table3 {
    pub received: Row7,
    pub carried_over: Row7,
    pub granted: Row7,
    pub partly_granted: Row7,
    pub withheld: Withheld,
    pub unable: Unable,
    pub not_processed: NotProcessed,
    pub other: OtherHandling,
    pub total: Row7,
    pub carried_forward: Row7,
}

/// Table 4: administrative reviews and lawsuits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table4 {
    pub review: Row5,
    pub lawsuit_direct: Row5,
    pub lawsuit_after_review: Row5,
}

/// The YAML file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    #[serde(default)]
    pub title: Option<String>,
    /// 一、总体情况 (Markdown).
    pub overview: String,
    pub table2: Table2,
    pub table3: Table3,
    pub table4: Table4,
    /// 五、存在的主要问题及改进情况
    pub problems: String,
    /// 六、其他需要报告的事项
    #[serde(default)]
    pub other: String,
}

/// Issued, repealed and in-force counts of one kind of document (table 2, 第二十条第（一）项).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentCounts {
    pub issued: usize,
    pub repealed: usize,
    pub in_force: usize,
}

/// A validated annual report with its computed figures.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub file: String,
    pub publisher: usize,
    pub year: i32,
    pub title: String,
    pub data: ReportFile,
    pub regulations: DocumentCounts,
    pub normative: DocumentCounts,
    /// Where each key is written, for diagnostics about the text sections.
    pub positions: KeyPositions,
}

impl AnnualReport {
    /// The file line on which the text of section `key` starts: the line after the key for a
    /// block (`overview: |`), the key's own line for a one-line value.
    pub fn section_line(&self, key: &str, text: &str) -> usize {
        let line = self.positions.find_or(key, Pos::new(1, 1)).line;
        if text.contains('\n') { line + 1 } else { line }
    }

    pub fn url(&self, catalog: &Catalog) -> String {
        format!(
            "reports/{}/{}/",
            catalog.publishers[self.publisher].key, self.year
        )
    }
}

/// Counts a publisher's documents of one kind for the report's year: issued (by `formed`),
/// repealed (by `repealed_on`) and in force on 31 December.
pub fn count_documents<'a>(
    records: impl Iterator<Item = &'a Record>,
    kind: Kind,
    year: i32,
) -> DocumentCounts {
    let year_end = Date::from_ymd(year, 12, 31);
    let mut c = DocumentCounts::default();
    for r in records.filter(|r| r.kind == Some(kind)) {
        if r.formed.year() == year {
            c.issued += 1;
        }
        let repealed_by_end = match r.validity {
            Validity::Repealed(on) => {
                if on.year() == year {
                    c.repealed += 1;
                }
                year_end.is_some_and(|end| on <= end)
            }
            Validity::Valid => false,
        };
        if year_end.is_some_and(|end| r.formed <= end) && !repealed_by_end {
            c.in_force += 1;
        }
    }
    c
}

/// Where a report file belongs: (publisher key, year), from `content/reports/<key>/<YYYY>.yaml`.
pub fn file_owner(file: &str) -> Option<(&str, &str)> {
    let rest = file.strip_prefix(REPORTS_DIR)?.strip_suffix(".yaml")?;
    rest.split_once('/').filter(|(_, y)| !y.contains('/'))
}

/// Parses and checks one report file. `records` are the publisher's records, for table 2.
pub fn parse<'a>(
    file: &str,
    text: &str,
    catalog: &Catalog,
    records: impl Fn(usize) -> Vec<&'a Record>,
) -> (Option<AnnualReport>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let top = Pos::new(1, 1);
    let Some((key, year_text)) = file_owner(file) else {
        diags.push(
            Diagnostic::error(
                file,
                t!("an annual report must be at content/reports/<publisher key>/<year>.yaml"),
            )
            .at(top)
            .help(t!(
                "move the file, for example to content/reports/zf/2025.yaml"
            )),
        );
        return (None, diags);
    };
    let year = match year_text.parse::<i32>() {
        Ok(y) if year_text.len() == 4 && (2008..=9999).contains(&y) => y,
        _ => {
            diags.push(
                Diagnostic::error(file, t!("`{year_text}` is not a year", year_text))
                    .at(top)
                    .help(t!(
                        "name the file after the report's year, for example 2025.yaml"
                    )),
            );
            return (None, diags);
        }
    };
    let Some((publisher, p)) = catalog.publisher(key) else {
        diags.push(
            Diagnostic::error(
                file,
                t!("there is no publisher `{key}` for this report", key),
            )
            .at(top)
            .help(t!(
                "the folder name is the key of a publisher in catalog.yaml"
            )),
        );
        return (None, diags);
    };
    let text = normalize_newlines(text);
    if let Some(d) = crate::limits::precheck_yaml(&text, file, |_| catalog.limits) {
        return (None, vec![d]);
    }
    let data: ReportFile = match serde_yaml::from_str(&text) {
        Ok(d) => d,
        Err(e) => return (None, vec![yaml_error(file, &e, 1)]),
    };
    let positions = KeyPositions::scan(&text, 1);
    check(file, &data, &positions, &mut diags);
    let own = records(publisher);
    let report = AnnualReport {
        file: file.to_string(),
        publisher,
        year,
        title: data
            .title
            .clone()
            .unwrap_or_else(|| format!("{}{year}年政府信息公开工作年度报告", p.name)),
        regulations: count_documents(own.iter().copied(), Kind::Regulation, year),
        normative: count_documents(own.iter().copied(), Kind::Normative, year),
        data,
        positions,
    };
    (Some(report), diags)
}

/// One labelled row of table 3, with its YAML key path.
pub struct Row<'a> {
    pub path: &'static str,
    /// The row's group in the template (一 … 四, or the sub-heading of 三).
    pub group: &'static str,
    pub label: &'static str,
    pub values: &'a [u64],
}

/// Every row of table 3 in template order.
pub fn table3_rows(t: &Table3) -> Vec<Row<'_>> {
    let w = &t.withheld;
    let u = &t.unable;
    let n = &t.not_processed;
    let o = &t.other;
    fn row<'v>(
        path: &'static str,
        group: &'static str,
        label: &'static str,
        values: &'v [u64],
    ) -> Row<'v> {
        Row {
            path,
            group,
            label,
            values,
        }
    }
    vec![
        row(
            "table3.received",
            "一、本年新收政府信息公开申请数量",
            "",
            &t.received,
        ),
        row(
            "table3.carried_over",
            "二、上年结转政府信息公开申请数量",
            "",
            &t.carried_over,
        ),
        row(
            "table3.granted",
            "三、本年度办理结果",
            "（一）予以公开",
            &t.granted,
        ),
        row(
            "table3.partly_granted",
            "三、本年度办理结果",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            &t.partly_granted,
        ),
        row(
            "table3.withheld.state_secret",
            "（三）不予公开",
            "1.属于国家秘密",
            &w.state_secret,
        ),
        row(
            "table3.withheld.prohibited_by_law",
            "（三）不予公开",
            "2.其他法律行政法规禁止公开",
            &w.prohibited_by_law,
        ),
        row(
            "table3.withheld.security_stability",
            "（三）不予公开",
            "3.危及“三安全一稳定”",
            &w.security_stability,
        ),
        row(
            "table3.withheld.third_party_rights",
            "（三）不予公开",
            "4.保护第三方合法权益",
            &w.third_party_rights,
        ),
        row(
            "table3.withheld.internal_affairs",
            "（三）不予公开",
            "5.属于三类内部事务信息",
            &w.internal_affairs,
        ),
        row(
            "table3.withheld.process_information",
            "（三）不予公开",
            "6.属于四类过程性信息",
            &w.process_information,
        ),
        row(
            "table3.withheld.enforcement_files",
            "（三）不予公开",
            "7.属于行政执法案卷",
            &w.enforcement_files,
        ),
        row(
            "table3.withheld.administrative_query",
            "（三）不予公开",
            "8.属于行政查询事项",
            &w.administrative_query,
        ),
        row(
            "table3.unable.not_held",
            "（四）无法提供",
            "1.本机关不掌握相关政府信息",
            &u.not_held,
        ),
        row(
            "table3.unable.needs_creation",
            "（四）无法提供",
            "2.没有现成信息需要另行制作",
            &u.needs_creation,
        ),
        row(
            "table3.unable.unclear_after_correction",
            "（四）无法提供",
            "3.补正后申请内容仍不明确",
            &u.unclear_after_correction,
        ),
        row(
            "table3.not_processed.petitions",
            "（五）不予处理",
            "1.信访举报投诉类申请",
            &n.petitions,
        ),
        row(
            "table3.not_processed.repeated",
            "（五）不予处理",
            "2.重复申请",
            &n.repeated,
        ),
        row(
            "table3.not_processed.publications",
            "（五）不予处理",
            "3.要求提供公开出版物",
            &n.publications,
        ),
        row(
            "table3.not_processed.excessive",
            "（五）不予处理",
            "4.无正当理由大量反复申请",
            &n.excessive,
        ),
        row(
            "table3.not_processed.confirmation",
            "（五）不予处理",
            "5.要求行政机关确认或重新出具已获取信息",
            &n.confirmation,
        ),
        row(
            "table3.other.no_correction",
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            &o.no_correction,
        ),
        row(
            "table3.other.no_fee_payment",
            "（六）其他处理",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            &o.no_fee_payment,
        ),
        row("table3.other.other", "（六）其他处理", "3.其他", &o.other),
        row("table3.total", "三、本年度办理结果", "（七）总计", &t.total),
        row(
            "table3.carried_forward",
            "四、结转下年度继续办理",
            "",
            &t.carried_forward,
        ),
    ]
}

/// Table 4's rows: (YAML path, label, values).
pub fn table4_rows(t: &Table4) -> [(&'static str, &'static str, &[u64]); 3] {
    [
        ("table4.review", "行政复议", &t.review),
        (
            "table4.lawsuit_direct",
            "行政诉讼：未经复议直接起诉",
            &t.lawsuit_direct,
        ),
        (
            "table4.lawsuit_after_review",
            "行政诉讼：复议后起诉",
            &t.lawsuit_after_review,
        ),
    ]
}

fn row_name(r: &Row) -> String {
    if r.label.is_empty() {
        r.group.to_string()
    } else {
        format!("{} {}", r.group, r.label)
    }
}

/// The template's cross-checks (domain reference §4.4), every failure reported.
fn check(file: &str, data: &ReportFile, positions: &KeyPositions, diags: &mut Vec<Diagnostic>) {
    let at = |path: &str| positions.find_or(path, Pos::new(1, 1));
    let mut err = |path: &str, message: String, help: String| {
        diags.push(Diagnostic::error(file, message).at(at(path)).help(help));
    };
    let t3 = &data.table3;
    let rows = table3_rows(t3);
    let mut shaped = true;
    for r in &rows {
        if r.values.len() != 7 {
            shaped = false;
            err(
                r.path,
                t!(
                    "table 3, row 「{row_name}」 has {values} numbers, not 7",
                    row_name = row_name(r),
                    values = r.values.len()
                ),
                t!(
                    "write the seven columns in order: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计"
                ),
            );
            continue;
        }
        let sum: u64 = r.values[..6].iter().sum();
        if sum != r.values[6] {
            err(
                r.path,
                t!(
                    "table 3, row 「{row_name}」, column 总计: the total is {values} but the six applicant columns add up to {sum}",
                    row_name = row_name(r),
                    values = r.values[6],
                    sum
                ),
                t!("总计 is the sum of 自然人 and the five 法人或其他组织 columns"),
            );
        }
    }
    for (path, label, values) in table4_rows(&data.table4) {
        if values.len() != 5 {
            err(
                path,
                t!(
                    "table 4, row 「{label}」 has {values} numbers, not 5",
                    label,
                    values = values.len()
                ),
                t!("write the five columns in order: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计"),
            );
            continue;
        }
        let sum: u64 = values[..4].iter().sum();
        if sum != values[4] {
            err(
                path,
                t!(
                    "table 4, row 「{label}」, column 总计: the total is {values} but 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {sum}",
                    label,
                    values = values[4],
                    sum
                ),
                t!("总计 is the sum of the four result columns"),
            );
        }
    }
    if !data.table2.fees.is_finite() || data.table2.fees < 0.0 {
        err(
            "table2.fees",
            t!(
                "table 2, 行政事业性收费: {fees} is not an amount",
                fees = data.table2.fees
            ),
            t!("write the amount collected this year in 万元, for example 12.5"),
        );
    }
    if !shaped {
        return;
    }
    // Rows of 三 that make up （七）总计: everything between 二 and （七）.
    let handled: Vec<&Row> = rows
        .iter()
        .filter(|r| {
            r.path != "table3.received"
                && r.path != "table3.carried_over"
                && r.path != "table3.total"
                && r.path != "table3.carried_forward"
        })
        .collect();
    for (col, name) in APPLICANT_COLUMNS.iter().enumerate() {
        let sum: u64 = handled.iter().map(|r| r.values[col]).sum();
        if sum != t3.total[col] {
            err(
                "table3.total",
                t!(
                    "table 3, row 「三、本年度办理结果 （七）总计」, column {name}: the total is {col} but （一） to （六） add up to {sum}",
                    name,
                    col = t3.total[col],
                    sum
                ),
                t!("（七）总计 is the sum of every result row above it"),
            );
        }
        let incoming = t3.received[col] + t3.carried_over[col];
        let outgoing = t3.total[col] + t3.carried_forward[col];
        if incoming != outgoing {
            err(
                "table3.carried_forward",
                t!(
                    "table 3, column {name}: 一 + 二 = {incoming} but （七）总计 + 四 = {outgoing}",
                    name,
                    incoming,
                    outgoing
                ),
                t!(
                    "every request received this year or carried over is either handled (（七）总计) or carried forward to next year (四)"
                ),
            );
        }
    }
}

/// The report's tables as CSV (long format: table, row, column, value), UTF-8 with a BOM.
pub fn to_csv(r: &AnnualReport) -> String {
    let mut out = String::from("\u{feff}表,项目,栏目,数值\r\n");
    let mut line = |table: &str, row: &str, col: &str, value: String| {
        let q = |s: &str| {
            if s.contains([',', '"']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        out.push_str(&format!("{},{},{},{}\r\n", q(table), q(row), q(col), value));
    };
    for (label, c) in [("规章", r.regulations), ("行政规范性文件", r.normative)] {
        line("二", label, "本年制发件数", c.issued.to_string());
        line("二", label, "本年废止件数", c.repealed.to_string());
        line("二", label, "现行有效件数", c.in_force.to_string());
    }
    let t2 = &r.data.table2;
    line(
        "二",
        "行政许可",
        "本年处理决定数量",
        t2.licensing.to_string(),
    );
    line("二", "行政处罚", "本年处理决定数量", t2.penalty.to_string());
    line(
        "二",
        "行政强制",
        "本年处理决定数量",
        t2.coercion.to_string(),
    );
    line(
        "二",
        "行政事业性收费",
        "本年收费金额（单位：万元）",
        format!("{}", t2.fees),
    );
    for row in table3_rows(&r.data.table3) {
        for (col, v) in APPLICANT_COLUMNS.iter().zip(row.values) {
            line("三", &row_name(&row), col, v.to_string());
        }
    }
    for (_, label, values) in table4_rows(&r.data.table4) {
        for (col, v) in RESULT_COLUMNS.iter().zip(values) {
            line("四", label, col, v.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: Kind, formed: &str, repealed: Option<&str>) -> Record {
        let d = |s: &str| Date::parse(s).expect("date");
        Record {
            index_no: "x".into(),
            title: "t".into(),
            item: "a/b".into(),
            publisher: "zf".into(),
            doc_no: None,
            formed: d(formed),
            changed: None,
            published: d(formed),
            validity: repealed.map_or(Validity::Valid, |r| Validity::Repealed(d(r))),
            kind: Some(kind),
            draft: false,
            method: None,
            topics: vec![],
            summary: None,
            attachments: vec![],
            interprets: None,
            aliases: vec![],
        }
    }

    #[test]
    fn documents_are_counted_by_year() {
        let records = [
            rec(Kind::Normative, "2023-05-01", None),
            rec(Kind::Normative, "2024-02-01", None),
            rec(Kind::Normative, "2021-02-01", Some("2024-03-01")),
            rec(Kind::Normative, "2024-06-01", Some("2025-01-10")),
            rec(Kind::Normative, "2025-01-05", None),
            rec(Kind::Regulation, "2024-01-01", None),
        ];
        let c = count_documents(records.iter(), Kind::Normative, 2024);
        assert_eq!(
            c,
            DocumentCounts {
                issued: 2,
                repealed: 1,
                in_force: 3
            }
        );
        assert_eq!(
            count_documents(records.iter(), Kind::Regulation, 2024),
            DocumentCounts {
                issued: 1,
                repealed: 0,
                in_force: 1
            }
        );
    }

    #[test]
    fn report_files_belong_to_a_publisher_and_year() {
        assert_eq!(
            file_owner("content/reports/zf/2025.yaml"),
            Some(("zf", "2025"))
        );
        assert_eq!(file_owner("content/reports/2025.yaml"), None);
        assert_eq!(file_owner("content/reports/zf/x/2025.yaml"), None);
    }
}
