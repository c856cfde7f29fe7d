//! Chinese for the messages of pipeline.

use super::Entry;

pub(super) const MESSAGES: &[Entry] = &[
    // src/record.rs
    (
        "the file has no front matter",
        "文件没有前置信息（front matter）",
    ),
    (
        "start the file with a line `---`, the record's fields (index_no, title, item, publisher, formed, published), and another line `---`",
        "文件第一行写 `---`，接着写记录的各个字段（index_no、title、item、publisher、formed、published），再写一行 `---`",
    ),
    (
        "the front matter is not a list of `key: value` fields",
        "前置信息不是一组 `字段: 值`",
    ),
    (
        "write one field per line, such as `title: 关于……的通知`",
        "每行写一个字段，例如 `title: 关于……的通知`",
    ),
    (
        "field name `{name}` is not text",
        "字段名 `{name}` 不是文字",
    ),
    (
        "field names are words such as `title`",
        "字段名是 `title` 这样的单词",
    ),
    (
        "did you mean `{s}`? {what} accepts: {allowed}",
        "是不是 `{s}`？{what}可用的字段：{allowed}",
    ),
    ("unknown field `{key}`", "未知字段 `{key}`"),
    ("missing required field `{key}`", "缺少必填字段 `{key}`"),
    (
        "add a line `{key}: {example}` to the front matter",
        "在前置信息中加一行 `{key}: {example}`",
    ),
    (
        "retype the value: control characters are invisible and never belong in a field",
        "重新输入这个值：控制字符看不见，不应出现在字段中",
    ),
    (
        "removed bidirectional control characters from `{key}`",
        "已删除 `{key}` 中的双向控制字符",
    ),
    (
        "these invisible characters can make text display in a different order than it is written; retype the value without them",
        "这些看不见的字符会使文字显示的顺序与书写的顺序不同；请重新输入这个值，不要带这些字符",
    ),
    ("`{key}` is empty", "`{key}` 是空的"),
    (
        "write a value after `{key}:` or remove the line",
        "在 `{key}:` 后面写上值，或删除这一行",
    ),
    ("`{key}` should be text", "`{key}` 应当是文字"),
    (
        "write a single value on the same line, not a list or a block",
        "在同一行写一个值，不要写成列表或多行文字",
    ),
    (
        "`{key}: {s}` is not a valid date",
        "`{key}: {s}` 不是有效的日期",
    ),
    (
        "write the date as YYYY-MM-DD, for example 2024-09-27, and check that the day exists",
        "日期写作 YYYY-MM-DD，例如 2024-09-27，并确认这一天存在",
    ),
    (
        "`{key}` should be true or false",
        "`{key}` 应当是 true 或 false",
    ),
    (
        "write `{key}: true` or `{key}: false`",
        "写 `{key}: true` 或 `{key}: false`",
    ),
    (
        "every entry of `{key}` should be a single value",
        "`{key}` 的每一项都应当是单个值",
    ),
    (
        "write `{key}: [a, b]` with plain values",
        "写成 `{key}: [a, b]`，每项是简单的值",
    ),
    (
        "did you mean `{n}`? Use one of: {names}",
        "是不是 `{n}`？可选的值：{names}",
    ),
    ("use one of: {names}", "可选的值：{names}"),
    ("`{key}: {s}` is not allowed", "不允许 `{key}: {s}`"),
    (
        "`item: {item}` is not of the form area-id/item-id",
        "`item: {item}` 不是“领域id/事项id”的形式",
    ),
    (
        "write the area id and the item id from catalog.yaml with a `/` between them, for example social-assistance/dibao-review",
        "写 catalog.yaml 中的领域 id 和事项 id，中间用 `/` 隔开，例如 social-assistance/dibao-review",
    ),
    (
        "formed date {formed} is after the published date {published}",
        "成文日期 {formed} 晚于发布日期 {published}",
    ),
    (
        "a record is published on or after the day it was formed (成文日期 ≤ 发布日期); check both dates",
        "记录在成文当天或之后发布（成文日期 ≤ 发布日期）；请核对这两个日期",
    ),
    (
        "changed date {changed} is before the formed date {formed}",
        "变更日期 {changed} 早于成文日期 {formed}",
    ),
    (
        "变更日期 is the day the information last changed, on or after 成文日期",
        "变更日期是信息最后变更的日期，应在成文日期当天或之后",
    ),
    (
        "repealed_on {on} is before the published date {published}",
        "废止日期 repealed_on {on} 早于发布日期 {published}",
    ),
    (
        "check the date the document was repealed (废止日期)",
        "请核对文件的废止日期（repealed_on）",
    ),
    (
        "a repealed record needs `repealed_on`",
        "已废止的记录需要填写 `repealed_on`（废止日期）",
    ),
    (
        "add `repealed_on: YYYY-MM-DD`, the day the document stopped being in force",
        "加上 `repealed_on: YYYY-MM-DD`，即文件失效的日期",
    ),
    (
        "`repealed_on` is set but `validity` is not `repealed`",
        "填写了 `repealed_on`，但 `validity` 不是 `repealed`",
    ),
    (
        "add `validity: repealed`, or remove repealed_on",
        "加上 `validity: repealed`，或删除 repealed_on",
    ),
    (
        "`{key}` contains the control character U+{code}",
        "`{key}` 中有控制字符 U+{code}",
    ),
    ("{what} accepts: {allowed}", "{what}可用的字段：{allowed}"),
    ("a page", "页面"),
    ("a record", "记录"),
    // src/text.rs, src/load.rs, src/site.rs
    (
        "the file is not valid UTF-8 text",
        "文件不是有效的 UTF-8 文本",
    ),
    (
        "save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8); GBK files from older office software must be converted",
        "请把文件存为 UTF-8 编码（多数编辑器中：另存为 → 编码 → UTF-8）；旧办公软件保存的 GBK 文件需要先转换",
    ),
    (
        "the YAML's anchors and aliases (&name, *name) expand to far too much data; write the values out instead of repeating aliases",
        "YAML 的锚点和别名（&name、*name）展开后数据量过大；请把值直接写出来，不要重复引用别名",
    ),
    (
        "the value is nested far too deeply; front matter and catalog values are plain text, lists and simple mappings",
        "值嵌套得太深；前置信息和目录中的值只是文字、列表和简单的键值对",
    ),
    (
        "remove the key or correct its spelling; the keys this place accepts are listed above",
        "删除这个键或改正拼写；这里可用的键已在上面列出",
    ),
    (
        "use one of the values listed above",
        "请使用上面列出的值之一",
    ),
    (
        "check the value's form: a list is written [a, b] or as lines starting with `- `; quote text that YAML would read as a number or date",
        "检查值的写法：列表写作 [a, b]，或每行以 `- ` 开头；YAML 会当作数字或日期的文字要加引号",
    ),
    ("add the missing key", "加上缺少的键"),
    (
        "check the YAML syntax on this line and the one before it: indentation with spaces, a space after every `:`, and quotes around text containing `: ` or starting with a special character",
        "检查这一行和上一行的 YAML 语法：用空格缩进，每个 `:` 后面有一个空格，含有 `: ` 或以特殊字符开头的文字要加引号",
    ),
    (
        "there is no content/ folder: the site has no records",
        "没有 content/ 文件夹：网站没有任何记录",
    ),
    (
        "create content/ and add records with `gongkai new`",
        "创建 content/ 文件夹，再用 `gongkai new` 添加记录",
    ),
    ("cannot read: {e}", "无法读取：{e}"),
    ("check the file's permissions", "检查文件的访问权限"),
    ("symbolic links are not published", "符号链接不会发布"),
    (
        "copy the file into content/ instead of linking to it, so the site contains exactly what is in its folder",
        "把文件复制到 content/ 中，不要用链接，这样网站内容与文件夹中的内容完全一致",
    ),
    (
        "索引号 `{index_no}` contains `{c}`, which cannot stand in its URL",
        "索引号 `{index_no}` 含有 `{c}`，这个字符不能出现在网址中",
    ),
    (
        "索引号 `{index_no}` has an empty, `.` or `..` part",
        "索引号 `{index_no}` 中有空的、`.` 或 `..` 的部分",
    ),
    (
        "an 索引号 may contain ASCII letters, digits, `-`, `_`, `.` and `/` between parts",
        "索引号只能包含 ASCII 字母、数字、`-`、`_`、`.`，各部分之间用 `/` 分隔",
    ),
    (
        "索引号 `{index_no}` is also used by {others}",
        "索引号 `{index_no}` 已被 {others} 使用",
    ),
    (
        "every record needs its own 索引号, and a published one never changes: if this record was never published, give it the next free number with `gongkai renumber {file}`",
        "每条记录都需要自己的索引号，已发布的索引号永不改变：如果这条记录从未发布，用 `gongkai renumber {file}` 给它下一个空闲的编号",
    ),
    (
        "this page would be published at {url}, like {first}",
        "这个页面将发布在 {url}，与 {first} 相同",
    ),
    (
        "a site has one page of each kind guide, rules and apply; rename or remove one of the two files",
        "网站的公开指南、公开制度、依申请公开页面各只有一个；请重命名或删除两个文件中的一个",
    ),
    (
        "attachment `{name}` is an absolute path",
        "附件 `{name}` 是绝对路径",
    ),
    (
        "name the file relative to this record, for example roster-2024q3.csv, and keep it inside content/",
        "用相对于本记录的文件名，例如 roster-2024q3.csv，文件要放在 content/ 内",
    ),
    (
        "attachment `{name}` is outside content/",
        "附件 `{name}` 在 content/ 之外",
    ),
    (
        "copy the file into content/, beside the record, and name it relative to the record",
        "把文件复制到 content/ 中、本记录旁边，并用相对于本记录的文件名",
    ),
    ("attachment `{name}` does not exist", "附件 `{name}` 不存在"),
    (
        "put the file at {src}, or correct its name in `attachments:`",
        "把文件放在 {src}，或在 `attachments:` 中改正文件名",
    ),
    (
        "two attachments are named `{file_name}`",
        "有两个附件都叫 `{file_name}`",
    ),
    (
        "rename one of the files: both would be published at the same address",
        "请重命名其中一个文件：两个文件会发布在同一个网址",
    ),
    (
        "alias `{written}` starts with the site's own folder {site_folder}: it is published at {site_folder}{url}",
        "原网址 `{written}` 以本站自己的文件夹 {site_folder} 开头：它会发布在 {site_folder}{url}",
    ),
    (
        "aliases are paths from the site's root ({site_folder}); write the part after it, or the full old address",
        "原网址是从网站根目录（{site_folder}）算起的路径；请写它后面的部分，或写完整的旧网址",
    ),
    ("a record cannot interpret itself", "记录不能解读它自己"),
    (
        "write the 索引号 of the policy document this record explains",
        "填写本记录所解读的政策文件的索引号",
    ),
    (
        "`interprets: {target}` names no record of this site",
        "`interprets: {target}` 不是本站任何记录的索引号",
    ),
    (
        "write the 索引号 of the policy document this record explains, exactly as in its front matter",
        "填写本记录所解读的政策文件的索引号，与该文件前置信息中的写法完全一致",
    ),
    (
        "item `{area}/{item}` is marked not applicable ({reason}) but has {records}",
        "事项 `{area}/{item}` 标为不适用（{reason}），却有 {records}",
    ),
    (
        "remove `not_applicable` from the item, or file {file} under another item",
        "从事项中删除 `not_applicable`，或把 {file} 归到别的事项下",
    ),
    (
        "link to `{target}` in a report's text",
        "年报正文中链接到 `{target}`",
    ),
    (
        "a report's text may link to web addresses only; link records from the records themselves",
        "年报正文只能链接网址；记录之间的链接请写在记录中",
    ),
    (
        "did you mean `{s}`? The item is written area-id/item-id as in catalog.yaml",
        "是不是 `{s}`？事项写作 catalog.yaml 中的“领域id/事项id”",
    ),
    (
        "area `{id}` has the items: {items}",
        "领域 `{id}` 的事项有：{items}",
    ),
    (
        "write the area id and the item id from catalog.yaml, for example social-assistance/dibao-review",
        "写 catalog.yaml 中的领域 id 和事项 id，例如 social-assistance/dibao-review",
    ),
    ("unknown catalog item `{item}`", "未知的公开事项 `{item}`"),
    (
        "did you mean `{s}`? Publishers are listed under `publishers:` in catalog.yaml",
        "是不是 `{s}`？发布机构列在 catalog.yaml 的 `publishers:` 下",
    ),
    (
        "use the key of a publisher listed in catalog.yaml: {keys}",
        "请使用 catalog.yaml 中所列发布机构的 key：{keys}",
    ),
    (
        "unknown publisher `{publisher}`",
        "未知的发布机构 `{publisher}`",
    ),
    (
        "索引号 `{index_no}` does not follow the site's pattern: {why}",
        "索引号 `{index_no}` 不符合本站的编号规则：{why}",
    ),
    (
        "the pattern is {first}; `gongkai new` makes a correct number, e.g. {example}",
        "编号规则是 {first}；`gongkai new` 会生成正确的编号，例如 {example}",
    ),
    (
        "索引号 `{index_no}` follows none of the site's {patterns} patterns: {why}",
        "索引号 `{index_no}` 不符合本站 {patterns} 种编号规则中的任何一种：{why}",
    ),
    (
        "the patterns are {describe}; new numbers follow the first, and `gongkai new` makes one, e.g. {example}",
        "编号规则有 {describe}；新编号按第一种生成，`gongkai new` 会生成一个，例如 {example}",
    ),
    (
        "the working-day calendar has no official holidays for {year}",
        "工作日日历中没有 {year} 年的法定节假日",
    ),
    (
        "time limits in {year} are counted with weekends only; add that year's holidays and make-up working days under `calendar:` in catalog.yaml",
        "{year} 年的公开时限只按周末计算；请在 catalog.yaml 的 `calendar:` 下加上当年的节假日和调休上班日",
    ),
    (
        "item `{item}` is not published at this site's levels",
        "事项 `{item}` 不在本站的公开层级内",
    ),
    (
        "file the record under an item of the site's levels, or add the item's level to site.levels in catalog.yaml",
        "把记录归到本站层级内的事项下，或在 catalog.yaml 的 site.levels 中加上该事项的层级",
    ),
    (
        "link `{target}` leads outside the site",
        "链接 `{target}` 指向网站之外",
    ),
    (
        "link only to files inside content/, relative to this file",
        "只能链接 content/ 内的文件，路径相对于本文件",
    ),
    (
        "link to `{target}`: that record is a draft",
        "链接到 `{target}`：那条记录是草稿",
    ),
    (
        "drafts are not published; publish the other record first (remove `draft: true`), or remove the link",
        "草稿不会发布；请先发布那条记录（删除 `draft: true`），或删除链接",
    ),
    (
        "link to `{target}`: there is no such page",
        "链接到 `{target}`：没有这个页面",
    ),
    (
        "no published file is at {path}; check the path relative to this file (drafts are not published)",
        "{path} 处没有要发布的文件；请检查相对于本文件的路径（草稿不会发布）",
    ),
    (
        "link to `{target}`: the file is not listed as an attachment",
        "链接到 `{target}`：这个文件没有列为附件",
    ),
    (
        "add the file's name to `attachments:` of this record, so that it is published",
        "把文件名加到本记录的 `attachments:` 中，它才会发布",
    ),
    (
        "link to `{target}`: no such file",
        "链接到 `{target}`：没有这个文件",
    ),
    (
        "no file is at {path}; link to another record's .md file or to an attachment, relative to this file",
        "{path} 处没有文件；请链接另一条记录的 .md 文件或附件，路径相对于本文件",
    ),
    // src/catalog.rs, src/index_no.rs, src/redirects.rs
    (
        "there is no catalog.yaml in the site folder",
        "网站文件夹中没有 catalog.yaml",
    ),
    (
        "run gongkai in the site's folder, pass --root DIR, or create a site with `gongkai init DIR`",
        "请在网站文件夹中运行 gongkai，或用 --root DIR 指定网站文件夹，或用 `gongkai init DIR` 新建网站",
    ),
    (
        "write the pattern with {{uscc}}, {{org}}, {{key}} or {{code}}, {{year}} and {{serial:05}}, for example \"{{uscc}}/{{year}}-{{serial:05}}\"",
        "编号规则用 {{uscc}}、{{org}}、{{key}} 或 {{code}}、{{year}} 和 {{serial:05}} 写成，例如 “{{uscc}}/{{year}}-{{serial:05}}”",
    ),
    (
        "write the full address such as https://example.gov.cn/xxgk/, or leave base_url out for links that work anywhere",
        "写完整的网址，例如 https://example.gov.cn/xxgk/；或不写 base_url，链接在任何位置都能用",
    ),
    ("site.title is empty", "site.title（网站名称）是空的"),
    (
        "give the site its name, for example 示例县人民政府信息公开",
        "给网站起个名字，例如 示例县人民政府信息公开",
    ),
    (
        "site.per_page must be at least 1",
        "site.per_page（每页条数）至少为 1",
    ),
    ("the default is 20 records per page", "默认每页 20 条记录"),
    ("site.levels is empty", "site.levels（本站层级）是空的"),
    (
        "list the levels this site publishes, such as [county, township], or leave the key out for all",
        "列出本站发布的层级，例如 [county, township]；不写这个键则发布所有层级",
    ),
    (
        "publisher key `{key}` is not a simple name",
        "发布机构 key `{key}` 不是简单的名称",
    ),
    (
        "use lower-case ASCII letters, digits and `-`, for example `mz` or `dsz`",
        "用小写 ASCII 字母、数字和 `-`，例如 `mz` 或 `dsz`",
    ),
    (
        "publisher key `{key}` is used twice",
        "发布机构 key `{key}` 用了两次",
    ),
    (
        "the first is publisher number {first}; give each publisher its own key",
        "第一次是第 {first} 个发布机构；每个发布机构要有自己的 key",
    ),
    (
        "`{code}` is not a unified social credit code",
        "`{code}` 不是统一社会信用代码",
    ),
    (
        "a code has 18 characters: digits and capital letters except I, O, S, V, Z, with digits in positions 3 to 8",
        "统一社会信用代码有 18 位：数字和除 I、O、S、V、Z 以外的大写字母，第 3 到 8 位是数字",
    ),
    (
        "the check character of `{code}` should be `{expected}`",
        "`{code}` 的校验位应为 `{expected}`",
    ),
    (
        "compare the code with the publisher's registration certificate; a few early codes really fail the check",
        "请与发布机构的登记证书核对代码；少数早期的代码确实通不过校验",
    ),
    (
        "index_code `{code}` cannot stand in an 索引号",
        "index_code `{code}` 不能用在索引号中",
    ),
    (
        "use ASCII letters, digits, `-`, `_`, `.` and `/`, as the code appears in the site's existing 索引号",
        "用 ASCII 字母、数字、`-`、`_`、`.` 和 `/`，按本站已有索引号中的写法",
    ),
    (
        "publisher `{key}` has no {field}, but site.index_no uses {placeholder}",
        "发布机构 `{key}` 没有 {field}，但 site.index_no 用到了 {placeholder}",
    ),
    (
        "area id `{id}` is not a URL-safe name",
        "领域 id `{id}` 不能安全地用在网址中",
    ),
    (
        "use lower-case ASCII letters, digits and `-`, for example social-assistance; the id appears in URLs and must never change",
        "用小写 ASCII 字母、数字和 `-`，例如 social-assistance；id 会出现在网址中，永远不能改",
    ),
    ("area id `{id}` is used twice", "领域 id `{id}` 用了两次"),
    (
        "area number {first} already has this id; merge the two areas or rename one",
        "第 {first} 个领域已经用了这个 id；请合并这两个领域，或改其中一个的 id",
    ),
    (
        "item id `{id}` is not a URL-safe name",
        "事项 id `{id}` 不能安全地用在网址中",
    ),
    (
        "use lower-case ASCII letters, digits and `-`, for example dibao-review",
        "用小写 ASCII 字母、数字和 `-`，例如 dibao-review",
    ),
    (
        "item number {first} of this area already has this id",
        "本领域的第 {first} 个事项已经用了这个 id",
    ),
    (
        "time_limit.text is empty",
        "time_limit.text（公开时限原文）是空的",
    ),
    (
        "copy the 公开时限 text of the official catalog, for example 信息形成或者变更之日起20个工作日内",
        "照抄标准目录中的公开时限原文，例如 信息形成或者变更之日起20个工作日内",
    ),
    (
        "give the number of days, or leave days and unit out when the limit is not a fixed number of days",
        "请写明天数；时限不是固定天数时，不写 days 和 unit",
    ),
    (
        "time_limit has days but no unit",
        "time_limit 有天数（days）但没有单位（unit）",
    ),
    (
        "add `unit: workday` (工作日) or `unit: day` (自然日)",
        "加上 `unit: workday`（工作日）或 `unit: day`（自然日）",
    ),
    (
        "time_limit has a unit but no days",
        "time_limit 有单位（unit）但没有天数（days）",
    ),
    (
        "add `days: N`, or remove `unit` when the limit is text only",
        "加上 `days: N`；时限只有文字时，删除 `unit`",
    ),
    ("channel `{key}` is listed twice", "渠道 `{key}` 列了两次"),
    ("list each channel once", "每个渠道只列一次"),
    (
        "channel `other` needs `channel_other` naming the platform",
        "渠道 `other`（其他）需要用 `channel_other` 写明平台名称",
    ),
    (
        "add `channel_other: 平台名称`, for example channel_other: 公共资源交易平台",
        "加上 `channel_other: 平台名称`，例如 channel_other: 公共资源交易平台",
    ),
    (
        "`channel_other` is set but `other` is not among the channels",
        "写了 `channel_other`，但渠道中没有 `other`",
    ),
    (
        "add `other` to channels, or remove channel_other",
        "在 channels 中加上 `other`，或删除 channel_other",
    ),
    ("levels is empty", "levels（公开层级）是空的"),
    (
        "list the levels that publish the item: county, township, village",
        "列出发布该事项的层级：county（县级）、township（乡级）、village（村级）",
    ),
    (
        "`{written}` is not an organisation code",
        "`{written}` 不是组织机构代码",
    ),
    (
        "an organisation code has 9 characters, digits and capital letters, written with or without a `-` before the last one, for example 01527918-X",
        "组织机构代码有 9 位，由数字和大写字母组成，最后一位前可以有或没有 `-`，例如 01527918-X",
    ),
    (
        "the check character of organisation code `{written}` does not match",
        "组织机构代码 `{written}` 的校验位不对",
    ),
    (
        "compare the code with the publisher's certificate; 索引号 with a wrong code stay valid",
        "请与发布机构的证书核对代码；代码有误的索引号仍然有效",
    ),
    (
        "organisation code `{written}` differs from positions 9–17 of the credit code `{uscc}`",
        "组织机构代码 `{written}` 与统一社会信用代码 `{uscc}` 的第 9–17 位不同",
    ),
    (
        "a credit code contains the organisation code; check both, or leave org_code out to take it from the credit code",
        "统一社会信用代码中包含组织机构代码；请核对两者，或不写 org_code，从统一社会信用代码中取",
    ),
    (
        "base_url `{url}` must start with https:// or http://",
        "base_url `{url}` 必须以 https:// 或 http:// 开头",
    ),
    (
        "base_url `{url}` is not a web address",
        "base_url `{url}` 不是网址",
    ),
    (
        "`{{{name}}}` needs a width from 1 to 12, such as {{serial:05}}, or a range such as {{serial:5-7}}",
        "`{{{name}}}` 需要 1 到 12 的位数，例如 {{serial:05}}，或一个范围，例如 {{serial:5-7}}",
    ),
    (
        "`{{{name}}}`: the fewest digits ({min}) are more than the most ({max})",
        "`{{{name}}}`：最少位数（{min}）大于最多位数（{max}）",
    ),
    (
        "unknown placeholder `{{{name}}}`; use {{uscc}}, {{org}}, {{key}}, {{code}}, {{year}}, {{month}}, {{day}}, {{digits:N}} and {{serial:05}}",
        "未知的占位符 `{{{name}}}`；可用 {{uscc}}、{{org}}、{{key}}、{{code}}、{{year}}、{{month}}、{{day}}、{{digits:N}} 和 {{serial:05}}",
    ),
    (
        "`{text}` must contain exactly one {{serial}}",
        "`{text}` 中必须恰好有一个 {{serial}}",
    ),
    (
        "a number directly follows {{serial}}; put a separator such as `-` between them, or give the serial a range such as {{serial:5-5}}",
        "{{serial}} 后面紧跟着数字；请在两者之间加分隔符，例如 `-`，或给流水号一个范围，例如 {{serial:5-5}}",
    ),
    (
        "publisher `{key}` has no `{field}` for {placeholder}",
        "发布机构 `{key}` 没有 {placeholder} 所需的 `{field}`",
    ),
    (
        "it should start with the credit code of publisher `{key}` ({code})",
        "应以发布机构 `{key}` 的统一社会信用代码（{code}）开头",
    ),
    (
        "it should contain the organisation code of publisher `{key}` ({code})",
        "应包含发布机构 `{key}` 的组织机构代码（{code}）",
    ),
    (
        "it should contain the index_code of publisher `{key}` ({code})",
        "应包含发布机构 `{key}` 的 index_code（{code}）",
    ),
    (
        "it should contain the publisher key `{key}`",
        "应包含发布机构 key `{key}`",
    ),
    (
        "its year should be {y}, the year of `published`",
        "年份应为 {y}，即 `published`（发布日期）的年份",
    ),
    (
        "its month should be {m}, the month of `published`",
        "月份应为 {m}，即 `published`（发布日期）的月份",
    ),
    (
        "its day should be {d}, the day of `published`",
        "日应为 {d}，即 `published`（发布日期）的日",
    ),
    (
        "expected {min} to {max} digits at `{rest}`",
        "在 `{rest}` 处应有 {min} 到 {max} 位数字",
    ),
    (
        "expected {min} digits at `{rest}`",
        "在 `{rest}` 处应有 {min} 位数字",
    ),
    (
        "its serial number should have {min} to {max} digits",
        "流水号应有 {min} 到 {max} 位",
    ),
    (
        "its serial number should have {min} digits",
        "流水号应有 {min} 位",
    ),
    (
        "its serial number should have at least {min} digits",
        "流水号至少应有 {min} 位",
    ),
    ("unexpected `{rest}` at the end", "末尾多出了 `{rest}`"),
    ("its serial number is too long", "流水号太长"),
    ("site.index_no is an empty list", "site.index_no 是空列表"),
    (
        "the first pattern makes new numbers, so it cannot hold {{digits}}; put a pattern without it first",
        "新编号按第一种规则生成，所以第一种规则中不能有 {{digits}}；请把不含它的规则放在第一位",
    ),
    (
        "every serial number of pattern `{first}` is used for publisher `{key}` in this period",
        "发布机构 `{key}` 在这一期间内已用完规则 `{first}` 的所有流水号",
    ),
    (
        "write the old address as a path of this site, such as /art/2019/3/5/art_1229_123.html",
        "把旧网址写成本站的路径，例如 /art/2019/3/5/art_1229_123.html",
    ),
    (
        "alias `{written}` is a full web address, but site.base_url is not set",
        "原网址 `{written}` 是完整的网址，但没有设置 site.base_url",
    ),
    (
        "{path_only}; without base_url gongkai cannot tell whether the address is this site's",
        "{path_only}；没有 base_url，gongkai 无法判断这个网址是不是本站的",
    ),
    (
        "alias `{written}` is an address outside this site ({base})",
        "原网址 `{written}` 是本站以外的网址（{base}）",
    ),
    (
        "{path_only}; links to another host are redirected on that host",
        "{path_only}；其他网站的链接要在那个网站上跳转",
    ),
    (
        "alias `{written}` has a query or fragment (`?` or `#`)",
        "原网址 `{written}` 带有查询或片段（`?` 或 `#`）",
    ),
    (
        "a static site cannot tell addresses apart by what follows `?` or `#`; redirect such links on the web server, or leave the alias out",
        "静态网站无法按 `?` 或 `#` 后面的内容区分网址；请在网站服务器上跳转这类链接，或不写这个原网址",
    ),
    (" (decoded: `{decoded}`)", "（解码后：`{decoded}`）"),
    (
        "alias `{written}` leads outside the site{encoded_note}",
        "原网址 `{written}` 指向网站之外{encoded_note}",
    ),
    (
        "an alias names one old address inside this site; remove the `.` and `..` parts",
        "原网址应是本站内的一个旧网址；请删除其中的 `.` 和 `..` 部分",
    ),
    (
        "alias `{written}` contains `{shown}`, which an old path may not hold{encoded_note}",
        "原网址 `{written}` 含有 `{shown}`，旧路径中不能有这个字符{encoded_note}",
    ),
    (
        "use ASCII letters, digits and - _ . ~ + , = @ ! between `/`; percent-escapes are decoded first",
        "在 `/` 之间用 ASCII 字母、数字和 - _ . ~ + , = @ !；百分号编码会先解码",
    ),
    (
        "alias `{written}` has an empty part (`//`)",
        "原网址 `{written}` 中有空的部分（`//`）",
    ),
    ("write each `/` once", "每个 `/` 只写一次"),
    (
        "alias `{written}` has a part starting with `.`",
        "原网址 `{written}` 中有以 `.` 开头的部分",
    ),
    (
        "web servers hide such files; an alias cannot use one",
        "网站服务器会隐藏这类文件；原网址不能用它",
    ),
    ("gongkai's list of redirects", "gongkai 的跳转列表"),
    (
        "alias `{written}` is the address of a page of this site: {out}, from {origin}",
        "原网址 `{written}` 是本站一个页面的网址：{out}，来自 {origin}",
    ),
    (
        "an alias is an old address that no page uses any more; remove it, or remove the page",
        "原网址应是已不再有页面使用的旧网址；请删除这个原网址，或删除那个页面",
    ),
    (
        "alias `{written}` needs a folder {folder}/, but that is a file of this site, from {origin}",
        "原网址 `{written}` 需要文件夹 {folder}/，但那是本站的一个文件，来自 {origin}",
    ),
    (
        "remove the alias: the site already uses that address",
        "删除这个原网址：本站已在使用这个网址",
    ),
    (
        "alias `{written}` would be a file where the site has the folder {out}/",
        "原网址 `{written}` 会成为一个文件，而本站在同一位置有文件夹 {out}/",
    ),
    (
        "write the alias with a trailing `/` if the old address was a folder, or remove it",
        "如果旧网址是文件夹，就在原网址末尾加 `/`；否则删除它",
    ),
    (
        "alias `{written}` needs a folder {parent}/, where another alias is a file",
        "原网址 `{written}` 需要文件夹 {parent}/，而另一个原网址在同一位置是文件",
    ),
    (
        "two aliases cannot be a file and a folder of the same name; remove one",
        "两个原网址不能分别是同名的文件和文件夹；请删除一个",
    ),
    ("this file (`{written}`)", "本文件（`{written}`）"),
    (
        "alias `{written}` is also listed by {others}",
        "原网址 `{written}` 也列在 {others} 中",
    ),
    (
        "an old address can redirect to one place only; keep the alias on the record it belongs to",
        "一个旧网址只能跳转到一个地方；把这个原网址留在它所属的记录上",
    ),
    // src/catalog.rs, src/index_no.rs
    ("reading {path}", "读取 {path}"),
    (
        "add the publisher's 18-character unified social credit code as `uscc:`",
        "加上发布机构 18 位的统一社会信用代码，写作 `uscc:`",
    ),
    (
        "add the publisher's 9-character organisation code as `org_code:` (or its credit code as `uscc:`, which contains it)",
        "加上发布机构 9 位的组织机构代码，写作 `org_code:`（或写它的统一社会信用代码 `uscc:`，其中包含组织机构代码）",
    ),
    (
        "add the code the publisher's 索引号 start with as `index_code:`, for example index_code: xzfgzbmzfb",
        "加上发布机构索引号开头的代码，写作 `index_code:`，例如 index_code: xzfgzbmzfb",
    ),
    (
        "item id `{id}` is used twice in area `{area}`",
        "事项 id `{id}` 在领域 `{area}` 中用了两次",
    ),
    ("time_limit.days is 0", "time_limit.days（天数）为 0"),
    (
        "`{{` without `}}` in `{text}`",
        "`{text}` 中有 `{{` 而没有对应的 `}}`",
    ),
    ("expected `{lit}` at `{rest}`", "在 `{rest}` 处应为 `{lit}`"),
    // src/markdown.rs, src/render.rs, src/calendar.rs, src/theme.rs, src/build.rs, src/report.rs, src/output.rs, src/xlsx.rs, and file errors
    (
        "link to the source file relative to this one, for example `../budget/2024-report.md`",
        "链接源文件，路径相对于本文件，例如 `../budget/2024-report.md`",
    ),
    (
        "only http, https, mailto and tel links are published",
        "只发布 http、https、mailto 和 tel 链接",
    ),
    (
        "raw HTML is sanitized: scripts, styles, frames and event handlers are never published",
        "原始 HTML 会被清理：脚本、样式、框架和事件处理属性一律不发布",
    ),
    ("removed a `{scheme}:` image", "删除了一个 `{scheme}:` 图片"),
    ("removed a `{scheme}:` link", "删除了一个 `{scheme}:` 链接"),
    (
        "absolute link `{dest}` in Markdown",
        "Markdown 中的绝对链接 `{dest}`",
    ),
    ("the `{name}` attribute", "`{name}` 属性"),
    ("a `{scheme}:` URL", "`{scheme}:` 网址"),
    ("{init} and {last}", "{init}和{last}"),
    ("removed {list} from raw HTML", "从原始 HTML 中删除了{list}"),
    (
        "fix the template syntax; see the Tera documentation for tags and filters",
        "请修正模板语法；标签和过滤器见 Tera 的文档",
    ),
    (
        " (and on {n} more page)| (and on {n} more pages)",
        "（另有 {n} 个页面也是如此）",
    ),
    ("theme static/{name}", "主题 static/{name}"),
    (
        "{message}, on {page} (from {origin})",
        "{message}，页面 {page}（来自 {origin}）",
    ),
    (
        "the template uses a value this page does not have; see src/view.rs for the data each template receives",
        "模板用到了这个页面没有的值；每个模板得到的数据见 src/view.rs",
    ),
    (
        "embedded calendar is broken: {message}",
        "内置日历已损坏：{message}",
    ),
    (
        "`{entry}` is not a date or a date range",
        "`{entry}` 不是日期或日期范围",
    ),
    (
        "write a holiday as 2024-10-01, or a range as \"2024-10-01..2024-10-07\" (start first)",
        "节假日写作 2024-10-01，日期范围写作 “2024-10-01..2024-10-07”（开始日期在前）",
    ),
    ("`{entry}` is not a date", "`{entry}` 不是日期"),
    (
        "write a make-up working day as YYYY-MM-DD, for example 2024-09-29",
        "调休上班日写作 YYYY-MM-DD，例如 2024-09-29",
    ),
    ("(default theme) {path}", "（默认主题）{path}"),
    (
        "site.theme `{theme_name}`: there is no folder themes/{theme_name}",
        "site.theme `{theme_name}`：没有 themes/{theme_name} 文件夹",
    ),
    (
        "create the theme folder, or use `theme: default`",
        "创建主题文件夹，或使用 `theme: default`",
    ),
    (
        "interface string `{key}` is missing",
        "界面文字 `{key}` 缺失",
    ),
    (
        "add the key to the theme's i18n file",
        "在主题的 i18n 文件中加上这个键",
    ),
    (
        "site.base_url is not set: sitemap.xml, the feeds and the open data use addresses relative to the site root",
        "没有设置 site.base_url：sitemap.xml、订阅源和开放数据使用相对于网站根目录的地址",
    ),
    (
        "search engines and feed readers need absolute URLs; set base_url (or pass --base-url) when the site's address is known",
        "搜索引擎和订阅阅读器需要绝对网址；网站地址确定后，请设置 base_url（或使用 --base-url）",
    ),
    (
        "output file {path} is also produced by {first}",
        "输出文件 {path} 也由 {first} 生成",
    ),
    (
        "two things would be published at the same address; rename the file or change the 索引号 or page kind",
        "两样内容会发布在同一个网址；请重命名文件，或更改索引号或页面类型",
    ),
    (
        "the output folder {out_dir} would contain the site's sources; choose another --out",
        "输出文件夹 {out_dir} 会包含网站的源文件；请用 --out 选择别的文件夹",
    ),
    (
        "an annual report must be at content/reports/<publisher key>/<year>.yaml",
        "年报必须放在 content/reports/<发布机构key>/<年份>.yaml",
    ),
    (
        "move the file, for example to content/reports/zf/2025.yaml",
        "把文件移过去，例如 content/reports/zf/2025.yaml",
    ),
    ("`{year_text}` is not a year", "`{year_text}` 不是年份"),
    (
        "name the file after the report's year, for example 2025.yaml",
        "用年报的年份作文件名，例如 2025.yaml",
    ),
    (
        "there is no publisher `{key}` for this report",
        "没有与这份年报对应的发布机构 `{key}`",
    ),
    (
        "the folder name is the key of a publisher in catalog.yaml",
        "文件夹名是 catalog.yaml 中某个发布机构的 key",
    ),
    (
        "table 3, row 「{row_name}」 has {values} numbers, not 7",
        "表三「{row_name}」行有 {values} 个数，不是 7 个",
    ),
    (
        "write the seven columns in order: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计",
        "按顺序写七列：自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计",
    ),
    (
        "table 3, row 「{row_name}」, column 总计: the total is {values} but the six applicant columns add up to {sum}",
        "表三「{row_name}」行“总计”列：总计为 {values}，但六个申请人列合计为 {sum}",
    ),
    (
        "总计 is the sum of 自然人 and the five 法人或其他组织 columns",
        "总计等于自然人与五个法人或其他组织列之和",
    ),
    (
        "table 4, row 「{label}」 has {values} numbers, not 5",
        "表四「{label}」行有 {values} 个数，不是 5 个",
    ),
    (
        "write the five columns in order: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计",
        "按顺序写五列：结果维持, 结果纠正, 其他结果, 尚未审结, 总计",
    ),
    (
        "table 4, row 「{label}」, column 总计: the total is {values} but 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {sum}",
        "表四「{label}」行“总计”列：总计为 {values}，但 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {sum}",
    ),
    (
        "总计 is the sum of the four result columns",
        "总计等于四个结果列之和",
    ),
    (
        "table 2, 行政事业性收费: {fees} is not an amount",
        "表二 行政事业性收费：{fees} 不是金额",
    ),
    (
        "write the amount collected this year in 万元, for example 12.5",
        "填写本年度收取的金额，单位万元，例如 12.5",
    ),
    (
        "table 3, row 「三、本年度办理结果 （七）总计」, column {name}: the total is {col} but （一） to （六） add up to {sum}",
        "表三「三、本年度办理结果 （七）总计」行 {name} 列：总计为 {col}，但（一）到（六）合计为 {sum}",
    ),
    (
        "（七）总计 is the sum of every result row above it",
        "（七）总计等于上面各结果行之和",
    ),
    (
        "table 3, column {name}: 一 + 二 = {incoming} but （七）总计 + 四 = {outgoing}",
        "表三 {name} 列：一 + 二 = {incoming}，但 （七）总计 + 四 = {outgoing}",
    ),
    (
        "every request received this year or carried over is either handled (（七）总计) or carried forward to next year (四)",
        "本年度新收和上年结转的申请，要么已办理（（七）总计），要么结转下年度（四）",
    ),
    ("writing {path}", "写入 {path}"),
    ("renaming {from} to {to}", "把 {from} 重命名为 {to}"),
    ("replacing the empty folder {path}", "替换空文件夹 {path}"),
    ("copying {from} to {to}", "把 {from} 复制到 {to}"),
    (
        "internal error: {path} was written to a staging folder, not kept",
        "内部错误：{path} 已写入暂存文件夹，没有保留内容",
    ),
    (
        "internal error: {written} of {total} output files were written",
        "内部错误：{total} 个输出文件只写入了 {written} 个",
    ),
    (
        "refusing to write output path `{path}` (from {origin})",
        "拒绝写入输出路径 `{path}`（来自 {origin}）",
    ),
    ("creating {path}", "创建 {path}"),
    ("deleting {path}", "删除 {path}"),
    (
        "the file is not a readable Office document ({e}); open and save it again",
        "文件不是可读的 Office 文档（{e}）；请打开后重新保存",
    ),
    (
        "the workbook's parts cannot be listed: {e}",
        "无法列出工作簿的组成部分：{e}",
    ),
    ("the workbook has no worksheets", "工作簿中没有工作表"),
    (
        "part {name} cannot be read: {e}",
        "无法读取组成部分 {name}：{e}",
    ),
    ("reading {path}: {e}", "读取 {path}：{e}"),
    ("creating {path}: {e}", "创建 {path}：{e}"),
    ("writing {path}: {e}", "写入 {path}：{e}"),
    // serde's messages, src/text.rs
    (
        "unknown field `{field}`, expected {expected}",
        "未知的键 `{field}`，可用的键：{expected}",
    ),
    (
        "unknown variant `{variant}`, expected {expected}",
        "未知的值 `{variant}`，可用的值：{expected}",
    ),
    ("missing field `{field}`", "缺少键 `{field}`"),
    ("repetition limit exceeded", "别名重复展开的次数超出限制"),
    ("recursion limit exceeded", "嵌套层数超出限制"),
    (
        "the file is {size} MiB; limits.max_file_mb allows {max} MiB",
        "文件大小为 {size} MiB；limits.max_file_mb 只允许 {max} MiB",
    ),
    (
        "put large tables and documents in attachments beside the record and keep the Markdown to the notice itself, or raise `limits.max_file_mb` in catalog.yaml",
        "大的表格和文档请作为附件放在记录旁边，Markdown 中只写通知本身；或在 catalog.yaml 中调高 `limits.max_file_mb`",
    ),
    (
        "content/ holds {n} records and pages; limits.max_records allows {max}",
        "content/ 中有 {n} 个记录和页面文件；limits.max_records 只允许 {max} 个",
    ),
    (
        "none was read; remove files that do not belong to the site, or raise `limits.max_records` in catalog.yaml",
        "没有读取任何文件；请删除不属于本网站的文件，或在 catalog.yaml 中调高 `limits.max_records`",
    ),
    (
        "`{key}` is {len} characters long; limits.max_field_chars allows {max}",
        "`{key}` 长 {len} 个字符；limits.max_field_chars 只允许 {max} 个",
    ),
    (
        "shorten the value (long text belongs in the body below the front matter), or raise `limits.max_field_chars` in catalog.yaml",
        "请缩短该值（长文字应写在前置信息下方的正文中），或在 catalog.yaml 中调高 `limits.max_field_chars`",
    ),
    (
        "limits.max_file_mb is {value}; it must be between 1 and {max}",
        "limits.max_file_mb 为 {value}；应在 1 到 {max} 之间",
    ),
    (
        "the default is 5 (MiB); a record is read whole into memory on every build",
        "默认值为 5（MiB）；每次构建都会把记录整个读入内存",
    ),
    (
        "limits.max_records is 0; it must be at least 1",
        "limits.max_records 为 0；至少应为 1",
    ),
    (
        "the default is 200000 records and pages",
        "默认值为 200000 个记录和页面",
    ),
    (
        "limits.max_nesting is {value}; it must be between {min} and {max}",
        "limits.max_nesting 为 {value}；应在 {min} 到 {max} 之间",
    ),
    (
        "the default is 32 levels; catalog.yaml itself needs 6, and the YAML reader stops at 128",
        "默认值为 32 层；catalog.yaml 本身需要 6 层，YAML 读取器最多读到 128 层",
    ),
    (
        "limits.max_field_chars is 0; it must be at least 1",
        "limits.max_field_chars 为 0；至少应为 1",
    ),
    ("the default is 1000 characters", "默认值为 1000 个字符"),
    ("the document", "整个文件"),
    (
        "{what} is nested {total} levels deep; limits.max_nesting allows {max}",
        "{what} 嵌套了 {total} 层；limits.max_nesting 只允许 {max} 层",
    ),
    (
        "values are text, lists and simple mappings; raise `limits.max_nesting` in catalog.yaml only if such a structure is really meant",
        "字段值应为文字、列表或简单的映射；只有确实需要这样的结构时，才在 catalog.yaml 中调高 `limits.max_nesting`",
    ),
    (
        "`{path}` contains the control character U+{code}",
        "`{path}` 含有控制字符 U+{code}",
    ),
    (
        "removed bidirectional control characters from `{path}`",
        "已从 `{path}` 中删除双向控制字符",
    ),
    (
        "the file contains the control character U+{code}",
        "文件中含有控制字符 U+{code}",
    ),
    (
        "retype the text around it: control characters are invisible and never belong in a site's files; they usually come from a damaged file or a bad copy and paste",
        "请重新输入它附近的文字：控制字符看不见，不应出现在网站的文件中；它们通常来自损坏的文件或有问题的复制粘贴",
    ),
    ("a document without a number", "有文档没有编号"),
    ("a search bucket is damaged", "搜索索引的一个分组文件已损坏"),
    (
        "a search fragment file is damaged",
        "搜索结果片段文件已损坏",
    ),
    ("a search table is damaged", "搜索索引的一个对照表已损坏"),
    ("a term that is not UTF-8", "有一个词不是 UTF-8 文本"),
    ("committing the search index", "提交搜索索引"),
    ("document number out of range", "文档编号超出范围"),
    ("finishing the search index", "完成搜索索引"),
    ("indexing a record", "为记录建立索引"),
    ("opening the search index", "打开搜索索引"),
    ("reading document numbers", "读取文档编号"),
    ("reading the search manifest", "读取搜索索引清单"),
    ("starting the search indexer", "启动搜索索引程序"),
    (
        "the search facets file is damaged",
        "搜索筛选数据文件已损坏",
    ),
    ("the search index is damaged", "搜索索引已损坏"),
    (
        "the search index is damaged: a fragment is missing",
        "搜索索引已损坏：缺少一个结果片段",
    ),
    ("the search manifest is damaged", "搜索索引清单已损坏"),
    (
        "reading the search index file {path}",
        "读取搜索索引文件 {path}",
    ),
    (
        "the search index has format {found} where {expected} is expected: rebuild the site",
        "搜索索引的格式为 {found}，应为 {expected}：请重新构建网站",
    ),
    (
        "the search index is damaged: document {doc} has no facets",
        "搜索索引已损坏：文档 {doc} 没有筛选数据",
    ),
    (
        "{path} is not a search index file",
        "{path} 不是搜索索引文件",
    ),
    (
        "did not find expected key",
        "未找到应有的键（冒号前的名称）",
    ),
    ("did not find expected node content", "未找到应有的值"),
    (
        "did not find expected '-' indicator",
        "未找到应有的列表项标记 '-'",
    ),
    (
        "did not find expected ',' or ']'",
        "未找到应有的 ',' 或 ']'",
    ),
    (
        "did not find expected ',' or '}'",
        "未找到应有的 ',' 或 '}'",
    ),
    (
        "did not find expected comment or line break",
        "此处应为注释或换行",
    ),
    (
        "mapping values are not allowed in this context",
        "此处不能出现“键: 值”（多了一个冒号，或缩进不对）",
    ),
    (
        "block sequence entries are not allowed in this context",
        "此处不能出现列表项（以 - 开头的行缩进不对）",
    ),
    (
        "found character that cannot start any token",
        "发现不能作为开头的字符",
    ),
    (
        "found unexpected end of stream",
        "文件意外结束（可能缺少结束引号或括号）",
    ),
    (
        "found a tab character that violates indentation",
        "发现制表符（Tab）破坏了缩进；请改用空格",
    ),
    (
        "found a tab character where an indentation space is expected",
        "应为缩进空格的地方出现了制表符（Tab）；请改用空格",
    ),
    ("could not find expected ':'", "未找到应有的冒号 ':'"),
    (
        "found unknown escape character",
        "发现未知的转义字符（引号内的反斜杠）",
    ),
    (
        "found unexpected document indicator",
        "发现意外的文档分隔符（---）",
    ),
    ("found duplicate anchor", "发现重复的锚点（&名称）"),
    ("found undefined alias", "发现未定义的别名（*名称）"),
    ("duplicate entry with key", "重复的键"),
    (", while parsing a block mapping", "，出现在解析键值映射时"),
    (", while parsing a block collection", "，出现在解析列表时"),
    (", while parsing a flow sequence", "，出现在解析 [ ] 列表时"),
    (
        ", while parsing a flow mapping",
        "，出现在解析花括号内的映射时",
    ),
    (", while parsing a node", "，出现在解析一个值时"),
    (", while scanning a simple key", "，出现在读取一个键时"),
    (
        ", while scanning a quoted scalar",
        "，出现在读取带引号的文字时",
    ),
    (", while scanning a plain scalar", "，出现在读取文字时"),
    (", while scanning a block scalar", "，出现在读取多行文字时"),
    (", while scanning an anchor", "，出现在读取锚点时"),
    (", while scanning an alias", "，出现在读取别名时"),
    (", while scanning a tag", "，出现在读取标签时"),
    (
        " at line {line} column {column}",
        "（第 {line} 行第 {column} 列）",
    ),
];
