//! Chinese for the messages of commands.

use super::Entry;

pub(super) const MESSAGES: &[Entry] = &[
    // src/diag.rs, src/cli.rs, src/term.rs
    ("error", "错误"),
    ("warning", "警告"),
    ("help", "提示"),
    ("write zh-CN or en", "请写 zh-CN 或 en"),
    ("{n} error|{n} errors", "{n} 个错误"),
    // src/term.rs
    (
        "built {records} and {pages} into {out}: {written} written, {unchanged} unchanged, {deleted} deleted in {seconds} s",
        "已生成 {records}和 {pages}，输出到 {out}：写入 {written}，{unchanged} 个未变，删除 {deleted} 个，用时 {seconds} 秒",
    ),
    ("{n} record|{n} records", "{n} 条记录"),
    ("{n} page|{n} pages", "{n} 个页面"),
    ("{n} file|{n} files", "{n} 个文件"),
    ("{n} warning|{n} warnings", "{n} 个警告"),
    (
        "not built: {errors} and {warnings} found; {out} was left as it was",
        "未生成网站：发现 {errors}和 {warnings}；{out} 保持原样",
    ),
];
