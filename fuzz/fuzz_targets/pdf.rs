//! A PDF attachment → its text, page by page, as the privacy scan reads it. The reader treats
//! every file as hostile: nothing may panic, and reading must end within libFuzzer's timeout
//! and memory limit whatever the bytes.
#![no_main]

use gongkai::audit::extract::{Extracted, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match extract("attachment.pdf", data) {
        Extracted::Parts(parts) | Extracted::Partial { parts, .. } => {
            // One part per page, each named for it.
            assert!(parts.len() <= 10_000, "{} pages", parts.len());
            for part in &parts {
                assert!(!part.part.is_empty());
            }
        }
        Extracted::Unscanned(why) => assert!(!why.is_empty()),
    }
});
