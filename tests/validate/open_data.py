"""Checks a built site's feeds, sitemap and open data with standard parsers.

Usage: open_data.py PUBLIC_DIR [BASE_URL]
Exits non-zero with a message naming the file and the problem.
"""
import csv
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS

public = Path(sys.argv[1])
base = sys.argv[2] if len(sys.argv) > 2 else None
problems = []


def fail(msg):
    problems.append(msg)


records = json.loads((public / "data/records.json").read_text(encoding="utf-8"))
catalog = json.loads((public / "data/catalog.json").read_text(encoding="utf-8"))
if not isinstance(records, list):
    fail("records.json is not a top-level array")

# Feeds: every feed parses, entries are complete, `updated` is the newest entry's.
feeds = [public / "feed.xml"] + sorted(public.glob("areas/*/feed.xml")) + sorted(public.glob("publishers/*/feed.xml"))
if len(feeds) != 1 + len(catalog["areas"]) + len(catalog["publishers"]):
    fail(f"expected one feed for the site, each area and each publisher, found {len(feeds)}")
entries_total = 0
for path in feeds:
    d = feedparser.parse(path.read_bytes())
    name = path.relative_to(public)
    if d.bozo:
        fail(f"{name}: not well-formed: {d.bozo_exception}")
        continue
    if d.version != "atom10":
        fail(f"{name}: parsed as {d.version}, expected Atom 1.0")
    if not d.feed.get("title"):
        fail(f"{name}: feed has no title")
    stamps = []
    for e in d.entries:
        for key in ("title", "link", "id", "updated", "published", "summary"):
            if not e.get(key):
                fail(f"{name}: an entry lacks {key}")
        stamps.append(e.get("updated", ""))
        if base and not e.get("link", "").startswith(base):
            fail(f"{name}: entry link {e.get('link')} is not absolute under {base}")
    if stamps and d.feed.get("updated") != max(stamps):
        fail(f"{name}: feed updated {d.feed.get('updated')} is not its newest entry's {max(stamps)}")
    entries_total += len(d.entries)
site_feed = feedparser.parse((public / "feed.xml").read_bytes())
if len(site_feed.entries) != min(50, len(records)):
    fail(f"feed.xml has {len(site_feed.entries)} entries, expected {min(50, len(records))}")

# Sitemap: valid XML listing every record, area, item and report page.
tree = ET.parse(public / "sitemap.xml")
ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
locs = {el.text for el in tree.getroot().findall("s:url/s:loc", ns)}
prefix = base or ""
def page(url):
    return url if base else url
for r in records:
    if r["url"] not in locs:
        fail(f"sitemap.xml does not list record {r['index_no']} ({r['url']})")
for a in catalog["areas"]:
    if a["url"] not in locs:
        fail(f"sitemap.xml does not list area {a['url']}")
for report in public.glob("reports/*/**/index.html"):
    rel = report.parent.relative_to(public).as_posix() + "/"
    if prefix + rel not in locs:
        fail(f"sitemap.xml does not list report page {rel}")
item_pages = [p for p in public.glob("areas/*/*/index.html")]
for p in item_pages:
    rel = p.parent.relative_to(public).as_posix() + "/"
    if prefix + rel not in locs:
        fail(f"sitemap.xml does not list item page {rel}")

# JSON-LD: parses as RDF; one dcat:Dataset per record with the 索引号 as identifier.
g = rdflib.Graph()
jsonld_path = public / "data/catalog.jsonld"
g.parse(data=jsonld_path.read_text(encoding="utf-8"), format="json-ld", base=(base + "data/") if base else jsonld_path.as_uri())
datasets = set(g.subjects(RDF.type, DCAT.Dataset))
if len(datasets) != len(records):
    fail(f"catalog.jsonld has {len(datasets)} datasets, records.json {len(records)} records")
ids = {str(g.value(d, DCTERMS.identifier)) for d in datasets}
if ids != {r["index_no"] for r in records}:
    fail("catalog.jsonld identifiers differ from the 索引号 in records.json")
catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
if len(catalogs) != 1:
    fail(f"catalog.jsonld has {len(catalogs)} dcat:Catalog nodes")
else:
    scheme = g.value(catalogs[0], DCAT.themeTaxonomy)
    if (scheme, RDF.type, SKOS.ConceptScheme) not in g:
        fail("the catalog's theme taxonomy is not a skos:ConceptScheme")
    if len(set(g.objects(catalogs[0], DCAT.dataset))) != len(records):
        fail("the catalog does not list every dataset")
concepts = set(g.subjects(RDF.type, SKOS.Concept))
n_items = sum(len(a["items"]) for a in catalog["areas"])
if len(concepts) != len(catalog["areas"]) + n_items:
    fail(f"catalog.jsonld has {len(concepts)} concepts, expected {len(catalog['areas']) + n_items}")
for d in datasets:
    for prop in (DCTERMS.title, DCTERMS.publisher, DCTERMS.issued, DCTERMS.created):
        if g.value(d, prop) is None:
            fail(f"dataset {d} lacks {prop}")
n_dist = len(set(g.objects(None, DCAT.distribution)))
n_att = sum(len(r["attachments"]) for r in records)
if n_dist != n_att:
    fail(f"catalog.jsonld has {n_dist} distributions, records.json {n_att} attachments")

# CSV: round-trips to the same values as records.json.
raw = (public / "data/records.csv").read_bytes()
if not raw.startswith(b"\xef\xbb\xbf"):
    fail("records.csv does not start with a UTF-8 byte-order mark")
with open(public / "data/records.csv", encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
if len(rows) != len(records):
    fail(f"records.csv has {len(rows)} rows, records.json {len(records)}")
for row, rec in zip(rows, records):
    for key, value in rec.items():
        expected = "|".join(value) if isinstance(value, list) else value
        if row.get(key) != expected:
            fail(f"records.csv {rec['index_no']} {key}: {row.get(key)!r} != {expected!r}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"ok: {len(feeds)} feeds ({entries_total} entries), {len(locs)} sitemap URLs, {len(datasets)} datasets, {len(rows)} CSV rows")
