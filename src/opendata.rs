//! Open data under `data/`: the catalog and the records as JSON, the records as CSV (UTF-8
//! with a byte-order mark, so the spreadsheet programs of government offices read the
//! Chinese correctly), and a W3C DCAT 3 description as JSON-LD with its `@context` inline.
//!
//! Records for a specific audience are left out, as they are from search and feeds. URLs are
//! absolute when `base_url` is set and relative to the site root otherwise (in JSON-LD, where
//! identifiers resolve against the file's own address, relative to `data/`).

use crate::catalog::Method;
use crate::record::Validity;
use crate::render::{Content, OutputFile, item_label};
use crate::site::{RecordEntry, Site};
use serde::Serialize;
use serde_json::{Value, json};

pub const DATA_DIR: &str = "data/";

/// The files this module writes, for the page that explains them: (name, format key).
pub const FILES: &[(&str, &str)] = &[
    ("catalog.json", "json"),
    ("records.json", "json"),
    ("records.csv", "csv"),
    ("catalog.jsonld", "jsonld"),
];

/// One record in `records.json` and one row of `records.csv`.
#[derive(Serialize)]
pub struct RecordRow {
    pub index_no: String,
    pub title: String,
    pub url: String,
    pub area: String,
    pub area_name: String,
    pub item: String,
    pub item_name: String,
    pub publisher: String,
    pub publisher_name: String,
    pub publisher_uscc: String,
    pub doc_no: String,
    pub formed: String,
    pub changed: String,
    pub published: String,
    pub validity: String,
    pub repealed_on: String,
    pub kind: String,
    pub method: String,
    pub topics: Vec<String>,
    pub summary: String,
    pub attachments: Vec<String>,
    pub interprets: String,
}

/// The CSV columns, in order; list fields are joined with `|`.
pub const CSV_COLUMNS: &[&str] = &[
    "index_no",
    "title",
    "url",
    "area",
    "area_name",
    "item",
    "item_name",
    "publisher",
    "publisher_name",
    "publisher_uscc",
    "doc_no",
    "formed",
    "changed",
    "published",
    "validity",
    "repealed_on",
    "kind",
    "method",
    "topics",
    "summary",
    "attachments",
    "interprets",
];

/// A site URL as open data states it.
fn data_url(site: &Site, url: &str) -> String {
    site.linker
        .permalink(url)
        .unwrap_or_else(|| url.to_string())
}

fn row(site: &Site, r: &RecordEntry) -> RecordRow {
    let rec = &r.record;
    let area = &site.catalog.areas[r.area];
    let item = &area.items[r.item];
    let publisher = &site.catalog.publishers[r.publisher];
    let (validity, repealed_on) = match rec.validity {
        Validity::Valid => ("valid", String::new()),
        Validity::Repealed(d) => ("repealed", d.to_string()),
    };
    RecordRow {
        index_no: rec.index_no.clone(),
        title: rec.title.clone(),
        url: data_url(site, &r.url),
        area: area.id.clone(),
        area_name: area.name.clone(),
        item: format!("{}/{}", area.id, item.id),
        item_name: item_label(item),
        publisher: publisher.key.clone(),
        publisher_name: publisher.name.clone(),
        publisher_uscc: publisher.uscc.clone().unwrap_or_default(),
        doc_no: rec.doc_no.clone().unwrap_or_default(),
        formed: rec.formed.to_string(),
        changed: rec.changed.map(|d| d.to_string()).unwrap_or_default(),
        published: rec.published.to_string(),
        validity: validity.to_string(),
        repealed_on,
        kind: rec.kind.map(|k| k.key().to_string()).unwrap_or_default(),
        method: match rec.method.unwrap_or(item.method) {
            Method::Proactive => "proactive".to_string(),
            Method::OnRequest => "on-request".to_string(),
        },
        topics: rec.topics.clone(),
        summary: rec.summary.clone().unwrap_or_default(),
        attachments: r
            .attachments
            .iter()
            .map(|a| data_url(site, &a.url))
            .collect(),
        interprets: rec.interprets.clone().unwrap_or_default(),
    }
}

/// One CSV field. A value that a spreadsheet would take for a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`, so that opening records.csv in an
/// office's spreadsheet program never runs anything a record's text carries.
fn csv_field(s: &str) -> String {
    let s: std::borrow::Cow<str> = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

fn records_csv(rows: &[RecordRow]) -> String {
    // About 400 bytes a row.
    let mut out = String::with_capacity(512 + rows.len() * 400);
    out.push('\u{feff}');
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            r.index_no.clone(),
            r.title.clone(),
            r.url.clone(),
            r.area.clone(),
            r.area_name.clone(),
            r.item.clone(),
            r.item_name.clone(),
            r.publisher.clone(),
            r.publisher_name.clone(),
            r.publisher_uscc.clone(),
            r.doc_no.clone(),
            r.formed.clone(),
            r.changed.clone(),
            r.published.clone(),
            r.validity.clone(),
            r.repealed_on.clone(),
            r.kind.clone(),
            r.method.clone(),
            r.topics.join("|"),
            r.summary.clone(),
            r.attachments.join("|"),
            r.interprets.clone(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

fn catalog_json(site: &Site) -> Value {
    let c = &site.catalog;
    json!({
        "title": c.site.title,
        "language": c.site.language.code(),
        "publishers": c.publishers,
        "areas": c.areas.iter().map(|a| {
            let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
            if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
                for (item, def) in items.iter_mut().zip(&a.items) {
                    item["url"] = json!(data_url(site, &format!("areas/{}/{}/", a.id, def.id)));
                }
            }
            v["url"] = json!(data_url(site, &format!("areas/{}/", a.id)));
            v
        }).collect::<Vec<_>>(),
    })
}

/// An identifier in catalog.jsonld, which lives in `data/`.
fn ld_id(site: &Site, url: &str) -> String {
    match site.linker.permalink(url) {
        Some(p) => p,
        None => format!("../{url}"),
    }
}

/// A record in the JSON-LD graph, written straight from these fields rather than through a
/// `Value` (which would sort its keys): the fields are declared in the sorted order of their
/// names, so the file reads as a `Value` would have written it.
#[derive(Serialize)]
struct Dataset<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dcat:distribution", skip_serializing_if = "Vec::is_empty")]
    distribution: Vec<Distribution<'a>>,
    #[serde(rename = "dcat:keyword", skip_serializing_if = "Vec::is_empty")]
    keyword: Vec<Text<'a>>,
    #[serde(rename = "dcat:landingPage")]
    landing_page: Ref,
    #[serde(rename = "dcat:theme")]
    theme: [Ref; 2],
    #[serde(
        rename = "dct:bibliographicCitation",
        skip_serializing_if = "Option::is_none"
    )]
    citation: Option<&'a str>,
    #[serde(rename = "dct:created")]
    created: Typed,
    #[serde(rename = "dct:description")]
    description: Text<'a>,
    #[serde(rename = "dct:identifier")]
    identifier: &'a str,
    #[serde(rename = "dct:issued")]
    issued: Typed,
    #[serde(rename = "dct:modified", skip_serializing_if = "Option::is_none")]
    modified: Option<Typed>,
    #[serde(rename = "dct:publisher")]
    publisher: Ref,
    #[serde(rename = "dct:relation", skip_serializing_if = "Option::is_none")]
    relation: Option<Ref>,
    #[serde(rename = "dct:title")]
    title: Text<'a>,
}

#[derive(Serialize)]
struct Distribution<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dcat:byteSize")]
    byte_size: Typed,
    #[serde(rename = "dcat:downloadURL")]
    download_url: Ref,
    #[serde(rename = "dct:title")]
    title: &'a str,
}

#[derive(Serialize)]
struct Ref {
    #[serde(rename = "@id")]
    id: String,
}

#[derive(Serialize)]
struct Typed {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@value")]
    value: String,
}

#[derive(Serialize)]
struct Text<'a> {
    #[serde(rename = "@language")]
    language: &'static str,
    #[serde(rename = "@value")]
    value: std::borrow::Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn new(value: impl Into<std::borrow::Cow<'a, str>>, language: &'static str) -> Self {
        Text {
            language,
            value: value.into(),
        }
    }
}

/// The JSON-LD document.
#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: Value,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Other(Value),
    Dataset(Box<Dataset<'a>>),
}

fn catalog_jsonld(site: &Site) -> Graph<'_> {
    let c = &site.catalog;
    let lang = match c.site.language {
        crate::catalog::Language::ZhCn => "zh",
        crate::catalog::Language::En => "en",
    };
    let text = |s: &str| json!({"@value": s, "@language": lang});
    let mut graph = Vec::new();
    let records: Vec<&RecordEntry> = site.records.iter().filter(|r| r.listed).collect();
    let mut catalog_node = json!({
        "@id": ld_id(site, ""),
        "@type": "dcat:Catalog",
        "dct:title": text(&c.site.title),
        "dcat:themeTaxonomy": {"@id": "#areas"},
        "dcat:dataset": records.iter().map(|r| json!({"@id": ld_id(site, &r.url)})).collect::<Vec<_>>(),
    });
    if let Some(d) = &c.site.description {
        catalog_node["dct:description"] = text(d);
    }
    if let Some(s) = &c.site.sponsor {
        catalog_node["dct:publisher"] = json!({"@id": "#sponsor"});
        graph.push(json!({"@id": "#sponsor", "@type": "foaf:Organization", "foaf:name": s}));
    }
    graph.push(catalog_node);
    graph.push(json!({"@id": "#areas", "@type": "skos:ConceptScheme", "skos:prefLabel": text(&c.site.title)}));
    for area in &c.areas {
        let mut labels = vec![json!({"@value": area.name, "@language": "zh"})];
        if let Some(en) = &area.name_en {
            labels.push(json!({"@value": en, "@language": "en"}));
        }
        let area_id = ld_id(site, &format!("areas/{}/", area.id));
        graph.push(json!({
            "@id": area_id,
            "@type": "skos:Concept",
            "skos:notation": area.id,
            "skos:prefLabel": labels,
            "skos:altLabel": area.aliases,
            "skos:inScheme": {"@id": "#areas"},
            "skos:topConceptOf": {"@id": "#areas"},
        }));
        for item in &area.items {
            graph.push(json!({
                "@id": ld_id(site, &format!("areas/{}/{}/", area.id, item.id)),
                "@type": "skos:Concept",
                "skos:notation": format!("{}/{}", area.id, item.id),
                "skos:prefLabel": {"@value": item_label(item), "@language": "zh"},
                "skos:broader": {"@id": area_id},
                "skos:inScheme": {"@id": "#areas"},
            }));
        }
    }
    for p in &c.publishers {
        let mut node = json!({"@id": format!("#publisher-{}", p.key), "@type": "foaf:Organization", "foaf:name": p.name});
        if let Some(code) = &p.uscc {
            node["dct:identifier"] = json!(code);
        }
        graph.push(node);
    }
    let datasets: Vec<Dataset> = records
        .iter()
        .map(|r| {
            let rec = &r.record;
            let area = &c.areas[r.area];
            let date = |d: &crate::date::Date| Typed {
                kind: "xsd:date",
                value: d.to_string(),
            };
            Dataset {
                id: ld_id(site, &r.url),
                kind: "dcat:Dataset",
                distribution: r
                    .attachments
                    .iter()
                    .map(|a| Distribution {
                        kind: "dcat:Distribution",
                        byte_size: Typed {
                            kind: "xsd:nonNegativeInteger",
                            value: a.size.to_string(),
                        },
                        download_url: Ref {
                            id: ld_id(site, &a.url),
                        },
                        title: &a.name,
                    })
                    .collect(),
                keyword: rec.topics.iter().map(|t| Text::new(t, lang)).collect(),
                landing_page: Ref {
                    id: ld_id(site, &r.url),
                },
                theme: [
                    Ref {
                        id: ld_id(site, &format!("areas/{}/", area.id)),
                    },
                    Ref {
                        id: ld_id(
                            site,
                            &format!("areas/{}/{}/", area.id, area.items[r.item].id),
                        ),
                    },
                ],
                citation: rec.doc_no.as_deref(),
                created: date(&rec.formed),
                description: Text::new(crate::feeds::summary_of(r), lang),
                identifier: &rec.index_no,
                issued: date(&rec.published),
                modified: rec.changed.as_ref().map(date),
                publisher: Ref {
                    id: format!("#publisher-{}", c.publishers[r.publisher].key),
                },
                relation: r.interprets.map(|target| Ref {
                    id: ld_id(site, &site.records[target].url),
                }),
                title: Text::new(rec.title.as_str(), lang),
            }
        })
        .collect();
    let graph: Vec<Node> = graph
        .into_iter()
        .map(Node::Other)
        .chain(datasets.into_iter().map(|d| Node::Dataset(Box::new(d))))
        .collect();
    Graph {
        context: json!({
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        }),
        graph,
    }
}

fn file(name: &str, text: String) -> OutputFile {
    OutputFile {
        path: format!("{DATA_DIR}{name}"),
        content: Content::bytes(text),
        origin: crate::catalog::CATALOG_FILE.to_string(),
    }
}

/// `v` as indented JSON; `capacity` is its expected length.
fn pretty(v: &impl Serialize, capacity: usize) -> String {
    let mut s = crate::text::markup_safe_json(v, true, capacity)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// All open-data files.
pub fn open_data(site: &Site) -> Vec<OutputFile> {
    let rows: Vec<RecordRow> = site
        .records
        .iter()
        .filter(|r| r.listed)
        .map(|r| row(site, r))
        .collect();
    // A listed record takes about 800 bytes of records.json and 1,500 of catalog.jsonld.
    vec![
        file("catalog.json", pretty(&catalog_json(site), 0)),
        file("records.json", pretty(&rows, rows.len() * 1_000)),
        file("records.csv", records_csv(&rows)),
        file(
            "catalog.jsonld",
            pretty(&catalog_jsonld(site), rows.len() * 2_000),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_never_start_a_formula() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("关于=的说明"), "关于=的说明");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field(""), "");
    }
}
