// Loads pages of a built site in headless Chromium and reports, as JSON on stdout:
// axe-core violations (WCAG 2.0/2.1 A and AA) at 375 px and 1280 px, in normal and in
// large-text mode; pages wider than the screen at 320 px and 375 px; requests to any other
// host; what of the header would print; script errors; and whether the large-text toggle
// works and is remembered.
//
// Usage: node tests/browser/site-check.mjs CONFIG.json
// CONFIG: {"sites": {"demo": "/abs/public"}, "pages": [{"label": "home", "site": "demo", "path": "index.html"}]}
// Called by tests/site_quality.rs, which asserts on the report.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { keepLocal, launchChromium, serveSites } from './chromium.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_WIDTHS = [375, 1280];
const OVERFLOW_WIDTHS = [320, 375];
const HEIGHT = 800;

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const report = { axe_runs: 0, overflow_checks: 0, print_checks: 0, violations: [], overflow: [], printed: [], external: [], errors: [] };

function pageUrl(origin, page) {
  return `${origin}/${page.site}/${page.path.replace(/(^|\/)index\.html$/, '$1')}`;
}

async function runAxe(tab, page, mode, width) {
  await tab.setViewportSize({ width, height: HEIGHT });
  if (!(await tab.evaluate(() => typeof window.axe === 'object'))) {
    await tab.addScriptTag({ path: AXE });
  }
  const result = await tab.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  report.axe_runs += 1;
  for (const v of result.violations) {
    report.violations.push({
      page: page.label,
      path: page.path,
      mode,
      width,
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    });
  }
}

async function checkOverflow(tab, page, mode, width) {
  await tab.setViewportSize({ width, height: HEIGHT });
  const size = await tab.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => {
      const el = document.documentElement;
      const culprits = [];
      if (el.scrollWidth > el.clientWidth) {
        // Name the elements that stick out of a parent that fits, to make the failure easy
        // to fix; content of scroll containers does not count.
        const limit = el.clientWidth + 0.5;
        const fits = (node) => node === document.body || node.getBoundingClientRect().right <= limit;
        const scrolls = (node) => {
          for (let up = node.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible') return true;
          }
          return false;
        };
        for (const node of document.body.querySelectorAll('*')) {
          const right = node.getBoundingClientRect().right;
          if (right > limit && node.parentElement && fits(node.parentElement) && !scrolls(node)) {
            const cls = typeof node.className === 'string' && node.className ? '.' + node.className.trim().split(/\s+/).join('.') : '';
            culprits.push(`${node.tagName.toLowerCase()}${cls} (right edge ${Math.round(right)} px)`);
          }
        }
      }
      resolve({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, culprits: culprits.slice(0, 3) });
    });
  }));
  report.overflow_checks += 1;
  if (size.scrollWidth > size.clientWidth) {
    report.overflow.push({ page: page.label, path: page.path, mode, width, ...size });
  }
}

// On paper the header is only the site's name: navigation, search and buttons are of no use
// there. Reports what else of the header and breadcrumbs would print.
async function checkPrint(tab, page) {
  await tab.emulateMedia({ media: 'print' });
  const printed = await tab.evaluate(() => {
    const found = [];
    for (const node of document.querySelectorAll('.site-header *, .breadcrumbs')) {
      const rendered = node.getClientRects().length > 0 && getComputedStyle(node).visibility !== 'hidden';
      const allowed = node.matches('.header-bar, .site-title, .site-title *');
      if (rendered && !allowed) {
        const cls = typeof node.className === 'string' && node.className ? '.' + node.className.trim().split(/\s+/).join('.') : '';
        found.push(`${node.tagName.toLowerCase()}${cls}`);
      }
    }
    return found;
  });
  await tab.emulateMedia({ media: 'screen' });
  report.print_checks += 1;
  if (printed.length) {
    report.printed.push({ page: page.label, path: page.path, elements: [...new Set(printed)] });
  }
}

async function checkMode(browser, origin, mode) {
  const context = await browser.newContext({ viewport: { width: 375, height: HEIGHT } });
  await keepLocal(context, origin, report.external);
  const tab = await context.newPage();
  let current = null;
  tab.on('pageerror', (e) => report.errors.push({ page: current, mode, message: String(e) }));
  tab.on('console', (m) => {
    if (m.type() === 'error') report.errors.push({ page: current, mode, message: m.text() });
  });
  let first = true;
  for (const page of config.pages) {
    current = page.label;
    await tab.setViewportSize({ width: 375, height: HEIGHT });
    const response = await tab.goto(pageUrl(origin, page), { waitUntil: 'load' });
    if (!response || !response.ok()) {
      report.errors.push({ page: page.label, mode, message: `HTTP ${response && response.status()}` });
      continue;
    }
    const toggle = tab.locator('#large-text-toggle');
    const shown = await toggle.isVisible();
    if (!shown) {
      report.errors.push({ page: page.label, mode, message: 'the large-text toggle is not shown (theme.js did not run)' });
    }
    if (mode === 'large' && shown) {
      const on = await tab.evaluate(() => document.documentElement.classList.contains('large-text'));
      if (!on && !first) {
        report.errors.push({ page: page.label, mode, message: 'large-text mode chosen on an earlier page was not remembered' });
      }
      if (!on) {
        await toggle.click();
      }
      const state = await tab.evaluate(() => ({
        on: document.documentElement.classList.contains('large-text'),
        pressed: document.getElementById('large-text-toggle').getAttribute('aria-pressed'),
      }));
      if (!state.on || state.pressed !== 'true') {
        report.errors.push({ page: page.label, mode, message: `large-text toggle: class ${state.on}, aria-pressed ${state.pressed}` });
      }
    }
    first = false;
    for (const width of OVERFLOW_WIDTHS) {
      await checkOverflow(tab, page, mode, width);
    }
    for (const width of AXE_WIDTHS) {
      await runAxe(tab, page, mode, width);
    }
    if (mode === 'normal') {
      await checkPrint(tab, page);
    }
  }
  await context.close();
}

const server = await serveSites(config.sites);
const browser = await launchChromium();
try {
  report.browser = browser.version();
  for (const mode of ['normal', 'large']) {
    await checkMode(browser, server.origin, mode);
  }
} finally {
  await browser.close();
  await server.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
