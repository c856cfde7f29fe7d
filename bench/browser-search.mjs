// What bench/search-chromium.mjs (gongkai) and bench/pagefind-transfer.mjs (Pagefind) share, so
// that both tools are measured alike: the query list, the bytes a web server would send for a
// file, a fresh page that records the files it asks for, and the percentiles reported.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/// The queries of a list file: one a line, `#` lines and blank lines skipped.
export const readQueries = (file) => readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/// Bytes sent for a file: gzip-compressed (level 6), or as it is when that is smaller (files
/// compressed already, such as Pagefind's).
export const sentBytes = (path) => {
  const raw = readFileSync(path);
  return Math.min(raw.length, gzipSync(raw, { level: 6 }).length);
};

/// The bytes sent for a list of files.
export const bytes = (files) => files.reduce((s, f) => s + sentBytes(f), 0);

/// A fresh page (empty cache) on the site's 404 page, at `base` (`…/site/`) served from `dir`;
/// `files` collects the site files the page requests whose path `counts` accepts.
export async function freshPage(browser, base, dir, counts) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const files = [];
  p.on('request', (r) => {
    const path = decodeURIComponent(new URL(r.url()).pathname);
    if (path.startsWith('/site/') && counts(path.slice('/site/'.length))) files.push(join(dir, path.slice('/site/'.length)));
  });
  await p.goto(base + '404.html');
  return { context, p, files };
}

/// The value below which a share `q` of `xs` falls.
export const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
