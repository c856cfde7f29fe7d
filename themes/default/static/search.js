// Search of a gongkai site, in plain JavaScript: no eval, no inline script, no WASM.
// The analyzer and the query semantics are twins of src/search/analyzer.rs and
// src/search/query.rs; tests/fixtures/search/analyzer-vectors.json keeps them equal.
// Index files are classic scripts that call window.__gk_search.add(name, data), so the same
// files work over HTTP and from file://. Record data is only ever inserted as text.
(function (global) {
  "use strict";

  // ---- analyzer ---------------------------------------------------------------------------
  var MARK = /^\p{M}$/u;
  var MARKS = /\p{M}/gu;
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;
  var ASCII = /^[\x00-\x7f]+$/;
  var JOINERS = "-/._";
  var OPENERS = "〔[(【";
  var CLOSERS = "〕])】";

  function isCjk(c) {
    var n = c.codePointAt(0);
    return n === 0x3005 || n === 0x3007 || (n >= 0x3040 && n <= 0x30ff) ||
      (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff) ||
      (n >= 0x20000 && n <= 0x3ffff);
  }

  function isWord(c) {
    return WORD.test(c) && !isCjk(c);
  }

  function foldChar(c, out, at) {
    for (var k of c.normalize("NFKC")) {
      for (var l of k.toLowerCase()) {
        if (MARK.test(l)) continue;
        if (l.codePointAt(0) < 128) { out.push([l, at]); continue; }
        var s = l.normalize("NFD").replace(MARKS, "");
        if (s && ASCII.test(s)) {
          for (var x of s) out.push([x, at]);
        } else {
          out.push([l, at]);
        }
      }
    }
  }

  function normalize(text) {
    var out = [];
    var i = 0;
    for (var c of text) foldChar(c, out, i++);
    return out;
  }

  // Tokens: {term, position, kind ("w", "u", "b", "i"), start, end} (offsets in code points).
  function analyze(text) {
    var chars = normalize(text);
    var runs = [];
    var i = 0;
    var position = 0;
    while (i < chars.length) {
      var cjk = isCjk(chars[i][0]);
      if (!cjk && !isWord(chars[i][0])) { i++; continue; }
      var from = i;
      while (i < chars.length && (cjk ? isCjk(chars[i][0]) : isWord(chars[i][0]))) i++;
      runs.push({ cjk: cjk, from: from, to: i, position: position });
      position += cjk ? i - from : 1;
    }
    var textOf = function (a, b) {
      var s = "";
      for (var k = a; k < b; k++) s += chars[k][0];
      return s;
    };
    var end = function (k) { return chars[k][1] + 1; };
    var tokens = [];
    runs.forEach(function (run) {
      if (run.cjk) {
        for (var k = run.from; k < run.to; k++) {
          var p = run.position + (k - run.from);
          tokens.push({ term: chars[k][0], position: p, kind: "u", start: chars[k][1], end: end(k) });
          if (k + 1 < run.to) {
            tokens.push({ term: textOf(k, k + 2), position: p, kind: "b", start: chars[k][1], end: end(k + 1) });
          }
        }
      } else {
        tokens.push({ term: textOf(run.from, run.to), position: run.position, kind: "w", start: chars[run.from][1], end: end(run.to - 1) });
      }
    });
    var r = 0;
    while (r < runs.length) {
      var last = r;
      while (!runs[last].cjk && last + 1 < runs.length && !runs[last + 1].cjk &&
        runs[last + 1].from === runs[last].to + 1 && JOINERS.indexOf(chars[runs[last].to][0]) >= 0) {
        last++;
      }
      if (last > r) {
        tokens.push({ term: textOf(runs[r].from, runs[last].to), position: runs[r].position, kind: "i", start: chars[runs[r].from][1], end: end(runs[last].to - 1) });
      }
      r = last + 1;
    }
    var digits = function (run) { return /^[0-9]+$/.test(textOf(run.from, run.to)); };
    for (var y = 0; y + 1 < runs.length; y++) {
      var year = runs[y];
      var serial = runs[y + 1];
      if (year.cjk || year.to - year.from !== 4 || !digits(year) || year.from === 0 ||
        OPENERS.indexOf(chars[year.from - 1][0]) < 0 || serial.cjk || serial.from !== year.to + 1 ||
        CLOSERS.indexOf(chars[year.to][0]) < 0 || !digits(serial) ||
        serial.to >= chars.length || chars[serial.to][0] !== "号") {
        continue;
      }
      var number = textOf(serial.from, serial.to).replace(/^0+/, "") || "0";
      tokens.push({ term: "〔" + textOf(year.from, year.to) + "〕" + number + "号", position: year.position, kind: "i", start: chars[year.from - 1][1], end: end(serial.to) });
    }
    return tokens;
  }

  function parseQuery(query) {
    var parts = [];
    query.split('"').forEach(function (piece, n) {
      if (n % 2 === 1) parts.push(piece);
      else piece.split(/\s+/).forEach(function (w) { if (w) parts.push(w); });
    });
    var groups = [];
    var seen = {};
    parts.forEach(function (part) {
      var tokens = analyze(part);
      var phrase = [];
      var present = [];
      // An identifier stands for its parts: 〔2024〕12号 also finds 〔2024〕012号.
      var inIdent = function (t) {
        return tokens.some(function (i) { return i.kind === "i" && i.start <= t.start && t.end <= i.end; });
      };
      // Every other bigram of a run, and its last, pin the whole run down.
      var bigramAt = {};
      tokens.forEach(function (t) { if (t.kind === "b") bigramAt[t.position] = true; });
      var needed = function (p) {
        var first = p;
        while (first > 0 && bigramAt[first - 1]) first--;
        return (p - first) % 2 === 0 || !bigramAt[p + 1];
      };
      tokens.forEach(function (t) {
        if (t.kind !== "i" && inIdent(t)) return;
        if (t.kind === "w" || (t.kind === "b" && needed(t.position))) phrase.push([t.term, t.position]);
        else if (t.kind === "b") return;
        else if (t.kind === "i") present.push(t.term);
        else if (!tokens.some(function (o) { return o.kind === "b" && (o.position === t.position || o.position + 1 === t.position); })) present.push(t.term);
      });
      if (!phrase.length && !present.length) return;
      phrase.sort(function (a, b) { return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
      var base = phrase.length ? phrase[0][1] : 0;
      phrase.forEach(function (p) { p[1] -= base; });
      present = present.sort().filter(function (t, k, a) { return k === 0 || a[k - 1] !== t; });
      var key = JSON.stringify([phrase, present]);
      if (!seen[key]) { seen[key] = true; groups.push({ phrase: phrase, present: present }); }
    });
    return groups;
  }

  // ---- index files ------------------------------------------------------------------------
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var a = 0; a < 64; a++) DIGIT[ALPHABET[a]] = a;

  function decode(s) {
    var out = [];
    var value = 0;
    var mul = 1;
    for (var k = 0; k < s.length; k++) {
      var v = DIGIT[s[k]];
      value += (v & 31) * mul;
      if (v & 32) { mul *= 32; } else { out.push(value); value = 0; mul = 1; }
    }
    return out;
  }

  function termHash(term) {
    var h = 0x811c9dc5;
    var bytes = new TextEncoder().encode(term);
    for (var k = 0; k < bytes.length; k++) {
      h ^= bytes[k];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // The index format this script reads: src/search/export.rs VERSION.
  var VERSION = 4;
  var HASH_LEN = 6;
  var files = {};
  var waiting = {};
  var registry = global.__gk_search || (global.__gk_search = {});
  registry.add = function (name, data) {
    files[name] = data;
    (waiting[name] || []).forEach(function (w) { w[0](data); });
    delete waiting[name];
  };
  registry.analyze = analyze;
  registry.parseQuery = parseQuery;
  registry.decode = decode;
  registry.termHash = termHash;

  // Loads dir + file, which registers itself under `name`.
  function load(dir, file, name) {
    if (name in files) return Promise.resolve(files[name]);
    return new Promise(function (resolve, reject) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push([resolve, reject]);
      if (!first) return;
      var s = document.createElement("script");
      s.src = dir + file;
      s.onerror = function () {
        (waiting[name] || []).forEach(function (w) { w[1](new Error(file)); });
        delete waiting[name];
      };
      document.head.appendChild(s);
    });
  }

  // Loads `<stem>-<hash>.js`, which registers itself under `stem`.
  function loadNamed(dir, name) { return load(dir, name + ".js", name.replace(/-[0-9a-f]+$/, "")); }

  function Index(dir, manifest) {
    this.dir = dir;
    this.m = manifest;
    this.facets = {};
    this.chunks = {};
  }

  // The filter values (rows of area, publisher, year, repealed) of the documents `docs`: only
  // the chunks that hold them are loaded.
  Index.prototype.loadFacets = function (docs) {
    var self = this;
    var m = self.m;
    var per = m.facet_chunk;
    var wanted = {};
    docs.forEach(function (d) { wanted[Math.floor(d / per)] = true; });
    var chunks = Object.keys(wanted).map(Number).filter(function (c) { return !self.chunks[c]; });
    return Promise.all(chunks.map(function (c) {
      return loadNamed(self.dir, "d" + c + "-" + m.facets.substr(c * HASH_LEN, HASH_LEN)).then(function (encoded) {
        var nums = decode(encoded);
        var count = Math.min(per, m.n - c * per);
        for (var d = 0; d < count; d++) {
          var row = [];
          for (var k = 0; k < 4; k++) row.push(nums[k * count + d]);
          self.facets[c * per + d] = row;
        }
        self.chunks[c] = true;
      });
    }));
  };

  // The name of entry i of a table whose pages (letter + page number) have the hashes `pages`.
  Index.prototype.entry = function (letter, pages, stem, i) {
    var self = this;
    var p = Math.floor(i / self.m.page);
    var page = letter + p + "-" + pages.substr(p * HASH_LEN, HASH_LEN);
    return loadNamed(self.dir, page).then(function (hashes) {
      return stem + "-" + hashes.substr((i % self.m.page) * HASH_LEN, HASH_LEN);
    });
  };

  // A term's documents as export.rs encode_postings writes them (count, gaps, weights),
  // appended to `out` as {doc, w, pos}; the first gap counts from `doc`.
  function decodeDocs(n, doc, out) {
    var count = n[0];
    for (var c = 0; c < count; c++) {
      doc += n[1 + c];
      out.push({ doc: doc, w: n[1 + count + c], pos: [] });
    }
    return out;
  }

  // A term's positions (export.rs encode_positions: per document a count code, text
  // occurrences times two plus one when some are in the title, then their number there; then
  // the gaps) into the `count` entries of `list` from `from` on.
  function decodePositions(n, textOffset, list, from, count) {
    var k = 0;
    var fields = [];
    for (var c = 0; c < count; c++) {
      var code = n[k++];
      fields.push([code & 1 ? n[k++] : 0, Math.floor(code / 2)]);
    }
    fields.forEach(function (f, c) {
      var e = list[from + c];
      e.pos = [];
      var p = 0;
      for (var q = 0; q < f[0]; q++) { p += n[k++]; e.pos.push(p); }
      p = textOffset;
      for (q = 0; q < f[1]; q++) { p += n[k++]; e.pos.push(p); }
    });
  }

  // What a term's bucket holds for it: [documents, positions] or, for a big term, [sealed
  // documents file, stem of the sealed positions files, their hashes, documents, positions];
  // null when it is absent.
  Index.prototype.bucketEntry = function (term) {
    var self = this;
    var b = termHash(term) & (self.m.buckets - 1);
    return self.entry("k", self.m.terms, "t" + b, b).then(function (name) {
      return loadNamed(self.dir, name);
    }).then(function (bucket) {
      return Object.prototype.hasOwnProperty.call(bucket, term) ? bucket[term] : null;
    });
  };

  // The documents of a term, with their weights, from its bucket entry (positions not yet).
  // For a big term, `sealed` on the list counts the documents whose positions are in blocks.
  Index.prototype.docs = function (s) {
    if (!s) return Promise.resolve([]);
    if (s.length === 2) return Promise.resolve(decodeDocs(decode(s[0]), 0, []));
    return loadNamed(this.dir, s[0]).then(function (sealed) {
      var out = decodeDocs(decode(sealed), 0, []);
      out.sealed = out.length;
      return decodeDocs(decode(s[3]), out.length ? out[out.length - 1].doc : 0, out);
    });
  };

  // Fills in the positions of the entries of `list` (the documents `docs` read from the same
  // bucket entry) for the documents `wanted`. A big term's sealed positions come whole, or,
  // when the blocks holding the wanted documents that are not loaded yet are at most nine
  // tenths of the blocks, block by block (and whole when the page has the whole file already).
  Index.prototype.positions = function (s, list, wanted) {
    var self = this;
    var off = self.m.text_offset;
    if (s.length === 2) { decodePositions(decode(s[1]), off, list, 0, list.length); return Promise.resolve(); }
    var tail = list.length - list.sealed;
    if (tail) decodePositions(decode(s[4]), off, list, list.sealed, tail);
    var per = self.m.position_block;
    var count = s[2].length / HASH_LEN;
    var blocks = {};
    wanted.forEach(function (doc) {
      var i = findIndex(list, doc);
      if (i >= 0 && i < list.sealed) blocks[Math.floor(i / per)] = true;
    });
    blocks = Object.keys(blocks).map(Number);
    if (!blocks.length) return Promise.resolve();
    // Blocks are named b<term hash>x<block, hex>, the positions file p<term hash>.
    var whole = s[1].replace(/-[0-9a-f]+$/, "");
    var stem = "b" + whole.slice(1) + "x";
    var missing = blocks.filter(function (b) { return !((stem + b.toString(16)) in files); });
    if (whole in files || missing.length * 10 > count * 9) {
      return loadNamed(self.dir, s[1]).then(function (p) {
        decodePositions(decode(p), off, list, 0, list.sealed);
      });
    }
    return Promise.all(blocks.map(function (b) {
      return loadNamed(self.dir, stem + b.toString(16) + "-" + s[2].substr(b * HASH_LEN, HASH_LEN)).then(function (p) {
        decodePositions(decode(p), off, list, b * per, Math.min(per, list.sealed - b * per));
      });
    }));
  };

  // The place of document `doc` in a list of entries, or -1.
  function findIndex(list, doc) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid].doc < doc) lo = mid + 1; else hi = mid;
    }
    return lo < list.length && list[lo].doc === doc ? lo : -1;
  }

  function find(list, doc) {
    var i = findIndex(list, doc);
    return i < 0 ? null : list[i];
  }

  function hasPos(sorted, p) {
    var lo = 0;
    var hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < p) lo = mid + 1; else hi = mid;
    }
    return lo < sorted.length && sorted[lo] === p;
  }

  // The documents holding every term of a group (their positions not yet checked).
  function groupCandidates(g, lists) {
    var list = function (t) { return lists[t] || []; };
    var all = g.phrase.map(function (p) { return p[0]; }).concat(g.present);
    if (!all.length) return [];
    var rarest = all.reduce(function (a, b) { return list(b).length < list(a).length ? b : a; });
    return list(rarest).filter(function (e) {
      return all.every(function (t) { return find(list(t), e.doc); });
    }).map(function (e) { return e.doc; });
  }

  // Whether the terms of a group's phrase stand at their places in document `doc`.
  function adjacent(g, lists, doc) {
    var entries = g.phrase.map(function (p) { return [find(lists[p[0]], doc), p[1]]; });
    return entries[0][0].pos.some(function (start) {
      return entries.every(function (x) { return hasPos(x[0].pos, start + x[1]); });
    });
  }

  // The pairs of Chinese characters a phrase leaves out (of a run, every other pair and the
  // last are enough to find it): the one between two pairs two places apart.
  function skippedPairs(g) {
    var out = [];
    for (var k = 0; k + 1 < g.phrase.length; k++) {
      var a = Array.from(g.phrase[k][0]);
      var b = Array.from(g.phrase[k + 1][0]);
      if (g.phrase[k + 1][1] - g.phrase[k][1] === 2 && a.length === 2 && b.length === 2 &&
        a.concat(b).every(isCjk)) out.push(a[1] + b[0]);
    }
    return out;
  }

  // Matching documents with scores, best first; equal scores: newer (higher number) first.
  // Loads, in turn: the bucket entries of the terms and of the pairs their phrases leave out
  // (nothing more when one is missing: the phrase occurs nowhere); the terms' documents; and
  // only when some document holds every term (and every left-out pair whose documents are in
  // its bucket), the positions of the terms of phrases of more than one term. The left-out
  // pairs only narrow what is checked, never the results, so the scores are the same as
  // `gongkai search` gives.
  Index.prototype.match = function (groups) {
    var self = this;
    var terms = {};
    var skipped = {};
    groups.forEach(function (g) {
      g.phrase.forEach(function (p) { terms[p[0]] = true; });
      g.present.forEach(function (t) { terms[t] = true; });
      skippedPairs(g).forEach(function (t) { skipped[t] = true; });
    });
    var names = Object.keys(terms).sort();
    var others = Object.keys(skipped).filter(function (t) { return !terms[t]; }).sort();
    var lists = {};
    var docs = [];
    return Promise.all(names.concat(others).map(function (t) { return self.bucketEntry(t); })).then(function (all) {
      if (!names.length || all.some(function (e) { return !e; })) return null;
      var entries = all.slice(0, names.length);
      return Promise.all(entries.map(function (e) { return self.docs(e); })).then(function (got) {
        names.forEach(function (t, k) { lists[t] = got[k]; });
        var cand = null;
        groups.forEach(function (g) {
          var found = groupCandidates(g, lists);
          if (cand === null) { cand = found; return; }
          var set = {};
          found.forEach(function (d) { set[d] = true; });
          cand = cand.filter(function (d) { return set[d]; });
        });
        all.slice(names.length).forEach(function (e) {
          if (e.length !== 2) return;
          var set = {};
          decodeDocs(decode(e[0]), 0, []).forEach(function (x) { set[x.doc] = true; });
          cand = cand.filter(function (d) { return set[d]; });
        });
        var phrases = groups.filter(function (g) { return g.phrase.length > 1; });
        if (!cand.length || !phrases.length) { docs = cand; return null; }
        var needed = {};
        phrases.forEach(function (g) { g.phrase.forEach(function (p) { needed[p[0]] = true; }); });
        return Promise.all(names.map(function (t, k) {
          return needed[t] ? self.positions(entries[k], lists[t], cand) : null;
        })).then(function () {
          docs = cand.filter(function (d) {
            return phrases.every(function (g) { return adjacent(g, lists, d); });
          });
        });
      });
    }).then(function () {
      var n = self.m.n;
      var scored = docs.map(function (doc) {
        var score = 0;
        names.forEach(function (t) {
          var e = find(lists[t], doc);
          if (!e) return;
          var df = lists[t].length;
          var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          score += idf * e.w / 14;
        });
        return [doc, Math.round(score * 1e6) / 1e6];
      });
      scored.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
      return { scored: scored, lists: lists };
    });
  };

  Index.prototype.fragment = function (doc) {
    var self = this;
    var m = self.m;
    var c = Math.floor(doc / m.chunk);
    return self.entry("g", m.frags, "f" + c, c).then(function (name) {
      return loadNamed(self.dir, name);
    }).then(function (list) { return list[doc % m.chunk]; });
  };

  registry.open = function (dir) {
    return load(dir, "manifest.js", "manifest").then(function (m) {
      if (m.v !== VERSION) throw new Error("index format " + m.v);
      return new Index(dir, m);
    });
  };

  // ---- page -------------------------------------------------------------------------------
  if (typeof document === "undefined") return;
  var app = document.getElementById("gk-search");
  if (!app) return;
  var form = document.getElementById("gk-search-form");
  var input = document.getElementById("gk-q");
  var status = document.getElementById("gk-status");
  var facetsBox = document.getElementById("gk-facets");
  var resultsBox = document.getElementById("gk-results");
  var PAGE = 10;
  var data = app.dataset;
  var indexPromise = null;
  var state = { q: "", area: "", publisher: "", year: "", validity: "", sort: "", shown: PAGE };
  var sortBox = document.getElementById("gk-sort");

  function say(text) { status.textContent = text; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function readUrl() {
    var p = new URLSearchParams(location.search);
    ["q", "area", "publisher", "year", "validity", "sort"].forEach(function (k) { state[k] = p.get(k) || ""; });
    if (state.sort !== "date") state.sort = "";
    sortBox.value = state.sort || "relevance";
    state.shown = PAGE;
    input.value = state.q;
  }

  function writeUrl(push) {
    var p = new URLSearchParams();
    ["q", "area", "publisher", "year", "validity", "sort"].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    var url = location.pathname + (p.toString() ? "?" + p.toString() : "");
    try {
      if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    } catch (e) { /* file:// in some browsers: the URL stays as it is */ }
  }

  // The excerpt with every query term found in it marked, built from text nodes only.
  function highlighted(text, groups) {
    var wanted = {};
    groups.forEach(function (g) {
      g.phrase.forEach(function (p) { wanted[p[0]] = true; });
      g.present.forEach(function (t) { wanted[t] = true; });
    });
    var cps = Array.from(text);
    var marked = new Array(cps.length + 1).join("0").split("").map(Number);
    analyze(text).forEach(function (t) {
      if (wanted[t.term]) for (var k = t.start; k < t.end; k++) marked[k] = 1;
    });
    var frag = document.createDocumentFragment();
    var k = 0;
    while (k < cps.length) {
      var j = k;
      while (j < cps.length && marked[j] === marked[k]) j++;
      var piece = cps.slice(k, j).join("");
      frag.appendChild(marked[k] ? el("mark", "", piece) : document.createTextNode(piece));
      k = j;
    }
    return frag;
  }

  function facetList(idx, name, counts, label) {
    var keys = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
    if (!keys.length) return null;
    var box = el("fieldset", "search-facet");
    box.appendChild(el("legend", "", data[name + "Label"] || name));
    var all = [""].concat(keys);
    all.forEach(function (key) {
      var id = "gk-f-" + name + "-" + all.indexOf(key);
      var row = el("div", "search-facet-option");
      var radio = el("input");
      radio.type = "radio";
      radio.name = "gk-" + name;
      radio.id = id;
      radio.value = key;
      radio.checked = state[name] === key;
      radio.addEventListener("change", function () {
        state[name] = key;
        state.shown = PAGE;
        writeUrl(true);
        run();
      });
      var lab = el("label", "", key ? label(key) + " (" + counts[key] + ")" : data.any);
      lab.htmlFor = id;
      row.appendChild(radio);
      row.appendChild(lab);
      box.appendChild(row);
    });
    return box;
  }

  var DIMS = ["area", "publisher", "year", "validity"];

  // The filters with their counts for the matches `scored`, into `panel` (the facets of the
  // matches must be loaded): each dimension counts the matches that pass the other filters.
  function fillFilters(panel, index, scored) {
    var m = index.m;
    var areaName = {};
    m.areas.forEach(function (a) { areaName[a[0]] = a[1]; });
    var counts = { area: {}, publisher: {}, year: {}, validity: {} };
    scored.forEach(function (s) {
      var v = values(index, s[0]);
      DIMS.forEach(function (d) {
        var ok = DIMS.every(function (o) { return o === d || !state[o] || state[o] === v[o]; });
        if (ok) counts[d][v[d]] = (counts[d][v[d]] || 0) + 1;
      });
    });
    var labels = {
      area: function (k) { return areaName[k] || k; },
      publisher: function (k) { return k; },
      year: function (k) { return k; },
      validity: function (k) { return k === "repealed" ? data.repealed : data.valid; }
    };
    panel.textContent = "";
    DIMS.forEach(function (d) {
      var box = facetList(index, d, counts[d], labels[d]);
      if (box) panel.appendChild(box);
    });
  }

  function values(index, doc) {
    var m = index.m;
    var f = index.facets[doc];
    return { area: m.areas[f[0]][0], publisher: m.publishers[f[1]], year: String(m.year_base + f[2]), validity: f[3] ? "repealed" : "valid" };
  }

  // The filters are behind a button: their values are loaded only when it is pressed (or a
  // filter is already set), since for a query that matches records all over a large site they
  // weigh more than everything else the query loads. Once opened they stay open.
  var filtersOpen = false;
  function filtersBox(index, scored, loaded) {
    var toggle = el("button", "search-filters-toggle", data.filters);
    toggle.type = "button";
    toggle.id = "gk-filters-toggle";
    toggle.setAttribute("aria-controls", "gk-filters");
    toggle.setAttribute("aria-expanded", filtersOpen ? "true" : "false");
    var panel = el("div", "search-filters");
    panel.id = "gk-filters";
    panel.hidden = !filtersOpen;
    if (loaded) fillFilters(panel, index, scored);
    toggle.addEventListener("click", function () {
      filtersOpen = !filtersOpen;
      toggle.setAttribute("aria-expanded", filtersOpen ? "true" : "false");
      panel.hidden = !filtersOpen;
      if (!filtersOpen || loaded) return;
      loaded = true;
      panel.appendChild(el("p", "search-filters-loading", data.filtersLoading));
      index.loadFacets(scored.map(function (s) { return s[0]; })).then(function () {
        fillFilters(panel, index, scored);
      }).catch(function () { panel.textContent = data.failed; });
    });
    facetsBox.appendChild(toggle);
    facetsBox.appendChild(panel);
  }

  function run() {
    var q = state.q.trim();
    resultsBox.textContent = "";
    facetsBox.textContent = "";
    if (!q) { say(""); return; }
    say(data.loading);
    if (!indexPromise) indexPromise = registry.open(data.index);
    var groups = parseQuery(q);
    var current = state.q;
    indexPromise.then(function (index) {
      return index.match(groups).then(function (res) {
        var filtering = DIMS.some(function (d) { return state[d]; });
        if (filtering) filtersOpen = true;
        var withFacets = (filtering || filtersOpen) && res.scored.length > 0;
        var ready = withFacets ? index.loadFacets(res.scored.map(function (s) { return s[0]; })) : null;
        return Promise.resolve(ready).then(function () { return [index, res, withFacets]; });
      });
    }).then(function (got) {
      if (current !== state.q) return;
      var index = got[0];
      var res = got[1];
      var m = index.m;
      if (res.scored.length) filtersBox(index, res.scored, got[2]);
      var shown = res.scored.filter(function (s) {
        if (!got[2]) return true;
        var v = values(index, s[0]);
        return DIMS.every(function (o) { return !state[o] || state[o] === v[o]; });
      });
      if (!shown.length) { say(data.none.replace("{q}", q)); return; }
      // Documents are numbered oldest first: by date means by number, newest first.
      if (state.sort === "date") shown.sort(function (a, b) { return b[0] - a[0]; });
      say(data.found.replace("{n}", shown.length).replace("{q}", q));
      var page = shown.slice(0, state.shown);
      return Promise.all(page.map(function (s) { return index.fragment(s[0]); })).then(function (frags) {
        if (current !== state.q) return;
        frags.forEach(function (f) {
          var li = el("li", "search-result");
          var h = el("h2", "search-result-title");
          var link = el("a");
          link.href = data.root + f[1] + (data.root.indexOf(":") < 0 ? "index.html" : "");
          link.appendChild(highlighted(f[0], groups));
          h.appendChild(link);
          if (f[8]) h.appendChild(el("span", "badge badge-repealed", data.repealed));
          li.appendChild(h);
          var meta = el("p", "search-result-meta", f[2] + " · " + m.publishers[f[3]] + " · " + f[4] + (f[6] ? " · " + f[6] : ""));
          li.appendChild(meta);
          var ex = el("p", "search-result-excerpt");
          ex.appendChild(highlighted(f[7], groups));
          li.appendChild(ex);
          resultsBox.appendChild(li);
        });
        if (shown.length > page.length) {
          var more = el("button", "search-more", data.more);
          more.type = "button";
          more.addEventListener("click", function () { state.shown += PAGE; run(); });
          var li = el("li", "search-more-row");
          li.appendChild(more);
          resultsBox.appendChild(li);
        }
      });
    }).catch(function () { say(data.failed); });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    state.q = input.value;
    DIMS.forEach(function (k) { state[k] = ""; });
    state.shown = PAGE;
    writeUrl(true);
    run();
  });
  sortBox.addEventListener("change", function () {
    state.sort = sortBox.value === "date" ? "date" : "";
    state.shown = PAGE;
    writeUrl(true);
    run();
  });
  global.addEventListener("popstate", function () { readUrl(); run(); });
  readUrl();
  run();
})(typeof window !== "undefined" ? window : globalThis);
