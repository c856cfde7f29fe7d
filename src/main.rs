//! The command line: parse, run one command, map the outcome to an exit code
//! (0 ok, 1 problems in the site, 2 usage or internal error).

use clap::Parser;
use gongkai::audit;
use gongkai::build::{BuildOptions, build};
use gongkai::cli::{Cli, Command, Format};
use gongkai::scaffold;
use gongkai::term;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
                defer_search_index: false,
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
        } => run_new(&root, &item, &title, &publisher, formed.as_deref()),
        Command::Renumber { files, root } => run_renumber(&root, &files),
        Command::Check {
            root,
            as_of,
            format,
            html,
            strict,
            only,
        } => run_check(
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
        Command::Init { dir } => scaffold::init(&dir).map(|()| {
            term::println(&format!(
                "created a new site in {}: edit catalog.yaml, then add records with `gongkai new`",
                dir.display()
            ));
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|e| {
        term::eprintln(&format!("error: {e:#}"));
        ExitCode::from(2)
    })
}

fn run_build(opts: BuildOptions, quiet: bool, format: Format) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    if format == Format::Text && !quiet {
        term::progress("building…");
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
            None => anyhow::bail!("--as-of {s}: write the date as YYYY-MM-DD"),
        },
        None => scaffold::today(),
    };
    let result = audit::audit(&audit::AuditOptions { root, as_of, only })?;
    if let Some(path) = html {
        std::fs::write(path, audit::html::html(&result))
            .map_err(|e| anyhow::anyhow!("writing the HTML report {}: {e}", path.display()))?;
    }
    match format {
        Format::Json => term::println(&audit::report::json(&result)),
        Format::Text => {
            term::print_diagnostics(&result.diagnostics);
            term::println(audit::report::text(&result).trim_end());
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
            term::eprintln("nothing was renumbered");
            Ok(ExitCode::from(1))
        }
    }
}
