// Bytes a search transfers in the browser's engine (themes/default/static/search.js) for each
// query of a list, raw and gzip-compressed as a web server would send them: the cold first
// query includes the script and the manifest; later queries only what they add; "filters" what
// opening the filter panel adds to the cold query (the filter values of the records it
// matched). Prints one JSON line per query, then medians and 95th percentiles.
//
// Usage: node bench/search-transfer.mjs PUBLIC_DIR QUERIES.txt [SHOWN=10]

import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import vm from 'node:vm';

const [publicDir, queriesFile, shownArg] = process.argv.slice(2);
const shown = Number(shownArg || 10);
const script = new URL('../themes/default/static/search.js', import.meta.url);
const gz = (path) => gzipSync(readFileSync(path), { level: 6 }).length;

let loaded = [];
function fresh() {
  const context = {
    TextEncoder,
    document: {
      getElementById: () => null,
      createElement: () => ({}),
      head: {
        appendChild: (s) => {
          loaded.push(s.src);
          vm.runInContext(readFileSync(s.src, 'utf8'), context);
        },
      },
    },
  };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(readFileSync(script, 'utf8'), context);
  return context.__gk_search;
}

const queries = readFileSync(queriesFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const dir = publicDir.replace(/\/?$/, '/') + 'search/';
const measure = (files) => ({
  raw: files.reduce((n, f) => n + statSync(f).size, 0),
  gzip: files.reduce((n, f) => n + gz(f), 0),
  files: files.length,
});

const cold = [];
const filters = [];
const warm = [];
const rows = [];
// Cold: a fresh page per query. Warm: one page running every query in turn.
for (const q of queries) {
  loaded = [script.pathname];
  const gk = fresh();
  const t0 = performance.now();
  const index = await gk.open(dir);
  const { scored } = await index.match(gk.parseQuery(q));
  for (const [doc] of scored.slice(0, shown)) await index.fragment(doc);
  const ms = performance.now() - t0;
  const m = measure(loaded);
  cold.push(m.gzip);
  loaded = [];
  await index.loadFacets(scored.map(([doc]) => doc));
  const f = measure(loaded);
  filters.push(f.gzip);
  rows.push({ query: q, results: scored.length, cold: m, filters: f, ms: Math.round(ms * 10) / 10 });
}
loaded = [];
const gk = fresh();
const index = await gk.open(dir);
for (const [i, q] of queries.entries()) {
  loaded = [];
  const { scored } = await index.match(gk.parseQuery(q));
  for (const [doc] of scored.slice(0, shown)) await index.fragment(doc);
  const m = measure(loaded);
  warm.push(m.gzip);
  rows[i].later = m;
}
for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
process.stdout.write(JSON.stringify({
  cold_gzip_median: pct(cold, 0.5), cold_gzip_p95: pct(cold, 0.95),
  later_gzip_median: pct(warm, 0.5), later_gzip_p95: pct(warm, 0.95),
  filters_gzip_median: pct(filters, 0.5), filters_gzip_p95: pct(filters, 0.95),
}) + '\n');
