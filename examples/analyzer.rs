//! Times the search analyzer alone, on one thread, over every Markdown file of a site: the
//! tokens tantivy is given at build time (CJK unigrams only where a run ends).
//!
//! `cargo run --release --example analyzer -- SITE [RUNS]`; prints the median and fastest run
//! and a checksum of the tokens, which must not change when the analyzer is only made faster.

use gongkai::search::analyzer::{Unigrams, each_token};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(7).max(1);
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry?;
        if entry.path().extension().is_some_and(|e| e == "md") {
            texts.push(std::fs::read_to_string(entry.path())?);
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut times = Vec::with_capacity(runs);
    let (mut tokens, mut checksum) = (0u64, 0u64);
    for _ in 0..runs {
        let t = Instant::now();
        (tokens, checksum) = (0, 0);
        for text in &texts {
            each_token(text, Unigrams::RunEnds, |term, position, _, start, end| {
                tokens += 1;
                checksum = checksum
                    .wrapping_mul(31)
                    .wrapping_add(gongkai::text::fast_hash(term.as_bytes()))
                    .wrapping_add(u64::from(position) ^ (start as u64) << 20 ^ (end as u64) << 40);
            });
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} files, {:.1} MB, {tokens} tokens: median {:.1} ms, fastest {:.1} ms; checksum {checksum:016x}",
        texts.len(),
        bytes as f64 / 1e6,
        times[times.len() / 2],
        times[0],
    );
    Ok(())
}
