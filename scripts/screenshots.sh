#!/usr/bin/env bash
# Builds the demo site and takes the README's screenshots into docs/screenshots/.
# Needs Debian's chromium and `npm ci`; optipng, when installed, makes the PNGs smaller.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet -- build --quiet --out "$out/public"
node scripts/screenshots.mjs "$out/public" docs/screenshots
if command -v optipng >/dev/null; then
  optipng -quiet -o2 docs/screenshots/*.png
fi
ls -l docs/screenshots
