//! Writes a deterministic benchmark corpus: N disclosure records spread over the areas and
//! items of the demo catalog, as a gongkai site and, with `--hugo DIR`, as the same records
//! in a Hugo site. The same N always gives the same bytes.
//!
//! `--hugo-theme` picks the Hugo site's theme:
//! - `equivalent` (the default) makes Hugo write the pages gongkai writes, with the same
//!   content and HTML shell: record pages (metadata table, body with wrapped tables, heading
//!   ids, attachments), area pages with the catalog grid, item and publisher pages paginated
//!   by `site.per_page`, the publishers index, the home, catalog, annual-report and 404 pages,
//!   RSS feeds of the latest 50 records for the site, each area and each publisher (where
//!   gongkai writes Atom), sitemap.xml and robots.txt. Its templates are the files under
//!   `bench/hugo-equivalent/`, built into this binary. Left out: the search index and the
//!   open-data files.
//! - `minimal` is the small theme of the first benchmarks (a record page is its title and a
//!   five-row table; no feeds), kept so that earlier figures stay reproducible.
//!
//! cargo run --release --example corpus -- --records 10000 --out /tmp/bench/site --hugo /tmp/bench/hugo

use gongkai::catalog::{Area, Audience, Catalog, Channel, Cycle, Item, Level, Method};
use gongkai::date::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64*), so the corpus needs no random crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "东山镇",
    "西河乡",
    "南湖街道",
    "北岭村",
    "青石村",
    "柳塘社区",
    "城关镇",
    "桃源乡",
    "白沙村",
    "红旗社区",
    "示例县",
    "县城区",
];
const SUBJECTS: &[&str] = &[
    "最低生活保障",
    "特困人员供养",
    "临时救助",
    "高龄津贴",
    "养老服务补贴",
    "城乡供水一体化",
    "农村危房改造",
    "老旧小区改造",
    "道路提升改造",
    "污水处理设施",
    "生活垃圾分类",
    "大气污染防治",
    "河道综合治理",
    "耕地地力保护补贴",
    "农机购置补贴",
    "防汛抗旱",
    "安全生产专项整治",
    "食品安全抽检",
    "药品质量监督",
    "义务教育招生",
    "学生资助",
    "基本医疗保险",
    "城乡居民养老保险",
    "就业创业补贴",
    "职业技能培训",
    "公共租赁住房",
    "保障性租赁住房",
    "政府采购",
    "国有土地使用权出让",
    "征地补偿安置",
    "户籍迁移",
    "居民身份证办理",
    "公共法律服务",
    "人民调解",
    "文化惠民演出",
    "全民健身设施",
    "财政预算",
    "部门决算",
    "三公经费",
    "政府债务",
    "重大建设项目",
    "招标投标",
    "统计数据",
    "营商环境",
];
const ACTIONS: &[&str] = &[
    "公示",
    "通知",
    "实施方案",
    "工作要点",
    "办事指南",
    "考核结果",
    "资金分配表",
    "项目进展情况",
    "检查情况通报",
    "管理办法",
    "实施细则",
    "政策解读",
    "名单公告",
    "年度计划",
    "验收结果",
];
const ORGS: &[&str] = &[
    "县人民政府",
    "县民政局",
    "县财政局",
    "县住房和城乡建设局",
    "县农业农村局",
    "县教育局",
    "县卫生健康局",
    "县应急管理局",
    "县市场监督管理局",
    "县自然资源局",
];
const SENTENCES: &[&str] = &[
    "为进一步规范{s}工作，切实保障群众合法权益，根据有关法律法规和上级文件精神，结合本县实际，制定本方案。",
    "{p}严格按照程序组织开展{s}工作，经入户调查、民主评议和审核确认，现将有关情况予以公开，接受社会监督。",
    "本年度共安排{s}资金{n}万元，其中中央和省级补助{m}万元，县级配套资金已全部落实到位。",
    "各乡镇人民政府、县直有关部门要高度重视，明确责任分工，加强协调配合，确保各项任务按时保质完成。",
    "对公示内容如有异议，请于公示期内向{o}反映，联系电话（0000）{t}，我们将依法依规调查核实并予以答复。",
    "截至{y}年{mo}月底，全县{s}累计惠及群众{n}人次，完成年度目标任务的{pc}%，总体进展顺利。",
    "下一步，{o}将持续加强{s}监督管理，健全长效机制，推动政策措施落地见效，不断提升群众的获得感和满意度。",
    "申请人应当如实提供家庭收入、财产等有关材料，对隐瞒或者虚报的，一经查实，依法取消相关待遇并追回已发放资金。",
    "本办法自发布之日起施行，有效期五年。此前有关规定与本办法不一致的，以本办法为准。",
    "各单位要按照“谁主管、谁负责”的原则，落实信息公开保密审查制度，严禁在公开内容中出现个人隐私信息。",
];
const ENGLISH: &[&str] = &[
    "The county government publishes this notice on {s} in line with the Regulations on Open Government Information.",
    "Residents may consult the full text at the service centre or contact the responsible office during working hours.",
    "Funding for the programme amounts to {n} ten-thousand yuan, allocated to townships according to the approved plan.",
    "Comments on this announcement may be submitted within seven working days of its publication.",
];

fn fill(template: &str, rng: &mut Rng, subject: &str, place: &str, year: i32) -> String {
    template
        .replace("{s}", subject)
        .replace("{p}", place)
        .replace("{o}", rng.pick(ORGS))
        .replace("{n}", &(10 + rng.below(9000)).to_string())
        .replace("{m}", &(5 + rng.below(500)).to_string())
        .replace("{t}", &(1_000_000 + rng.below(8_999_999)).to_string())
        .replace("{y}", &year.to_string())
        .replace("{mo}", &(1 + rng.below(12)).to_string())
        .replace("{pc}", &(60 + rng.below(40)).to_string())
}

fn body(rng: &mut Rng, subject: &str, place: &str, year: i32, english: bool) -> String {
    let mut out = String::new();
    let sections = 1 + rng.below(4);
    let heads = ["一", "二", "三", "四"];
    for (i, head) in heads.iter().enumerate().take(sections) {
        if sections > 1 {
            writeln!(
                out,
                "## {head}、{}\n",
                ["基本情况", "主要内容", "工作要求", "监督方式"][i]
            )
            .ok();
        }
        for _ in 0..1 + rng.below(4) {
            let pool = if english { ENGLISH } else { SENTENCES };
            let n = 1 + rng.below(3);
            let para: Vec<String> = (0..n)
                .map(|_| {
                    let template = rng.pick(pool);
                    fill(template, rng, subject, place, year)
                })
                .collect();
            writeln!(out, "{}\n", para.join(if english { " " } else { "" })).ok();
        }
        if rng.below(4) == 0 {
            out.push_str("| 乡镇（街道） | 户数 | 人数 | 金额（元） |\n|---|---:|---:|---:|\n");
            for _ in 0..3 + rng.below(8) {
                writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    rng.pick(PLACES),
                    1 + rng.below(300),
                    1 + rng.below(900),
                    100 * (1 + rng.below(5000))
                )
                .ok();
            }
            out.push('\n');
        }
    }
    out
}

/// Which theme the Hugo site is written with (`--hugo-theme`).
#[derive(Clone, Copy)]
enum HugoTheme {
    /// The pages gongkai writes, with the same content and HTML shell.
    Equivalent,
    /// A title and a five-row table per record, no feeds: the theme of the first benchmarks.
    Minimal,
}

impl HugoTheme {
    fn parse(name: &str) -> anyhow::Result<HugoTheme> {
        match name {
            "equivalent" => Ok(HugoTheme::Equivalent),
            "minimal" => Ok(HugoTheme::Minimal),
            _ => anyhow::bail!("unknown Hugo theme {name}; use equivalent or minimal"),
        }
    }
}

struct Args {
    records: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
    hugo_theme: HugoTheme,
    catalog: PathBuf,
    /// A PDF given as a second attachment to every record that has one (`--pdf FILE`), so
    /// that the privacy benchmark reads PDF text too.
    pdf: Option<Vec<u8>>,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        records: 1000,
        out: PathBuf::from("/tmp/gongkai-corpus"),
        hugo: None,
        hugo_theme: HugoTheme::Equivalent,
        catalog: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        pdf: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))?;
        match flag.as_str() {
            "--records" => a.records = value.parse()?,
            "--out" => a.out = value.into(),
            "--hugo" => a.hugo = Some(value.into()),
            "--hugo-theme" => a.hugo_theme = HugoTheme::parse(&value)?,
            "--catalog-from" => a.catalog = value.into(),
            "--pdf" => a.pdf = Some(std::fs::read(&value)?),
            _ => anyhow::bail!(
                "unknown option {flag}; use --records N --out DIR [--hugo DIR [--hugo-theme equivalent|minimal]] [--catalog-from SITE] [--pdf FILE]"
            ),
        }
    }
    Ok(a)
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let a = args()?;
    let parsed = Catalog::load(&a.catalog)?;
    let catalog = parsed
        .catalog
        .ok_or_else(|| anyhow::anyhow!("the catalog in {} does not load", a.catalog.display()))?;
    if a.out.exists() {
        std::fs::remove_dir_all(&a.out)?;
    }
    std::fs::create_dir_all(a.out.join("content/records"))?;
    std::fs::copy(a.catalog.join("catalog.yaml"), a.out.join("catalog.yaml"))?;
    let items: Vec<(usize, usize)> = catalog
        .areas
        .iter()
        .enumerate()
        .flat_map(|(ai, area)| {
            area.items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.not_applicable.is_none())
                .map(move |(ii, _)| (ai, ii))
        })
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ a.records as u64);
    let mut serials: BTreeMap<(usize, i32), u64> = BTreeMap::new();
    let first = Date::parse("2019-01-02").ok_or_else(|| anyhow::anyhow!("date"))?;
    let span = first.days_until(Date::parse("2026-10-30").ok_or_else(|| anyhow::anyhow!("date"))?);
    if let Some(h) = &a.hugo {
        if h.exists() {
            std::fs::remove_dir_all(h)?;
        }
        match a.hugo_theme {
            HugoTheme::Equivalent => equivalent_skeleton(h, &catalog)?,
            HugoTheme::Minimal => hugo_skeleton(h, &catalog)?,
        }
    }
    for n in 0..a.records {
        let (ai, ii) = items[n % items.len()];
        let area = &catalog.areas[ai];
        let item = &area.items[ii];
        let p = rng.below(catalog.publishers.len());
        let publisher = &catalog.publishers[p];
        let formed = first.add_days(rng.below(span as usize) as i64);
        // About one record in ten is published late.
        let limit = if rng.below(10) == 0 { 60 } else { 20 };
        let published = formed.add_days(1 + rng.below(limit) as i64);
        let year = published.year();
        let serial = serials.entry((p, year)).or_insert(0);
        *serial += 1;
        let index_no = catalog
            .index_patterns
            .first()
            .format(publisher, published, *serial)
            .ok_or_else(|| anyhow::anyhow!("serial {serial} does not fit site.index_no"))?;
        let english = rng.below(20) == 0;
        let subject = rng.pick(SUBJECTS);
        let place = rng.pick(PLACES);
        let title = if english {
            format!("Notice on {} in {} ({year}, No. {n})", item.level1, place)
        } else {
            format!(
                "关于{}{year}年{}{}的{}（第{}号）",
                place,
                subject,
                item.level2.as_deref().unwrap_or(&item.level1),
                rng.pick(ACTIONS),
                n + 1
            )
        };
        let doc_no = (rng.below(3) == 0)
            .then(|| format!("示{}发〔{year}〕{}号", &publisher.key, 1 + rng.below(200)));
        let text = body(&mut rng, subject, place, year, english);
        let attach = rng.below(20) == 0;
        let file = format!("content/records/{}/{year}/{n:06}.md", area.id);
        let mut front = format!(
            "---\nindex_no: {index_no}\ntitle: \"{title}\"\nitem: {}/{}\npublisher: {}\nformed: {formed}\npublished: {published}\n",
            area.id, item.id, publisher.key
        );
        if let Some(d) = &doc_no {
            writeln!(front, "doc_no: {d}").ok();
        }
        let mut body_text = text.clone();
        let mut attachments: Vec<(String, Vec<u8>)> = Vec::new();
        if attach {
            let name = format!("{n:06}-list.csv");
            let dir = a.out.join(format!("content/records/{}/{year}", area.id));
            if let Some(pdf) = &a.pdf {
                let pdf_name = format!("{n:06}-list.pdf");
                std::fs::create_dir_all(&dir)?;
                std::fs::write(dir.join(&pdf_name), pdf)?;
                attachments.push((pdf_name.clone(), pdf.clone()));
                writeln!(front, "attachments: [{name}, {pdf_name}]").ok();
                writeln!(body_text, "[附件：名单（PDF）]({pdf_name})").ok();
            } else {
                writeln!(front, "attachments: [{name}]").ok();
            }
            writeln!(body_text, "[附件：名单]({name})").ok();
            let mut csv = String::from("姓名,证件号码,金额\n");
            for k in 0..20 {
                writeln!(
                    csv,
                    "张*{k},440524********{:04},{}",
                    rng.below(10_000),
                    100 + rng.below(900)
                )
                .ok();
            }
            write(
                &a.out
                    .join(format!("content/records/{}/{year}/{name}", area.id)),
                &csv,
            )?;
            attachments.push((name, csv.into_bytes()));
        }
        front.push_str("---\n");
        write(&a.out.join(&file), &format!("{front}{body_text}"))?;
        match (&a.hugo, a.hugo_theme) {
            (None, _) => {}
            (Some(h), HugoTheme::Equivalent) => {
                let unlisted = item.audience != Audience::Public && item.searchable != Some(true);
                let record = HugoRecord {
                    title: &title,
                    date: published.to_string(),
                    index_no: &index_no,
                    publisher_name: &publisher.name,
                    doc_no: doc_no.as_deref(),
                    formed: formed.to_string(),
                    validity: "有效",
                    method: method_label(item.method),
                    area_name: &area.name,
                    item_label: item_label(item),
                    publishers: [&publisher.key],
                    unlisted,
                    sitemap: unlisted.then_some(HugoSitemap { disable: true }),
                };
                write_equivalent_record(h, area, item, n, &record, &body_text, &attachments)?;
            }
            (Some(h), HugoTheme::Minimal) => {
                let hugo_front = format!(
                    "---\ntitle: \"{title}\"\ndate: {published}\nindex_no: \"{index_no}\"\npublisher_name: \"{}\"\ndoc_no: \"{}\"\nformed: {formed}\npublishers: [\"{}\"]\n---\n",
                    publisher.name,
                    doc_no.as_deref().unwrap_or(""),
                    publisher.key
                );
                write(
                    &h.join(format!("content/{}/{}/{n:06}.md", area.id, item.id)),
                    &format!("{hugo_front}{text}"),
                )?;
            }
        }
    }
    println!("wrote {} records to {}", a.records, a.out.display());
    Ok(())
}

/// hugo.toml, a minimal theme and the section pages for areas and items.
fn hugo_skeleton(dir: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    write(
        &dir.join("hugo.toml"),
        "baseURL = \"/\"\nlanguageCode = \"zh-cn\"\ntitle = \"示例县人民政府信息公开\"\nrelativeURLs = true\ndisableKinds = [\"RSS\"]\n[pagination]\npagerSize = 20\n[taxonomies]\npublisher = \"publishers\"\n",
    )?;
    let base = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><nav><a href=\"{{ .Site.Home.RelPermalink }}\">首页</a></nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n";
    write(&dir.join("layouts/_default/baseof.html"), base)?;
    write(
        &dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><table><tr><th>索引号</th><td>{{ .Params.index_no }}</td></tr><tr><th>发布机构</th><td>{{ .Params.publisher_name }}</td></tr><tr><th>文号</th><td>{{ .Params.doc_no }}</td></tr><tr><th>成文日期</th><td>{{ .Params.formed }}</td></tr><tr><th>发布日期</th><td>{{ .Date.Format \"2006-01-02\" }}</td></tr></table>{{ .Content }}{{ end }}\n",
    )?;
    write(
        &dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ range .Sections }}<p><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> ({{ len .RegularPagesRecursive }})</p>{{ end }}<ul>{{ range (.Paginate .RegularPages.ByDate.Reverse).Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>{{ template \"_internal/pagination.html\" . }}{{ end }}\n",
    )?;
    write(
        &dir.join("layouts/index.html"),
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 10 (where .Site.RegularPages \"Section\" \"ne\" \"\").ByDate.Reverse }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ range .Sections }}<p><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></p>{{ end }}{{ end }}\n",
    )?;
    for area in &catalog.areas {
        write(
            &dir.join(format!("content/{}/_index.md", area.id)),
            &format!("---\ntitle: \"{}\"\n---\n", area.name),
        )?;
        for item in &area.items {
            let label = [Some(item.level1.as_str()), item.level2.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / ");
            write(
                &dir.join(format!("content/{}/{}/_index.md", area.id, item.id)),
                &format!("---\ntitle: \"{label}\"\n---\n"),
            )?;
        }
    }
    Ok(())
}

/// The front matter of a record page in the equivalent Hugo theme: the fields its metadata
/// table, lists and feeds show, so that no template has to look them up.
#[derive(Serialize)]
struct HugoRecord<'a> {
    title: &'a str,
    date: String,
    index_no: &'a str,
    publisher_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_no: Option<&'a str>,
    formed: String,
    validity: &'static str,
    method: &'static str,
    area_name: &'a str,
    item_label: String,
    publishers: [&'a str; 1],
    /// Records of items meant for a specific audience: gongkai publishes them but keeps them
    /// out of feeds, the home page's latest list and the sitemap, with `noindex`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unlisted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    sitemap: Option<HugoSitemap>,
}

/// A page's sitemap settings in Hugo's front matter.
#[derive(Serialize)]
struct HugoSitemap {
    disable: bool,
}

/// The front matter of an area's section page.
#[derive(Serialize)]
struct HugoArea<'a> {
    title: &'a str,
    layout: &'static str,
    /// Keeps the catalog's order of areas.
    weight: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_en: Option<&'a str>,
    /// The area's aliases (曾用名); `aliases` means redirects to Hugo.
    former_names: &'a [String],
}

/// The front matter of an item's section page: its columns of the catalog.
#[derive(Serialize)]
struct HugoItem<'a> {
    title: String,
    layout: &'static str,
    /// Keeps the catalog's order of items.
    weight: usize,
    /// Item sections have no feed: gongkai writes none for them.
    outputs: [&'static str; 1],
    seq: usize,
    level1: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level2: Option<&'a str>,
    content: &'a str,
    basis: &'a [String],
    time_limit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cycle: Option<Cycle>,
    bodies: &'a [String],
    channels: &'a [Channel],
    audience: Audience,
    method: Method,
    levels: &'a [Level],
    #[serde(skip_serializing_if = "Option::is_none")]
    not_applicable: Option<&'a str>,
}

/// The front matter of a publisher's term page.
#[derive(Serialize)]
struct HugoPublisher<'a> {
    title: &'a str,
    /// Keeps the catalog's order of publishers on the publishers index.
    weight: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    uscc: Option<&'a str>,
}

/// A Hugo content file with JSON front matter (which Hugo reads like YAML or TOML).
fn front_matter<T: Serialize>(front: &T, body: &str) -> anyhow::Result<String> {
    Ok(format!("{}\n{body}", serde_json::to_string_pretty(front)?))
}

fn item_label(item: &Item) -> String {
    item.levels().join(" / ")
}

fn method_label(method: Method) -> &'static str {
    match method {
        Method::Proactive => "主动公开",
        Method::OnRequest => "依申请公开",
    }
}

/// A record of the equivalent theme: a page, or a page bundle when it has attachments, so
/// that Hugo copies them next to the page and the body's relative links to them hold.
fn write_equivalent_record(
    dir: &Path,
    area: &Area,
    item: &Item,
    n: usize,
    record: &HugoRecord,
    body: &str,
    attachments: &[(String, Vec<u8>)],
) -> anyhow::Result<()> {
    let section = dir.join(format!("content/{}/{}", area.id, item.id));
    let text = front_matter(record, body)?;
    if attachments.is_empty() {
        return write(&section.join(format!("{n:06}.md")), &text);
    }
    let bundle = section.join(format!("{n:06}"));
    write(&bundle.join("index.md"), &text)?;
    for (name, bytes) in attachments {
        std::fs::write(bundle.join(name), bytes)?;
    }
    Ok(())
}

/// The equivalent theme's templates, data and static files, as (path in the Hugo site, text).
const EQUIVALENT_THEME: &[(&str, &str)] = &[
    (
        "data/labels.yaml",
        include_str!("../bench/hugo-equivalent/data/labels.yaml"),
    ),
    (
        "layouts/404.html",
        include_str!("../bench/hugo-equivalent/layouts/404.html"),
    ),
    (
        "layouts/index.html",
        include_str!("../bench/hugo-equivalent/layouts/index.html"),
    ),
    (
        "layouts/robots.txt",
        include_str!("../bench/hugo-equivalent/layouts/robots.txt"),
    ),
    (
        "layouts/_default/_markup/render-table.html",
        include_str!("../bench/hugo-equivalent/layouts/_default/_markup/render-table.html"),
    ),
    (
        "layouts/_default/area.html",
        include_str!("../bench/hugo-equivalent/layouts/_default/area.html"),
    ),
    (
        "layouts/_default/baseof.html",
        include_str!("../bench/hugo-equivalent/layouts/_default/baseof.html"),
    ),
    (
        "layouts/_default/catalog.html",
        include_str!("../bench/hugo-equivalent/layouts/_default/catalog.html"),
    ),
    (
        "layouts/_default/item.html",
        include_str!("../bench/hugo-equivalent/layouts/_default/item.html"),
    ),
    (
        "layouts/_default/reports.html",
        include_str!("../bench/hugo-equivalent/layouts/_default/reports.html"),
    ),
    (
        "layouts/_default/rss.xml",
        include_str!("../bench/hugo-equivalent/layouts/_default/rss.xml"),
    ),
    (
        "layouts/_default/single.html",
        include_str!("../bench/hugo-equivalent/layouts/_default/single.html"),
    ),
    (
        "layouts/taxonomy.html",
        include_str!("../bench/hugo-equivalent/layouts/taxonomy.html"),
    ),
    (
        "layouts/term.html",
        include_str!("../bench/hugo-equivalent/layouts/term.html"),
    ),
    (
        "layouts/partials/breadcrumbs.html",
        include_str!("../bench/hugo-equivalent/layouts/partials/breadcrumbs.html"),
    ),
    (
        "layouts/partials/mark-cells.html",
        include_str!("../bench/hugo-equivalent/layouts/partials/mark-cells.html"),
    ),
    (
        "layouts/partials/mark-list.html",
        include_str!("../bench/hugo-equivalent/layouts/partials/mark-list.html"),
    ),
    (
        "layouts/partials/pagination.html",
        include_str!("../bench/hugo-equivalent/layouts/partials/pagination.html"),
    ),
    (
        "layouts/partials/record-list.html",
        include_str!("../bench/hugo-equivalent/layouts/partials/record-list.html"),
    ),
    (
        "layouts/partials/stats.html",
        include_str!("../bench/hugo-equivalent/layouts/partials/stats.html"),
    ),
    (
        "layouts/partials/title.html",
        include_str!("../bench/hugo-equivalent/layouts/partials/title.html"),
    ),
    // gongkai's own stylesheets and script, at the same URLs.
    (
        "static/static/style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "static/static/print.css",
        include_str!("../themes/default/static/print.css"),
    ),
    (
        "static/static/theme.js",
        include_str!("../themes/default/static/theme.js"),
    ),
];

/// hugo.toml from the catalog's site settings, the equivalent theme, the catalog and
/// annual-report pages, and the section and term pages for areas, items and publishers.
fn equivalent_skeleton(dir: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    let site = &catalog.site;
    let text = |value: &Option<String>| serde_json::to_string(value.as_deref().unwrap_or(""));
    let config = format!(
        r#"baseURL = "/"
locale = "zh-CN"
title = {title}
relativeURLs = true
hasCJKLanguage = true
timeZone = "Asia/Shanghai"
buildFuture = true
enableRobotsTXT = true
disableHugoGeneratorInject = true
[pagination]
pagerSize = {per_page}
disableAliases = true
[taxonomies]
publisher = "publishers"
[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]
page = ["html"]
[services.rss]
limit = 50
[params]
titleEn = {title_en}
description = {description}
sponsor = {sponsor}
contact = {contact}
siteCode = {site_code}
icp = {icp}
policeRecord = {police_record}
"#,
        title = serde_json::to_string(&site.title)?,
        per_page = site.per_page,
        title_en = text(&site.title_en)?,
        description = text(&site.description)?,
        sponsor = text(&site.sponsor)?,
        contact = text(&site.contact)?,
        site_code = text(&site.site_code)?,
        icp = text(&site.icp)?,
        police_record = text(&site.police_record)?,
    );
    write(&dir.join("hugo.toml"), &config)?;
    for (path, text) in EQUIVALENT_THEME {
        write(&dir.join(path), text)?;
    }
    write(
        &dir.join("content/catalog.md"),
        "---\ntitle: 法定主动公开内容\nlayout: catalog\n---\n",
    )?;
    write(
        &dir.join("content/publishers/_index.md"),
        "---\ntitle: 发布机构\n---\n",
    )?;
    write(
        &dir.join("content/reports.md"),
        "---\ntitle: 政府信息公开工作年度报告\nlayout: reports\n---\n",
    )?;
    for (ai, area) in catalog.areas.iter().enumerate() {
        let front = HugoArea {
            title: &area.name,
            layout: "area",
            weight: ai + 1,
            name_en: area.name_en.as_deref(),
            former_names: &area.aliases,
        };
        write(
            &dir.join(format!("content/{}/_index.md", area.id)),
            &front_matter(&front, "")?,
        )?;
        for (ii, item) in area.items.iter().enumerate() {
            let front = HugoItem {
                title: item_label(item),
                layout: "item",
                weight: ii + 1,
                outputs: ["html"],
                seq: ii + 1,
                level1: &item.level1,
                level2: item.level2.as_deref(),
                content: &item.content,
                basis: &item.basis,
                time_limit: &item.time_limit.text,
                cycle: item.cycle,
                bodies: &item.bodies,
                channels: &item.channels,
                audience: item.audience,
                method: item.method,
                levels: &item.levels,
                not_applicable: item.not_applicable.as_deref(),
            };
            write(
                &dir.join(format!("content/{}/{}/_index.md", area.id, item.id)),
                &front_matter(&front, "")?,
            )?;
        }
    }
    for (pi, publisher) in catalog.publishers.iter().enumerate() {
        let front = HugoPublisher {
            title: &publisher.name,
            weight: pi + 1,
            uscc: publisher.uscc.as_deref(),
        };
        write(
            &dir.join(format!("content/publishers/{}/_index.md", publisher.key)),
            &front_matter(&front, "")?,
        )?;
    }
    Ok(())
}
