//! The command line: parse, run one command, map the outcome to an exit code
//! (0 ok, 1 problems in the site, 2 usage or internal error).

use clap::Parser;
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
        } => run_build(
            BuildOptions {
                root,
                out_dir: out,
                base_url,
                include_drafts: false,
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
