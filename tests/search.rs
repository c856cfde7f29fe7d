//! Search: the analyzer vectors shared with the browser's search.js, the JavaScript test that
//! reads the same vectors, the CLI, and a ground-truth test on a generated corpus.

mod common;

use common::in_ci;
use gongkai::search::analyzer::{analyze, parse_query};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

fn vectors_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/analyzer-vectors.json")
}

fn tokens_json(text: &str) -> Value {
    Value::Array(
        analyze(text)
            .into_iter()
            .map(|t| json!([t.term, t.position, t.kind.code(), t.start, t.end]))
            .collect(),
    )
}

fn groups_json(query: &str) -> Value {
    Value::Array(
        parse_query(query)
            .into_iter()
            .map(|g| json!({"phrase": g.phrase, "present": g.present}))
            .collect(),
    )
}

#[test]
fn analyzer_matches_the_shared_vectors() {
    let text = std::fs::read_to_string(vectors_path()).expect("reading the vectors");
    let mut vectors: Value = serde_json::from_str(&text).expect("vectors are JSON");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        for v in vectors["analyze"].as_array_mut().expect("analyze list") {
            v["tokens"] = tokens_json(v["text"].as_str().expect("text"));
        }
        for v in vectors["queries"].as_array_mut().expect("queries list") {
            v["groups"] = groups_json(v["query"].as_str().expect("query"));
        }
        let out = serde_json::to_string_pretty(&vectors).expect("serialising") + "\n";
        std::fs::write(vectors_path(), out).expect("writing the vectors");
        return;
    }
    for v in vectors["analyze"].as_array().expect("analyze list") {
        let input = v["text"].as_str().expect("text");
        assert_eq!(tokens_json(input), v["tokens"], "tokens of {input:?}");
    }
    for v in vectors["queries"].as_array().expect("queries list") {
        let input = v["query"].as_str().expect("query");
        assert_eq!(groups_json(input), v["groups"], "groups of {input:?}");
    }
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn javascript_analyzer_matches_the_shared_vectors() {
    if !node_available() {
        assert!(
            !in_ci(),
            "node is needed for the JavaScript analyzer test in CI"
        );
        eprintln!("skipped: node is not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg("--test")
        .arg(root.join("tests/search/analyzer.test.mjs"))
        .current_dir(root)
        .output()
        .expect("running node");
    assert!(
        out.status.success(),
        "node --test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A small deterministic random generator (xorshift64*), so the corpus is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

const VOCAB: &str = "统计局公报县民政财预算保障低收入社会救助审核情况关于年度通知实施办法";

fn cjk_text(rng: &mut Rng, min: usize, max: usize) -> String {
    let vocab: Vec<char> = VOCAB.chars().collect();
    let n = min + rng.below(max - min + 1);
    let mut s = String::new();
    for i in 0..n {
        s.push(*rng.pick(&vocab));
        if i > 0 && rng.below(12) == 0 {
            let separator: &&str = rng.pick(&["，", "。", " ", "\n\n", " open data ", "ＡＢＣ"]);
            s.push_str(separator);
        }
    }
    s
}

/// Writes `n` records into a copy of the basic fixture site.
fn generated_site(n: usize) -> common::TempDir {
    let dir = common::fixture_site("basic");
    let out = dir.path().join("content/records/generated");
    std::fs::create_dir_all(&out).expect("mkdir");
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let publishers = [
        ("mz", "11990100MB0000019L"),
        ("cz", "11990100MB0000027F"),
        ("xz", "11990100MB0000035A"),
    ];
    let items = [
        "social-assistance/dibao-policy",
        "social-assistance/dibao-review",
        "budget/dept-budget",
    ];
    let mut serials: std::collections::BTreeMap<(usize, u32), u32> = Default::default();
    for i in 0..n {
        let p = rng.below(publishers.len());
        let year = 2019 + rng.below(7) as u32;
        // Serials from 100 up stay clear of the fixture's own records.
        let serial = serials.entry((p, year)).or_insert(100);
        *serial += 1;
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let repealed = if rng.below(10) == 0 {
            format!("validity: repealed\nrepealed_on: {}-12-31\n", year + 1)
        } else {
            String::new()
        };
        let text = format!(
            "---\nindex_no: {}/{year}-{:05}\ntitle: {}\nitem: {}\npublisher: {}\nformed: {year}-{month:02}-{day:02}\npublished: {year}-{month:02}-{day:02}\n{repealed}---\n{}\n",
            publishers[p].1,
            *serial,
            cjk_text(&mut rng, 6, 16).replace(['\n', ' '], ""),
            rng.pick(&items),
            publishers[p].0,
            cjk_text(&mut rng, 20, 160),
        );
        std::fs::write(out.join(format!("r{i:05}.md")), text).expect("writing a record");
    }
    dir
}

/// The site at `root`, resolved as a build resolves it.
fn resolved_site(root: &Path) -> gongkai::site::Site {
    let parsed = gongkai::catalog::Catalog::load(root).expect("catalog");
    let loaded = gongkai::load::load(root).expect("loaded");
    let (site, _) = gongkai::site::resolve(
        parsed.catalog.expect("a catalog"),
        loaded,
        gongkai::urls::Linker::new(None),
        &gongkai::site::ResolveOptions {
            include_drafts: false,
        },
        None,
    );
    site
}

#[test]
fn cjk_queries_find_exactly_the_records_containing_them() {
    use gongkai::search::analyzer::normalize_text;
    use gongkai::search::index::{indexed_records, record_text};
    let dir = generated_site(2000);
    let root = dir.path();
    let built = gongkai::build::build(&gongkai::build::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .expect("built");
    let errors: Vec<_> = built
        .built
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    // The same site, resolved again, tells what each document's indexed text is.
    let site = resolved_site(root);
    let docs = indexed_records(&site);
    assert!(docs.len() > 1000 && docs.len() < site.records.len());
    let texts: Vec<Vec<String>> = docs
        .iter()
        .map(|&r| {
            let t = record_text(&site, r);
            std::iter::once(t.title)
                .chain(t.text)
                .map(|v| normalize_text(&v))
                .collect()
        })
        .collect();

    let mut rng = Rng(42);
    let vocab: Vec<char> = VOCAB.chars().collect();
    let mut queries: Vec<String> = Vec::new();
    for len in [1, 1, 2, 2, 2, 3, 3, 4] {
        for _ in 0..20 {
            queries.push((0..len).map(|_| *rng.pick(&vocab)).collect());
        }
    }
    // Longer runs taken from the records themselves (a run: CJK characters only, since
    // punctuation or a space splits a query into groups that are only ANDed).
    for _ in 0..40 {
        let t = &texts[rng.below(texts.len())][0];
        let run: Vec<char> = t
            .chars()
            .take_while(|&c| gongkai::search::analyzer::is_cjk(c))
            .collect();
        if run.len() >= 5 {
            let from = rng.below(run.len() - 4);
            queries.push(run[from..from + 5].iter().collect());
        }
    }
    queries.extend(["测试县民政局", "最低生活保障", "已废止", "财政预决算"].map(String::from));

    let mut index =
        gongkai::search::query::SearchIndex::open(&root.join("public")).expect("index opens");
    let mut nonempty = 0;
    for q in &queries {
        let expected: std::collections::BTreeSet<u32> = texts
            .iter()
            .enumerate()
            .filter(|(_, values)| values.iter().any(|v| v.contains(q.as_str())))
            .map(|(d, _)| d as u32)
            .collect();
        let got = index.matching_docs(q).expect("query runs");
        assert_eq!(got, expected, "results of {q:?}");
        nonempty += usize::from(!expected.is_empty());
    }
    assert!(
        nonempty > queries.len() / 2,
        "too few queries find anything"
    );
}

#[test]
fn cli_search_builds_when_needed_and_answers_in_json() {
    let site = common::fixture_site("basic");
    // No output yet: `gongkai search` builds first.
    let out = common::gongkai(
        &["search", "最低生活保障", "--format", "json", "--limit", "5"],
        site.path(),
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let answer: Value = serde_json::from_str(&common::stdout(&out)).expect("JSON");
    assert_eq!(answer["query"], "最低生活保障");
    let results = answer["results"].as_array().expect("results");
    assert_eq!(answer["total"].as_u64(), Some(results.len() as u64));
    assert!(!results.is_empty());
    for key in [
        "index_no",
        "title",
        "url",
        "published",
        "publisher",
        "item",
        "repealed",
        "score",
        "excerpt",
    ] {
        assert!(results[0].get(key).is_some(), "results have {key}");
    }
    // Ranked: scores never rise.
    let scores: Vec<f64> = results.iter().filter_map(|r| r["score"].as_f64()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The repealed record is found and marked; the record of a specific-audience item is not.
    assert!(
        results
            .iter()
            .any(|r| r["index_no"] == "11990100MB0000019L/2021-00003" && r["repealed"] == true)
    );
    let review = common::gongkai(&["search", "审核", "--format", "json"], site.path());
    let review: Value = serde_json::from_str(&common::stdout(&review)).expect("JSON");
    assert!(
        review["results"]
            .as_array()
            .expect("results")
            .iter()
            .all(
                |r| !r["url"].as_str().unwrap_or_default().contains("2024-00005")
                    && r["item"] != "最低生活保障 · 审核信息"
            ),
        "{review:#}"
    );
    for facet in ["area", "publisher", "year"] {
        assert!(answer["facets"][facet].is_object(), "facet {facet}");
    }
    // A filter by area; a document number found whole.
    let budget = common::gongkai(
        &["search", "2024", "--area", "budget", "--format", "json"],
        site.path(),
    );
    let budget: Value = serde_json::from_str(&common::stdout(&budget)).expect("JSON");
    assert!(budget["total"].as_u64() > Some(0));
    assert_eq!(
        budget["facets"]["area"]
            .as_object()
            .map(|m| m.contains_key("budget")),
        Some(true)
    );
    let doc_no = common::gongkai(&["search", "〔2021〕3号", "--format", "json"], site.path());
    let doc_no: Value = serde_json::from_str(&common::stdout(&doc_no)).expect("JSON");
    assert_eq!(
        doc_no["results"][0]["index_no"],
        "11990100MB0000019L/2021-00003"
    );
    let text = common::gongkai(&["search", "zzqqxx"], site.path());
    assert!(common::stdout(&text).contains("no record found"));
}

#[test]
fn the_index_is_byte_identical_across_builds_and_skipped_with_no_search() {
    let site = common::fixture_site("basic");
    let build = |args: &[&str]| {
        let out = common::gongkai(args, site.path());
        assert!(out.status.success(), "{}", common::stderr(&out));
        common::read_tree(&site.path().join("public"))
    };
    let first = build(&["build", "--quiet"]);
    let search_files: Vec<&String> = first.keys().filter(|k| k.starts_with("search/")).collect();
    assert!(search_files.iter().any(|k| *k == "search/manifest.js"));
    assert!(search_files.iter().any(|k| *k == "search/index.html"));
    std::fs::remove_dir_all(site.path().join("public")).expect("clearing output");
    let second = build(&["build", "--quiet"]);
    assert_eq!(first, second);
    let without = build(&["build", "--quiet", "--no-search"]);
    assert!(!without.keys().any(|k| k.starts_with("search/")));
    let home = String::from_utf8_lossy(&without["index.html"]).into_owned();
    assert!(!home.contains("site-search"));
    let home = String::from_utf8_lossy(&first["index.html"]).into_owned();
    assert!(home.contains(r#"action="search/index.html""#));
}

#[test]
fn the_search_script_reads_the_index_format_the_export_writes() {
    let js = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js"),
    )
    .expect("search.js");
    let version = gongkai::search::export::VERSION;
    assert!(js.contains(&format!("var VERSION = {version};")));
    let hash_len = gongkai::search::export::HASH_LEN;
    assert!(js.contains(&format!("var HASH_LEN = {hash_len};")));
}

#[test]
fn the_search_script_builds_no_html_from_data() {
    let js = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js"),
    )
    .expect("search.js");
    for banned in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "eval(",
        "new Function",
        "document.write",
    ] {
        assert!(!js.contains(banned), "search.js uses {banned}");
    }
}

#[test]
fn browser_engine_and_cli_give_the_same_ranked_results() {
    if !node_available() {
        assert!(!in_ci(), "node is needed for the search parity test in CI");
        eprintln!("skipped: node is not installed");
        return;
    }
    let dir = generated_site(2600);
    let root = dir.path();
    let out = common::gongkai(&["build", "--quiet"], root);
    assert!(out.status.success(), "{}", common::stderr(&out));
    // The index again, with big terms' positions in blocks of 64 records from 2 blocks on
    // (a site of 2,600 records has no term that fills 16 blocks of 1,024), so that the browser
    // loads only some blocks for a phrase found in a few records.
    let search = root.join("public/search");
    for entry in std::fs::read_dir(&search).expect("the search folder") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "js") {
            std::fs::remove_file(path).expect("removing an index file");
        }
    }
    let layout = gongkai::search::export::Layout {
        position_block: 64,
        blocked_from: 2,
    };
    let files = gongkai::search::output_files_with(&resolved_site(root), &layout).expect("index");
    assert!(
        files.iter().any(|f| f.path.starts_with("search/b")),
        "no term has its positions in blocks"
    );
    for f in files {
        let gongkai::render::Content::Bytes(bytes) = f.content else {
            panic!("{} is not data", f.path);
        };
        std::fs::write(root.join("public").join(&f.path), bytes.as_slice()).expect("writing");
    }
    let queries = [
        "统计局",
        "低保",
        "县",
        "审核 情况",
        "\"open data\"",
        "abc",
        "测试县民政局",
        "已废止",
        "〔2024〕12号",
        "保障 年度 通知",
        "\"open data\" 民政",
        "\"open data\" 审核情况",
        "\"open data\" 县民政",
        "open 预算保障",
        "无此词",
    ];
    let list = root.join("queries.json");
    std::fs::write(&list, serde_json::to_string(&queries).expect("JSON")).expect("writing");
    let node = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/parity.mjs"))
        .arg(root.join("public"))
        .arg(&list)
        .arg("10")
        .output()
        .expect("running node");
    assert!(
        node.status.success(),
        "{}",
        String::from_utf8_lossy(&node.stderr)
    );
    let js: Value = serde_json::from_slice(&node.stdout).expect("JSON from node");
    let mut index =
        gongkai::search::query::SearchIndex::open(&root.join("public")).expect("index opens");
    for q in queries {
        let answer = index
            .search(q, &Default::default(), 10)
            .expect("query runs");
        let rust = json!({
            "total": answer.total,
            "results": answer.results.iter().map(|h| json!([h.url, h.score])).collect::<Vec<_>>(),
        });
        assert_eq!(rust, js[q], "results of {q:?}");
    }
    assert!(js["低保"]["total"].as_u64() > Some(10), "{js}");
    assert!(js["审核 情况"]["total"].as_u64() > Some(0), "{js}");
    assert!(js["\"open data\" 民政"]["total"].as_u64() > Some(0), "{js}");
    // Big terms' positions were read both ways: whole for phrases found all over the site,
    // by block for those found in a few records.
    assert!(js["__positions"]["whole"].as_u64() > Some(0), "{js}");
    assert!(js["__positions"]["blocks"].as_u64() > Some(0), "{js}");
}

#[test]
fn adding_the_newest_record_leaves_most_index_files_as_they_were() {
    let dir = generated_site(1500);
    let root = dir.path();
    let search_files = || {
        let out = common::gongkai(&["build", "--quiet"], root);
        assert!(out.status.success(), "{}", common::stderr(&out));
        let mut files = common::read_tree(&root.join("public"));
        files.retain(|k, _| k.starts_with("search/") && k.ends_with(".js"));
        files
    };
    let before = search_files();
    let record = std::fs::read_to_string(root.join("content/records/generated/r00000.md"))
        .expect("a generated record");
    let mut added = String::new();
    for line in record.lines() {
        let line = match line.split_once(':') {
            Some(("index_no", _)) => "index_no: 11990100MB0000019L/2026-00101".to_string(),
            Some(("publisher", _)) => "publisher: mz".to_string(),
            Some(("formed" | "published", _)) => {
                format!("{}: 2026-01-05", line.split(':').next().unwrap_or_default())
            }
            Some(("validity" | "repealed_on", _)) => continue,
            _ => line.to_string(),
        };
        added.push_str(&line);
        added.push('\n');
    }
    std::fs::write(root.join("content/records/generated/added.md"), added).expect("writing");
    let after = search_files();

    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    // Files of one kind: `search/<letter><number in decimal or hex>-<hash>.js`.
    let count = |files: &[&String], letter: char| {
        files
            .iter()
            .filter(|k| {
                let mut name = k.trim_start_matches("search/").chars();
                name.next() == Some(letter) && name.next().is_some_and(|c| c.is_ascii_hexdigit())
            })
            .count()
    };
    let all: Vec<&String> = after.keys().collect();
    // The new record lands in the last fragment file only.
    assert_eq!(count(&changed, 'f'), 1, "{changed:?}");
    // And in the last facets chunk only.
    assert_eq!(count(&changed, 'd'), 1, "{changed:?}");
    // Frequent terms keep their sealed postings but for a few whose boundary moved.
    let sealed = count(&all, 'w');
    assert!(sealed > 20, "{sealed} sealed postings files");
    assert!(count(&changed, 'w') <= sealed / 10, "{changed:?}");
    // Their positions too (files apart from the documents).
    let positions = count(&all, 'p');
    assert!(positions > 20, "{positions} sealed positions files");
    assert!(count(&changed, 'p') <= positions / 10, "{changed:?}");
    let bytes = |files: &[&String]| files.iter().map(|k| after[*k].len()).sum::<usize>();
    let share = bytes(&changed) as f64 / bytes(&all) as f64;
    // Small sites have few, small buckets, so a record touches a larger share of them than
    // the 4 % measured on 10,000 records (bench/search-stability.py).
    assert!(share < 0.25, "{:.1} % of the index changed", share * 100.0);
}
