//! `gongkai import catalog` and `gongkai import records` on real-shaped spreadsheets: title
//! rows, two-row headers, merged cells, tick columns, checklists, 13- and 14-column tables,
//! bad cells and bad rows, a GB18030 CSV, then the imported site built.

mod common;

use common::*;
use std::io::Write;
use std::path::Path;

/// One worksheet: its tab name, rows of cells (a cell that parses as a number is written as
/// a number, like a date Excel stores as its day number), and merged ranges such as "A2:A3".
struct SheetSpec<'a> {
    name: &'a str,
    rows: Vec<Vec<&'a str>>,
    merges: Vec<&'a str>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn column(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// An .xlsx workbook as Excel writes it: workbook, relationships, shared strings, sheets.
fn xlsx(sheets: &[SheetSpec]) -> Vec<u8> {
    let mut shared: Vec<String> = Vec::new();
    let mut sheet_xml = Vec::new();
    for s in sheets {
        let mut xml = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for (r, row) in s.rows.iter().enumerate() {
            xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let at = format!("{}{}", column(c + 1), r + 1);
                if text.parse::<f64>().is_ok() {
                    xml.push_str(&format!(r#"<c r="{at}"><v>{text}</v></c>"#));
                } else {
                    let i = shared.iter().position(|x| x == text).unwrap_or_else(|| {
                        shared.push(text.to_string());
                        shared.len() - 1
                    });
                    xml.push_str(&format!(r#"<c r="{at}" t="s"><v>{i}</v></c>"#));
                }
            }
            xml.push_str("</row>");
        }
        xml.push_str("</sheetData>");
        if !s.merges.is_empty() {
            xml.push_str(&format!(r#"<mergeCells count="{}">"#, s.merges.len()));
            for m in &s.merges {
                xml.push_str(&format!(r#"<mergeCell ref="{m}"/>"#));
            }
            xml.push_str("</mergeCells>");
        }
        xml.push_str("</worksheet>");
        sheet_xml.push(xml);
    }
    let mut sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">"#,
        shared.len()
    );
    for s in &shared {
        sst.push_str(&format!(
            r#"<si><t xml:space="preserve">{}</t></si>"#,
            escape(s)
        ));
    }
    sst.push_str("</sst>");
    let mut workbook = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, s) in sheets.iter().enumerate() {
        workbook.push_str(&format!(
            r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#,
            escape(s.name),
            i + 1,
            i + 1
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{}.xml"/>"#,
            i + 1,
            i + 1
        ));
    }
    workbook.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            zip.start_file(name, opts).expect("zip entry");
            zip.write_all(text.as_bytes()).expect("zip write");
        };
        put(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        );
        put("xl/workbook.xml", &workbook);
        put("xl/_rels/workbook.xml.rels", &rels);
        put("xl/sharedStrings.xml", &sst);
        for (i, xml) in sheet_xml.iter().enumerate() {
            put(&format!("xl/worksheets/sheet{}.xml", i + 1), xml);
        }
        zip.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// The lines of `gongkai`'s standard error that are problems (without their help lines).
fn problems(out: &std::process::Output) -> Vec<String> {
    stderr(out)
        .lines()
        .filter(|l| !l.starts_with("    help:") && !l.starts_with("    提示:"))
        .map(str::to_string)
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("reading a file")
}

/// The official 14-column grid of the social-assistance area, with a title row, a two-row
/// header, merged 一级事项 cells, tick columns and a note row, and some bad cells.
fn social_assistance_catalog() -> Vec<u8> {
    let header1 = vec![
        "序号",
        "公开事项",
        "",
        "公开内容\n（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "",
        "公开方式",
        "",
        "公开层级",
        "",
    ];
    let header2 = vec![
        "",
        "一级事项",
        "二级事项",
        "",
        "",
        "",
        "",
        "",
        "全社会",
        "特定群众",
        "主动",
        "依申请",
        "县级",
        "乡级",
    ];
    let rows = vec![
        vec!["测试县社会救助领域基层政务公开标准目录"],
        header1,
        header2,
        vec![
            "1",
            "最低生活保障",
            "政策法规文件",
            "低保相关法律法规、规章及规范性文件",
            "《社会救助暂行办法》",
            "信息形成或者变更之日起20个工作日内",
            "县民政局",
            "■政府网站 ■政府公报 □两微一端 □发布会/听证会",
            "√",
            "",
            "√",
            "",
            "√",
            "",
        ],
        vec![
            "2",
            "",
            "审核信息",
            "初审对象名单及相关信息",
            "《社会救助暂行办法》",
            "制定或获取信息之日起10个工作日内",
            "乡镇人民政府",
            "□政府网站 ■社区/企事业单位/村公示栏（电子屏）",
            "",
            "√",
            "√",
            "",
            "",
            "√",
        ],
        vec![
            "3",
            "",
            "审批信息",
            "低保对象名单及相关信息",
            "1.《社会救助暂行办法》\n2.《最低生活保障审核审批办法（试行）》",
            "按有关规定",
            "县民政局、乡镇人民政府",
            "■政府网站 ■其他：民政信息公开平台",
            "",
            "✓",
            "是",
            "",
            "■",
            "■",
        ],
        vec![
            "4",
            "特困人员救助供养",
            "办事指南",
            "申请条件、办理流程、所需材料",
            "《社会救助暂行办法》",
            "实时公开",
            "县民政局",
            "政府网站、政务服务中心",
            "√",
            "",
            "√",
            "",
            "√",
            "",
        ],
        vec![
            "5",
            "",
            "审核信息",
            "特困人员初审名单",
            "《特困人员认定办法》",
            "制定或获取信息之日起10个工作日内，公示7个工作日",
            "乡镇人民政府",
            "■社区/企事业单位/村公示栏（电子屏）",
            "",
            "√",
            "",
            "",
            "",
            "有",
        ],
        vec![
            "6",
            "临时救助",
            "审批信息",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        vec!["注：■为选中，□为未选中。"],
    ];
    xlsx(&[
        SheetSpec {
            name: "说明",
            rows: vec![vec!["本表由县政务公开办整理"]],
            merges: vec![],
        },
        SheetSpec {
            name: "目录",
            rows,
            merges: vec![
                "A1:N1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2",
                "K2:L2", "M2:N2", "B4:B6", "B7:B8", "A10:N10",
            ],
        },
    ])
}

#[test]
fn catalog_table_with_two_row_header_and_merged_cells() {
    let site = fixture_site("basic");
    let root = site.path();
    let before = read(&root.join("catalog.yaml"));
    std::fs::write(root.join("catalog.xlsx"), social_assistance_catalog()).expect("write");

    let out = gongkai(&["import", "catalog", "catalog.xlsx"], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        problems(&out),
        vec![
            "catalog.xlsx: warning: sheet 目录, row 6, column F (公开时限): \"按有关规定\" is not a time limit gongkai knows; it was kept as text, without a number of days",
            "catalog.xlsx: warning: sheet 目录, row 8, column K (公开方式/主动): no method is ticked; 主动 was taken",
            "catalog.xlsx: warning: sheet 目录, row 8, column N (公开层级/乡级): \"有\" is not a tick; it was read as not ticked",
            "catalog.xlsx: warning: sheet 目录, row 8, column M (公开层级/县级): no level is ticked; 县级 was taken",
            "catalog.xlsx: warning: sheet 目录, row 9, column D (公开内容（要素）): 公开内容 is empty, so the row is not an item; it was skipped",
            "catalog.xlsx: warning: sheet 目录, row 10: \"注：■为选中，□为未选中。\" spans the whole row, so it is a heading or a note, not an item; it was skipped",
        ],
    );
    assert_eq!(
        stdout(&out).trim(),
        "area `social-assistance` (社会救助): 5 items from catalog.xlsx, 3 new, 0 changed, 2 unchanged; catalog.yaml updated"
    );

    let after = read(&root.join("catalog.yaml"));
    // Everything outside the area's block is kept byte for byte.
    let area_start = before.find("  - id: social-assistance").expect("area");
    let next_area = before.find("  - id: budget").expect("next area");
    assert!(after.starts_with(&before[..area_start]));
    assert!(after.ends_with(&before[next_area..]));
    let block = &after[area_start..after.len() - (before.len() - next_area)];
    // The two existing items kept their ids (and dibao-review its cycle); the new ones follow.
    assert!(block.starts_with(&before[area_start..next_area]), "{block}");
    let added = &block[next_area - area_start..];
    let expected_added = "      - id: item-5b4263c2
        level1: 最低生活保障
        level2: 审批信息
        content: 低保对象名单及相关信息
        basis: [《社会救助暂行办法》, 《最低生活保障审核审批办法（试行）》]
        time_limit: { text: 按有关规定 }
        bodies: [县民政局, 乡镇人民政府]
        channels: [website, other]
        channel_other: 民政信息公开平台
        audience: specific
        method: proactive
        levels: [county, township]
      - id: item-f6ad56a4
        level1: 特困人员救助供养
        level2: 办事指南
        content: 申请条件、办理流程、所需材料
        basis: [《社会救助暂行办法》]
        time_limit: { text: 实时公开 }
        bodies: [县民政局]
        channels: [website, service-center]
        audience: public
        method: proactive
        levels: [county]
      - id: item-abeb1ba8
        level1: 特困人员救助供养
        level2: 审核信息
        content: 特困人员初审名单
        basis: [《特困人员认定办法》]
        time_limit: { text: 制定或获取信息之日起10个工作日内，公示7个工作日, days: 10, unit: workday }
        bodies: [乡镇人民政府]
        channels: [bulletin-board]
        audience: specific
        method: proactive
        levels: [county]
";
    assert_eq!(added, expected_added);

    // The imported site builds.
    let build = gongkai(&["build", "--quiet", "--no-search"], root);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));

    // Importing the same table again changes nothing.
    let again = gongkai(
        &["import", "catalog", "catalog.xlsx", "--sheet", "目录"],
        root,
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stdout(&again)
            .contains("0 new, 0 changed, 5 unchanged; catalog.yaml is already up to date"),
        "{}",
        stdout(&again)
    );
    assert_eq!(read(&root.join("catalog.yaml")), after);
}

#[test]
fn catalog_variant_with_one_header_row_into_a_new_area() {
    let site = fixture_site("basic");
    let root = site.path();
    let before = read(&root.join("catalog.yaml"));
    // 13 columns, one header row, 三级事项, words instead of ticks, blank continuation cells
    // instead of merged ones, and no title row.
    let book = xlsx(&[SheetSpec {
        name: "Sheet1",
        rows: vec![
            vec![
                "一级目录",
                "二级目录",
                "三级事项",
                "公开内容",
                "公开依据",
                "公开时限",
                "公开主体",
                "公开渠道和载体",
                "公开对象",
                "公开方式",
                "公开层级",
                "备注",
                "联系人",
            ],
            vec![
                "养老服务",
                "养老机构",
                "设立许可",
                "许可结果",
                "《养老机构管理办法》；《政府信息公开条例》",
                "自信息形成之日起二十个工作日内",
                "县民政局",
                "政府网站",
                "全社会",
                "主动公开",
                "县级",
                "",
                "",
            ],
            vec![
                "",
                "",
                "等级评定",
                "评定结果",
                "",
                "每年3月31日前",
                "县民政局",
                "政府网站、养老服务信息平台",
                "部分群众",
                "依申请公开",
                "县级、乡级",
                "",
                "",
            ],
            vec![
                "",
                "高龄津贴",
                "",
                "发放名单",
                "",
                "20日内",
                "乡镇人民政府",
                "□政府网站",
                "特定群众",
                "主动",
                "市级",
                "",
                "",
            ],
        ],
        merges: vec![],
    }]);
    std::fs::write(root.join("elderly.xlsx"), book).expect("write");
    let out = gongkai(
        &[
            "import",
            "catalog",
            "elderly.xlsx",
            "--area",
            "elderly-care",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        problems(&out),
        vec![
            "elderly.xlsx: warning: sheet Sheet1, row 1, column M (联系人): `联系人` is not a column of the standard catalog; it was not imported",
            "elderly.xlsx: warning: sheet Sheet1, row 3, column I (公开对象): \"部分群众\" is neither 全社会 nor 特定群众",
            "elderly.xlsx: warning: sheet Sheet1, row 3, column I (公开对象): no audience is ticked; 全社会 was taken",
            "elderly.xlsx: warning: sheet Sheet1, row 4, column H (公开渠道和载体): \"□政府网站\" ticks no channel",
            "elderly.xlsx: warning: sheet Sheet1, row 4, column K (公开层级): \"市级\" names no level of the catalog",
            "elderly.xlsx: warning: sheet Sheet1, row 4, column K (公开层级): no level is ticked; 县级 was taken",
        ]
    );
    let after = read(&root.join("catalog.yaml"));
    // A new area is appended after the last one, with its name from the standard catalog.
    assert!(after.starts_with(&before), "{after}");
    let added = &after[before.len()..];
    assert!(
        added.starts_with("  - id: elderly-care\n    name: 养老服务\n    name_en: Elderly-care services\n    guideline: 民办函〔2019〕52号\n"),
        "{added}"
    );
    for line in [
        "        level3: 设立许可\n",
        "        basis: [《养老机构管理办法》, 《政府信息公开条例》]\n",
        "        time_limit: { text: 自信息形成之日起二十个工作日内, days: 20, unit: workday }\n",
        // 等级评定 keeps 养老机构 from the row above.
        "        level2: 养老机构\n        level3: 等级评定\n",
        "        time_limit: { text: 每年3月31日前 }\n",
        "        channels: [website, other]\n        channel_other: 养老服务信息平台\n        audience: public\n        method: on-request\n        levels: [county, township]\n",
        "        level2: 高龄津贴\n        content: 发放名单\n",
        "        time_limit: { text: \"20日内\", days: 20, unit: day }\n",
        "        channels: []\n        audience: specific\n        method: proactive\n        levels: [county]\n",
    ] {
        assert!(added.contains(line), "missing {line:?} in\n{added}");
    }
    let build = gongkai(&["build", "--quiet", "--no-search"], root);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let again = gongkai(
        &[
            "import",
            "catalog",
            "elderly.xlsx",
            "--area",
            "elderly-care",
        ],
        root,
    );
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(read(&root.join("catalog.yaml")), after);
}

#[test]
fn nothing_importable_exits_with_1_and_leaves_the_catalog_alone() {
    let site = fixture_site("basic");
    let root = site.path();
    let before = read(&root.join("catalog.yaml"));
    let book = xlsx(&[SheetSpec {
        name: "目录",
        rows: vec![
            vec!["一级事项", "二级事项", "公开内容", "公开时限"],
            vec!["最低生活保障", "审核信息", "", "20个工作日内"],
        ],
        merges: vec![],
    }]);
    std::fs::write(root.join("bad.xlsx"), book).expect("write");
    let out = gongkai(
        &[
            "import",
            "catalog",
            "bad.xlsx",
            "--area",
            "social-assistance",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(1));
    let p = problems(&out);
    assert!(
        p.last().is_some_and(|l| l
            == "bad.xlsx: error: sheet 目录, row 1: no row below the header could be imported"),
        "{p:?}"
    );
    // The same in Chinese: the place in the sheet too.
    let zh = gongkai_in(
        "zh-CN",
        &[
            "import",
            "catalog",
            "bad.xlsx",
            "--area",
            "social-assistance",
        ],
        root,
    );
    assert_eq!(zh.status.code(), Some(1));
    let p = problems(&zh);
    assert!(
        p.last()
            .is_some_and(|l| l == "bad.xlsx: 错误: 工作表 目录，第 1 行：表头下面没有可以导入的行"),
        "{p:?}"
    );
    assert!(
        p.iter().any(|l| l.starts_with(
            "bad.xlsx: 警告: 工作表 目录，第 2 行，C 列 (公开内容)：公开内容是空的，这一行不是事项；已跳过"
        )),
        "{p:?}"
    );
    let none = gongkai(&["import", "catalog", "catalog.yaml"], root);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(read(&root.join("catalog.yaml")), before);
}

const RECORDS_MAP: &str = "# The old CMS's export: one row per record.
fields:
  title: 标题
  index_no: 索引号
  doc_no: 文号
  formed: 成文日期
  published: 发布日期
  publisher: 发布机构
  item: 所属目录
  body: 正文
  attachments: 附件
  kind: { value: other }
";

fn records_rows(fixed: bool) -> Vec<Vec<&'static str>> {
    let mut rows = vec![
        vec![
            "标题",
            "索引号",
            "文号",
            "成文日期",
            "发布日期",
            "发布机构",
            "所属目录",
            "正文",
            "附件",
        ],
        vec![
            "关于2024年第一季度低保审核情况的公示",
            "",
            "",
            "2024/3/5",
            "2024年3月8日",
            "测试县民政局",
            "最低生活保障/审核信息",
            "经审核，以下对象符合条件。\n\n公示期7天。",
            "files/名单.csv",
        ],
        vec![
            "关于调整城乡低保标准的通知",
            "11990100MB0000019L/2024-00077",
            "测民发〔2024〕3号",
            "45356",
            "2024-03-06",
            "mz",
            "social-assistance/dibao-policy",
            "自2024年4月1日起执行。",
            "https://example.org/standard.pdf",
        ],
    ];
    if fixed {
        rows.push(vec![
            "2024年部门预算",
            "",
            "",
            "2024-02-01",
            "2024-02-05",
            "cz",
            "dept-budget",
            "预算表见附件。",
            "",
        ]);
    } else {
        rows.extend([
            vec![
                "2024年部门预算",
                "",
                "",
                "2024-02-30",
                "2024-02-05",
                "财政所",
                "部门预算",
                "",
                "",
            ],
            vec![
                "",
                "11990100MB0000019L/2024-00077",
                "",
                "2024-03-10",
                "2024-03-01",
                "mz",
                "最低生活保障/公示信息",
                "",
                "files/缺少的文件.pdf",
            ],
            vec![
                "关于低保的说明",
                "11990100MB0000019L/2024-00078",
                "",
                "2024-03-10",
                "2024-03-01",
                "mz",
                "social-assistance/dibao-policy",
                "",
                "",
            ],
        ]);
    }
    rows
}

fn content_files(root: &Path) -> Vec<String> {
    read_tree(&root.join("content")).into_keys().collect()
}

#[test]
fn records_from_an_xlsx_export_all_or_nothing() {
    let site = fixture_site("basic");
    let root = site.path();
    std::fs::write(root.join("map.yaml"), RECORDS_MAP).expect("write");
    std::fs::create_dir_all(root.join("files")).expect("mkdir");
    std::fs::write(root.join("files/名单.csv"), "户主,保障人数\n张某,2\n").expect("write");
    let files_before = content_files(root);

    let bad = xlsx(&[SheetSpec {
        name: "信息列表",
        rows: records_rows(false),
        merges: vec![],
    }]);
    std::fs::write(root.join("records.xlsx"), bad).expect("write");
    let out = gongkai(
        &["import", "records", "records.xlsx", "--map", "map.yaml"],
        root,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        problems(&out),
        vec![
            "records.xlsx: error: sheet 信息列表, row 4, column D (成文日期): \"2024-02-30\" is not a date",
            "records.xlsx: error: sheet 信息列表, row 4, column F (发布机构): \"财政所\" is no publisher of catalog.yaml",
            "records.xlsx: error: sheet 信息列表, row 5, column A (标题): `title` is empty",
            "records.xlsx: error: sheet 信息列表, row 5, column B (索引号): 索引号 11990100MB0000019L/2024-00077 is already used by another record",
            "records.xlsx: error: sheet 信息列表, row 5, column G (所属目录): \"最低生活保障/公示信息\" is no catalog item",
            "records.xlsx: error: sheet 信息列表, row 5, column I (附件): attachment \"files/缺少的文件.pdf\" does not exist",
            "records.xlsx: error: sheet 信息列表, row 6: formed date 2024-03-10 is after the published date 2024-03-01",
        ]
    );
    assert_eq!(content_files(root), files_before, "nothing is written");

    let good = xlsx(&[SheetSpec {
        name: "信息列表",
        rows: records_rows(true),
        merges: vec![],
    }]);
    std::fs::write(root.join("records.xlsx"), good).expect("write");
    let out = gongkai(
        &["import", "records", "records.xlsx", "--map", "map.yaml"],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "wrote 3 records: content/records/social-assistance/2024-mz-00078.md, content/records/social-assistance/2024-mz-00077.md, content/records/budget/2024-cz-00004.md"
    );
    assert_eq!(
        read(&root.join("content/records/social-assistance/2024-mz-00078.md")),
        "---
index_no: 11990100MB0000019L/2024-00078
title: 关于2024年第一季度低保审核情况的公示
item: social-assistance/dibao-review
publisher: mz
formed: 2024-03-05
published: 2024-03-08
kind: other
attachments: [\"2024-mz-00078/名单.csv\"]
---

经审核，以下对象符合条件。

公示期7天。
"
    );
    assert_eq!(
        read(&root.join("content/records/social-assistance/2024-mz-00078/名单.csv")),
        "户主,保障人数\n张某,2\n"
    );
    let policy = read(&root.join("content/records/social-assistance/2024-mz-00077.md"));
    assert!(policy.contains("\nformed: 2024-03-05\n"), "{policy}");
    assert!(
        policy.ends_with("\n附件：\n\n- [standard.pdf](https://example.org/standard.pdf)\n"),
        "{policy}"
    );
    let build = gongkai(&["build", "--quiet", "--no-search"], root);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(
        root.join("public/records/11990100MB0000019L/2024-00077/index.html")
            .exists()
    );

    // A second import of the same export writes nothing and says why.
    let files_after = content_files(root);
    let again = gongkai(
        &["import", "records", "records.xlsx", "--map", "map.yaml"],
        root,
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        problems(&again),
        vec![
            "records.xlsx: error: sheet 信息列表, row 2: content/records/social-assistance/2024-mz-00078.md already has this title, publisher and published date",
            "records.xlsx: error: sheet 信息列表, row 3, column B (索引号): 索引号 11990100MB0000019L/2024-00077 is already used by another record",
            "records.xlsx: error: sheet 信息列表, row 4: content/records/budget/2024-cz-00004.md already has this title, publisher and published date",
        ]
    );
    assert_eq!(content_files(root), files_after);
}

/// A CSV as Excel on Chinese Windows saves it: GB18030, CRLF, quoted fields with commas,
/// doubled quotes and line breaks.
fn gb18030_csv(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_string()
                }
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn records_from_a_gb18030_csv() {
    let site = fixture_site("basic");
    let root = site.path();
    let map = "fields:\n  title: 信息名称\n  formed: 生成日期\n  published: 发布日期\n  publisher: { value: 东山镇人民政府 }\n  item: { value: social-assistance/dibao-review }\n  body: 内容\n  summary: 内容概述\n";
    std::fs::write(root.join("map.yaml"), map).expect("write");
    let header = vec!["信息名称", "生成日期", "发布日期", "内容", "内容概述"];
    let good1 = vec![
        "东山镇2024年3月低保初审名单公示",
        "45352",
        "2024/3/4",
        "第一行，含逗号\n第二行 \"引号\"",
        "初审名单, 共2户",
    ];
    let bad = vec![
        "东山镇2024年4月低保初审名单公示",
        "2024年4月1日",
        "上周",
        "",
        "",
    ];
    let files_before = content_files(root);
    std::fs::write(
        root.join("export.csv"),
        gb18030_csv(&[header.clone(), good1.clone(), bad]),
    )
    .expect("write");
    let out = gongkai(
        &["import", "records", "export.csv", "--map", "map.yaml"],
        root,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        problems(&out),
        vec!["export.csv: error: row 3, column C (发布日期): \"上周\" is not a date"]
    );
    assert_eq!(content_files(root), files_before);

    let fixed = vec![
        "东山镇2024年4月低保初审名单公示",
        "2024年4月1日",
        "2024年4月2日",
        "",
        "",
    ];
    std::fs::write(
        root.join("export.csv"),
        gb18030_csv(&[header, good1, fixed]),
    )
    .expect("write");
    let out = gongkai(
        &["import", "records", "export.csv", "--map", "map.yaml"],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first = read(&root.join("content/records/social-assistance/2024-xz-00008.md"));
    assert_eq!(
        first,
        "---
index_no: 11990100MB0000035A/2024-00008
title: 东山镇2024年3月低保初审名单公示
item: social-assistance/dibao-review
publisher: xz
formed: 2024-03-01
published: 2024-03-04
summary: 初审名单, 共2户
---

第一行，含逗号
第二行 \"引号\"
"
    );
    assert!(
        root.join("content/records/social-assistance/2024-xz-00009.md")
            .exists()
    );
    let build = gongkai(&["build", "--quiet", "--no-search"], root);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
}
