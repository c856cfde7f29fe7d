//! A content file's bytes → UTF-8 check, front-matter split, YAML parse, field checks and key
//! positions, exactly as the load stage reads a Markdown file. Nothing may panic, and every
//! diagnostic must point inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = "content/records/fuzz.md";
    match std::str::from_utf8(data) {
        Ok(text) => {
            let (_, diags) = gongkai::record::parse(text, file);
            let lines = text.split(['\n', '\r']).count().max(1) + 1;
            for d in &diags {
                if let Some(line) = d.line {
                    assert!(line >= 1 && line <= lines, "line {line} outside the file: {d}");
                }
            }
        }
        Err(e) => {
            let d = gongkai::text::invalid_utf8(file, data, e);
            assert!(d.is_error());
        }
    }
});
