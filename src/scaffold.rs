//! Creating files for editors: `gongkai new` (a record with a fresh 索引号) and `gongkai init`
//! (a new site with the 26-area standard catalog).

use crate::catalog::{CATALOG_FILE, Catalog};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::load::{self, CONTENT_DIR};
use crate::t;
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

pub(crate) const STANDARD_CATALOG: &str = include_str!("../data/catalog-26-areas.yaml");

/// The editor's guides, copied into every new site.
const GUIDES: [(&str, &str); 2] = [
    ("docs/编辑指南.md", include_str!("../docs/guide/zh-CN.md")),
    ("docs/editor-guide.md", include_str!("../docs/guide/en.md")),
];

// i18n: not messages (editor settings)
/// VS Code: the catalog's schema for the YAML extension.
const VSCODE_SETTINGS: &str = r#"{
  "yaml.schemas": {
    "./.gongkai/catalog.schema.json": ["catalog.yaml"]
  }
}
"#;

/// VS Code: `gongkai check` on the open file, its problems in the Problems panel, in English
/// (`error`, `warning`) or Chinese (`错误`, `警告`).
// i18n: not messages (editor settings)
const VSCODE_TASKS: &str = r#"{
  "version": "2.0.0",
  "tasks": [
    {
      "label": "gongkai check current file",
      "type": "process",
      "command": "gongkai",
      "args": ["check", "${file}"],
      "options": { "cwd": "${workspaceFolder}" },
      "presentation": { "reveal": "silent" },
      "problemMatcher": [
        {
          "owner": "gongkai",
          "fileLocation": ["relative", "${workspaceFolder}"],
          "pattern": {
            "regexp": "^(.+?):(\\d+):(\\d+): (error|warning): (.*)$",
            "file": 1,
            "line": 2,
            "column": 3,
            "severity": 4,
            "message": 5
          }
        },
        {
          "owner": "gongkai",
          "fileLocation": ["relative", "${workspaceFolder}"],
          "severity": "error",
          "pattern": {
            "regexp": "^(.+?):(\\d+):(\\d+): 错误: (.*)$",
            "file": 1,
            "line": 2,
            "column": 3,
            "message": 4
          }
        },
        {
          "owner": "gongkai",
          "fileLocation": ["relative", "${workspaceFolder}"],
          "severity": "warning",
          "pattern": {
            "regexp": "^(.+?):(\\d+):(\\d+): 警告: (.*)$",
            "file": 1,
            "line": 2,
            "column": 3,
            "message": 4
          }
        }
      ]
    }
  ]
}
"#;
// i18n: end

/// Today in China (UTC+8), or the day of `SOURCE_DATE_EPOCH` when set.
pub fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    Date::from_unix_days((secs + 8 * 3600).div_euclid(86_400))
}

/// What `new` needs to know.
pub struct NewRecord<'a> {
    pub root: &'a Path,
    pub item: &'a str,
    pub title: &'a str,
    pub publisher: &'a str,
    pub formed: Option<&'a str>,
    pub today: Date,
}

/// Writes a new record; returns its path, or the problems that prevent it.
pub fn new_record(req: &NewRecord) -> anyhow::Result<Result<PathBuf, Vec<Diagnostic>>> {
    let parsed = Catalog::load(req.root)?;
    let Some(catalog) = parsed.catalog else {
        return Ok(Err(parsed.diagnostics));
    };
    let mut problems = Vec::new();
    if catalog.find_item(req.item).is_none() {
        problems.push(
            Diagnostic::error(CATALOG_FILE, t!("there is no catalog item `{item}`", item = req.item))
                .help(t!("name the item as area-id/item-id, as listed in catalog.yaml, for example social-assistance/dibao-review")),
        );
    }
    let publisher = catalog.publisher(req.publisher).map(|(_, p)| p.clone());
    if publisher.is_none() {
        let keys: Vec<&str> = catalog.publishers.iter().map(|p| p.key.as_str()).collect();
        problems.push(
            Diagnostic::error(
                CATALOG_FILE,
                t!(
                    "there is no publisher `{publisher}`",
                    publisher = req.publisher
                ),
            )
            .help(t!(
                "use one of the publisher keys in catalog.yaml: {keys}",
                keys = keys.join(", ")
            )),
        );
    }
    let formed = match req.formed {
        None => Some(req.today),
        Some(s) => {
            let d = Date::parse(s);
            if d.is_none() {
                problems.push(
                    Diagnostic::error("--formed", t!("`{s}` is not a date", s))
                        .help(t!("write it as YYYY-MM-DD")),
                );
            }
            d
        }
    };
    if req.title.trim().is_empty() {
        problems.push(
            Diagnostic::error("--title", t!("the title is empty"))
                .help(t!("give the record its title, e.g. --title 关于……的公示")),
        );
    }
    let (Some(publisher), Some(formed), true) = (publisher, formed, problems.is_empty()) else {
        return Ok(Err(problems));
    };

    let published = req.today.max(formed);
    let year = published.year();
    let loaded = load::load_with(req.root, &catalog.limits, None)?;
    // Every number in the site counts, whoever published it: the first pattern decides which
    // of them share the new record's series.
    let index_no = match catalog.index_patterns.next_number(
        loaded.sources.iter().filter_map(|s| s.index_no()),
        &publisher,
        published,
    ) {
        Ok(n) => n,
        Err(msg) => {
            return Ok(Err(vec![Diagnostic::error(CATALOG_FILE, msg).help(t!(
                "add a pattern with a longer serial at the top of site.index_no"
            ))]));
        }
    };
    let serial = catalog
        .index_patterns
        .first()
        .matches(&index_no, &publisher, published)
        .unwrap_or(0);
    let area = req.item.split('/').next().unwrap_or(req.item);
    let dir = req.root.join(CONTENT_DIR).join("records").join(area);
    std::fs::create_dir_all(&dir).with_context(|| t!("creating {path}", path = dir.display()))?;
    let path = dir.join(format!("{year}-{}-{serial:05}.md", publisher.key));
    if path.exists() {
        bail!(t!(
            "{path} already exists; it may be a record another office added with a different 索引号",
            path = path.display()
        ));
    }
    // not a message: file content
    let text = format!(
        "---\nindex_no: {index_no}\ntitle: {}\nitem: {}\npublisher: {}\nformed: {formed}\npublished: {published}\n---\n\n（正文）\n",
        crate::import::yaml_scalar(req.title.trim(), false),
        req.item,
        publisher.key
    );
    std::fs::write(&path, text).with_context(|| t!("writing {path}", path = path.display()))?;
    Ok(Ok(path))
}

/// Creates a new site in `dir`.
pub fn init(dir: &Path) -> anyhow::Result<()> {
    let catalog_path = dir.join(CATALOG_FILE);
    if catalog_path.exists() {
        bail!(t!(
            "{catalog_path} already exists: gongkai init does not overwrite a site",
            catalog_path = catalog_path.display()
        ));
    }
    std::fs::create_dir_all(dir.join(CONTENT_DIR).join("records"))
        .with_context(|| t!("creating {path}", path = dir.display()))?;
    // i18n: not messages (the new catalog's comments)
    let header = "\
# yaml-language-server: $schema=.gongkai/catalog.schema.json
# The site's settings, its publishers, and the standard catalog (areas → items).
site:
  title: 示例县人民政府信息公开          # the site's name
  language: zh-CN                      # zh-CN or en: the interface language
  base_url: null                       # the published address, e.g. https://www.example.gov.cn/xxgk/; null for relative links
  levels: [county, township]           # catalog levels this site publishes: county, township, village
  index_no: \"{uscc}/{year}-{serial:05}\" # pattern of new 索引号
publishers:                            # every body that publishes records; replace this example
  - key: zf
    name: 示例县人民政府办公室
    uscc: 11990100000000019F           # its 18-character unified social credit code
calendar:                              # holidays and make-up working days beyond the built-in official ones
  holidays: []
  workdays: []

";
    // i18n: end
    let areas = STANDARD_CATALOG;
    std::fs::write(&catalog_path, format!("{header}{areas}"))
        .with_context(|| t!("writing {path}", path = catalog_path.display()))?;
    std::fs::write(dir.join(CONTENT_DIR).join("records").join(".gitkeep"), "")
        .with_context(|| t!("writing {path}", path = "content/records/.gitkeep"))?;
    for (rel, text) in GUIDES.into_iter().chain([
        (".vscode/settings.json", VSCODE_SETTINGS),
        (".vscode/tasks.json", VSCODE_TASKS),
    ]) {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| t!("creating {path}", path = parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| t!("writing {path}", path = path.display()))?;
    }
    let parsed = Catalog::load(dir)?;
    crate::schema::write(dir, parsed.catalog.as_ref())?;
    let gitignore = dir.join(".gitignore");
    if !gitignore.exists() {
        // The built site, and where a build into a new public/ writes it first.
        std::fs::write(&gitignore, "/public\n/.public.gongkai-new\n")
            .with_context(|| t!("writing {path}", path = gitignore.display()))?;
    }
    Ok(())
}
