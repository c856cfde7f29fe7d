// gongkai's search in headless Chromium over a local HTTP server, measured the way
// bench/pagefind-transfer.mjs measures Pagefind: per query, on a fresh page (empty cache) with
// the search script already loaded, the time from the query to its results and the first
// SHOWN results' fragments, and the files the browser requested (the script included,
// counted as bench/browser-search.mjs says); then the same queries in turn on one
// page ("later").
// Also reports the bytes and time that opening the filter panel adds to each cold query.
//
// Usage: node bench/search-chromium.mjs PUBLIC_DIR QUERIES.txt [SHOWN=10] [RUNS=1]
// With RUNS > 1 every cold query is run that many times (each on a fresh page) and its
// median time kept.

import { launchChromium, serveSites } from '../tests/browser/chromium.mjs';
import { bytes, freshPage, pct, readQueries } from './browser-search.mjs';

const [publicDir, queriesFile, shownArg, runsArg] = process.argv.slice(2);
const shown = Number(shownArg || 10);
const runs = Number(runsArg || 1);
const queries = readQueries(queriesFile);

const browser = await launchChromium();
const server = await serveSites({ site: publicDir });
const base = server.origin + '/site/';

async function page() {
  const opened = await freshPage(browser, base, publicDir, (path) => path.startsWith('search/') || path === 'static/search.js');
  await opened.p.addScriptTag({ url: base + 'static/search.js' });
  return opened;
}

const run = (p, q, n) => p.evaluate(async ([q, n]) => {
  const gk = window.__gk_search;
  const t0 = performance.now();
  const index = window.__gk_index || (window.__gk_index = await gk.open('search/'));
  const { scored } = await index.match(gk.parseQuery(q));
  await Promise.all(scored.slice(0, n).map((s) => index.fragment(s[0])));
  const ms = performance.now() - t0;
  return { results: scored.length, ms, docs: scored.map((s) => s[0]) };
}, [q, n]);

const filters = (p, docs) => p.evaluate(async (docs) => {
  const t0 = performance.now();
  await window.__gk_index.loadFacets(docs);
  return performance.now() - t0;
}, docs);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const rows = [];
for (const q of queries) {
  const times = [];
  let row;
  for (let k = 0; k < runs; k++) {
    const { context, p, files } = await page();
    const r = await run(p, q, shown);
    times.push(r.ms);
    if (!row) {
      row = { query: q, results: r.results, cold: { gzip: bytes(files), files: files.length } };
      files.length = 0;
      const ms = await filters(p, r.docs);
      row.filters = { gzip: bytes(files), files: files.length, ms: Math.round(ms * 10) / 10 };
    }
    await context.close();
  }
  row.ms = Math.round(median(times) * 10) / 10;
  rows.push(row);
}
const { context, p, files } = await page();
for (const [i, q] of queries.entries()) {
  files.length = 0;
  const r = await run(p, q, shown);
  rows[i].later = { gzip: bytes(files), files: files.length, ms: Math.round(r.ms * 10) / 10 };
}
await context.close();
await server.close();
await browser.close();
for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
process.stdout.write(JSON.stringify({
  cold_gzip_median: pct(rows.map((r) => r.cold.gzip), 0.5), cold_gzip_p95: pct(rows.map((r) => r.cold.gzip), 0.95),
  later_gzip_median: pct(rows.map((r) => r.later.gzip), 0.5), later_gzip_p95: pct(rows.map((r) => r.later.gzip), 0.95),
  cold_ms_median: pct(rows.map((r) => r.ms), 0.5), cold_ms_p95: pct(rows.map((r) => r.ms), 0.95),
  later_ms_median: pct(rows.map((r) => r.later.ms), 0.5), later_ms_p95: pct(rows.map((r) => r.later.ms), 0.95),
  filters_gzip_median: pct(rows.map((r) => r.filters.gzip), 0.5), filters_ms_median: pct(rows.map((r) => r.filters.ms), 0.5),
}) + '\n');
