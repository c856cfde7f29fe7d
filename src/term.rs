//! All terminal output: diagnostics, summaries and JSON documents.
//!
//! A failed write to the terminal (a closed pipe) is ignored: there is nowhere else to say it.

use crate::build::BuildReport;
use crate::diag::{Diagnostic, count};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// Prints diagnostics to standard error, one block each.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        // A closed stderr is nothing to report anywhere else.
        if writeln!(err, "{d}").is_err() {
            return;
        }
    }
}

/// The first `shown` of `items` joined by commas, then how many more there are: an import
/// of thousands of records, or a save that touched many files, is said in one short line.
pub fn short_list(items: &[impl std::fmt::Display], shown: usize) -> String {
    let mut names: Vec<String> = items.iter().take(shown).map(ToString::to_string).collect();
    if items.len() > shown {
        names.push(crate::t!("and {n} more", n = items.len() - shown));
    }
    names.join(", ")
}

/// A short progress note, only on a terminal.
pub fn progress(message: &str) {
    let mut err = std::io::stderr();
    if err.is_terminal() {
        write!(err, "\r{message}\x1b[K").ok();
    }
}

pub fn clear_progress() {
    let mut err = std::io::stderr();
    if err.is_terminal() {
        write!(err, "\r\x1b[K").ok();
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    ok: bool,
    records: usize,
    pages: usize,
    files_written: usize,
    files_unchanged: usize,
    files_deleted: usize,
    errors: usize,
    warnings: usize,
    out_dir: String,
    duration_ms: u128,
    diagnostics: &'a [Diagnostic],
}

/// The JSON document `build --format json` prints.
pub fn build_json(report: &BuildReport, elapsed: Duration) -> String {
    let (errors, warnings) = count(&report.built.diagnostics);
    let stats = report.stats.unwrap_or_default();
    let summary = JsonSummary {
        ok: report.stats.is_some(),
        records: report.built.records,
        pages: report.built.pages,
        files_written: stats.written,
        files_unchanged: stats.unchanged,
        files_deleted: stats.deleted,
        errors,
        warnings,
        out_dir: report.out_dir.display().to_string(),
        duration_ms: elapsed.as_millis(),
        diagnostics: &report.built.diagnostics,
    };
    serde_json::to_string_pretty(&summary)
        .unwrap_or_else(|e| format!("{{\"ok\": false, \"internal_error\": \"{e}\"}}"))
}

/// The one-line summary of a build.
pub fn build_summary(report: &BuildReport, elapsed: Duration) -> String {
    let b = &report.built;
    let (errors, warnings) = count(&b.diagnostics);
    match report.stats {
        Some(s) => {
            let mut line = crate::t!(
                "built {records} and {pages} into {out}: {written} written, {unchanged} unchanged, {deleted} deleted in {seconds} s",
                records = crate::tn!("{n} record|{n} records", b.records),
                pages = crate::tn!("{n} page|{n} pages", b.pages),
                out = report.out_dir.display(),
                written = crate::tn!("{n} file|{n} files", s.written),
                unchanged = s.unchanged,
                deleted = s.deleted,
                seconds = format!("{:.2}", elapsed.as_secs_f64())
            );
            if warnings > 0 {
                line.push_str(&crate::t!(
                    " ({warnings})",
                    warnings = crate::tn!("{n} warning|{n} warnings", warnings)
                ));
            }
            line
        }
        None => crate::t!(
            "not built: {errors} and {warnings} found; {out} was left as it was",
            errors = crate::tn!("{n} error|{n} errors", errors),
            warnings = crate::tn!("{n} warning|{n} warnings", warnings),
            out = report.out_dir.display()
        ),
    }
}

pub fn println(line: &str) {
    writeln!(std::io::stdout().lock(), "{line}").ok();
}

pub fn eprintln(line: &str) {
    writeln!(std::io::stderr().lock(), "{line}").ok();
}

#[cfg(test)]
mod tests {
    use super::short_list;

    #[test]
    fn long_lists_say_how_many_more() {
        let files: Vec<String> = (1..=12).map(|n| format!("r{n}.md")).collect();
        assert_eq!(
            short_list(&files, 10),
            "r1.md, r2.md, r3.md, r4.md, r5.md, r6.md, r7.md, r8.md, r9.md, r10.md, and 2 more"
        );
        assert_eq!(short_list(&files[..2], 10), "r1.md, r2.md");
        assert_eq!(short_list(&files[..0], 10), "");
    }
}
