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
        "gongkai new 需要 领域/事项 --title 标题 --publisher 发布机构key，或在终端中运行以便逐项询问\n\n用法：gongkai new [领域/事项 --title 标题 --publisher 发布机构key] [--formed 日期] [--root 文件夹]",
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
    // src/import/
    (
        "the file starts as UTF-8 but byte {valid_up_to} is not UTF-8; save it again as \"CSV UTF-8\"",
        "文件开头是 UTF-8，但第 {valid_up_to} 个字节不是 UTF-8；请重新保存为“CSV UTF-8”",
    ),
    (
        "the file is neither UTF-8 nor GB18030 (GBK) text; in Excel, save it with \"Save As → CSV UTF-8\"",
        "文件既不是 UTF-8 也不是 GB18030（GBK）文本；请在 Excel 中用“另存为 → CSV UTF-8”保存",
    ),
    (
        "line {quote_line}: a quoted field is never closed; check that every \" inside a field is written twice (\"\")",
        "第 {quote_line} 行：一个带引号的字段没有结束；请检查字段中的每个 \" 都写成了两个（\"\"）",
    ),
    ("sheet {sheet}, ", "工作表 {sheet}，"),
    ("row {row}", "第 {row} 行"),
    (", column {column}", "，{column} 列"),
    ("the file does not exist", "文件不存在"),
    ("check the path {path}", "请检查路径 {path}"),
    (
        "save the workbook as .xlsx (Excel 2007 or later), or export the sheet as CSV",
        "请把工作簿存为 .xlsx（Excel 2007 或更高版本），或把工作表导出为 CSV",
    ),
    (
        ".{ext} workbooks (the old binary format) cannot be read",
        "无法读取 .{ext} 工作簿（旧的二进制格式）",
    ),
    (
        "open the file and save it as .xlsx, or as CSV UTF-8",
        "请打开文件另存为 .xlsx，或存为 CSV UTF-8",
    ),
    (
        "gongkai imports .xlsx and .csv files",
        "gongkai 导入 .xlsx 和 .csv 文件",
    ),
    (
        "save the table as .xlsx or as CSV",
        "请把表格存为 .xlsx 或 CSV",
    ),
    ("there is no sheet `{name}`", "没有名为 `{name}` 的工作表"),
    (
        "a CSV file has no sheets; leave --sheet out",
        "CSV 文件没有工作表；请不要使用 --sheet",
    ),
    (
        "the workbook's sheets are: {names}",
        "工作簿中的工作表有：{names}",
    ),
    (
        "其他 is ticked but names no platform; the platform was written as 其他",
        "勾选了“其他”但没有写平台名称；平台记为“其他”",
    ),
    (
        "write the platform after 其他, for example ■其他：公共资源交易平台",
        "在“其他”后面写上平台名称，例如 ■其他：公共资源交易平台",
    ),
    (
        "\"{replace}\" ticks no channel",
        "“{replace}”没有勾选任何渠道",
    ),
    (
        "mark the channels used with ■ (or list their names)",
        "用 ■ 标出使用的渠道（或列出渠道名称）",
    ),
    (
        "create the site first with `gongkai init DIR`, then import into it with --root DIR",
        "请先用 `gongkai init DIR` 新建网站，再用 --root DIR 导入到其中",
    ),
    (
        "catalog.yaml is not UTF-8 text",
        "catalog.yaml 不是 UTF-8 文本",
    ),
    (
        "run `gongkai build` to see where, and save the file as UTF-8",
        "运行 `gongkai build` 查看问题所在，并把文件存为 UTF-8",
    ),
    (
        "only the first catalog sheet was imported; {others} also look like catalogs",
        "只导入了第一个目录工作表；{others} 看起来也是目录",
    ),
    (
        "import each sheet on its own with --sheet NAME (and --area ID when it is another area)",
        "用 --sheet NAME 逐个导入每个工作表（如果是另一个领域，再加 --area ID）",
    ),
    ("the file has no table", "文件中没有表格"),
    (
        "{row_place}: no row below the header could be imported",
        "{row_place}：表头下面没有可以导入的行",
    ),
    (
        "each item needs at least 一级事项, 公开内容 and 公开时限; see the problems above",
        "每个事项至少需要一级事项、公开内容和公开时限；请看上面列出的问题",
    ),
    (
        "item `{id}/{kept}` is not in {file} and was kept",
        "事项 `{id}/{kept}` 不在 {file} 中，已保留",
    ),
    (
        "remove it from catalog.yaml by hand if the county dropped it; records may still point at it",
        "如果县里已取消这个事项，请手工从 catalog.yaml 中删除；可能还有记录指向它",
    ),
    (
        "{added} new, {changed} changed, {unchanged} unchanged",
        "新增 {added} 个，修改 {changed} 个，未变 {unchanged} 个",
    ),
    (
        "area `{id}` ({name}): {kept} items from {file}, {summary_counts}; catalog.yaml is already up to date",
        "领域 `{id}`（{name}）：从 {file} 读取 {kept} 个事项，{summary_counts}；catalog.yaml 已是最新",
    ),
    (
        "the imported area would not read back correctly, so catalog.yaml was left unchanged: {why}",
        "导入的领域无法正确读回，所以 catalog.yaml 保持不变：{why}",
    ),
    (
        "this is a fault in gongkai import; please report it with the sheet",
        "这是 gongkai import 的缺陷；请连同工作表一起报告",
    ),
    (
        "area `{id}` ({name}): {kept} items from {file}, {summary_counts}; catalog.yaml {done}",
        "领域 `{id}`（{name}）：从 {file} 读取 {kept} 个事项，{summary_counts}；catalog.yaml {done}",
    ),
    ("updated", "已更新"),
    ("has the new area", "已加上这个新领域"),
    ("sheet {s}: ", "工作表 {s}："),
    (
        "{place}no header row with the catalog's columns (一级事项, 公开内容, 公开时限, …) was found in the first 30 rows",
        "{place}前 30 行中没有找到含目录各列（一级事项、公开内容、公开时限……）的表头行",
    ),
    (
        "the table needs the official column names; with several sheets, name the catalog's with --sheet NAME",
        "表格需要标准目录的列名；有多个工作表时，用 --sheet NAME 指定目录所在的工作表",
    ),
    (
        "`{id}` is not a URL-safe area id",
        "`{id}` 不是能用在网址中的领域 id",
    ),
    (
        "use lower-case ASCII letters, digits and `-`, for example social-assistance",
        "用小写 ASCII 字母、数字和 `-`，例如 social-assistance",
    ),
    (
        "area `{id}` is not in catalog.yaml, and the table's title does not name it",
        "领域 `{id}` 不在 catalog.yaml 中，表格标题也没有提到它",
    ),
    (
        "add the area to catalog.yaml with its id and name (items may stay empty), then import again",
        "请在 catalog.yaml 中加上这个领域的 id 和名称（事项可以先空着），然后重新导入",
    ),
    (
        "the table's title and sheet name do not say which area it is",
        "表格标题和工作表名称都没有说明这是哪个领域",
    ),
    (
        "name the area with --area ID, for example --area social-assistance",
        "用 --area ID 指定领域，例如 --area social-assistance",
    ),
    (
        "the site settings or publishers changed",
        "网站设置或发布机构有了变化",
    ),
    (
        "the areas read back differ from the imported ones",
        "读回的领域与导入的不同",
    ),
    (
        "`{header}` is not a column of the standard catalog; it was not imported",
        "`{header}` 不是标准目录中的列；没有导入",
    ),
    (
        "the catalog has 一级/二级/三级事项, 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式 and 公开层级",
        "目录的列有 一级/二级/三级事项、公开内容、公开依据、公开时限、公开主体、公开渠道和载体、公开对象、公开方式 和 公开层级",
    ),
    (
        "a second column for the same thing as column {column_name}; it was not imported",
        "与 {column_name} 列内容相同的第二列；没有导入",
    ),
    (
        "keep one column per catalog field",
        "每个目录字段只保留一列",
    ),
    (
        "the header has no {name} column, which every item needs",
        "表头中没有每个事项都需要的 {name} 列",
    ),
    (
        "name the column as in the official catalog",
        "按标准目录的写法命名这一列",
    ),
    (
        "the header has no {name} column; every item is taken as {default}",
        "表头中没有 {name} 列；每个事项都按 {default} 处理",
    ),
    (
        "check the imported items in catalog.yaml",
        "请检查 catalog.yaml 中导入的事项",
    ),
    (
        "`{header}` is not a level of the catalog (county, township, village); its ticks were not imported",
        "`{header}` 不是目录的层级（县级、乡级、村级）；其中的勾选没有导入",
    ),
    (
        "the catalog's levels are 县级, 乡(镇)级 and 村级",
        "目录的层级是 县级、乡(镇)级 和 村级",
    ),
    (
        "\"{text}\" spans the whole row, so it is a heading or a note, not an item; it was skipped",
        "“{text}”占满整行，是标题或注释，不是事项；已跳过",
    ),
    (
        "a note needs no import; put a heading's words in the 一级事项 column of its items",
        "注释不需要导入；标题中的文字请写到各事项的一级事项列中",
    ),
    (
        "公开内容 is empty, so the row is not an item; it was skipped",
        "公开内容是空的，这一行不是事项；已跳过",
    ),
    (
        "fill in 公开内容, or delete the row if it is a note or a heading",
        "填写公开内容；如果这一行是注释或标题，就删除它",
    ),
    (
        "一级事项 is empty and there is none above to carry down; the row was skipped",
        "一级事项是空的，上面也没有可以沿用的；已跳过这一行",
    ),
    ("fill in the 一级事项", "填写一级事项"),
    (
        "公开时限 is empty; the row was skipped",
        "公开时限是空的；已跳过这一行",
    ),
    (
        "fill in the time limit, for example 信息形成或者变更之日起20个工作日内",
        "填写公开时限，例如 信息形成或者变更之日起20个工作日内",
    ),
    (
        "\"{tl_text}\" is not a time limit gongkai knows; it was kept as text, without a number of days",
        "“{tl_text}”不是 gongkai 认识的公开时限；已作为文字保留，没有天数",
    ),
    (
        "a limit such as 信息形成之日起20个工作日内 is counted by `gongkai check`; add days and unit in catalog.yaml by hand if this one is fixed",
        "像 信息形成之日起20个工作日内 这样的时限会由 `gongkai check` 计算；如果这个时限是固定天数，请在 catalog.yaml 中手工加上 days 和 unit",
    ),
    (
        "\"{text}\" is not a tick; it was read as not ticked",
        "“{text}”不是勾选符号；按未勾选处理",
    ),
    (
        "mark a ticked column with ■, √, ✓ or 是 and leave the others blank (or □)",
        "勾选的列用 ■、√、✓ 或 是 标记，其他列留空（或写 □）",
    ),
    (
        "\"{s}\" is neither 全社会 nor 特定群众",
        "“{s}”既不是 全社会 也不是 特定群众",
    ),
    ("write 全社会 or 特定群众", "写 全社会 或 特定群众"),
    (
        "no audience is ticked; 全社会 was taken",
        "没有勾选公开对象；按 全社会 处理",
    ),
    ("tick 全社会 or 特定群众", "勾选 全社会 或 特定群众"),
    (
        "\"{s}\" is neither 主动 nor 依申请",
        "“{s}”既不是 主动 也不是 依申请",
    ),
    ("write 主动 or 依申请公开", "写 主动 或 依申请公开"),
    (
        "no method is ticked; 主动 was taken",
        "没有勾选公开方式；按 主动 处理",
    ),
    ("tick 主动 or 依申请", "勾选 主动 或 依申请"),
    (
        "\"{s}\" names no level of the catalog",
        "“{s}”不是目录中的层级",
    ),
    (
        "write 县级, 乡级 or 村级, several separated by 、",
        "写 县级、乡级 或 村级，多个之间用 、 分隔",
    ),
    (
        "no level is ticked; 县级 was taken",
        "没有勾选公开层级；按 县级 处理",
    ),
    ("tick 县级, 乡级 or both", "勾选 县级、乡级 或两者都勾"),
    (
        "the areas of catalog.yaml are not written as a block list (`areas:` followed by lines `  - id: …`), so gongkai cannot replace one of them",
        "catalog.yaml 的 areas 不是块列表的写法（`areas:` 后面是一行行 `  - id: …`），所以 gongkai 无法替换其中一个领域",
    ),
    (
        "write `areas:` on a line of its own with one `- id:` entry per area, as `gongkai init` does",
        "把 `areas:` 单独写一行，每个领域一项 `- id:`，和 `gongkai init` 生成的一样",
    ),
    (
        "the mapping is not a list of `key: value` lines",
        "映射文件不是一行行的 `键: 值`",
    ),
    (
        "start with `fields:` and one line per record field, such as `  title: 标题`",
        "以 `fields:` 开头，每个记录字段写一行，例如 `  title: 标题`",
    ),
    (
        "`header_row` should be a row number, 1 or more",
        "`header_row` 应当是行号，1 或更大",
    ),
    (
        "write the number of the row holding the column names, for example header_row: 2",
        "写上列名所在的行号，例如 header_row: 2",
    ),
    (
        "`fields` should list record fields, one per line",
        "`fields` 应当列出记录字段，每行一个",
    ),
    (
        "write `fields:` and under it lines such as `  title: 标题`",
        "写 `fields:`，下面写 `  title: 标题` 这样的行",
    ),
    (
        "did you mean `{s}`? The fields are: {fields}",
        "是不是 `{s}`？可用的字段：{fields}",
    ),
    ("the fields are: {fields}", "可用的字段：{fields}"),
    ("unknown field `{name}`", "未知字段 `{name}`"),
    (
        "`{name}` should name a column, or give `{{ value: … }}`",
        "`{name}` 应当写列名，或写 `{{ value: … }}`",
    ),
    (
        "write `{name}: 列名` for a column of the table, or `{name}: {{ value: 固定值 }}` for the same value in every record",
        "用 `{name}: 列名` 表示取表格中的一列，用 `{name}: {{ value: 固定值 }}` 表示每条记录都用同一个值",
    ),
    (
        "did you mean `{s}`? A mapping has: {keys}",
        "是不是 `{s}`？映射文件可用的键：{keys}",
    ),
    ("a mapping has: {keys}", "映射文件可用的键：{keys}"),
    ("unknown key `{key}`", "未知的键 `{key}`"),
    (
        "the mapping does not say where `{required}` comes from",
        "映射文件没有说明 `{required}` 从哪里取",
    ),
    (
        "add a line `  {required}: 列名` under fields (or `{{ value: … }}` for a fixed value)",
        "在 fields 下加一行 `  {required}: 列名`（固定值写 `{{ value: … }}`）",
    ),
    ("the mapping has no `fields:`", "映射文件中没有 `fields:`"),
    (
        "add `fields:` and under it one line per record field, such as `  title: 标题`",
        "加上 `fields:`，下面每个记录字段写一行，例如 `  title: 标题`",
    ),
    (
        "there are no rows below the header (row {header_row})",
        "表头（第 {header_row} 行）下面没有任何行",
    ),
    (
        "check the mapping's sheet and header_row",
        "请检查映射文件中的 sheet 和 header_row",
    ),
    ("cannot read the mapping file: {e}", "无法读取映射文件：{e}"),
    (
        "write a mapping file (see README: Migrating an existing county) and pass it with --map",
        "写一个映射文件（见 README：Migrating an existing county），用 --map 传入",
    ),
    (
        "records are imported only into a site whose catalog.yaml has no errors",
        "只能把记录导入到 catalog.yaml 没有错误的网站",
    ),
    (
        "fix the problems above, then import again",
        "改正上面的问题，然后重新导入",
    ),
    (
        "{row_place}: there is no column `{c}` (for `{field}`)",
        "{row_place}：没有 `{c}` 列（用于 `{field}`）",
    ),
    (
        "the columns are: {names}; correct the name in {map_name}, or set header_row",
        "表格的列有：{names}；请在 {map_name} 中改正列名，或设置 header_row",
    ),
    ("`{field}` is empty", "`{field}` 是空的"),
    (
        "every record needs a title, a catalog item, a publisher and its formed and published dates",
        "每条记录都需要标题、公开事项、发布机构、成文日期和发布日期",
    ),
    (
        "attachment \"{entry}\" does not exist",
        "附件“{entry}”不存在",
    ),
    (
        "put the file at {from}, or set attachments_dir in the mapping to the folder the paths start from",
        "把文件放在 {from}，或在映射文件中把 attachments_dir 设为路径起算的文件夹",
    ),
    (
        "索引号 {v} is already used by another record",
        "索引号 {v} 已被另一条记录使用",
    ),
    (
        "an 索引号 belongs to one record only; the CMS export may list the record twice",
        "一个索引号只属于一条记录；内容管理系统的导出表中可能把这条记录列了两次",
    ),
    (
        "{row_place}: {file} already has this title, publisher and published date",
        "{row_place}：{file} 已有相同的标题、发布机构和发布日期",
    ),
    (
        "the row was imported before; remove it from the table, or give it its 索引号",
        "这一行以前导入过；请从表格中删除它，或给它写上索引号",
    ),
    ("\"{v}\" is not a date", "“{v}”不是日期"),
    (
        "write dates as 2024-03-05, 2024/3/5 or 2024年3月5日",
        "日期写作 2024-03-05、2024/3/5 或 2024年3月5日",
    ),
    (
        "write the item as area-id/item-id from catalog.yaml, or as its names 一级事项/二级事项",
        "把事项写成 catalog.yaml 中的 领域id/事项id，或写它的名称 一级事项/二级事项",
    ),
    (
        "use a key or the full name of a publisher: {keys}",
        "请使用发布机构的 key 或全称：{keys}",
    ),
    (
        "\"{v}\" is neither 有效 nor 废止",
        "“{v}”既不是 有效 也不是 废止",
    ),
    (
        "write 有效 or 废止 (valid or repealed)",
        "写 有效 或 废止（valid 或 repealed）",
    ),
    (
        "\"{v}\" is not a kind of document gongkai counts",
        "“{v}”不是 gongkai 统计的文件类型",
    ),
    (
        "write 规范性文件, 规章 or 其他, or leave the cell empty",
        "写 规范性文件、规章 或 其他，或留空",
    ),
    (
        "\"{v}\" is neither 主动公开 nor 依申请公开",
        "“{v}”既不是 主动公开 也不是 依申请公开",
    ),
    (
        "write 主动公开 or 依申请公开, or leave the cell empty",
        "写 主动公开 或 依申请公开，或留空",
    ),
    (
        "{row_place}: the record would be written to {file}, like the record of row {first}",
        "{row_place}：记录将写到 {file}，与第 {first} 行的记录相同",
    ),
    (
        "two rows have the same 索引号 or publisher and serial; correct one of them",
        "两行的索引号相同，或发布机构和流水号相同；请改正其中一行",
    ),
    (
        "{row_place}: {file} already exists and is not overwritten",
        "{row_place}：{file} 已经存在，不会覆盖",
    ),
    (
        "the record may have been imported before; remove the row, or move the existing file away first",
        "这条记录可能以前导入过；请删除这一行，或先把已有的文件移走",
    ),
    ("\"{s}\" is no catalog item", "“{s}”不是公开事项"),
    (
        "\"{s}\" names {n} catalog items ({found}); it must name one",
        "“{s}”对应 {n} 个公开事项（{found}）；只能对应一个",
    ),
    (
        "\"{s}\" is no publisher of catalog.yaml",
        "“{s}”不是 catalog.yaml 中的发布机构",
    ),
    ("{place}: {message}", "{place}：{message}"),
    (" ({warnings})", "（{warnings}）"),
    ("building…", "正在生成……"),
];
