//! catalog.yaml text → parsed and validated catalog, as a build reads it. Nothing may panic.
#![no_main]

use gongkai::calendar::Calendar;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn calendar() -> Calendar {
    static EMBEDDED: OnceLock<Calendar> = OnceLock::new();
    EMBEDDED
        .get_or_init(|| Calendar::embedded().expect("the embedded calendar parses"))
        .clone()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = gongkai::catalog::Catalog::parse(text, "catalog.yaml", calendar());
    assert!(parsed.is_ok(), "a catalog's text is never an internal error");
});
