//! `--help` in Chinese: clap takes the help texts from the doc comments of `cli.rs`; in
//! Chinese, each is replaced by its translation from this table, and the headings clap adds
//! (usage, arguments, options, commands) by Chinese ones.

use super::Entry;
use crate::catalog::Language;
use clap::Command;

pub(super) const MESSAGES: &[Entry] = &[
    (
        "gongkai compiles a government-information disclosure catalog (政务公开) into a static website",
        "gongkai 把政务公开目录生成为静态网站",
    ),
    (
        "Language of messages and help: zh-CN or en [default: GONGKAI_LANG when set, else zh-CN when site.language is zh-CN or the locale is Chinese, else en]",
        "消息和帮助的语言：zh-CN 或 en [默认：设置了 GONGKAI_LANG 时用它，否则 site.language 为 zh-CN 或系统语言环境为中文时用 zh-CN，其余用 en]",
    ),
    (
        "Build the site into its output folder (public/). Exit code 0: built; 1: the site has problems and nothing was written; 2: usage or internal error",
        "生成网站到输出文件夹（public/）。退出码 0：已生成；1：网站有问题，未写入任何文件；2：用法错误或内部错误",
    ),
    (
        "The site's folder (the one holding catalog.yaml)",
        "网站文件夹（catalog.yaml 所在的文件夹）",
    ),
    (
        "Output folder [default: ROOT/public]",
        "输出文件夹 [默认：ROOT/public]",
    ),
    (
        "Absolute URL the site is published at, overriding site.base_url",
        "网站发布的绝对网址，优先于 site.base_url",
    ),
    ("Print only problems, no summary", "只显示问题，不显示汇总"),
    (
        "Output format of the summary and the problems",
        "汇总和问题的输出格式",
    ),
    (
        "Skip the search index (quicker previews)",
        "不生成搜索索引（预览更快）",
    ),
    (
        "Create a record file with a fresh 索引号 and print its path. Without arguments, on a terminal, asks for the area, item, publisher, title and date formed, offering the catalog's choices",
        "新建一个记录文件，给它一个新的索引号，并显示它的路径。不带参数在终端中运行时，会逐项询问领域、事项、发布机构、标题和成文日期，并列出目录中的可选项",
    ),
    (
        "The catalog item, as area-id/item-id (for example social-assistance/dibao-review)",
        "公开事项，写作 领域id/事项id（例如 social-assistance/dibao-review）",
    ),
    ("The record's title", "记录的标题"),
    (
        "The publisher's key from catalog.yaml",
        "catalog.yaml 中发布机构的 key",
    ),
    (
        "成文日期, YYYY-MM-DD [default: today]",
        "成文日期，YYYY-MM-DD [默认：今天]",
    ),
    ("The site's folder", "网站文件夹"),
    (
        "Give records that were never published the next free 索引号, as `new` would, rewriting only their index_no line. A record counts as never published when it is a draft, has no `published` date or is dated after today; a published 索引号 never changes, so such a file is refused and nothing is changed. Exit code 0: renumbered; 1: refused; 2: usage or internal error",
        "给从未发布的记录分配下一个空闲的索引号（与 `new` 相同），只改写 index_no 这一行。草稿、没有 `published` 日期或发布日期晚于今天的记录算作从未发布；已发布的索引号永不改变，遇到这样的文件会拒绝，不改动任何文件。退出码 0：已重新编号；1：已拒绝；2：用法错误或内部错误",
    ),
    ("The record files", "记录文件"),
    (
        "Audit the site without building it: records published after their time limit, catalog items without records, items not updated on their cycle, unmasked ID, phone and bank card numbers (in records and attachments), broken links and stray attachments. With FILE arguments, checks only those records or pages against the catalog and the rest of the site (fields, item, publisher, 索引号, dates, links, attachments, privacy), quickly enough to run on every save. Exit code 0: no errors; 1: errors found (with --strict, warnings too); 2: usage or internal error",
        "检查网站而不生成：超过公开时限发布的记录、没有记录的目录事项、未按周期更新的事项、未打码的身份证号、手机号和银行卡号（记录和附件中）、失效链接和多余的附件。带 FILE 参数时，只检查这些记录或页面与目录和网站其余部分是否一致（字段、事项、发布机构、索引号、日期、链接、附件、个人信息），速度快，可以每次保存时运行。退出码 0：没有错误；1：发现错误（加 --strict 时警告也算）；2：用法错误或内部错误",
    ),
    (
        "Check only these files (records, pages or catalog.yaml), as paths from the current folder; prints `path:line:col` lines an editor can jump to",
        "只检查这些文件（记录、页面或 catalog.yaml），路径相对于当前文件夹；输出编辑器可跳转的 `路径:行:列`",
    ),
    (
        "The day to judge staleness on, YYYY-MM-DD [default: today, or SOURCE_DATE_EPOCH]",
        "判断是否按时更新所依据的日期，YYYY-MM-DD [默认：今天，或 SOURCE_DATE_EPOCH]",
    ),
    ("Output format of the report", "报告的输出格式"),
    (
        "Also write a self-contained HTML report (tables and charts per area and publisher) to this file",
        "另外把一份独立的 HTML 报告（按领域和发布机构的表格和图表）写到这个文件",
    ),
    ("Fail on warnings too", "警告也算失败"),
    ("Run only one group of checks", "只运行一组检查"),
    (
        "Search the built site's index, as its search page does: every word must match, a run of Chinese characters matches exactly, \"quotes\" make a phrase. Builds the site first when its output is missing or older than its sources. Exit code 0: answered (also with no results); 1: the site has problems and could not be built; 2: usage or internal error",
        "在已生成网站的索引中搜索，与网站的搜索页相同：每个词都要匹配，连续的汉字按原样匹配，“引号”内为短语。网站输出不存在或比源文件旧时，先生成网站。退出码 0：已回答（没有结果也是）；1：网站有问题，无法生成；2：用法错误或内部错误",
    ),
    ("What to look for", "要查找的内容"),
    (
        "Only records of this area (its id, for example social-assistance)",
        "只查这个领域的记录（领域 id，例如 social-assistance）",
    ),
    ("Most results to show", "最多显示的结果数"),
    ("Output format", "输出格式"),
    (
        "Preview the site: build it into memory, serve it on this machine, and rebuild and reload open pages on every save. A failed rebuild keeps the last good site and shows the problems on every page",
        "预览网站：在内存中生成网站，在本机提供访问，每次保存后重新生成并刷新打开的页面。重新生成失败时，继续提供上一次成功的网站，并在每个页面上显示问题",
    ),
    (
        "Address to listen on; keep the default unless others must see the preview",
        "监听地址；除非别人也要看预览，否则保留默认值",
    ),
    (
        "Port to listen on; 0 picks a free one",
        "监听端口；0 表示自动选一个空闲端口",
    ),
    (
        "Poll for changes instead of using file-system events (network drives, containers)",
        "轮询文件变化，不用文件系统事件（网络驱动器、容器中使用）",
    ),
    (
        "Also build records and pages marked `draft: true`",
        "同时生成标为 `draft: true` 的记录和页面",
    ),
    (
        "Write the JSON Schemas of catalog.yaml and of record front matter into the site's .gongkai/ folder, for YAML editors (build and serve refresh them too). Exit code 0: written or already up to date; 1: catalog.yaml has problems; 2: internal error",
        "把 catalog.yaml 和记录前置信息的 JSON Schema 写到网站的 .gongkai/ 文件夹，供 YAML 编辑器使用（build 和 serve 也会更新它们）。退出码 0：已写入或已是最新；1：catalog.yaml 有问题；2：内部错误",
    ),
    (
        "Create a new site: catalog.yaml with the 26-area standard catalog, an empty content/, the editor's guides in docs/, and the schemas and settings YAML editors use",
        "新建网站：含 26 个领域标准目录的 catalog.yaml、空的 content/、docs/ 中的编辑指南，以及 YAML 编辑器使用的 Schema 和设置",
    ),
    ("Folder to create the site in", "新网站所在的文件夹"),
    (
        "Bring a county's existing spreadsheets into the site: a standard catalog table into catalog.yaml, or a CMS export of records into content/. Exit code 0: imported (warnings name what was left out); 1: nothing was imported; 2: usage or internal error",
        "把县里已有的表格导入网站：把标准目录表导入 catalog.yaml，或把内容管理系统导出的记录导入 content/。退出码 0：已导入（警告说明哪些内容没有导入）；1：没有导入任何内容；2：用法错误或内部错误",
    ),
    (
        "Read one area's catalog table (.xlsx or .csv, official columns 一级事项 … 公开层级) and write its items into catalog.yaml, replacing that area's block and nothing else. Importing the same table again changes nothing",
        "读取一个领域的目录表（.xlsx 或 .csv，标准列 一级事项 … 公开层级），把其中的事项写入 catalog.yaml，只替换该领域的部分。再次导入同一张表不会有任何改动",
    ),
    (
        "The table: .xlsx, or .csv in UTF-8 or GB18030",
        "表格：.xlsx，或 UTF-8、GB18030 编码的 .csv",
    ),
    (
        "The area's id [default: the area the table's title or sheet name names]",
        "领域 id [默认：表格标题或工作表名称中提到的领域]",
    ),
    (
        "The sheet to read [default: the first that has a catalog header]",
        "要读取的工作表 [默认：第一个有目录表头的工作表]",
    ),
    (
        "Write one record file per row of a CMS export, as the mapping file says. When any row would make an invalid record, every such row is reported and nothing is written",
        "把内容管理系统导出表的每一行写成一个记录文件，按映射文件的说明取值。只要有一行会生成无效的记录，就报告所有这样的行，不写入任何文件",
    ),
    (
        "The export: .xlsx, or .csv in UTF-8 or GB18030",
        "导出表：.xlsx，或 UTF-8、GB18030 编码的 .csv",
    ),
    (
        "The mapping file: which column holds each record field (see README)",
        "映射文件：每个记录字段取自哪一列（见 README）",
    ),
    ("Human-readable text", "供人阅读的文字"),
    (
        "One JSON document on standard output, for CI",
        "在标准输出上输出一个 JSON 文档，供持续集成使用",
    ),
    ("Late records", "逾期发布的记录"),
    ("Items without records", "没有记录的事项"),
    ("Items not updated on their cycle", "未按周期更新的事项"),
    (
        "Personal numbers, suspicious numbers and unreadable attachments",
        "个人号码、可疑号码和无法读取的附件",
    ),
    (
        "Broken links and attachments no record lists",
        "失效链接和没有记录列出的附件",
    ),
];

/// Clap's own texts.
const CLAP: &[Entry] = &[
    ("Print help", "显示帮助"),
    (
        "Print help (see more with '--help')",
        "显示帮助（--help 显示详细说明）",
    ),
    (
        "Print help (see a summary with '-h')",
        "显示帮助（-h 显示摘要）",
    ),
    ("Print version", "显示版本"),
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本帮助，或所给子命令的帮助",
    ),
];

/// Every help text of `cmd` and its subcommands, in the order a help page shows them.
pub fn help_texts(cmd: &Command) -> Vec<String> {
    let mut texts = Vec::new();
    for s in [cmd.get_about(), cmd.get_long_about()]
        .into_iter()
        .flatten()
    {
        texts.push(s.to_string());
    }
    for arg in cmd.get_arguments() {
        for s in [arg.get_help(), arg.get_long_help()].into_iter().flatten() {
            texts.push(s.to_string());
        }
        for value in arg.get_possible_values() {
            if let Some(help) = value.get_help() {
                texts.push(help.to_string());
            }
        }
    }
    for sub in cmd.get_subcommands() {
        texts.extend(help_texts(sub));
    }
    texts
}

pub(super) fn zh(text: &str) -> Option<&'static str> {
    CLAP.iter()
        .find(|(en, _)| *en == text)
        .map(|(_, zh)| *zh)
        .or_else(|| super::chinese(text))
}

/// `cmd` with its help in `lang`: unchanged in English; in Chinese every about and help text
/// that has a translation replaced, and Chinese headings.
pub fn localize_help(mut cmd: Command, lang: Language) -> Command {
    if lang == Language::En {
        return cmd;
    }
    cmd.build();
    localize(cmd)
}

fn localize(mut cmd: Command) -> Command {
    if let Some(about) = cmd.get_about().and_then(|s| zh(&s.to_string())) {
        cmd = cmd.about(about);
    }
    if let Some(about) = cmd.get_long_about().and_then(|s| zh(&s.to_string())) {
        cmd = cmd.long_about(about);
    }
    cmd = cmd.mut_args(|arg| {
        // Clap writes the possible values and the default in English: say them here instead.
        let mut notes = String::new();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| match v.get_help() {
                Some(help) => {
                    let help = help.to_string();
                    format!("{}（{}）", v.get_name(), zh(&help).unwrap_or(&help))
                }
                None => v.get_name().to_string(),
            })
            .collect();
        if !values.is_empty() {
            notes.push_str(&format!(" [可选值：{}]", values.join("、")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if arg.get_action().takes_values() && !defaults.is_empty() {
            notes.push_str(&format!(" [默认：{}]", defaults.join(", ")));
        }
        let help = arg.get_help().map(|s| s.to_string());
        let help = help.as_deref().map(|h| zh(h).unwrap_or(h).to_string());
        let mut arg = arg.hide_possible_values(true).hide_default_value(true);
        if let Some(help) = help {
            arg = arg.help(format!("{help}{notes}"));
        }
        if let Some(long) = arg.get_long_help().map(|s| s.to_string()) {
            arg = arg.long_help(format!("{}{notes}", zh(&long).unwrap_or(&long)));
        }
        arg
    });
    let has_positionals = cmd.get_positionals().next().is_some();
    let has_subcommands = cmd.get_subcommands().next().is_some();
    let mut template = String::from("{before-help}{about-with-newline}\n用法：{usage}\n");
    if has_subcommands {
        template.push_str("\n命令：\n{subcommands}\n");
    }
    if has_positionals {
        template.push_str("\n参数：\n{positionals}\n");
    }
    template.push_str("\n选项：\n{options}{after-help}");
    cmd = cmd.help_template(template);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, localize);
    }
    cmd
}
