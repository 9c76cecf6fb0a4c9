// The link graph in headless Chromium, on a built site served at its base
// path: /graph/ draws the whole graph on its canvas without a main-thread
// task over 200 ms; pointing at a dot shows its title and selecting it opens
// its page; the keyboard moves the graph and Enter opens the dot in the
// middle; a page shows its neighbours as a small graph whose links stay under
// the base path; pointing at a link previews the linked page; without
// JavaScript /graph/ says so and links the indexes;
// no script errors and no request leaves the site. Prints the longest task
// and the bytes fetched.
//
//   node graph.mjs SITE_DIR [BASE]     (BASE: the site's base path, default "/")
import { chromium } from 'playwright-core';
import { serve, withoutJs, LAUNCH } from './serve.mjs';

const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const base = process.argv[3] || '/';
const LONG_TASK_LIMIT = 200;
const FETCH_LIMIT = 2_000_000;

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
let longest = 0;
let fetched = 0;

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Long tasks are recorded from the start of every document.
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
  // The browser asks for /favicon.ico on its own; the site has none.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) failures.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('request', (r) => { if (!r.url().startsWith(server.origin)) failures.push(`external request ${r.url()}`); });
  page.on('response', async (r) => {
    if (r.status() >= 400) failures.push(`HTTP ${r.status()} for ${r.url()}`);
    if (r.request().resourceType() === 'fetch') fetched += (await r.body().catch(() => Buffer.alloc(0))).length;
  });

  // 1. /graph/ draws every page, in short tasks.
  await page.goto(server.url('graph/'), { waitUntil: 'load' });
  await page.waitForFunction(() => /\d+ pages, \d+ links/.test(document.querySelector('#graph-status').textContent), null, { timeout: 30000 });
  await page.waitForTimeout(500);
  const drawn = await page.evaluate(() => {
    const c = document.getElementById('graph-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return colours.size;
  });
  check(drawn > 4, `the canvas shows ${drawn} colours: nothing drawn`);
  longest = Math.max(0, ...(await page.evaluate(() => window.__longTasks)));
  check(longest <= LONG_TASK_LIMIT, `opening /graph/ ran a ${Math.round(longest)} ms task (limit ${LONG_TASK_LIMIT})`);
  const graphFetched = fetched;

  // 2. The keyboard: focus shows the dot in the middle, the arrows and + move and zoom.
  await page.focus('#graph-canvas');
  await page.waitForSelector('#graph-tip:not([hidden])', { timeout: 10000 });
  const keyTip = await page.textContent('#graph-tip');
  check(/ · (Company|Deal|Topic|Note)$/.test(keyTip), `the tip reads "${keyTip}"`);
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#graph-tip:not([hidden])', { timeout: 10000 });

  // 3. The pointer: the dot under it shows its title; selecting it opens its page.
  const at = await page.evaluate(() => {
    const tip = document.getElementById('graph-tip');
    const c = document.getElementById('graph-canvas').getBoundingClientRect();
    return { x: c.left + parseFloat(tip.style.left) - 12, y: c.top + parseFloat(tip.style.top) - 12, title: tip.textContent };
  });
  await page.mouse.move(at.x + 40, at.y + 40);
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction((t) => {
    const tip = document.getElementById('graph-tip');
    return !tip.hidden && tip.textContent === t;
  }, at.title, { timeout: 10000 });
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/graph/'), { timeout: 10000 }), page.mouse.click(at.x, at.y)]);
  const opened = new URL(page.url()).pathname;
  check(opened.startsWith(base) && opened !== `${base}graph/`, `selecting a dot opened ${opened}`);
  const heading = (await page.textContent('h1')).trim();
  check(at.title.startsWith(heading.slice(0, 20)), `the dot "${at.title}" opened the page "${heading}"`);

  // 4. Enter opens the dot in the middle.
  await page.goto(server.url('graph/'), { waitUntil: 'load' });
  await page.waitForFunction(() => /\d+ pages/.test(document.querySelector('#graph-status').textContent), null, { timeout: 30000 });
  await page.waitForTimeout(300);
  await page.focus('#graph-canvas');
  await page.waitForSelector('#graph-tip:not([hidden])', { timeout: 10000 });
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/graph/'), { timeout: 10000 }), page.keyboard.press('Enter')]);

  // 5. A page's small graph: its neighbours, linked under the base path.
  await page.goto(server.url('companies/'), { waitUntil: 'load' });
  const first = await page.$eval('main a[href*="/companies/"]:not([href$="/companies/"])', (a) => a.getAttribute('href'));
  await page.goto(server.origin + first, { waitUntil: 'load' });
  await page.waitForSelector('.local-graph.is-drawn svg circle', { timeout: 10000 });
  const local = await page.$$eval('.local-graph svg a', (as) => as.map((a) => a.getAttribute('href')));
  check(local.length > 0, `${first}: the small graph has no neighbour`);
  check(local.every((h) => h.startsWith(base)), `${first}: a neighbour outside ${base}: ${local.join(' ')}`);
  check(/Links to \d+ page/.test(await page.textContent('.local-graph-note')), `${first}: the small graph has no caption`);

  // 6. Pointing at a link to another page previews it; Escape closes the preview.
  const link = await page.$(`main .backlinks a[href^="${base}"]`);
  check(link !== null, `${first}: no backlink to point at`);
  if (link) {
    const href = await link.getAttribute('href');
    await link.hover();
    await page.waitForSelector('#link-preview:not([hidden]) strong', { timeout: 10000 });
    const previewed = await page.textContent('#link-preview strong');
    const expected = await (await fetch(server.origin + href)).text();
    check(expected.includes(`>${previewed}<`), `${first}: the preview of ${href} is titled "${previewed}"`);
    check(await link.getAttribute('aria-describedby') === 'link-preview', 'the previewed link is not described by the preview');
    await page.keyboard.press('Escape');
    check(await page.$eval('#link-preview', (b) => b.hidden), 'Escape does not close the preview');
  }

  // 7. Without JavaScript /graph/ says so and links the indexes.
  const nojs = await withoutJs(browser, server.url('graph/'), base);
  check(nojs.says, 'without JavaScript /graph/ does not say it needs it');
  check(nojs.links, 'without JavaScript /graph/ does not link the indexes');
  fetched = graphFetched;
  check(fetched < FETCH_LIMIT, `opening /graph/ fetched ${fetched} bytes (limit ${FETCH_LIMIT})`);
} finally {
  await browser.close();
  await server.close();
}

if (failures.length) {
  console.error(`graph (${base}): ${failures.length} failure(s)\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`graph (${base}): canvas, pointer, keyboard, small graph, preview and no-JS checks pass; ` +
  `longest task opening /graph/ ${Math.round(longest)} ms, data fetched ${fetched} bytes`);
