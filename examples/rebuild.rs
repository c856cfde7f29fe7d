//! Times the rebuilds `gongkai serve` does after a save, in one process and without HTTP:
//! a first build that fills the cache, then N saves of one record, each followed by a cached
//! rebuild, printing the time of each and how many pages were rendered again.
//!
//! `cargo run --release --example rebuild -- SITE [SAVES]` (set `GONGKAI_TIMINGS=1` for stages).

use gongkai::build::{BuildOptions, Cache, build_cached, cpu_ms};
use std::path::PathBuf;
use std::time::Instant;

/// Rendering allocates many small strings on every thread; mimalloc serves them faster than
/// the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let saves: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    let opts = BuildOptions {
        root: root.clone(),
        defer_search_and_data: true,
        ..BuildOptions::default()
    };
    let mut cache = Cache::default();
    let t = Instant::now();
    let built = build_cached(&opts, &mut cache)?;
    println!(
        "first build: {} records, {} ms",
        built.records,
        t.elapsed().as_millis()
    );
    let mut records: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/records"))
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    records.sort();
    let record = records
        .get(7)
        .ok_or_else(|| anyhow::anyhow!("the site has fewer than 8 records"))?;
    let original = std::fs::read_to_string(record)?;
    let rel = record
        .strip_prefix(&root)?
        .to_string_lossy()
        .replace('\\', "/");
    let mut times = Vec::new();
    for i in 0..saves {
        // A new sentence in the body: the record's own page changes, as with most saves.
        let text = format!("{original}\n预览第{i}次修改。\n");
        std::fs::write(record, text)?;
        let t = Instant::now();
        let cpu = cpu_ms();
        cache.forget(&rel);
        let built = build_cached(&opts, &mut cache)?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let cpu = cpu_ms() - cpu;
        let (rendered, reused) = cache.pages_rendered();
        println!(
            "save {i}: {ms:.0} ms (CPU {cpu:.0} ms), {rendered} of {} pages rendered, {} errors",
            rendered + reused,
            built.diagnostics.iter().filter(|d| d.is_error()).count()
        );
        times.push(ms);
    }
    std::fs::write(record, original)?;
    times.sort_by(f64::total_cmp);
    if let Some(median) = times.get(times.len() / 2) {
        println!("median {median:.0} ms over {saves} saves");
    }
    Ok(())
}
