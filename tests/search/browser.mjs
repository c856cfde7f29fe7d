// Drives the search page of a built site in headless Chromium, over a local HTTP server and
// from file://, and prints a JSON report on stdout for tests/search_browser.rs to check.
//
// Usage: node tests/search/browser.mjs PUBLIC_DIR CHINESE_QUERY ENGLISH_QUERY

import { pathToFileURL } from 'node:url';
import { launchChromium, serveSites } from '../browser/chromium.mjs';

const [publicDir, chineseQuery, englishQuery] = process.argv.slice(2);

async function results(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('gk-status');
    return s && s.textContent && !s.textContent.endsWith('…');
  }, null, { timeout: 15000 });
  await page.waitForFunction(() => {
    const r = document.querySelectorAll('#gk-results .search-result').length;
    const s = document.getElementById('gk-status').textContent;
    return r > 0 || /没有|Nothing/.test(s);
  }, null, { timeout: 15000 });
  return page.evaluate(() => ({
    status: document.getElementById('gk-status').textContent,
    titles: [...document.querySelectorAll('#gk-results .search-result-title a')].map((a) => a.textContent),
    hrefs: [...document.querySelectorAll('#gk-results .search-result-title a')].map((a) => a.getAttribute('href')),
    marks: [...document.querySelectorAll('#gk-results mark')].map((m) => m.textContent),
    excerptMarks: document.querySelectorAll('#gk-results .search-result-excerpt mark').length,
    facets: [...document.querySelectorAll('#gk-filters fieldset')].map((f) => ({
      legend: f.querySelector('legend').textContent,
      options: [...f.querySelectorAll('label')].map((l) => l.textContent),
    })),
    url: location.href,
  }));
}

async function run(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const report = { errors };

  // The box in the header of the home page leads to the search page, which runs the query.
  await page.goto(base + 'index.html');
  await page.fill('#site-search-q', chineseQuery);
  await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.press('#site-search-q', 'Enter')]);
  report.fromHeader = await results(page);
  report.xss = await page.evaluate(() => window.__xss);

  // Typing into the search page's own box.
  await page.fill('#gk-q', englishQuery);
  await page.press('#gk-q', 'Enter');
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, englishQuery);
  report.english = await results(page);

  // The filters: behind a button, their values loaded only once it is pressed (here from the
  // keyboard); then the first area offered for the Chinese query.
  await page.goto(base + 'search/index.html?q=' + encodeURIComponent(chineseQuery));
  report.chinese = await results(page);
  const filters = () => page.evaluate(() => ({
    expanded: document.getElementById('gk-filters-toggle').getAttribute('aria-expanded'),
    controls: document.getElementById('gk-filters-toggle').getAttribute('aria-controls'),
    hidden: document.getElementById('gk-filters').hidden,
    fieldsets: document.querySelectorAll('#gk-filters fieldset').length,
    facetFiles: document.querySelectorAll('script[src*="search/d"]').length,
  }));
  report.filtersClosed = await filters();
  await page.focus('#gk-filters-toggle');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#gk-filters fieldset');
  report.filtersOpened = await filters();
  const area = page.locator('#gk-filters fieldset').first().locator('input[type=radio]').nth(1);
  report.filterLabel = await page.locator('#gk-filters fieldset').first().locator('label').nth(1).textContent();
  await area.check();
  await page.waitForFunction(() => location.search.includes('area='));
  report.filtered = await results(page);
  report.filtered.filters = await filters();
  // A page opened with a filter in its URL shows the filters, open, with their counts.
  await page.goto(report.filtered.url);
  report.direct = await results(page);
  await page.waitForSelector('#gk-filters fieldset');
  report.direct.filters = await filters();
  report.direct.checked = await page.evaluate(() => {
    const r = document.querySelector('#gk-filters input[name=gk-area]:checked');
    return r && document.querySelector('label[for="' + r.id + '"]').textContent;
  });

  // Sorted by date: newest first, and said so in the URL.
  await page.selectOption('#gk-sort', 'date');
  await page.waitForFunction(() => location.search.includes('sort=date'));
  report.byDate = await results(page);
  report.byDate.dates = await page.evaluate(() => [...document.querySelectorAll('#gk-results .search-result-meta')].map((m) => m.textContent.slice(0, 10)));

  // Nothing found.
  await page.goto(base + 'search/index.html?q=' + encodeURIComponent('無此詞彙zzqx'));
  report.nothing = await results(page);

  // Following a result reaches the record's page.
  await page.goto(base + 'search/index.html?q=' + encodeURIComponent(chineseQuery));
  await results(page);
  await Promise.all([page.waitForLoadState('load'), page.click('#gk-results .search-result-title a')]);
  report.followed = await page.evaluate(() => ({ url: location.href, h1: document.querySelector('h1') && document.querySelector('h1').textContent }));
  report.xss = await page.evaluate(() => window.__xss);
  await context.close();
  return report;
}

const browser = await launchChromium();
const server = await serveSites({ site: publicDir });
try {
  const http = await run(browser, server.origin + '/site/');
  const file = await run(browser, pathToFileURL(publicDir).href + '/');
  process.stdout.write(JSON.stringify({ http, file }, null, 1) + '\n');
} finally {
  await server.close();
  await browser.close();
}
