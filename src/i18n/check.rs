//! Chinese for the messages of check.

use super::Entry;

pub(super) const MESSAGES: &[Entry] = &[
    // src/audit/
    (
        "item {name} ({area}) has no record: publish one with `gongkai new {area_id}/{item_id}`, or set `not_applicable` with the reason (未涉及事项说明)",
        "事项 {name}（{area}）没有记录：用 `gongkai new {area_id}/{item_id}` 发布一条，或用 `not_applicable` 写明原因（未涉及事项说明）",
    ),
    (
        "images are not read; make sure no ID, phone or card number is visible in it",
        "不读取图片；请确认图片中看不到身份证号、电话号码或银行卡号",
    ),
    (
        ".{ext} files are not read; check the file by hand, or publish it as DOCX, XLSX or CSV",
        "不读取 .{ext} 文件；请人工检查，或改为 DOCX、XLSX 或 CSV 格式发布",
    ),
    (
        "the file is not UTF-8 text (perhaps GBK); save it as UTF-8 so that it can be checked",
        "文件不是 UTF-8 文本（可能是 GBK）；请存为 UTF-8 以便检查",
    ),
    (
        "files of this kind ({ext}) are not read; check the file by hand",
        "不读取这类文件（{ext}）；请人工检查",
    ),
    ("no extension", "无扩展名"),
    (
        "the document has no word/document.xml",
        "文档中没有 word/document.xml",
    ),
    (
        "Personal numbers published unmasked (个人信息泄露)",
        "个人信息泄露（未打码的个人号码）",
    ),
    ("Broken links and attachments", "失效的链接和附件"),
    (
        "Numbers that look like ID numbers with a wrong check digit",
        "像身份证号但校验位不对的号码",
    ),
    (
        "Published after the time limit (超期公开)",
        "超期公开（超过公开时限发布）",
    ),
    (
        "Catalog items without records (空白栏目)",
        "空白栏目（没有记录的目录事项）",
    ),
    (
        "Items not updated on their cycle (更新不及时)",
        "更新不及时（未按周期更新的事项）",
    ),
    ("Attachments no record lists", "没有记录列出的附件"),
    (
        "Attachments whose text could not be checked",
        "无法检查文字的附件",
    ),
    (
        "no record or page lists this file under `attachments:`, so it is not published: list it, or delete it",
        "没有任何记录或页面在 `attachments:` 中列出这个文件，所以它不会发布：请列出它，或删除它",
    ),
    ("resident ID number", "身份证号"),
    (
        "number shaped like a resident ID number (wrong check digit)",
        "像身份证号的号码（校验位不对）",
    ),
    ("15-digit resident ID number", "15 位身份证号"),
    ("mobile phone number", "手机号码"),
    ("bank card number", "银行卡号"),
    (
        "partly masked ID number that still shows the birth date",
        "部分打码但仍露出出生日期的身份证号",
    ),
    ("item {item}", "事项 {item}"),
    (
        "checked {files}: {errors}, {warnings}",
        "已检查 {files}：{errors}，{warnings}",
    ),
    (
        "summary as of {date}: {errors}, {warnings}",
        "截至 {date} 的汇总：{errors}，{warnings}",
    ),
    ("  findings: {counts}", "  发现的问题：{counts}"),
    (
        "  records: {records}; published on time: {percent}",
        "  记录：{records}；按时发布：{percent}",
    ),
    (
        "  items with records: {coverage}{not_applicable}; cycled items up to date: {staleness}",
        "  有记录的事项：{coverage}{not_applicable}；按周期更新的事项中未过期的：{staleness}",
    ),
    (
        ", {not_applicable} not applicable",
        "，{not_applicable} 个不适用",
    ),
    (
        "  privacy scan: {files} read, {unreadable} not readable",
        "  个人信息扫描：已读取 {files}，{unreadable} 个无法读取",
    ),
    (
        "    {id} {name}: on time {timeliness}, items with records {coverage}, up to date {staleness}",
        "    {id} {name}：按时发布 {timeliness}，有记录的事项 {coverage}，按时更新 {staleness}",
    ),
    ("  areas with findings:", "  有问题的领域："),
    (
        "    {key} {name}: on time {percent}",
        "    {key} {name}：按时发布 {percent}",
    ),
    (
        "  publishers with late records:",
        "  有逾期记录的发布机构：",
    ),
    (
        "reading {file} for the privacy scan",
        "为个人信息扫描读取 {file}",
    ),
    ("unmasked {what}", "未打码的{what}"),
    (" in {part}, cell {cell}", "，位于 {part} 的单元格 {cell}"),
    (" in row {n}", "，位于第 {n} 行"),
    (" in paragraph {n}", "，位于第 {n} 段"),
    (" in line {n}", "，位于第 {n} 行"),
    (" in {part}, line {n}", "，位于 {part} 第 {n} 行"),
    (
        "mask the number (keep at most the first 6 and last 4 characters, as in 440401********1768 or 138****1234) or remove it; a number that may be published, such as an office phone, goes under site.privacy_allow in catalog.yaml",
        "请给号码打码（最多保留前 6 位和后 4 位，如 440401********1768 或 138****1234），或删除它；可以公开的号码（如办公电话）写在 catalog.yaml 的 site.privacy_allow 中",
    ),
    (
        "a mistyped ID number still identifies a person: mask it, or correct it if it is not personal",
        "输错的身份证号仍然能识别出个人：请打码；如果它不是个人号码，请改正",
    ),
    ("monthly", "每月"),
    ("quarterly", "每季度"),
    ("yearly", "每年"),
    (
        "the item is updated {cycle_name}, but its newest record was published {published}: the next was due by {next_due} ({days_until} days ago on {as_of}); publish it, or correct `cycle`",
        "该事项{cycle_name}更新一次，但最新的记录发布于 {published}：下一条应在 {next_due} 前发布（截至 {as_of} 已过去 {days_until} 天）；请发布，或改正 `cycle`",
    ),
    ("{n} working day|{n} working days", "{n} 个工作日"),
    ("{n} day|{n} days", "{n} 天"),
    (
        "published {published}, {late} after it was due on {due}: the limit is {limit} from {from_key} {from} ({text})",
        "发布于 {published}，比截止日期 {due} 晚了 {late}：时限为自{from_key} {from} 起 {limit}（{text}）",
    ),
    (
        "check it by hand, or publish the roster as CSV or XLSX",
        "请人工检查，或把名单改为 CSV 或 XLSX 格式发布",
    ),
    (
        "the file is not a PDF (it does not start with %PDF-); {by_hand}",
        "文件不是 PDF（开头不是 %PDF-）；{by_hand}",
    ),
    (
        "encrypted PDF: its text cannot be read without the password; {by_hand}",
        "加密的 PDF：没有密码无法读取其中的文字；{by_hand}",
    ),
    (
        "no pages found: the PDF is damaged; open and save it again, or {by_hand}",
        "没有找到页面：PDF 已损坏；请打开后重新保存，或{by_hand}",
    ),
    ("page {n}", "第 {n} 页"),
    (
        "the file goes beyond the reader's limits before any text (too large once decompressed, or too many drawing operations); {by_hand}",
        "文件在出现任何文字之前就超出了读取限制（解压后太大，或绘制操作太多）；{by_hand}",
    ),
    (
        "no text layer: probably a scanned image, or text drawn as outlines, which gongkai cannot read; {by_hand}",
        "没有文字层：可能是扫描图片，或文字画成了轮廓，gongkai 无法读取；{by_hand}",
    ),
    (
        "the PDF's fonts map their characters to no text (no ToUnicode), so it cannot be read; {by_hand}",
        "PDF 的字体没有把字符对应到文字（没有 ToUnicode），无法读取；{by_hand}",
    ),
    (
        "page {page} has no text layer (scanned images)",
        "第 {page} 页没有文字层（扫描图片）",
    ),
    (
        "pages {pages} have no text layer (scanned images)",
        "第 {pages} 页没有文字层（扫描图片）",
    ),
    (
        "the text of page {page} cannot be read (fonts without ToUnicode)",
        "第 {page} 页的文字无法读取（字体没有 ToUnicode）",
    ),
    (
        "the text of pages {pages} cannot be read (fonts without ToUnicode)",
        "第 {pages} 页的文字无法读取（字体没有 ToUnicode）",
    ),
    (
        "the file is larger than the reader's limits, so only its beginning was read",
        "文件超出了读取限制，只读取了开头部分",
    ),
    (
        "{why}; check those parts by hand",
        "{why}；这些部分请人工检查",
    ),
    ("formed", "成文日期"),
    ("changed", "变更日期"),
    // src/audit/html.rs
    (
        "Disclosure check report (政务公开检查报告)",
        "政务公开检查报告",
    ),
    (
        "As of {date}: {errors}, {warnings}.",
        "截至 {date}：{errors}，{warnings}。",
    ),
    ("kind of finding", "问题类别"),
    ("findings", "数量"),
    ("on time", "按时发布"),
    ("items with records", "有记录的事项"),
    ("up to date", "按时更新"),
    ("By area", "按领域"),
    ("area", "领域"),
    ("all areas", "全部领域"),
    ("By publisher", "按发布机构"),
    ("publisher", "发布机构"),
    ("where", "位置"),
    ("catalog item", "公开事项"),
    ("finding", "问题"),
    (
        "Problems that keep the site from building",
        "使网站无法生成的问题",
    ),
];
