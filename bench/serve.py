#!/usr/bin/env python3
"""Save → reload time of `gongkai serve` on the 10,000-record corpus that bench/run.py
generated (run that first, and `cargo build --release`): starts the preview, saves one record
with a new sentence in its body N times, and prints each time until the reload event and the
median. Usage: python3 bench/serve.py [--work DIR] [--saves N]"""
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402

work = Path(sys.argv[sys.argv.index("--work") + 1]) if "--work" in sys.argv else Path("/tmp/gongkai-bench")
saves = int(sys.argv[sys.argv.index("--saves") + 1]) if "--saves" in sys.argv else 9
times = run.serve_latency(work / "site-10000", saves)
print("save → reload, ms:", ", ".join(f"{t:.0f}" for t in times))
print(f"median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}, {len(times)} saves; target < 500 ms)")
