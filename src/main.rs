//! The command line: parse, run one command, map the outcome to an exit code
//! (0 ok, 1 problems in the site, 2 usage or internal error).

use clap::{CommandFactory, FromArgMatches};
use gongkai::audit;
use gongkai::build::{BuildOptions, build};
use gongkai::cli::{Cli, Command, Format};
use gongkai::scaffold;
use gongkai::term;
use gongkai::{t, tn};
use std::process::ExitCode;
use std::time::Instant;

/// Rendering allocates many small strings on every thread; mimalloc serves them faster than
/// the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process. A build allocates and frees hundreds of MB in
/// small pieces; with huge pages each fresh stretch of heap is zeroed 2 MB at a time, and
/// that zeroing was an eighth of a 10,000-record build's CPU time. Without them the build
/// spent 0.4 s less system time and held 20 MB less (BENCHMARKS.md).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and changes only how this process's
    // memory is backed; a kernel that does not know it returns an error, which is ignored.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = language(&args);
    gongkai::i18n::set(lang);
    let matches = gongkai::i18n::localize_help(Cli::command(), lang).get_matches_from(&args);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            quiet,
            format,
            no_search,
        } => run_build(
            BuildOptions {
                root,
                out_dir: out,
                base_url,
                include_drafts: false,
                no_search,
                defer_search_and_data: false,
            },
            quiet,
            format,
        ),
        Command::New {
            item,
            title,
            publisher,
            formed,
            root,
        } => match (item, title, publisher) {
            (Some(item), Some(title), Some(publisher)) => {
                run_new(&root, &item, &title, &publisher, formed.as_deref())
            }
            (None, None, None) if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
                run_new_interactive(&root)
            }
            _ => {
                term::eprintln(&format!(
                    "{}: {}",
                    t!("error"),
                    t!(
                        "gongkai new needs AREA/ITEM --title TITLE --publisher KEY, or a terminal to ask for them\n\nUsage: gongkai new [AREA/ITEM --title TITLE --publisher KEY] [--formed DATE] [--root DIR]"
                    )
                ));
                Ok(ExitCode::from(2))
            }
        },
        Command::Renumber { files, root } => run_renumber(&root, &files),
        Command::Check {
            files,
            root,
            as_of,
            format,
            html,
            strict,
            only,
        } => run_check(
            files,
            root,
            as_of.as_deref(),
            format,
            html.as_deref(),
            strict,
            only,
        ),
        Command::Search {
            query,
            root,
            area,
            limit,
            format,
        } => gongkai::search::run(&root, &query, area, limit, format == Format::Json),
        Command::Serve {
            root,
            bind,
            port,
            poll,
            drafts,
        } => gongkai::serve::serve(&gongkai::serve::ServeOptions {
            root,
            bind,
            port,
            poll,
            drafts,
        })
        .map(|()| ExitCode::SUCCESS),
        Command::Import { what } => run_import(what),
        Command::Schema { root } => run_schema(&root),
        Command::Init { dir } => scaffold::init(&dir).map(|()| {
            term::println(&t!("created a new site in {dir}: edit catalog.yaml, then add records with `gongkai new` (see docs/编辑指南.md)", dir = dir.display()));
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|e| {
        term::eprintln(&format!("{}: {e:#}", t!("error")));
        ExitCode::from(2)
    })
}

fn run_build(opts: BuildOptions, quiet: bool, format: Format) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    if format == Format::Text && !quiet {
        term::progress(&t!("building…"));
    }
    let report = build(&opts)?;
    let elapsed = start.elapsed();
    term::clear_progress();
    match format {
        Format::Json => term::println(&term::build_json(&report, elapsed)),
        Format::Text => {
            term::print_diagnostics(&report.built.diagnostics);
            if !quiet || report.stats.is_none() {
                term::eprintln(&term::build_summary(&report, elapsed));
            }
        }
    }
    Ok(if report.stats.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_check(
    files: Vec<std::path::PathBuf>,
    root: std::path::PathBuf,
    as_of: Option<&str>,
    format: Format,
    html: Option<&std::path::Path>,
    strict: bool,
    only: Option<audit::Check>,
) -> anyhow::Result<ExitCode> {
    let as_of = match as_of {
        Some(s) => match gongkai::date::Date::parse(s) {
            Some(d) => d,
            None => anyhow::bail!(t!("--as-of {s}: write the date as YYYY-MM-DD", s)),
        },
        None => scaffold::today(),
    };
    let files = files
        .iter()
        .map(|f| site_file(&root, f))
        .collect::<anyhow::Result<Vec<String>>>()?;
    let result = audit::audit(&audit::AuditOptions {
        root,
        as_of,
        only,
        files: files.clone(),
    })?;
    if let Some(path) = html {
        std::fs::write(path, audit::html::html(&result)).map_err(|e| {
            anyhow::anyhow!(t!(
                "writing the HTML report {path}: {e}",
                path = path.display(),
                e
            ))
        })?;
    }
    match format {
        Format::Json => term::println(&audit::report::json(&result)),
        Format::Text => {
            term::print_diagnostics(&result.diagnostics);
            if files.is_empty() {
                term::println(audit::report::text(&result).trim_end());
            } else {
                term::println(audit::report::file_text(&result, files.len()).trim_end());
            }
        }
    }
    Ok(if result.fails(strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_new(
    root: &std::path::Path,
    item: &str,
    title: &str,
    publisher: &str,
    formed: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let req = scaffold::NewRecord {
        root,
        item,
        title,
        publisher,
        formed,
        today: scaffold::today(),
    };
    match scaffold::new_record(&req)? {
        Ok(path) => {
            term::println(&path.display().to_string());
            Ok(ExitCode::SUCCESS)
        }
        Err(diags) => {
            term::print_diagnostics(&diags);
            Ok(ExitCode::from(1))
        }
    }
}

fn run_import(what: gongkai::cli::Import) -> anyhow::Result<ExitCode> {
    use gongkai::import;
    let (diagnostics, done) = match what {
        gongkai::cli::Import::Catalog {
            file,
            area,
            sheet,
            root,
        } => {
            let outcome = import::catalog::run(&import::catalog::Request {
                root: &root,
                file: &file,
                area: area.as_deref(),
                sheet: sheet.as_deref(),
            })?;
            (outcome.diagnostics, outcome.summary)
        }
        gongkai::cli::Import::Records { file, map, root } => {
            let outcome = import::records::run(&import::records::Request {
                root: &root,
                file: &file,
                map: &map,
            })?;
            let done = (!outcome.written.is_empty()).then(|| {
                t!(
                    "wrote {records}: {files}",
                    records = tn!("{n} record|{n} records", outcome.written.len()),
                    files = term::short_list(&outcome.written, 10)
                )
            });
            (outcome.diagnostics, done)
        }
    };
    term::print_diagnostics(&diagnostics);
    match done {
        Some(summary) => {
            term::println(&summary);
            Ok(ExitCode::SUCCESS)
        }
        None => Ok(ExitCode::from(1)),
    }
}

fn run_schema(root: &std::path::Path) -> anyhow::Result<ExitCode> {
    let parsed = gongkai::catalog::Catalog::load(root)?;
    term::print_diagnostics(&parsed.diagnostics);
    let Some(catalog) = parsed.catalog else {
        return Ok(ExitCode::from(1));
    };
    let written = gongkai::schema::write(root, Some(&catalog))?;
    if written.is_empty() {
        term::eprintln(&t!("the schemas in .gongkai/ are up to date"));
    }
    for path in written {
        term::println(&path.display().to_string());
    }
    Ok(if parsed.diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A FILE argument of `check` as a path relative to the site root, with `/` separators.
fn site_file(root: &std::path::Path, file: &std::path::Path) -> anyhow::Result<String> {
    let abs_root = root
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("--root {}: {e}", root.display()))?; // not a message: code only
    let abs = file
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let rel = abs.strip_prefix(&abs_root).map_err(|_| {
        anyhow::anyhow!(t!(
            "{file} is not inside the site {root}; run gongkai in the site's folder or pass --root",
            file = file.display(),
            root = root.display()
        ))
    })?;
    let rel = gongkai::diag::rel_path(std::path::Path::new(""), rel);
    if !(rel.starts_with("content/") || rel == gongkai::catalog::CATALOG_FILE) {
        anyhow::bail!(t!(
            "{rel} is neither in content/ nor catalog.yaml: gongkai check FILE checks records, pages and the catalog",
            rel
        ));
    }
    Ok(rel)
}

fn run_new_interactive(root: &std::path::Path) -> anyhow::Result<ExitCode> {
    let parsed = gongkai::catalog::Catalog::load(root)?;
    let Some(catalog) = parsed.catalog else {
        term::print_diagnostics(&parsed.diagnostics);
        return Ok(ExitCode::from(1));
    };
    let today = scaffold::today();
    let answers = gongkai::prompt::ask_in(
        gongkai::i18n::current(),
        &catalog,
        today,
        &mut std::io::stdin().lock(),
        &mut std::io::stderr(),
    )?;
    let Some(a) = answers else {
        return Ok(ExitCode::from(1));
    };
    let formed = a.formed.to_string();
    run_new(root, &a.item, &a.title, &a.publisher, Some(&formed))
}

fn run_renumber(root: &std::path::Path, files: &[std::path::PathBuf]) -> anyhow::Result<ExitCode> {
    match gongkai::renumber::renumber(root, files, scaffold::today())? {
        Ok(done) => {
            for r in done {
                term::println(&format!("{}: {} → {}", r.file, r.old, r.new));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(diags) => {
            term::print_diagnostics(&diags);
            term::eprintln(&t!("nothing was renumbered"));
            Ok(ExitCode::from(1))
        }
    }
}

/// The language of this run, decided before the command line is parsed, so that `--help` is
/// in it too: `--lang`, else `GONGKAI_LANG`, else the site's `site.language` or the locale
/// (see `gongkai::i18n::decide`). The site is the one `--root` names (the current folder
/// without it); `init` has none yet.
fn language(args: &[std::ffi::OsString]) -> gongkai::catalog::Language {
    let mut flag = None;
    let mut root = None;
    let mut init = false;
    let mut iter = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        } else if arg == "--lang" {
            flag = iter.next().and_then(|v| gongkai::i18n::parse_lang(&v));
        } else if let Some(v) = arg.strip_prefix("--lang=") {
            flag = gongkai::i18n::parse_lang(v);
        } else if arg == "--root" {
            root = iter.next().map(|v| v.into_owned());
        } else if let Some(v) = arg.strip_prefix("--root=") {
            root = Some(v.to_string());
        } else if arg == "init" {
            init = true;
        }
    }
    let site = if init {
        None
    } else {
        gongkai::i18n::site_language(std::path::Path::new(root.as_deref().unwrap_or(".")))
    };
    gongkai::i18n::decide(flag, site, |name| std::env::var(name).ok())
}
