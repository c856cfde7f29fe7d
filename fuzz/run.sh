#!/bin/sh
# Runs each fuzz target in turn for SECONDS (default 600) at the lowest priority, starting from
# the committed seeds; new inputs go to fuzz/corpus/<target>/, crashes to fuzz/artifacts/.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]   (needs cargo-fuzz; nightly flags via RUSTC_BOOTSTRAP)
set -u
cd "$(dirname "$0")/.."
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-"front_matter catalog markdown search_query pdf"}
for t in $targets; do
    mkdir -p "fuzz/corpus/$t"
    echo "== $t: $seconds s from $(date -u +%H:%M:%S)"
    RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz run -O "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    echo "== $t: exit $? at $(date -u +%H:%M:%S)"
done
