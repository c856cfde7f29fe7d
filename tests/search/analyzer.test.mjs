// The browser's analyzer (themes/default/static/search.js) against the vectors the Rust
// analyzer is tested with: tests/fixtures/search/analyzer-vectors.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const root = new URL("../../", import.meta.url);
const source = readFileSync(new URL("themes/default/static/search.js", root), "utf8");
const vectors = JSON.parse(
  readFileSync(new URL("tests/fixtures/search/analyzer-vectors.json", root), "utf8"),
);
const sandbox = { TextEncoder };
vm.createContext(sandbox);
vm.runInContext(source, sandbox);
const gk = sandbox.__gk_search;

test("tokens equal the shared vectors", () => {
  for (const v of vectors.analyze) {
    const got = gk.analyze(v.text).map((t) => [t.term, t.position, t.kind, t.start, t.end]);
    assert.deepEqual(JSON.parse(JSON.stringify(got)), v.tokens, `tokens of ${JSON.stringify(v.text)}`);
  }
});

test("query groups equal the shared vectors", () => {
  for (const v of vectors.queries) {
    const got = gk.parseQuery(v.query);
    assert.deepEqual(JSON.parse(JSON.stringify(got)), v.groups, `groups of ${JSON.stringify(v.query)}`);
  }
});

test("varints and term hashes equal the Rust ones", () => {
  assert.deepEqual(Array.from(gk.decode("AgB_D")), [0, 32, 127]);
  assert.equal(gk.termHash(""), 0x811c9dc5);
  assert.equal(gk.termHash("a"), 0xe40c292c);
});
