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
    // src/main.rs, src/renumber.rs, src/scaffold.rs, src/search/mod.rs, src/serve.rs, src/watch.rs
    (
        "gongkai new needs AREA/ITEM --title TITLE --publisher KEY, or a terminal to ask for them\n\nUsage: gongkai new [AREA/ITEM --title TITLE --publisher KEY] [--formed DATE] [--root DIR]",
        "gongkai new 需要 领域/事项 --title 标题 --publisher 发布机构key，或在终端中运行以便逐项询问\\n\\n用法：gongkai new [领域/事项 --title 标题 --publisher 发布机构key] [--formed 日期] [--root 文件夹]",
    ),
    (
        "created a new site in {dir}: edit catalog.yaml, then add records with `gongkai new` (see docs/编辑指南.md)",
        "已在 {dir} 新建网站：请编辑 catalog.yaml，然后用 `gongkai new` 添加记录（见 docs/编辑指南.md）",
    ),
    (
        "--as-of {s}: write the date as YYYY-MM-DD",
        "--as-of {s}：日期写作 YYYY-MM-DD",
    ),
    (
        "writing the HTML report {path}: {e}",
        "写入 HTML 报告 {path}：{e}",
    ),
    ("wrote {records}: {files}", "已写入 {records}：{files}"),
    (
        "the schemas in .gongkai/ are up to date",
        ".gongkai/ 中的 Schema 已是最新",
    ),
    (
        "{file} is not inside the site {root}; run gongkai in the site's folder or pass --root",
        "{file} 不在网站 {root} 中；请在网站文件夹中运行 gongkai，或用 --root 指定网站",
    ),
    (
        "{rel} is neither in content/ nor catalog.yaml: gongkai check FILE checks records, pages and the catalog",
        "{rel} 既不在 content/ 中，也不是 catalog.yaml：gongkai check FILE 只检查记录、页面和目录",
    ),
    ("nothing was renumbered", "没有重新编号任何记录"),
    (
        "use the key of a publisher listed in catalog.yaml",
        "请使用 catalog.yaml 中所列发布机构的 key",
    ),
    (
        "add a pattern with a longer serial at the top of site.index_no",
        "在 site.index_no 的第一行加一个流水号更长的规则",
    ),
    (
        "the number `{old}` is not written plainly on its line",
        "编号 `{old}` 在它那一行上不是直接写出的",
    ),
    (
        "change the line by hand to `index_no: {new}`",
        "请手工把这一行改为 `index_no: {new}`",
    ),
    (
        "renumber record files: Markdown files that start with `---` and the record's fields",
        "renumber 只处理记录文件：以 `---` 和记录字段开头的 Markdown 文件",
    ),
    ("the front matter cannot be read", "无法读取前置信息"),
    (
        "run `gongkai build` to see what is wrong with it, and fix that first",
        "运行 `gongkai build` 查看哪里有问题，先改正它",
    ),
    (
        "this is a page, not a record: it has no 索引号",
        "这是页面，不是记录：它没有索引号",
    ),
    ("renumber record files only", "renumber 只处理记录文件"),
    (
        "the record has no `index_no` line",
        "记录中没有 `index_no` 这一行",
    ),
    (
        "add a line `index_no: x` below the first `---`; renumber then replaces x with the next free number",
        "在第一个 `---` 下面加一行 `index_no: x`；renumber 会把 x 换成下一个空闲的编号",
    ),
    ("the record has no `publisher`", "记录中没有 `publisher`"),
    (
        "add `publisher:` with a key from catalog.yaml; the new number depends on it",
        "加上 `publisher:`，写 catalog.yaml 中的 key；新编号取决于它",
    ),
    (
        "`{k}: {s}` is not a valid date",
        "`{k}: {s}` 不是有效的日期",
    ),
    ("write the date as YYYY-MM-DD", "日期写作 YYYY-MM-DD"),
    (
        "索引号 `{old}` was published on {day}, and a published 索引号 never changes",
        "索引号 `{old}` 已于 {day} 发布，已发布的索引号永不改变",
    ),
    (
        "renumber the other record with this number instead, if it was never published; only drafts and records without `published`, or dated after today, can be renumbered",
        "如果另一条用了这个编号的记录从未发布，请改为给那条记录重新编号；只有草稿、没有 `published` 或发布日期晚于今天的记录才能重新编号",
    ),
    ("there is no catalog item `{item}`", "没有公开事项 `{item}`"),
    (
        "name the item as area-id/item-id, as listed in catalog.yaml, for example social-assistance/dibao-review",
        "按 catalog.yaml 中的写法写成 领域id/事项id，例如 social-assistance/dibao-review",
    ),
    (
        "there is no publisher `{publisher}`",
        "没有发布机构 `{publisher}`",
    ),
    (
        "use one of the publisher keys in catalog.yaml: {keys}",
        "请使用 catalog.yaml 中的发布机构 key 之一：{keys}",
    ),
    ("`{s}` is not a date", "`{s}` 不是日期"),
    ("write it as YYYY-MM-DD", "日期写作 YYYY-MM-DD"),
    ("the title is empty", "标题是空的"),
    (
        "give the record its title, e.g. --title 关于……的公示",
        "给记录写上标题，例如 --title 关于……的公示",
    ),
    (
        "{path} already exists; it may be a record another office added with a different 索引号",
        "{path} 已经存在；它可能是其他单位以不同索引号添加的记录",
    ),
    (
        "{catalog_path} already exists: gongkai init does not overwrite a site",
        "{catalog_path} 已经存在：gongkai init 不会覆盖已有的网站",
    ),
    ("search index", "搜索索引"),
    (
        "the site has problems and was not built, so it cannot be searched",
        "网站有问题，没有生成，所以无法搜索",
    ),
    ("no record found", "没有找到记录"),
    ("1 record found", "找到 1 条记录"),
    (
        "{n} records found, the first {shown} shown",
        "找到 {n} 条记录，显示前 {shown} 条",
    ),
    ("{n} records found", "找到 {n} 条记录"),
    ("{found} for {query}", "{found}：{query}"),
    (
        "cannot listen on {bind}:{port}: {e}",
        "无法监听 {bind}:{port}：{e}",
    ),
    (
        "serving {root} at http://{addr}/ (Ctrl-C to stop)",
        "正在提供 {root} 的预览，地址 http://{addr}/（按 Ctrl-C 停止）",
    ),
    ("rebuild failed: {e}", "重新生成失败：{e}"),
    ("built", "已生成"),
    ("and {n} more", "还有 {n} 个"),
    ("rebuilt after {names}", "{names} 后已重新生成"),
    (
        "{what}: {errors} and {warnings}; still serving the last good site ({ms} ms)",
        "{what}：{errors}和 {warnings}；继续提供上一次成功的网站（{ms} 毫秒）",
    ),
    (
        ", {rendered} of {reused} pages changed",
        "，{reused} 个页面中有 {rendered} 个有变化",
    ),
    (
        "{what}: {records} and {pages} in {ms} ms{filled}",
        "{what}：{records}和 {pages}，用时 {ms} 毫秒{filled}",
    ),
    (
        "The last change has {errors} and {warnings}; this is the last good version of the site.",
        "最近的修改有 {errors}和 {warnings}；这是网站上一次成功生成的版本。",
    ),
    ("only GET and HEAD are served", "只提供 GET 和 HEAD 请求"),
    ("this path leaves the site", "这个路径在网站之外"),
    ("{path} added", "{path} 已新增"),
    ("{path} changed", "{path} 已修改"),
    ("{path} removed", "{path} 已删除"),
    // src/prompt.rs
    (
        "New disclosure record (Enter takes the default in brackets, Ctrl-D cancels).",
        "新建一条公开记录（直接回车取方括号中的默认值，Ctrl-D 取消）。",
    ),
    ("Area (number, id or name)", "领域（编号、id 或名称）"),
    (
        "Catalog item (number, id or name)",
        "公开事项（编号、id 或名称）",
    ),
    (
        "Publisher (number, key or name)",
        "发布机构（编号、key 或名称）",
    ),
    ("Title", "标题"),
    ("Date formed (YYYY-MM-DD)", "成文日期（YYYY-MM-DD）"),
    ("{n} items", "{n} 个事项"),
    (
        "Choose one from the list: type its number, id or name.",
        "请从列表中选一项：输入编号、id 或名称。",
    ),
    (
        "There is no number {answer}: type a number from 1 to {last}, or an id.",
        "没有编号 {answer}：请输入 1 到 {last} 之间的编号，或 id。",
    ),
    (
        "Nothing in the list is called `{answer}`.",
        "列表中没有“{answer}”。",
    ),
    (
        "Nothing in the list is called `{answer}`; did you mean `{near}`?",
        "列表中没有“{answer}”；是不是“{near}”？",
    ),
    (
        "More than one choice is called `{answer}`; type its number or id.",
        "“{answer}”不止一项，请输入编号或 id。",
    ),
    ("The title cannot be empty.", "标题不能为空。"),
    (
        "The title contains invisible control characters; type it again.",
        "标题中有不可见的控制字符，请重新输入。",
    ),
    (
        "`{answer}` is not a valid date: write it as YYYY-MM-DD, for example {today}.",
        "“{answer}”不是有效日期：请写作 YYYY-MM-DD，例如 {today}。",
    ),
    (
        "The date formed, {answer}, is after today ({today}).",
        "成文日期 {answer} 晚于今天（{today}）。",
    ),
    (
        "catalog.yaml has no catalog items.",
        "catalog.yaml 中没有任何公开事项。",
    ),
    (
        "catalog.yaml has no publishers.",
        "catalog.yaml 中没有发布机构。",
    ),
    (
        "Cancelled; nothing was written.",
        "已取消，未写入任何文件。",
    ),
];
