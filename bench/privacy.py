#!/usr/bin/env python3
"""The privacy scan alone against a full build, side by side, on the 10,000-record corpus that
bench/run.py generated (run that first). Usage: python3 bench/privacy.py [--work DIR]"""
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402

work = Path(sys.argv[sys.argv.index("--work") + 1]) if "--work" in sys.argv else Path("/tmp/gongkai-bench")
site, out = work / "site-10000", work / "out-10000"
builds, scans = [], []
for _ in range(5):
    shutil.rmtree(out, ignore_errors=True)
    builds.append(run.measure([str(run.GONGKAI), "build", "--quiet", "--root", str(site), "--out", str(out)]))
    scans.append(run.measure([str(run.GONGKAI), "check", "--only", "privacy", "--root", str(site), "--format", "json"], ok=(0, 1)))
b, s = run.summary(builds), run.summary(scans)
print("| what | wall: median (min–max) | CPU: median (min–max) | peak memory | runs |\n|---|---|---|---|---|")
print(f"| gongkai full build, search included, 10,000 records | {run.fmt(b)} |")
print(f"| gongkai check --only privacy, 10,000 records with attachments | {run.fmt(s)} |")
print(f"\nprivacy scan / full build wall time = {s['wall'] / b['wall']:.3f} (target ≤ 0.10)")
