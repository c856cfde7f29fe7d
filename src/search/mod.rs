//! Search: one analyzer for indexing and queries (`analyzer`), a tantivy index built in RAM
//! (`index`), exported as static script files (`export`) that the browser and
//! `gongkai search` (`query`) read.

pub mod analyzer;
pub mod export;
pub mod index;
pub mod query;

use crate::render::{Content, OutputFile};
use crate::site::Site;
use crate::t;

/// The files of the search index of a site, sorted by path, with blocks of positions cut as
/// `layout` says.
pub fn output_files_with(site: &Site, layout: &export::Layout) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    each_output_file(site, layout, &mut |f| files.push(f))?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Hands each file of the search index to `each` as soon as it is made, so that a caller
/// writing them need not hold them all (400 MB at 100,000 records).
pub fn each_output_file(
    site: &Site,
    layout: &export::Layout,
    each: &mut dyn FnMut(OutputFile),
) -> anyhow::Result<()> {
    let mut terms = Vec::new();
    let mut norms = None;
    let docs = index::build(site, |term, postings, docs| {
        let norms = norms.get_or_insert_with(|| export::Norms::new(docs));
        terms.push((
            term.to_string(),
            export::encode_term(term, postings, docs, norms, layout),
        ));
        Ok(())
    })?;
    export::export(site, &docs, terms, layout, &mut |f| {
        each(OutputFile {
            path: f.path,
            content: Content::bytes(f.bytes),
            origin: t!("search index"),
        })
    })
}

/// `gongkai search`: answers a query from the built site's index, building the site first when
/// its index is missing or older than any source.
pub fn run(
    root: &std::path::Path,
    query: &str,
    area: Option<String>,
    limit: usize,
    json: bool,
) -> anyhow::Result<std::process::ExitCode> {
    use crate::build::{BuildOptions, build};
    use crate::term;
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let out_dir = opts.out_dir();
    if is_stale(root, &out_dir) {
        let report = build(&opts)?;
        if report.stats.is_none() {
            term::print_diagnostics(&report.built.diagnostics);
            term::eprintln(&crate::t!(
                "the site has problems and was not built, so it cannot be searched"
            ));
            return Ok(std::process::ExitCode::from(1));
        }
    }
    let mut index = query::SearchIndex::open(&out_dir)?;
    let filters = query::Filters {
        area,
        ..query::Filters::default()
    };
    let answer = index.search(query, &filters, limit)?;
    if json {
        term::println(&serde_json::to_string_pretty(&answer)?);
    } else {
        let shown = answer.results.len();
        let found = match answer.total {
            0 => t!("no record found"),
            1 => t!("1 record found"),
            n if n > shown => t!("{n} records found, the first {shown} shown", n, shown),
            n => t!("{n} records found", n),
        };
        term::println(&t!("{found} for {query}", found, query));
        for hit in &answer.results {
            let repealed = if hit.repealed { " [已废止]" } else { "" };
            term::println(&format!(
                "\n{}{repealed}\n  {} · {} · {}\n  {}",
                hit.title, hit.published, hit.publisher, hit.index_no, hit.url
            ));
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// Whether the index is missing or older than a source file of the site.
fn is_stale(root: &std::path::Path, out_dir: &std::path::Path) -> bool {
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(built) = modified(&out_dir.join(export::DIR).join("manifest.js")) else {
        return true;
    };
    let mut sources = vec![root.join(crate::catalog::CATALOG_FILE)];
    for dir in [crate::load::CONTENT_DIR, "templates", "static", "themes"] {
        sources.extend(
            walkdir::WalkDir::new(root.join(dir))
                .into_iter()
                .filter_map(Result::ok)
                .map(|e| e.into_path()),
        );
    }
    sources
        .iter()
        .any(|p| modified(p).is_none_or(|m| m > built) && p.exists())
}
