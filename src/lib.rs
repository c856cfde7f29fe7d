//! gongkai compiles a county's government-information disclosure catalog (政务公开) — the
//! standard catalog of the 26 key areas and every record filed under it — into a static,
//! accessible, searchable website.
//!
//! The pipeline (see `build`): `load` → `site::resolve` → `render` → `output`.

pub mod audit;
pub mod build;
pub mod calendar;
pub mod catalog;
pub mod catalog_text;
pub mod checksum;
pub mod cli;
pub mod date;
pub mod diag;
pub mod feeds;
pub mod fingerprint;
pub mod http;
pub mod i18n;
pub mod import;
pub mod index_no;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod opendata;
pub mod output;
pub mod prompt;
pub mod record;
pub mod redirects;
pub mod render;
pub mod renumber;
pub mod report;
pub mod report_view;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod term;
pub mod text;
pub mod theme;
pub mod urls;
pub mod view;
pub mod watch;
pub mod xlsx;
pub mod yamlpos;
