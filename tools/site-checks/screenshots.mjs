// Screenshots of a built pivotbook site into docs/content/screenshots/ (the
// docs site shows them, the README a few):
// - each page kind, light and dark, 1280px wide (`<kind>-<scheme>.png`);
// - the home page and a deal page on a phone, 375px wide (`phone-home-*.png`,
//   `phone-deal-light.png`);
// - the search dialog open with results for "IREN Microsoft"
//   (`search-dialog-*.png`);
// - /deals/ filtered to IREN's capital raised, sorted by amount
//   (`deals-filter-light.png`);
// - the link graph zoomed onto IREN, its neighbours named (`graph-zoom-*.png`).
//
//   node screenshots.mjs [SITE_DIR] [OUT_DIR]
//   (defaults: ../../target/ci-site and ../../docs/content/screenshots)
// The PNGs are palette-quantised with pngquant when it is installed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { serve, pageKinds, LAUNCH } from './serve.mjs';

const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const out = process.argv[3] || new URL('../../docs/content/screenshots', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const server = await serve(dir);
const browser = await chromium.launch(LAUNCH);
const files = [];
const kinds = Object.fromEntries(pageKinds(dir));

/** Opens `path` in a new page of `context`, runs `prepare` on it, and saves `name`.png. */
async function shot(context, path, name, prepare) {
  const page = await context.newPage();
  await page.goto(server.url(path), { waitUntil: 'load' });
  if (prepare) await prepare(page);
  const file = join(out, `${name}.png`);
  await page.screenshot({ path: file });
  files.push(file);
  await page.close();
}

/** Opens the search dialog from the header box and types a query (no Enter). */
async function searchDialog(page) {
  await page.click('#site-search-q');
  await page.waitForSelector('dialog.search-dialog[open]', { timeout: 10000 });
  await page.type('#search-dialog-q', 'IREN Microsoft', { delay: 15 });
  await page.waitForFunction(() => document.querySelectorAll('dialog.search-dialog .search-groups a').length > 3, null, { timeout: 10000 });
  await page.waitForTimeout(200);
}

/** Filters the deals to IREN's capital raised and sorts them by amount, largest first. */
async function dealsFilter(page) {
  await page.waitForSelector('#deal-filters:not([hidden])', { timeout: 10000 });
  await page.selectOption('#filter-company', 'iren');
  await page.selectOption('#filter-family', 'raised');
  const amount = page.locator('#all-deals thead th', { hasText: 'Amount' });
  await amount.locator('button').click();
  if ((await amount.getAttribute('aria-sort')) !== 'descending') await amount.locator('button').click();
  await page.evaluate(() => {
    const f = document.getElementById('deal-filters');
    window.scrollTo(0, f.getBoundingClientRect().top + window.scrollY - 16);
  });
  await page.waitForTimeout(200);
}

/** Finds IREN with the graph's search box: centred, zoomed in, its neighbourhood named. */
async function graphZoom(page) {
  await page.waitForFunction(() => window.__graph && window.__graph.ready(), null, { timeout: 30000 });
  await page.fill('#graph-q', 'IREN');
  await page.press('#graph-q', 'Enter');
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, document.getElementById('graph-canvas').getBoundingClientRect().top + window.scrollY - 120));
  const spot = await page.evaluate(() => { const f = window.__graph.focused(); return f && window.__graph.screen(f.title); });
  const now = await (await page.$('#graph-canvas')).boundingBox();
  if (spot) await page.mouse.move(now.x + spot.x, now.y + spot.y);
  await page.waitForTimeout(300);
}

try {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    for (const [kind, path] of pageKinds(dir)) await shot(context, path, `${kind}-${scheme}`);
    await shot(context, '', `search-dialog-${scheme}`, searchDialog);
    await shot(context, 'graph/', `graph-zoom-${scheme}`, graphZoom);
    if (scheme === 'light') await shot(context, 'deals/', 'deals-filter-light', dealsFilter);
    await context.close();
    const phone = await browser.newContext({ colorScheme: scheme, viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await shot(phone, '', `phone-home-${scheme}`);
    if (scheme === 'light') await shot(phone, kinds.deal, 'phone-deal-light');
    await phone.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const q = spawnSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--quality=70-95', '--ext', '.png', ...files]);
if (q.error) console.log('pngquant not found: PNGs left unquantised');
console.log(`screenshots: ${files.length} PNGs in ${out}`);
