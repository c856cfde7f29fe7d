//! gongkai compiles a county's government-information disclosure catalog (政务公开) — the
//! standard catalog of the 26 key areas and every record filed under it — into a static,
//! accessible, searchable website.

pub mod calendar;
pub mod catalog;
pub mod checksum;
pub mod date;
pub mod diag;
pub mod index_no;
pub mod record;
pub mod text;
pub mod view;
pub mod yamlpos;
