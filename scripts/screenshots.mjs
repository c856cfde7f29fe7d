// Screenshots of the demo site for the README: home, area, item and record pages, on a
// phone (375 px) and on a desktop (1280 px), in headless Debian Chromium.
//
// Usage: node scripts/screenshots.mjs PUBLIC_DIR OUT_DIR   (scripts/screenshots.sh builds first)

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, keepLocal, serveSites } from '../tests/browser/chromium.mjs';

const [publicDir, outDir] = process.argv.slice(2);
if (!publicDir || !outDir) {
  console.error('usage: node scripts/screenshots.mjs PUBLIC_DIR OUT_DIR');
  process.exit(2);
}

const PAGES = [
  ['home', ''],
  ['area', 'areas/social-assistance/'],
  ['item', 'areas/social-assistance/sa-policies/'],
  ['record', 'records/11990100MB2098320N/2024-00005/'],
];
const DEVICES = [
  ['phone', { width: 375, height: 812 }],
  ['desktop', { width: 1280, height: 900 }],
];
// Long pages are cut here, to keep each image small.
const MAX_HEIGHT = 1600;

mkdirSync(outDir, { recursive: true });
const server = await serveSites({ site: publicDir });
const browser = await launchChromium();
try {
  for (const [device, viewport] of DEVICES) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const external = [];
    await keepLocal(context, server.origin, external);
    const tab = await context.newPage();
    for (const [name, path] of PAGES) {
      const response = await tab.goto(`${server.origin}/site/${path}`, { waitUntil: 'load' });
      if (!response || !response.ok()) {
        throw new Error(`${path}: HTTP ${response && response.status()}`);
      }
      const height = await tab.evaluate(() => document.documentElement.scrollHeight);
      const file = join(outDir, `${name}-${device}.png`);
      await tab.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: 0, width: viewport.width, height: Math.min(height, MAX_HEIGHT) },
      });
      console.log(file);
    }
    if (external.length) {
      throw new Error(`requests to other hosts: ${external.join(', ')}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
