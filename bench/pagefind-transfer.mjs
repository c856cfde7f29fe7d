// Bytes Pagefind transfers for each query of a list, measured in headless Chromium over a local
// HTTP server, for comparison with bench/search-transfer.mjs: files are counted gzip-compressed
// as a web server would send them (Pagefind's index files are compressed already). The cold
// first query includes pagefind.js and its WASM; later queries only what they add.
//
// Usage: node bench/pagefind-transfer.mjs SITE_DIR (with SITE_DIR/pagefind) QUERIES.txt [SHOWN=10]

import { launchChromium, serveSites } from '../tests/browser/chromium.mjs';
import { bytes, freshPage, pct, readQueries } from './browser-search.mjs';

const [siteDir, queriesFile, shownArg] = process.argv.slice(2);
const shown = Number(shownArg || 10);
const queries = readQueries(queriesFile);

const browser = await launchChromium();
const server = await serveSites({ site: siteDir });
const base = server.origin + '/site/';
const page = () => freshPage(browser, base, siteDir, (path) => path.startsWith('pagefind/'));
const run = (p, q, n) => p.evaluate(async ([q, n]) => {
  const pf = window.__pf || (window.__pf = await import('./pagefind/pagefind.js'));
  const t0 = performance.now();
  const r = await pf.search(q);
  await Promise.all(r.results.slice(0, n).map((x) => x.data()));
  return { results: r.results.length, ms: performance.now() - t0 };
}, [q, n]);

const rows = [];
for (const q of queries) {
  const { context, p, files } = await page();
  const r = await run(p, q, shown);
  rows.push({ query: q, results: r.results, ms: Math.round(r.ms * 10) / 10, cold: { gzip: bytes(files), files: files.length } });
  await context.close();
}
const { context, p, files } = await page();
for (const [i, q] of queries.entries()) {
  files.length = 0;
  await run(p, q, shown);
  rows[i].later = { gzip: bytes(files), files: files.length };
}
await context.close();
await server.close();
await browser.close();
for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
process.stdout.write(JSON.stringify({
  cold_gzip_median: pct(rows.map((r) => r.cold.gzip), 0.5), cold_gzip_p95: pct(rows.map((r) => r.cold.gzip), 0.95),
  later_gzip_median: pct(rows.map((r) => r.later.gzip), 0.5), later_gzip_p95: pct(rows.map((r) => r.later.gzip), 0.95),
}) + '\n');
