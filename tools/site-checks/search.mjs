// Search in headless Chromium, on a built site served at its base path.
// The dialog: a click in the header box, "/" and Ctrl-K open it (labelled,
// modal); typing shows ranked results grouped by kind without Enter; a typo
// ("Mircosoft") finds its page, also in the first two letters ("Mcirosoft",
// "Imcrosoft", "Nicrosoft", "IERN"); snippets are clean and mark the match; the
// kind filter narrows; "more results" adds results; the arrow keys and
// Enter open a result; Escape closes it and focus goes back; axe finds no
// serious problem in it, light or dark. The search page works as you type
// too, and explains itself without JavaScript. A query fetches under 1 MB;
// no request 404s or leaves the site; no script errors.
//
//   node search.mjs SITE_DIR [BASE]     (BASE: the site's base path, default "/")
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { serve, withoutJs, LAUNCH, checker } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const base = process.argv[3] || '/';
const FETCH_LIMIT = 1_000_000;

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
const { failures, check, done } = checker(`search (${base})`);
const figures = [];

const DIALOG = 'dialog.search-dialog';
const INPUT = '#search-dialog-q';
const LINKS = `${DIALOG} .search-groups a`;

/** Watches a page: script errors, 404s, requests off the site, and bytes fetched. */
function watch(page) {
  const seen = { bytes: 0, pending: [] };
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(server.origin)) failures.push(`external request ${r.url()}`); });
  page.on('response', async (r) => {
    if (r.status() === 404) failures.push(`404: ${r.url()}`);
    const type = r.request().resourceType();
    if (type === 'fetch' || type === 'script') {
      seen.pending.push(r.body().catch(() => Buffer.alloc(0)).then((b) => { seen.bytes += b.length; }));
    }
  });
  return seen;
}

/** Types `q` into the dialog's box key by key (no Enter) and waits until the results settle. */
async function typeQuery(page, q) {
  await page.fill(INPUT, '');
  await page.type(INPUT, q, { delay: 15 });
  await page.waitForFunction(() => {
    const s = document.querySelector('dialog.search-dialog .search-status');
    return s && /match/.test(s.textContent) && !/Searching/.test(s.textContent);
  }, null, { timeout: 10000 });
  // A typo's shard may come after the first results are shown, and reorder
  // them: wait until the dialog has not changed for 300 ms (a loaded machine
  // took longer than a fixed pause).
  let last = null;
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(150);
    const now = await page.$eval('dialog.search-dialog', (d) => d.innerHTML);
    if (now === last) break;
    last = now;
    await page.waitForTimeout(150);
  }
}

/** The bytes fetched since the last call, once every response body is in. */
async function fetched(seen) {
  await Promise.all(seen.pending);
  const n = seen.bytes;
  seen.bytes = 0;
  seen.pending = [];
  return n;
}

const results = (page) => page.$$eval(`${DIALOG} .search-group`, (groups) => groups.flatMap((g) =>
  [...g.querySelectorAll('li')].map((li) => ({
    group: g.querySelector('.search-group-title').textContent,
    href: li.querySelector('a').getAttribute('href'),
    title: li.querySelector('a').textContent,
    snippet: li.querySelector('.snippet').textContent,
    marks: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent.toLowerCase()),
  }))));

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(server.url(''), { waitUntil: 'load' });
  check(!(await page.$(`script[src$="search.js"]`)), 'search.js is loaded before search is used');

  // 1. A click in the header box opens the dialog, modal and labelled, focus in its box.
  await fetched(seen);
  await page.click('#site-search-q');
  await page.waitForSelector(`${DIALOG}[open]`, { timeout: 10000 });
  check(await page.evaluate(() => document.activeElement.id === 'search-dialog-q'), 'focus is not in the dialog box');
  check(await page.$eval(DIALOG, (d) => d.matches(':modal') && !!document.getElementById(d.getAttribute('aria-labelledby'))), 'the dialog is not modal and labelled');

  // 2. Typing (no Enter) shows ranked results, grouped by kind, with clean marked snippets.
  await typeQuery(page, 'IREN Microsoft');
  let found = await results(page);
  let bytes = await fetched(seen);
  figures.push(`"IREN Microsoft": ${bytes} B fetched (search.js included)`);
  check(bytes < FETCH_LIMIT, `the first query fetched ${bytes} bytes (limit ${FETCH_LIMIT})`);
  const contract = found.findIndex((r) => r.href === `${base}deals/microsoft-iren-ai-cloud-contract/`);
  check(contract >= 0, `"IREN Microsoft" misses the contract: ${JSON.stringify(found.map((r) => r.href))}`);
  check(found.length > 0 && found.every((r) => r.href.startsWith(base) && r.group), 'a result without the base path or a group');
  const groups = [...new Set(found.map((r) => r.group))];
  check(groups.length > 1 && groups.every((g) => ['Companies', 'Deals', 'Topics', 'Notes'].includes(g)), `groups: ${groups}`);
  check(found.some((r) => r.marks.some((m) => m === 'iren' || m === 'microsoft')), 'no snippet marks "iren" or "microsoft"');
  check(found.every((r) => r.snippet.length > 20 && !/Short name|Tickers|Key facts/.test(r.snippet)), `a snippet is empty or runs labels together: ${found.map((r) => r.snippet).join(' | ')}`);
  check(/\d+ pages match/.test(await page.textContent(`${DIALOG} .search-status`)), 'no result count in the status line');

  // 3. A typo finds its page.
  await fetched(seen);
  await typeQuery(page, 'Mircosoft');
  found = await results(page);
  check(found[0]?.href === `${base}companies/microsoft/`, `"Mircosoft" does not find Microsoft first: ${JSON.stringify(found.slice(0, 3).map((r) => r.href))}`);
  check(found.some((r) => r.marks.includes('microsoft')), '"Mircosoft" marks no "Microsoft" in the snippets');
  bytes = await fetched(seen);
  check(bytes < FETCH_LIMIT, `"Mircosoft" fetched ${bytes} bytes`);
  figures.push(`"Mircosoft": ${bytes} B`);

  // 3b. Typos in a word's first two letters (another shard) find their page too, under 1 MB each.
  for (const [typo, want] of [['Mcirosoft', 'companies/microsoft/'], ['Imcrosoft', 'companies/microsoft/'],
    ['Nicrosoft', 'companies/microsoft/'], ['IERN', 'companies/iren/']]) {
    await fetched(seen);
    await typeQuery(page, typo);
    found = await results(page);
    check(found[0]?.href === `${base}${want}`, `"${typo}" does not find ${want} first: ${JSON.stringify(found.slice(0, 3).map((r) => r.href))}`);
    bytes = await fetched(seen);
    check(bytes < FETCH_LIMIT, `"${typo}" fetched ${bytes} bytes`);
    figures.push(`"${typo}": ${bytes} B`);
  }

  // 4. The kind filter narrows; "more results" adds results.
  await fetched(seen);
  await typeQuery(page, 'GPU');
  bytes = await fetched(seen);
  figures.push(`"GPU": ${bytes} B`);
  check(bytes < FETCH_LIMIT, `"GPU" fetched ${bytes} bytes`);
  const all = await results(page);
  const total = +(await page.textContent(`${DIALOG} .search-kind[data-kind=""] .search-count`));
  await page.click(`${DIALOG} .search-kind[data-kind="deal"]`);
  await page.waitForFunction(() => [...document.querySelectorAll('dialog.search-dialog .search-group-title')].every((h) => h.textContent === 'Deals'));
  const deals = await results(page);
  const dealCount = +(await page.textContent(`${DIALOG} .search-kind[data-kind="deal"] .search-count`));
  check(deals.length > 0 && deals.every((r) => r.href.startsWith(`${base}deals/`)), 'the Deals filter shows other kinds');
  check(dealCount < total && new Set(all.map((r) => r.group)).size > 1, `the filter does not narrow (${dealCount} of ${total})`);
  check(await page.getAttribute(`${DIALOG} .search-kind[data-kind="deal"]`, 'aria-pressed') === 'true', 'the Deals filter is not pressed');
  if (dealCount > deals.length) {
    await page.click(`${DIALOG} .search-more`);
    await page.waitForFunction((n) => document.querySelectorAll('dialog.search-dialog .search-groups li').length > n, deals.length);
  } else {
    failures.push(`"GPU" has too few deals (${dealCount}) to test "more results"`);
  }
  await page.click(`${DIALOG} .search-kind[data-kind=""]`);

  // 5. axe on the open dialog, light and dark.
  await page.addScriptTag({ path: AXE });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const r = await page.evaluate(() => window.axe.run(document.querySelector('dialog.search-dialog'), { resultTypes: ['violations'] }));
    for (const v of r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))) {
      failures.push(`axe (${scheme}) in the dialog: ${v.id}: ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
  }

  // 6. Arrows move through the results; Enter opens the one in focus.
  await typeQuery(page, 'corewea');
  await page.focus(INPUT);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => {
    const links = [...document.querySelectorAll('dialog.search-dialog .search-groups a')];
    return links.indexOf(document.activeElement) === 1 ? links[1].getAttribute('href') : null;
  });
  check(second, 'two ArrowDowns from the box do not reach the second result');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  check(await page.evaluate(() => document.activeElement.id === 'search-dialog-q'), 'ArrowUp from the first result does not return to the box');
  if (second) {
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL((u) => u.pathname === second, { timeout: 10000 }), page.keyboard.press('Enter')]);
  }

  // 7. "/" and Ctrl-K open the dialog; Escape closes it and focus goes back.
  await page.goto(server.url('companies/'), { waitUntil: 'load' });
  await page.keyboard.press('/');
  await page.waitForSelector(`${DIALOG}[open]`, { timeout: 10000 });
  await page.keyboard.press('Escape');
  check(!(await page.$(`${DIALOG}[open]`)), 'Escape does not close the dialog');
  await page.focus('#site-search-q');
  await page.keyboard.press('Control+k');
  await page.waitForSelector(`${DIALOG}[open]`, { timeout: 10000 });
  await page.keyboard.press('Escape');
  check(await page.evaluate(() => document.activeElement.id === 'site-search-q'), 'focus does not go back to the header box');
  // Tab stays in the dialog.
  await page.keyboard.press('Control+k');
  await page.waitForSelector(`${DIALOG}[open]`);
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  check(await page.evaluate(() => !!document.activeElement.closest('dialog.search-dialog')), 'Tab leaves the dialog');

  // 8. The search page: results as you type, the address keeps the query.
  await page.goto(server.url('search/?q=corewea'), { waitUntil: 'load' });
  await page.waitForFunction(() => [...document.querySelectorAll('#search-results a')].some((a) => a.getAttribute('href').endsWith('/companies/coreweave/')), null, { timeout: 10000 });
  await page.fill('#search-q', 'Abernathy');
  await page.waitForFunction(() => [...document.querySelectorAll('#search-results a')].some((a) => a.getAttribute('href').endsWith('/deals/abernathy-jv-secured-notes/')), null, { timeout: 10000 });
  check(new URL(page.url()).searchParams.get('q') === 'Abernathy', 'the search page address does not keep the query');
  await context.close();

  // 9. Without JavaScript the header form goes to the search page, which explains and links the indexes.
  const nojs = await withoutJs(browser, server.url('search/?q=IREN'), base);
  check(nojs.says, 'without JavaScript the search page does not say it needs it');
  check(nojs.links, 'without JavaScript the search page does not link the indexes');
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await plain.newPage();
  await p2.goto(server.url(''), { waitUntil: 'load' });
  await p2.fill('#site-search-q', 'IREN');
  await Promise.all([p2.waitForURL(/\/search\/\?q=IREN$/), p2.press('#site-search-q', 'Enter')]);
  check(p2.url().startsWith(server.url('search/')), `without JavaScript the header form went to ${p2.url()}`);
  await plain.close();
} finally {
  await browser.close();
  await server.close();
}

done(`dialog, as-you-type results, typo, filter, more, keyboard, axe, search page and no-JS checks pass; ${figures.join('; ')}`);
