//! The JSON Schemas editors use: the demo site's committed copies are what `gongkai schema`
//! makes today, and a real validator (Python's jsonschema) agrees with gongkai — every valid
//! catalog and front matter passes, and each bad-input fixture whose problem a schema can
//! express fails at the field `build` reports.

mod common;

use common::*;
use gongkai::catalog::Catalog;
use gongkai::schema;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn demo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_catalog(root: &Path) -> Option<Catalog> {
    Catalog::load(root).expect("no internal error").catalog
}

#[test]
fn committed_demo_schemas_are_up_to_date() {
    let root = demo_root();
    let catalog = load_catalog(&root).expect("the demo catalog parses");
    for (rel, text) in schema::files(Some(&catalog)) {
        assert_snapshot(&root.join(&rel), &text);
    }
    // The demo's catalog names the schema for YAML editors.
    let cat = std::fs::read_to_string(root.join("catalog.yaml")).expect("catalog");
    assert!(
        cat.starts_with("# yaml-language-server: $schema=.gongkai/catalog.schema.json\n"),
        "catalog.yaml lacks the schema modeline"
    );
}

#[test]
fn schema_command_writes_only_what_changed() {
    let site = fixture_site("basic");
    let first = gongkai(&["schema"], site.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(stdout(&first).lines().count(), 2, "{}", stdout(&first));
    let record = std::fs::read_to_string(site.path().join(".gongkai/record.schema.json"))
        .expect("record schema written");
    assert!(record.contains("\"social-assistance/dibao-review\""));
    let again = gongkai(&["schema"], site.path());
    assert_eq!(stdout(&again), "");
    assert!(stderr(&again).contains("up to date"), "{}", stderr(&again));
    // build refreshes the record schema when the catalog gains a publisher.
    let catalog = site.path().join("catalog.yaml");
    let text = std::fs::read_to_string(&catalog).expect("catalog");
    std::fs::write(
        &catalog,
        text.replace(
            "publishers:\n",
            "publishers:\n  - key: newoffice\n    name: 测试县新设局\n    uscc: 11990100MB0000043Y\n",
        ),
    )
    .expect("write");
    let build = gongkai(&["build", "--quiet"], site.path());
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let record = std::fs::read_to_string(site.path().join(".gongkai/record.schema.json"))
        .expect("record schema");
    assert!(
        record.contains("\"newoffice\""),
        "build refreshed the schema"
    );
    // A folder that cannot be written does not fail the build.
    std::fs::remove_dir_all(site.path().join(".gongkai")).expect("rm");
    std::fs::write(site.path().join(".gongkai"), "a file in the way").expect("write");
    std::fs::write(
        site.path().join("content/records/touch.md"),
        "---\npage: other\ntitle: 新页面\n---\n",
    )
    .expect("write");
    let build = gongkai(&["build", "--quiet"], site.path());
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
}

/// Python's jsonschema with a YAML loader that reads values as gongkai does (YAML 1.2: no
/// timestamps, so `2024-09-27` stays text, and only true/false are booleans, not yes/no). Reads a JSON list of jobs on stdin and prints,
/// for each, the fields the schema rejects.
const VALIDATOR: &str = r#"
import json, re, sys
import yaml
from jsonschema import Draft7Validator, FormatChecker

class Loader(yaml.SafeLoader):
    pass
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

def front_matter(text):
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return None
    lines = text[4:].split("\n")
    for i, line in enumerate(lines):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[:i])
    return None

def fields(error):
    path = "/".join(str(p) for p in error.absolute_path)
    prefix = path + "/" if path else ""
    if error.validator == "required":
        return [prefix + re.match(r"'(.+?)' is a required property", error.message).group(1)]
    if error.validator == "additionalProperties":
        return [prefix + name for name in re.findall(r"'([^']+)'", error.message.split("(")[-1])]
    if error.validator == "dependencies":
        return [prefix + re.match(r"'(.+?)' is a dependency of '(.+?)'", error.message).group(2)]
    return [path]

results = []
for job in json.load(sys.stdin):
    schema = json.load(open(job["schema"], encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    text = open(job["file"], encoding="utf-8").read()
    if job["file"].endswith(".md"):
        text = front_matter(text)
    doc = yaml.load(text, Loader=Loader)
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    found = set()
    for error in validator.iter_errors(doc):
        found.update(fields(error))
    results.append(sorted(found))
json.dump(results, sys.stdout)
"#;

fn python_ready() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import jsonschema, yaml"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// One file checked against one schema.
struct Job {
    schema: PathBuf,
    file: PathBuf,
    /// How the file is named in messages: `case:path`.
    label: String,
}

/// Runs the validator over `jobs`; returns the rejected fields of each.
fn validate(jobs: &[Job]) -> Vec<BTreeSet<String>> {
    let input: Vec<Value> = jobs
        .iter()
        .map(|j| json!({"schema": j.schema, "file": j.file}))
        .collect();
    let mut child = std::process::Command::new("python3")
        .args(["-c", VALIDATOR])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(serde_json::to_string(&input).expect("json").as_bytes())
            .expect("writing jobs");
    }
    let out = child.wait_with_output().expect("python3 ran");
    assert!(
        out.status.success(),
        "the validator failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).expect("results");
    results
        .into_iter()
        .map(|r| r.into_iter().collect())
        .collect()
}

/// Writes the schemas for the site at `root` into `dir`; returns (catalog, record) schema
/// paths. A catalog that does not parse gets the record schema without the site's ids.
fn schemas_for(root: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let catalog = load_catalog(root);
    gongkai::schema::write(dir, catalog.as_ref()).expect("writing schemas");
    let d = dir.join(schema::SCHEMA_DIR);
    (
        d.join(schema::CATALOG_SCHEMA),
        d.join(schema::RECORD_SCHEMA),
    )
}

/// Jobs for a whole site: its catalog and every Markdown file's front matter.
fn site_jobs(name: &str, root: &Path, tmp: &Path) -> Vec<Job> {
    let (catalog_schema, record_schema) = schemas_for(root, &tmp.join(name));
    let mut jobs = vec![Job {
        schema: catalog_schema,
        file: root.join("catalog.yaml"),
        label: format!("{name}:catalog.yaml"),
    }];
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "md") {
            jobs.push(Job {
                schema: record_schema.clone(),
                file: entry.path().to_path_buf(),
                label: format!(
                    "{name}:{}",
                    entry.path().strip_prefix(root).expect("inside").display()
                ),
            });
        }
    }
    jobs
}

fn skip_without_python() -> bool {
    if python_ready() {
        return false;
    }
    assert!(
        !in_ci(),
        "python3 with jsonschema and PyYAML is required in CI"
    );
    eprintln!("skipping: python3 with jsonschema and PyYAML is not installed");
    true
}

#[test]
fn every_valid_catalog_and_front_matter_passes_the_schemas() {
    if skip_without_python() {
        return;
    }
    let tmp = TempDir::new("schema-valid");
    let mut jobs = site_jobs("demo", &demo_root(), tmp.path());
    for name in ["basic", "check", "legacy"] {
        jobs.extend(site_jobs(name, &fixtures().join(name), tmp.path()));
    }
    assert!(
        jobs.len() > 200,
        "the demo site and the fixtures are all checked"
    );
    let results = validate(&jobs);
    let failures: Vec<String> = jobs
        .iter()
        .zip(&results)
        .filter(|(_, r)| !r.is_empty())
        .map(|(j, r)| format!("{}: {r:?}", j.label))
        .collect();
    assert!(
        failures.is_empty(),
        "rejected by the schema:\n{}",
        failures.join("\n")
    );
}

/// Bad-input fixtures whose problem a schema can express: (case, file, the fields the schema
/// rejects, and for each the `line:col` where `build` reports it in expected.txt).
/// (field the schema rejects, `line:col` where `build` reports it)
type Rejected = &'static [(&'static str, &'static str)];

const SCHEMA_CASES: &[(&str, &str, Rejected)] = &[
    (
        "unknown-field",
        "content/records/budget/2024-budget.md",
        &[("publised", "6:1")],
    ),
    (
        "missing-field",
        "content/records/budget/2024-budget.md",
        &[("item", "1:1")],
    ),
    (
        "invalid-date",
        "content/records/budget/2024-budget.md",
        &[("published", "7:1")],
    ),
    (
        "unknown-item",
        "content/records/budget/2024-budget.md",
        &[("item", "4:1")],
    ),
    (
        "unknown-publisher",
        "content/records/budget/2024-budget.md",
        &[("publisher", "5:1")],
    ),
    (
        "many-problems",
        "content/records/budget/2024-budget.md",
        &[("publisher", "5:1"), ("published", "7:1")],
    ),
    (
        "many-problems",
        "content/records/social-assistance/2024-policy-interpretation.md",
        &[("title", "1:1"), ("titel", "3:1")],
    ),
    (
        "catalog-unknown-channel",
        "catalog.yaml",
        &[("areas/0/items/0/channels/1", "31:29")],
    ),
    (
        "catalog-bad-time-limit",
        "catalog.yaml",
        &[("areas/1/items/0/time_limit/days", "54:9")],
    ),
];

/// Cases left out, and why: every other case's problem is beyond a schema (YAML syntax,
/// encodings, links, attachments, duplicates across files, date order, templates, reports).
const NOT_SCHEMA_CASES: &[&str] = &[
    // An alias is checked when the site is resolved and built: percent-decoded, against
    // base_url's host and folder, and against every other alias and published address.
    "alias-duplicate",
    "alias-full-address",
    "alias-invalid-character",
    "alias-leaves-the-site",
    "alias-other-host",
    "alias-page-address",
    "attachment-missing",
    "broken-link",
    "catalog-duplicate-id",
    "catalog-yaml-syntax",
    "duplicate-index-no",
    "formed-after-published",
    // The grammar of 索引号 patterns, and which of the site's patterns a number follows.
    "index-no-bad-pattern-in-list",
    "index-no-several-patterns",
    "index-no-wrong-publisher",
    "index-no-wrong-year",
    "invalid-utf8",
    // An unmasked ID number in the body, and a template error.
    "leak-and-template-error",
    "no-front-matter",
    "report-does-not-add-up",
    "report-unknown-publisher",
    "template-error",
    "template-syntax",
    "unknown-interpreted-record",
    "url-collision",
    "yaml-syntax",
];

#[test]
fn bad_fields_fail_the_schema_where_the_build_reports_them() {
    if skip_without_python() {
        return;
    }
    let invalid = fixtures().join("invalid");
    // Every case is either pinned here or listed as beyond a schema.
    let all: Vec<String> = common::sorted_entries(&invalid)
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let mut listed: Vec<String> = SCHEMA_CASES
        .iter()
        .map(|(c, _, _)| c.to_string())
        .chain(NOT_SCHEMA_CASES.iter().map(|c| c.to_string()))
        .collect();
    listed.sort();
    listed.dedup();
    assert_eq!(all, listed, "list each bad-input case in tests/schema.rs");

    let tmp = TempDir::new("schema-invalid");
    let mut jobs = Vec::new();
    let mut sites = Vec::new();
    for (case, file, _) in SCHEMA_CASES {
        let site = fixture_site("basic");
        copy_dir(&invalid.join(case), site.path());
        let (catalog_schema, record_schema) = schemas_for(
            site.path(),
            &tmp.path().join(format!("{case}-{}", jobs.len())),
        );
        let schema = if *file == "catalog.yaml" {
            catalog_schema
        } else {
            record_schema
        };
        jobs.push(Job {
            schema,
            file: site.path().join(file),
            label: format!("{case}:{file}"),
        });
        sites.push(site);
    }
    let results = validate(&jobs);
    let mut failures = Vec::new();
    for ((case, file, expected), found) in SCHEMA_CASES.iter().zip(&results) {
        let want: BTreeSet<String> = expected.iter().map(|(f, _)| f.to_string()).collect();
        if &want != found {
            failures.push(format!(
                "{case}:{file}: the schema rejects {found:?}, expected {want:?}"
            ));
        }
        let build =
            std::fs::read_to_string(invalid.join(case).join("expected.txt")).expect("expected.txt");
        for (field, at) in *expected {
            if !build.contains(&format!("{file}:{at}: error: ")) {
                failures.push(format!(
                    "{case}: build reports no error at {file}:{at} (for {field})"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Keys at which gongkai's own parser reports errors in one front matter.
fn parser_error_keys(text: &str) -> BTreeSet<String> {
    let (_, diags) = gongkai::record::parse(text, "content/x.md");
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            if let Some(rest) = d.message.strip_prefix("missing required field `") {
                return rest.trim_end_matches('`').to_string();
            }
            // Where one key needs another, the schema names the missing key and the parser
            // the key that needs it.
            match d.message.as_str() {
                "a repealed record needs `repealed_on`" => return "repealed_on".into(),
                "`repealed_on` is set but `validity` is not `repealed`" => {
                    return "validity".into();
                }
                _ => {}
            }
            let line = text.lines().nth(d.line.unwrap_or(1) - 1).unwrap_or("");
            line.split(':').next().unwrap_or("").to_string()
        })
        .collect()
}

/// Front matters with one mistake each, beyond the fixtures: the validator must reject each
/// at exactly the keys where the parser reports errors (the schema's rules for repeal, empty
/// values and types are written by hand, so they are held against the parser here).
#[test]
fn schema_and_parser_reject_the_same_fields() {
    if skip_without_python() {
        return;
    }
    const GOOD: &str = "---\nindex_no: 11990100MB0000027F/2024-00003\ntitle: 测试县财政局2024年部门预算公开\nitem: budget/dept-budget\npublisher: cz\nformed: 2024-02-01\npublished: 2024-02-20\n---\n正文\n";
    let with = |extra: &str| GOOD.replacen("---\n正文", &format!("{extra}\n---\n正文"), 1);
    let cases: Vec<String> = vec![
        GOOD.to_string(),
        with("validity: repealed"),
        with("repealed_on: 2024-03-01"),
        with("validity: repealed\nrepealed_on: 2024-03-01"),
        with("validity: expired"),
        with("kind: notice"),
        with("method: on-request"),
        with("draft: yes"),
        with("draft: true"),
        with("topics: [低保, \"\"]"),
        with("topics: 低保"),
        with("attachments: [{a: b}]"),
        with("doc_no: 12"),
        with("doc_no: \"\""),
        with("summary: [a, b]"),
        with("changed: 2024-13-01"),
        with("interprets: \"  \""),
        with("aliases: /xxgk/123.htm"),
        with("aliases: [/xxgk/123.htm, \"\"]"),
        GOOD.replace("title: 测试县财政局2024年部门预算公开", "title:"),
        GOOD.replace(
            "title: 测试县财政局2024年部门预算公开",
            "title: \"预算\\t公开\"",
        ),
        GOOD.replace("formed: 2024-02-01", "formed: 2024/02/01"),
        GOOD.replace("publisher: cz", "publisher: 财政局"),
        "---\npage: guide\ntitle: 公开指南\n---\n".to_string(),
        "---\npage: faq\ntitle: 问答\n---\n".to_string(),
        "---\npage:\ntitle: 问答\ndescription: 说明\n---\n".to_string(),
        "---\npage: other\ntitle: 问答\nsummary: 说明\n---\n".to_string(),
        "---\npage: guide\ntitle: 公开指南\naliases: [/xxgk/gkzn.html]\n---\n".to_string(),
    ];
    let tmp = TempDir::new("schema-cases");
    let (_, record_schema) = schemas_for(&fixtures().join("basic"), tmp.path());
    let jobs: Vec<Job> = cases
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let file = tmp.path().join(format!("case-{i}.md"));
            std::fs::write(&file, text).expect("write");
            Job {
                schema: record_schema.clone(),
                file,
                label: text.clone(),
            }
        })
        .collect();
    let results = validate(&jobs);
    let mut failures = Vec::new();
    for (job, found) in jobs.iter().zip(&results) {
        // `topics/1` is an entry of `topics`: the parser names the key.
        let found: BTreeSet<String> = found
            .iter()
            .map(|f| f.split('/').next().unwrap_or(f).to_string())
            .collect();
        let mut parser = parser_error_keys(&job.label);
        // The catalog check of `publisher` belongs to resolve, not the parser.
        if job.label.contains("publisher: 财政局") {
            parser.insert("publisher".into());
        }
        if parser != found {
            failures.push(format!(
                "{}\n  parser: {parser:?}\n  schema: {found:?}",
                job.label
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The longest one-line value in the record schema is the site's own `limits.max_field_chars`,
/// so an editor is warned at the length the build refuses, not at the default's.
#[test]
fn the_schema_s_longest_field_is_the_site_s_limit() {
    let site = fixture_site("basic");
    let max_length = |site: &Path| -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(site.join(".gongkai/record.schema.json"))
            .expect("record schema");
        let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let fields = &schema["else"]["properties"];
        ["title", "doc_no", "topics"]
            .iter()
            .map(|k| fields[*k]["maxLength"].clone())
            .collect()
    };
    let out = gongkai(&["schema"], site.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(max_length(site.path()), vec![serde_json::json!(1000); 3]);

    let catalog = site.path().join("catalog.yaml");
    let text = std::fs::read_to_string(&catalog).expect("catalog");
    std::fs::write(
        &catalog,
        format!("{text}\nlimits:\n  max_field_chars: 12\n"),
    )
    .expect("write");
    let out = gongkai(&["schema"], site.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(max_length(site.path()), vec![serde_json::json!(12); 3]);
    // The build refuses the same length: the fixture's 16-character title is too long now.
    let build = gongkai(&["build", "--quiet"], site.path());
    assert_eq!(build.status.code(), Some(1));
    assert!(
        stderr(&build).contains("limits.max_field_chars allows 12"),
        "{}",
        stderr(&build)
    );
}
