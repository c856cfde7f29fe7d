//! A query typed into the search box → groups of terms, and text → index tokens. Nothing may
//! panic.
#![no_main]

use gongkai::search::analyzer::{analyze, normalize_text, parse_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _groups = parse_query(text);
    let _tokens = analyze(text);
    let _normalized = normalize_text(text);
});
