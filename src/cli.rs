//! The command line, as clap structs. The doc comments are the help text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// gongkai compiles a government-information disclosure catalog (政务公开) into a static website.
#[derive(Parser, Debug)]
#[command(name = "gongkai", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
    },
    /// Create a record file with a fresh 索引号 and print its path.
    New {
        /// The catalog item, as area-id/item-id (for example social-assistance/dibao-review).
        item: String,
        /// The record's title.
        #[arg(long)]
        title: String,
        /// The publisher's key from catalog.yaml.
        #[arg(long)]
        publisher: String,
        /// 成文日期, YYYY-MM-DD [default: today].
        #[arg(long)]
        formed: Option<String>,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site: catalog.yaml with the 26-area standard catalog and an empty content/.
    Init {
        /// Folder to create the site in.
        dir: PathBuf,
    },
}
