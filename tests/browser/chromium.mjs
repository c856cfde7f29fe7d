// Shared by the browser checks and the screenshot script: a static file server on 127.0.0.1
// and Debian's Chromium driven by playwright-core (which never downloads a browser here).

import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/// Serves each folder of `sites` ({name: folder}) under `/name/`, like any static web host:
/// a folder's URL serves its index.html. Resolves to {origin, close()}.
export function serveSites(sites) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const parts = decodeURIComponent(url.pathname).split('/').filter(Boolean);
    const root = sites[parts.shift()];
    const rel = normalize(parts.join(sep));
    if (!root || rel.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    let file = join(root, rel);
    try {
      if (statSync(file).isDirectory()) {
        file = join(file, 'index.html');
      }
      statSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/// Headless Debian Chromium. playwright-core starts it with a fresh temporary profile
/// (its own --user-data-dir) and removes that profile on close.
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/// Aborts every request that leaves the local server, and records it: pages must not reach
/// any other host.
export async function keepLocal(context, origin, external) {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:')) {
      return route.continue();
    }
    external.push(url);
    return route.abort();
  });
}
