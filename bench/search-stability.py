#!/usr/bin/env python3
"""How much of the search index a redeploy re-uploads when one record is added.

Copies a site, builds it, adds one record (a copy of an existing one with a new 索引号 and a
new published date), builds again into a second folder, and compares the two `search/`
folders: a file counts as changed when its name is new or its content differs. Prints the
changed bytes over the total bytes of the second index, overall and per kind of file
(the first letter of the name, or manifest, index).

Usage: python3 bench/search-stability.py [--site DIR] [--work DIR] [--bin PATH] [--date YYYY-MM-DD]
  --site  the site to copy (default /tmp/gongkai-bench/site-10000; never modified)
  --work  scratch folder (default /tmp/wt-search-bench)
  --bin   the gongkai binary (default target/debug/gongkai)
  --date  published date of the added record (default: the day after the newest record's;
          an older date measures back-filling)
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta


def build(binary, root, out):
    subprocess.run([binary, "build", "--quiet", "--root", root, "--out", out], check=True)


def files_of(folder):
    found = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, folder)] = f.read()
    return found


def kind(name):
    m = re.match(r"manifest|index|[a-z]", os.path.basename(name))
    return m.group(0) if m else "other"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default="/tmp/gongkai-bench/site-10000")
    ap.add_argument("--work", default="/tmp/wt-search-bench")
    ap.add_argument("--bin", default="target/debug/gongkai")
    ap.add_argument("--date", default=None)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    site = os.path.join(args.work, "site")
    if os.path.exists(site):
        shutil.rmtree(site)
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public"))
    before = os.path.join(args.work, "out-before")
    after = os.path.join(args.work, "out-after")
    for out in (before, after):
        if os.path.exists(out):
            shutil.rmtree(out)
    build(binary, site, before)

    # The record to copy: the one holding the highest 索引号. The new one keeps its publisher's
    # prefix, takes the year of its date and the next free serial of that year, and a date
    # after every other record's (or --date).
    records = sorted(
        os.path.join(b, n)
        for b, _, ns in os.walk(os.path.join(site, "content"))
        for n in ns
        if n.endswith(".md")
    )
    index_nos, dates = {}, []
    for path in records:
        with open(path, encoding="utf-8") as f:
            head = f.read(2000)
        m = re.search(r"^index_no: *(\S+)", head, re.M)
        if m:
            index_nos[m.group(1)] = path
        m = re.search(r"^published: *(\d{4}-\d\d-\d\d)", head, re.M)
        if m:
            dates.append(m.group(1))
    newest = max(index_nos)
    source = index_nos[newest]
    new_date = args.date or (date.fromisoformat(max(dates)) + timedelta(days=1)).isoformat()
    m = re.match(r"(.*/)(\d{4})-(\d+)$", newest)
    prefix = f"{m.group(1)}{new_date[:4]}-"
    serial = max(int(n[len(prefix):]) for n in index_nos if n.startswith(prefix)) if any(
        n.startswith(prefix) for n in index_nos) else 0
    new_index_no = f"{prefix}{serial + 1:0{len(m.group(3))}d}"
    with open(source, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"^index_no: *\S+", f"index_no: {new_index_no}", text, count=1, flags=re.M)
    text = re.sub(r"^published: *\S+", f"published: {new_date}", text, count=1, flags=re.M)
    text = re.sub(r"^formed: *\S+", f"formed: {new_date}", text, count=1, flags=re.M)
    text = re.sub(r'^title: *"?(.*?)"?$', r'title: "\1（补充）"', text, count=1, flags=re.M)
    added = os.path.join(os.path.dirname(source), "added-for-stability.md")
    with open(added, "w", encoding="utf-8") as f:
        f.write(text)
    build(binary, site, after)

    old = files_of(os.path.join(before, "search"))
    new = files_of(os.path.join(after, "search"))
    total = sum(len(b) for b in new.values())
    changed = {n: b for n, b in new.items() if old.get(n) != b}
    kinds = {}
    for n, b in new.items():
        k = kinds.setdefault(kind(n), {"files": 0, "bytes": 0, "changed_files": 0, "changed_bytes": 0})
        k["files"] += 1
        k["bytes"] += len(b)
        if n in changed:
            k["changed_files"] += 1
            k["changed_bytes"] += len(b)
    changed_bytes = sum(len(b) for b in changed.values())
    print(json.dumps({
        "added": {"index_no": new_index_no, "published": new_date},
        "files": len(new),
        "changed_files": len(changed),
        "bytes": total,
        "changed_bytes": changed_bytes,
        "changed_percent": round(100 * changed_bytes / max(total, 1), 2),
        "by_kind": kinds,
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
