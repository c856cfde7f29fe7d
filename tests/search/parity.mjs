// Runs queries with the browser's search engine (themes/default/static/search.js) in Node,
// reading a built site's index files the way the page does (each file a script that registers
// itself), and prints {query: {total, results: [[url, score]]}} for tests/search.rs to compare
// with `gongkai search`, and under `__positions` how many files of big terms' positions it
// loaded whole and by block.
//
// Usage: node tests/search/parity.mjs PUBLIC_DIR QUERIES.json LIMIT

import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const [publicDir, queriesFile, limit] = process.argv.slice(2);
const root = new URL('../../', import.meta.url);
// Every index file the engine loaded, to tell how it read big terms' positions.
const loaded = [];
const context = {
  TextEncoder,
  document: {
    getElementById: () => null,
    createElement: () => ({}),
    // A script element appended to the page runs its file, as a browser would.
    head: {
      appendChild: (script) => {
        loaded.push(script.src);
        vm.runInContext(readFileSync(script.src, 'utf8'), context);
      },
    },
  },
};
context.window = context;
vm.createContext(context);
vm.runInContext(readFileSync(new URL('themes/default/static/search.js', root), 'utf8'), context);
const gk = context.__gk_search;
const index = await gk.open(publicDir.replace(/\/?$/, '/') + 'search/');
const out = {};
for (const q of JSON.parse(readFileSync(queriesFile, 'utf8'))) {
  const { scored } = await index.match(gk.parseQuery(q));
  const results = [];
  for (const [doc, score] of scored.slice(0, Number(limit))) {
    const f = await index.fragment(doc);
    results.push([f[1], score]);
  }
  out[q] = { total: scored.length, results };
}
const name = (f) => f.split('/').pop();
out.__positions = {
  whole: loaded.filter((f) => /^p[0-9a-fx]+-/.test(name(f))).length,
  blocks: loaded.filter((f) => /^b[0-9a-fx]+-/.test(name(f))).length,
};
process.stdout.write(JSON.stringify(out) + '\n');
