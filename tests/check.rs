//! `gongkai check`: the fixture with known late, missing, stale, leaked and suspicious records
//! reports exactly what `tests/fixtures/check/expected.json` says; a clean site reports
//! nothing; `build` refuses to publish a leak. Every run fixes `--as-of`, so no test depends
//! on today's date.

mod common;

use common::*;
use std::path::Path;

/// Full numbers planted in the fixture: none may ever appear in a report.
const PLANTED: [&str; 6] = [
    "11010519491231002X",
    "440524188001010014",
    "110105194912310021",
    "13800138000",
    "4111111111111111",
    "370101190102039973",
];

#[test]
fn check_fixture_report_matches_expected_json() {
    let site = fixtures().join("check");
    let out = gongkai(
        &["check", "--as-of", "2025-06-30", "--format", "json"],
        &site,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json = stdout(&out);
    assert_snapshot(&site.join("expected.json"), &json);
    for full in PLANTED {
        assert!(!json.contains(full), "the report shows {full} unmasked");
    }
}

/// The same report in Chinese: every finding, the summary and the rates, pinned in
/// tests/fixtures/check/expected.zh-CN.txt.
#[test]
fn check_fixture_text_report_in_chinese() {
    let site = fixtures().join("check");
    let out = gongkai_in("zh-CN", &["check", "--as-of", "2025-06-30"], &site);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = format!("{}{}", stderr(&out), stdout(&out));
    assert_snapshot(&site.join("expected.zh-CN.txt"), &text);
    for full in PLANTED {
        assert!(!text.contains(full), "the report shows {full} unmasked");
    }
}

#[test]
fn text_report_groups_findings_and_never_shows_full_numbers() {
    let site = fixtures().join("check");
    let out = gongkai(&["check", "--as-of", "2025-06-30"], &site);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" — "))
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(
        headings,
        [
            "privacy",
            "link",
            "suspicious",
            "late",
            "missing",
            "stale",
            "unlinked-attachment",
            "unscanned-attachment"
        ]
    );
    assert!(
        text.contains("content/records/social-assistance/roster-2024q3.xlsx:2:2: error: unmasked resident ID number 110105********002X in sheet1, cell B2"),
        "{text}"
    );
    // Inside the PDF printed by Chromium: page 2, line 2 is the table row
    // "3 王某某 370101190102039973 13800138000", its cells read apart.
    assert!(
        text.contains("content/records/social-assistance/roster-2024q3.pdf:2:7: error: unmasked resident ID number 370101********9973 in page 2, line 2"),
        "{text}"
    );
    assert!(
        text.contains("summary as of 2025-06-30: 9 errors, 11 warnings"),
        "{text}"
    );
    for full in PLANTED {
        assert!(!text.contains(full), "the report shows {full} unmasked");
    }
}

#[test]
fn a_clean_site_reports_nothing() {
    let site = fixtures().join("basic");
    let out = gongkai(
        &[
            "check",
            "--as-of",
            "2024-12-31",
            "--strict",
            "--format",
            "json",
        ],
        &site,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["timeliness"]["total"], 5);
    let text = stdout(&gongkai(&["check", "--as-of", "2024-12-31"], &site));
    assert!(
        text.starts_with("summary as of 2024-12-31: 0 errors, 0 warnings"),
        "{text}"
    );
}

#[test]
fn only_and_strict_select_what_fails() {
    let site = fixtures().join("check");
    let coverage = gongkai(
        &["check", "--as-of", "2025-06-30", "--only", "coverage"],
        &site,
    );
    assert_eq!(coverage.status.code(), Some(0), "{}", stdout(&coverage));
    assert!(stdout(&coverage).starts_with("missing — "));
    let strict = gongkai(
        &[
            "check",
            "--as-of",
            "2025-06-30",
            "--only",
            "coverage",
            "--strict",
        ],
        &site,
    );
    assert_eq!(strict.status.code(), Some(1));
    // Staleness is judged on --as-of: the quarterly item was still fresh in January 2025.
    let early = gongkai(
        &["check", "--as-of", "2025-01-27", "--only", "staleness"],
        &site,
    );
    assert!(
        !stdout(&early).contains("dibao-review"),
        "{}",
        stdout(&early)
    );
    let bad = gongkai(&["check", "--as-of", "2025-02-30"], &site);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn html_report_is_written() {
    let tmp = TempDir::new("check-html");
    let report = tmp.path().join("report.html");
    let report_arg = report.to_string_lossy().into_owned();
    let out = gongkai(
        &["check", "--as-of", "2025-06-30", "--html", &report_arg],
        &fixtures().join("check"),
    );
    assert_eq!(out.status.code(), Some(1));
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("<svg") && html.contains("东山镇人民政府"),
        "{html}"
    );
    for full in PLANTED {
        assert!(
            !html.contains(full),
            "the HTML report shows {full} unmasked"
        );
    }
}

#[test]
fn build_refuses_to_publish_a_leak_unless_the_site_allows_it() {
    let site = fixture_site("basic");
    let record = site
        .path()
        .join("content/records/social-assistance/2024q3-review.md");
    let text = std::fs::read_to_string(&record).expect("record");
    std::fs::write(
        &record,
        format!("{text}\n联系人身份证：11010519491231002X\n"),
    )
    .expect("write");
    let out = gongkai(&["build", "--quiet"], site.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("content/records/social-assistance/2024q3-review.md:14:8: error: unmasked resident ID number 110105********002X"),
        "{err}"
    );
    assert!(!err.contains("11010519491231002X"));
    assert!(!site.path().join("public").exists());

    let catalog = site.path().join("catalog.yaml");
    let cat = std::fs::read_to_string(&catalog).expect("catalog");
    std::fs::write(
        &catalog,
        cat.replace("  per_page: 2\n", "  per_page: 2\n  privacy: warn\n"),
    )
    .expect("write");
    let out = gongkai(&["build", "--quiet"], site.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: unmasked resident ID number 110105********002X"));
}

#[test]
fn build_refuses_a_leak_inside_a_pdf_attachment() {
    // The roster printed by Chromium, attached to a record of the clean site: build reads
    // its text and names the page and line.
    let site = fixture_site("basic");
    let dir = site.path().join("content/records/social-assistance");
    std::fs::copy(
        fixtures().join("check/content/records/social-assistance/roster-2024q3.pdf"),
        dir.join("roster-2024q3.pdf"),
    )
    .expect("copy");
    let record = dir.join("2024q3-review.md");
    let text = std::fs::read_to_string(&record).expect("record");
    std::fs::write(
        &record,
        text.replace(
            "attachments: [roster-2024q3.csv]",
            "attachments: [roster-2024q3.csv, roster-2024q3.pdf]",
        ),
    )
    .expect("write");
    let out = gongkai(&["build", "--quiet"], site.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("content/records/social-assistance/roster-2024q3.pdf:2:26: error: unmasked mobile phone number 138****8000 in page 2, line 2"),
        "{err}"
    );
    for full in PLANTED {
        assert!(!err.contains(full), "build shows {full} unmasked");
    }
    assert!(!site.path().join("public").exists());
}

const BUDGET: &str = "content/records/budget/2024-budget.md";
const POLICY: &str = "content/records/social-assistance/2024-policy.md";

#[test]
fn check_file_reports_only_the_named_files() {
    let site = fixture_site("basic");
    let clean = gongkai(&["check", "--as-of", "2024-12-31", BUDGET], site.path());
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert_eq!(stdout(&clean), "checked 1 file: 0 errors, 0 warnings\n");
    assert_eq!(stderr(&clean), "");

    // Break both records: checking one shows only its own problems.
    let budget = site.path().join(BUDGET);
    let text = std::fs::read_to_string(&budget).expect("record");
    std::fs::write(
        &budget,
        text.replace("publisher: cz", "publisher: caizheng")
            .replace(
                "published: 2024-02-20",
                "published: 2024-02-20\nattachments: [budget-2024.xlsx]",
            ),
    )
    .expect("write");
    let policy = site.path().join(POLICY);
    let text = std::fs::read_to_string(&policy).expect("record");
    std::fs::write(&policy, text.replacen("title:", "titel:", 1)).expect("write");

    let out = gongkai(&["check", "--as-of", "2024-12-31", BUDGET], site.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "content/records/budget/2024-budget.md:5:1: error: unknown publisher `caizheng`\n    help: use the key of a publisher listed in catalog.yaml: mz, cz, xz\n"
    );
    assert_eq!(
        stdout(&out),
        "content/records/budget/2024-budget.md:8:1: error: attachment `budget-2024.xlsx` does not exist [索引号 11990100MB0000027F/2024-00003, item budget/dept-budget]\nchecked 1 file: 2 errors, 0 warnings\n"
    );

    // Several files, given as absolute paths or from another folder with --root.
    let abs = site.path().join(POLICY);
    let out = gongkai(
        &[
            "check",
            "--as-of",
            "2024-12-31",
            BUDGET,
            abs.to_str().expect("utf-8"),
        ],
        site.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("2024-policy.md:3:1: error: unknown field `titel`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).ends_with("checked 2 files: 4 errors, 0 warnings\n"),
        "{}",
        stdout(&out)
    );
    let parent = site.path().parent().expect("parent");
    let name = site
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let out = gongkai(
        &[
            "check",
            "--root",
            &name,
            &format!("{name}/{POLICY}"),
            "--format",
            "json",
        ],
        parent,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["findings"], serde_json::json!([]));
    let files: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(
        !files.is_empty() && files.iter().all(|f| *f == POLICY),
        "{files:?}"
    );

    // --only still selects the checks: the privacy scan alone does not resolve the site, so
    // neither the publisher nor the attachment is looked up.
    let out = gongkai(&["check", "--only", "privacy", BUDGET], site.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "checked 1 file: 0 errors, 0 warnings\n");

    // A draft is checked too, and a leaked number in it is found.
    std::fs::write(
        site.path().join("content/records/budget/draft.md"),
        "---\nindex_no: 11990100MB0000027F/2024-00009\ntitle: 草稿\nitem: budget/dept-budget\npublisher: cz\nformed: 2024-02-01\npublished: 2024-02-20\ndraft: true\n---\n联系人身份证：11010519491231002X\n",
    )
    .expect("write");
    let out = gongkai(&["check", "content/records/budget/draft.md"], site.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("content/records/budget/draft.md:10:8: error: unmasked resident ID number 110105********002X"),
        "{}",
        stdout(&out)
    );

    // Files outside the site's content are usage errors.
    let out = gongkai(
        &["check", "Cargo.toml"],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("neither in content/ nor catalog.yaml"),
        "{}",
        stderr(&out)
    );
    let out = gongkai(&["check", "content/nope.md"], site.path());
    assert_eq!(out.status.code(), Some(2));
}

/// How long `check FILE` takes on the demo site, printed for information only: timings on a
/// shared machine are too noisy to assert.
#[test]
fn check_file_timing_on_the_demo_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = "content/records/work-safety/2023-safety-reward-measures-jd.md";
    let mut times: Vec<u128> = (0..9)
        .map(|_| {
            let start = std::time::Instant::now();
            let out = gongkai(&["check", file], root);
            let ms = start.elapsed().as_millis();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}{}",
                stdout(&out),
                stderr(&out)
            );
            ms
        })
        .collect();
    times.sort();
    eprintln!(
        "gongkai check FILE on the demo site: median {} ms, fastest {} ms over {} runs (this build's profile)",
        times[times.len() / 2],
        times[0],
        times.len()
    );
}

/// Every kind of broken link or attachment that resolving the site finds is a `link` finding,
/// in either language: `check` tells them from the site's other problems by their topic, not
/// by their wording (which once let a Chinese message through as an ordinary error). A link
/// whose scheme is removed is one too, as a warning.
#[test]
fn every_broken_link_or_attachment_is_a_link_finding_in_both_languages() {
    let site = fixture_site("basic");
    let dir = site.path().join("content/records/budget");
    for (name, text) in [
        ("unlisted.csv", "a,b\n"),
        ("a/dup.csv", "a,b\n"),
        ("b/dup.csv", "a,b\n"),
        (
            "draft.md",
            "---\nindex_no: 11990100MB0000027F/2024-00031\ntitle: 草稿\nitem: budget/dept-budget\npublisher: cz\nformed: 2024-02-01\npublished: 2024-02-20\ndraft: true\n---\n草稿。\n",
        ),
        (
            "links.md",
            "---\nindex_no: 11990100MB0000027F/2024-00032\ntitle: 链接\nitem: budget/dept-budget\npublisher: cz\nformed: 2024-02-01\npublished: 2024-02-20\nattachments: [missing.csv, /etc/hosts, ../../../outside.csv, a/dup.csv, b/dup.csv]\n---\n[外](../../../../x.md)、[无文件](nothing.pdf)、[草稿](draft.md)、[无页](nopage.md)、[未列出](unlisted.csv)、[绝对](/records/x/)、[脚本](javascript:alert(1))。\n",
        ),
    ] {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let report = site.path().join("content/reports/mz/2024.yaml");
    let yaml = std::fs::read_to_string(&report).expect("report");
    let yaml = yaml.replacen(
        "overview: |\n",
        "overview: |\n  见[办法](../../records/budget/links.md)。\n",
        1,
    );
    std::fs::write(&report, yaml).expect("write");
    std::fs::write(site.path().join("outside.csv"), "a,b\n").expect("write");

    for lang in ["en", "zh-CN"] {
        let out = gongkai_in(
            lang,
            &[
                "check",
                "--as-of",
                "2024-12-31",
                "--only",
                "links",
                "--format",
                "json",
            ],
            site.path(),
        );
        let report: serde_json::Value = serde_json::from_str(&stdout(&out))
            .unwrap_or_else(|e| panic!("{lang}: {e}\n{}{}", stdout(&out), stderr(&out)));
        let links: Vec<String> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["kind"] == "link")
            .map(|f| format!("{}:{}:{}", f["severity"], f["file"], f["message"]))
            .collect();
        // Four attachments, seven links in the record's text, one in the report's.
        assert_eq!(links.len(), 12, "{lang}: {links:#?}\n{}", stderr(&out));
        let warnings: Vec<&String> = links
            .iter()
            .filter(|l| l.starts_with("\"warning\""))
            .collect();
        assert_eq!(warnings.len(), 1, "{lang}: {links:#?}");
        assert!(warnings[0].contains("javascript"), "{lang}: {links:#?}");
        for target in [
            "missing.csv",
            "/etc/hosts",
            "outside.csv",
            "dup.csv",
            "../../../../x.md",
            "nothing.pdf",
            "draft.md",
            "nopage.md",
            "unlisted.csv",
            "../../records/budget/links.md",
            "/records/x/",
        ] {
            assert!(
                links.iter().any(|l| l.contains(target)),
                "{lang}: no finding names {target}: {links:#?}"
            );
        }
        // Nothing about links is left over as an error of the site.
        assert_eq!(out.status.code(), Some(1), "{lang}: {}", stderr(&out));
        for word in ["error", "warning", "错误", "警告"] {
            assert!(!stderr(&out).contains(word), "{lang}: {}", stderr(&out));
        }
    }
}
