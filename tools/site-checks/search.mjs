// Search in headless Chromium, on a built site served at its base path:
// a query in the header box lands on the search page with results; results
// carry a kind and a snippet with the match marked; typing updates them; the
// arrow keys reach them; a query fetches under 1 MB; no script errors and no
// request leaves the site.
//
//   node search.mjs SITE_DIR [BASE]     (BASE: the site's base path, default "/")
import { chromium } from 'playwright-core';
import { serve, withoutJs, LAUNCH } from './serve.mjs';

const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const base = process.argv[3] || '/';
const FETCH_LIMIT = 1_000_000;

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

try {
  const page = await browser.newPage();
  let fetched = 0;
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(server.origin)) failures.push(`external request ${r.url()}`); });
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'fetch') fetched += (await r.body().catch(() => Buffer.alloc(0))).length;
  });

  // 1. The header box on the home page submits to the search page.
  await page.goto(server.url(''), { waitUntil: 'load' });
  await page.fill('#site-search-q', 'IREN Microsoft');
  await Promise.all([page.waitForURL(/\/search\/\?q=IREN\+Microsoft$/), page.press('#site-search-q', 'Enter')]);
  check(page.url().startsWith(server.url('search/')), `header search went to ${page.url()}, not under ${base}`);
  await page.waitForSelector('#search-results li a', { timeout: 10000 });
  const results = await page.$$eval('#search-results li', (lis) =>
    lis.map((li) => ({ href: li.querySelector('a').getAttribute('href'), kind: li.querySelector('.result-kind')?.textContent })),
  );
  check(results.some((r) => r.href === `${base}deals/microsoft-iren-ai-cloud-contract/`), `"IREN Microsoft" misses the contract: ${JSON.stringify(results)}`);
  check(results.every((r) => r.href.startsWith(base) && r.kind), `a result without the base path or a kind: ${JSON.stringify(results)}`);
  await page.waitForSelector('#search-results .snippet mark', { timeout: 10000 });
  const mark = await page.$eval('#search-results .snippet mark', (m) => m.textContent.toLowerCase());
  check(['iren', 'microsoft'].includes(mark), `the snippet marks "${mark}"`);
  check(/match/.test(await page.textContent('#search-status')), 'no result count in the status line');
  check(fetched < FETCH_LIMIT, `the query fetched ${fetched} bytes (limit ${FETCH_LIMIT})`);

  // 2. Typing updates the results; a prefix of the last word matches.
  await page.fill('#search-q', 'corewea');
  await page.waitForFunction(() => [...document.querySelectorAll('#search-results li a')].some((a) => a.getAttribute('href').endsWith('/companies/coreweave/')), null, { timeout: 10000 });
  check(new URL(page.url()).searchParams.get('q') === 'corewea', 'the address does not keep the query');

  // 3. The arrow keys move from the box to the results and back.
  await page.focus('#search-q');
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement === document.querySelector('#search-results li a'));
  check(first, 'ArrowDown from the box does not reach the first result');
  await page.keyboard.press('ArrowUp');
  check(await page.evaluate(() => document.activeElement.id === 'search-q'), 'ArrowUp from the first result does not return to the box');

  // 4. A query with no match says so.
  await page.fill('#search-q', 'zzzqqqxx');
  await page.waitForFunction(() => /No pages match/.test(document.querySelector('#search-status').textContent), null, { timeout: 10000 });

  // 5. Without JavaScript the page explains and links the indexes.
  const nojs = await withoutJs(browser, server.url('search/?q=IREN'), base);
  check(nojs.says, 'without JavaScript the search page does not say it needs it');
  check(nojs.links, 'without JavaScript the search page does not link the indexes');
} finally {
  await browser.close();
  await server.close();
}

if (failures.length) {
  console.error(`search (${base}): ${failures.length} failure(s)\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`search (${base}): header box, results, snippets, prefix, keyboard, no-match and no-JS checks pass`);
