//! The command line, as clap structs. The doc comments are the help text (in Chinese, their
//! translations from `i18n`).

use crate::catalog::Language;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// gongkai compiles a government-information disclosure catalog (政务公开) into a static website.
#[derive(Parser, Debug)]
#[command(name = "gongkai", version, about)]
pub struct Cli {
    /// Language of messages and help: zh-CN or en [default: GONGKAI_LANG when set, else zh-CN
    /// when site.language is zh-CN or the locale is Chinese, else en].
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Language>,
    #[command(subcommand)]
    pub command: Command,
}

fn parse_lang(s: &str) -> Result<Language, String> {
    crate::i18n::parse_lang(s).ok_or_else(|| crate::t!("write zh-CN or en"))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// One JSON document on standard output, for CI.
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into its output folder (public/). Exit code 0: built; 1: the site has
    /// problems and nothing was written; 2: usage or internal error.
    Build {
        /// The site's folder (the one holding catalog.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is published at, overriding site.base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Print only problems, no summary.
        #[arg(long, short)]
        quiet: bool,
        /// Output format of the summary and the problems.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Skip the search index (quicker previews).
        #[arg(long)]
        no_search: bool,
    },
    /// Create a record file with a fresh 索引号 and print its path. Without arguments, on a
    /// terminal, asks for the area, item, publisher, title and date formed, offering the
    /// catalog's choices.
    New {
        /// The catalog item, as area-id/item-id (for example social-assistance/dibao-review).
        item: Option<String>,
        /// The record's title.
        #[arg(long)]
        title: Option<String>,
        /// The publisher's key from catalog.yaml.
        #[arg(long)]
        publisher: Option<String>,
        /// 成文日期, YYYY-MM-DD [default: today].
        #[arg(long)]
        formed: Option<String>,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Give records that were never published the next free 索引号, as `new` would, rewriting
    /// only their index_no line. A record counts as never published when it is a draft, has no
    /// `published` date or is dated after today; a published 索引号 never changes, so such a
    /// file is refused and nothing is changed. Exit code 0: renumbered; 1: refused; 2: usage or
    /// internal error.
    Renumber {
        /// The record files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Audit the site without building it: records published after their time limit, catalog
    /// items without records, items not updated on their cycle, unmasked ID, phone and bank
    /// card numbers (in records and attachments), broken links and stray attachments.
    /// With FILE arguments, checks only those records or pages against the catalog and the
    /// rest of the site (fields, item, publisher, 索引号, dates, links, attachments, privacy),
    /// quickly enough to run on every save.
    /// Exit code 0: no errors; 1: errors found (with --strict, warnings too); 2: usage or
    /// internal error.
    Check {
        /// Check only these files (records, pages or catalog.yaml), as paths from the current
        /// folder; prints `path:line:col` lines an editor can jump to.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The site's folder (the one holding catalog.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The day to judge staleness on, YYYY-MM-DD [default: today, or SOURCE_DATE_EPOCH].
        #[arg(long)]
        as_of: Option<String>,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Also write a self-contained HTML report (tables and charts per area and publisher)
        /// to this file.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Run only one group of checks.
        #[arg(long, value_enum)]
        only: Option<crate::audit::Check>,
    },
    /// Search the built site's index, as its search page does: every word must match, a run of
    /// Chinese characters matches exactly, "quotes" make a phrase. Builds the site first when
    /// its output is missing or older than its sources. Exit code 0: answered (also with no
    /// results); 1: the site has problems and could not be built; 2: usage or internal error.
    Search {
        /// What to look for.
        query: String,
        /// The site's folder (the one holding catalog.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only records of this area (its id, for example social-assistance).
        #[arg(long)]
        area: Option<String>,
        /// Most results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Preview the site: build it into memory, serve it on this machine, and rebuild and
    /// reload open pages on every save. A failed rebuild keeps the last good site and shows
    /// the problems on every page.
    Serve {
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on; keep the default unless others must see the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Poll for changes instead of using file-system events (network drives, containers).
        #[arg(long)]
        poll: bool,
        /// Also build records and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Write the JSON Schemas of catalog.yaml and of record front matter into the site's
    /// .gongkai/ folder, for YAML editors (build and serve refresh them too). Exit code 0:
    /// written or already up to date; 1: catalog.yaml has problems; 2: internal error.
    Schema {
        /// The site's folder (the one holding catalog.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site: catalog.yaml with the 26-area standard catalog, an empty content/,
    /// the editor's guides in docs/, and the schemas and settings YAML editors use.
    Init {
        /// Folder to create the site in.
        dir: PathBuf,
    },
    /// Bring a county's existing spreadsheets into the site: a standard catalog table into
    /// catalog.yaml, or a CMS export of records into content/. Exit code 0: imported (warnings
    /// name what was left out); 1: nothing was imported; 2: usage or internal error.
    Import {
        #[command(subcommand)]
        what: Import,
    },
}

/// What `gongkai import` reads.
#[derive(Subcommand, Debug)]
pub enum Import {
    /// Read one area's catalog table (.xlsx or .csv, official columns 一级事项 … 公开层级) and
    /// write its items into catalog.yaml, replacing that area's block and nothing else.
    /// Importing the same table again changes nothing.
    Catalog {
        /// The table: .xlsx, or .csv in UTF-8 or GB18030.
        file: PathBuf,
        /// The area's id [default: the area the table's title or sheet name names].
        #[arg(long)]
        area: Option<String>,
        /// The sheet to read [default: the first that has a catalog header].
        #[arg(long)]
        sheet: Option<String>,
        /// The site's folder (the one holding catalog.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write one record file per row of a CMS export, as the mapping file says. When any row
    /// would make an invalid record, every such row is reported and nothing is written.
    Records {
        /// The export: .xlsx, or .csv in UTF-8 or GB18030.
        file: PathBuf,
        /// The mapping file: which column holds each record field (see README).
        #[arg(long)]
        map: PathBuf,
        /// The site's folder (the one holding catalog.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}
