//! Times the privacy scan's PDF reader alone, on one thread: the text of each file given is
//! extracted over and over.
//!
//! `cargo run --release --example pdf -- FILE.pdf… [--runs N]`; prints, per file, the median
//! and fastest time of one extraction and a checksum of what was extracted, which must not
//! change when the reader is only made faster.

use gongkai::audit::extract::extract;
use std::time::Instant;

// The allocator of the gongkai binary, so the figures are those of a build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Extractions per timed run, so that one run lasts long enough to time.
const PER_RUN: usize = 50;

fn main() -> anyhow::Result<()> {
    let mut files = Vec::new();
    let mut runs = 9;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--runs" {
            runs = args
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(runs)
                .max(1);
        } else {
            files.push(arg);
        }
    }
    for file in &files {
        let bytes = std::fs::read(file)?;
        // Everything extracted, through its debug form.
        let extracted = format!("{:?}", extract(file, &bytes));
        let checksum = gongkai::text::fast_hash(extracted.as_bytes());
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            for _ in 0..PER_RUN {
                std::hint::black_box(extract(file, std::hint::black_box(&bytes)));
            }
            times.push(t.elapsed().as_secs_f64() * 1e6 / PER_RUN as f64);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{file} ({} KB): median {:.0} µs, fastest {:.0} µs; checksum {checksum:016x}",
            bytes.len() / 1024,
            times[times.len() / 2],
            times[0],
        );
    }
    Ok(())
}
