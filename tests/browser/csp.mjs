// Loads pages of a site served with a Content-Security-Policy (by tests/csp_browser.rs) in
// headless Chromium, uses every interactive part (the large-text toggle, the search box, the
// search page's filters and sort order), and prints a JSON report on stdout: every CSP
// violation (securitypolicyviolation events and the console's "Refused to …" messages),
// script errors, and what the search found.
//
// Usage: node tests/browser/csp.mjs ORIGIN QUERY PAGE...   (pages relative to ORIGIN/)

import { launchChromium } from './chromium.mjs';

const [origin, query, ...pages] = process.argv.slice(2);

const violations = [];
const errors = [];
const shardRequests = [];

async function watch(context) {
  // Registered before any page script runs; scripts injected through the DevTools protocol
  // are not subject to the page's policy, so this listener itself cannot be refused.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

function listen(page) {
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to/i.test(text)) {
      violations.push(`console on ${page.url()}: ${text}`);
    }
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e}`));
  page.on('request', (req) => {
    if (/\/search\/t[0-9]+-[0-9a-f]+\.js$/.test(req.url())) {
      shardRequests.push(req.url());
    }
  });
}

async function collect(page) {
  const found = await page.evaluate(() => window.__csp || []);
  for (const v of found) {
    violations.push(`${page.url()}: ${v}`);
  }
}

// The number of results shown, or 0 when none appeared in time (blocked scripts, say: the
// report's violations then tell why).
async function results(page) {
  try {
    await waitForResults(page);
  } catch (e) {
    errors.push(`no search results on ${page.url()}: ${e.message.split('\n')[0]}`);
    return 0;
  }
  return page.evaluate(() => document.querySelectorAll('#gk-results .search-result').length);
}

async function waitForResults(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('gk-status');
    const n = document.querySelectorAll('#gk-results .search-result').length;
    return s && s.textContent && !s.textContent.endsWith('…') && (n > 0 || /没有|Nothing/.test(s.textContent));
  }, null, { timeout: 15000 });
}

const browser = await launchChromium();
const report = { pages: [], violations, errors };
try {
  const context = await browser.newContext();
  await watch(context);
  const page = await context.newPage();
  listen(page);

  for (const path of pages) {
    const response = await page.goto(`${origin}/${path}`);
    const headers = response ? await response.allHeaders() : {};
    await page.waitForLoadState('load');
    // The large-text toggle is the theme script's widget on every page.
    const toggle = page.locator('#large-text-toggle');
    let toggled = false;
    if (await toggle.isVisible()) {
      await toggle.click();
      toggled = await page.evaluate(() => document.documentElement.classList.contains('large-text'));
      await toggle.click();
    }
    await collect(page);
    report.pages.push({ path, status: response ? response.status() : 0, csp: headers['content-security-policy'] || null, toggled });
  }

  // The header's search box leads to the search page, which loads the manifest, the term
  // shards and the result fragments as scripts.
  await page.goto(`${origin}/index.html`);
  await page.fill('#site-search-q', query);
  // Wait for the new page's document only: the results are waited for next, and the load
  // event (which every script the search inserts holds back) once stalled past the timeout
  // on a busy machine.
  await Promise.all([
    page.waitForURL(/search\/(index\.html)?\?q=/, { waitUntil: 'domcontentloaded' }),
    page.press('#site-search-q', 'Enter'),
  ]);
  report.results = await results(page);
  // A filter (behind the filters button, whose press loads the filter values) and the sort
  // order.
  if (report.results > 0) {
    await page.click('#gk-filters-toggle');
    await page.waitForSelector('#gk-filters fieldset');
  }
  const radios = page.locator('#gk-filters fieldset').first().locator('input[type=radio]');
  if ((await radios.count()) > 1) {
    await radios.nth(1).check();
    await page.waitForFunction(() => location.search.includes('area='));
    report.filtered = await results(page);
  }
  if (report.results > 0) {
    await page.selectOption('#gk-sort', 'date');
    await page.waitForFunction(() => location.search.includes('sort=date'));
    report.sorted = await results(page);
  }
  await collect(page);
  report.shardRequests = shardRequests.length;
  await context.close();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
