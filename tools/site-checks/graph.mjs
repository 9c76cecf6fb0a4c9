// The link graph in headless Chromium, on a built site served at its base
// path: /graph/ draws the whole graph on its canvas without a main-thread
// task over 200 ms; zooming in names less linked pages, the most linked page's
// first; pointing at a dot focuses its neighbourhood (its neighbours named);
// the legend's kinds are toggles that hide a kind's dots; the search box
// centres and focuses the page it finds; pointing at a dot shows its title and selecting it opens
// its page; the keyboard moves the graph and Enter opens the dot in the
// middle; a page shows its neighbours as a small graph whose links stay under
// the base path; pointing at a link previews the linked page; without
// JavaScript /graph/ says so and links the indexes;
// no script errors and no request leaves the site. Prints the longest task
// and the bytes fetched.
//
//   node graph.mjs SITE_DIR [BASE]     (BASE: the site's base path, default "/")
import { chromium } from 'playwright-core';
import { serve, withoutJs, LAUNCH, checker } from './serve.mjs';

const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const base = process.argv[3] || '/';
const LONG_TASK_LIMIT = 200;
const FETCH_LIMIT = 2_000_000;

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
const { failures, check, done } = checker(`graph (${base})`);
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
  // The pointer enters the canvas at its corner and leaves it, which lets a
  // focused dot go.
  const leaveCanvas = async () => {
    const box = await (await page.$('#graph-canvas')).boundingBox();
    await page.mouse.move(box.x + 1, box.y + 1);
    await page.mouse.move(box.x - 10, box.y - 10);
  };
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

  // 1b. Labels, focus, the kind filter and the search box, read from the
  // graph's state (window.__graph) and the canvas.
  await page.waitForFunction(() => window.__graph && window.__graph.ready(), null, { timeout: 30000 });
  await page.waitForTimeout(100);
  const labelsWhole = await page.evaluate(() => window.__graph.visibleLabels());
  const ranksWhole = await page.evaluate(() => window.__graph.labelRanks());
  const top = await page.evaluate(() => window.__graph.mostLinked());
  check(labelsWhole.length < 40, `seen whole, the graph names ${labelsWhole.length} pages (it should name only the most linked)`);
  await page.focus('#graph-canvas');
  for (let i = 0; i < 5; i++) await page.keyboard.press('+');
  await page.evaluate(() => document.activeElement.blur());
  // The keyboard focuses the dot in the middle, whose neighbours are named
  // whatever the zoom.
  await leaveCanvas();
  await page.waitForTimeout(300);
  check(await page.evaluate(() => window.__graph.focused()) === null, 'a dot stays focused after the pointer left the graph');
  const labelsNear = await page.evaluate(() => window.__graph.visibleLabels());
  const ranksNear = await page.evaluate(() => window.__graph.labelRanks());
  // Zoomed in, pages less linked than any named in the whole view get names.
  check(labelsNear.length >= 3 && Math.max(...ranksNear) > Math.max(...ranksWhole),
    `zooming in names ${labelsNear.length} pages, the least linked of rank ${Math.max(...ranksNear)} (seen whole: ${labelsWhole.length}, down to rank ${Math.max(...ranksWhole)})`);
  await page.keyboard.press('Escape');
  await page.goto(server.url('graph/'), { waitUntil: 'load' });
  await page.waitForFunction(() => window.__graph && window.__graph.ready(), null, { timeout: 30000 });
  await page.waitForTimeout(100);
  check((await page.evaluate(() => window.__graph.visibleLabels())).includes(top), `seen whole, the most linked page "${top}" is not named`);
  // Hover focuses a neighbourhood: the dot's neighbours are named.
  const canvasBox = await (await page.$('#graph-canvas')).boundingBox();
  const spot = await page.evaluate((t) => window.__graph.screen(t), top);
  await page.mouse.move(canvasBox.x + spot.x, canvasBox.y + spot.y);
  await page.waitForFunction((t) => { const f = window.__graph.focused(); return f && f.title === t; }, top, { timeout: 10000 })
    .catch(() => failures.push(`pointing at "${top}" does not focus it`));
  await page.waitForTimeout(100);
  const focused = await page.evaluate(() => window.__graph.focused());
  const named = await page.evaluate(() => window.__graph.visibleLabels());
  check(focused && focused.neighbours.length > 0, `"${top}" is focused with no neighbour`);
  if (focused) {
    const neighboursNamed = focused.neighbours.filter((n) => named.includes(n)).length;
    check(neighboursNamed >= Math.min(3, focused.neighbours.length), `focusing "${top}" names ${neighboursNamed} of its ${focused.neighbours.length} neighbours`);
  }
  check(await page.isVisible('#graph-tip') && (await page.textContent('#graph-tip')).startsWith(top), 'the focused dot shows no tip');
  await leaveCanvas();
  // The kind filter hides a kind's dots.
  const all = await page.evaluate(() => window.__graph.shownCount());
  const deals = await page.evaluate(() => window.__graph.kindCount('d'));
  const dealBox = page.locator('#graph-kinds input[value="d"]');
  check(await dealBox.count() === 1, 'the legend has no toggle for deals');
  if (await dealBox.count() === 1) {
    await dealBox.uncheck();
    const left = await page.evaluate(() => window.__graph.shownCount());
    check(deals > 0 && left === all - deals, `hiding deals leaves ${left} of ${all} dots (${deals} deals)`);
    const dealPixels = await page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const want = getComputedStyle(document.documentElement).getPropertyValue('--chart-2').trim();
      const probe = document.createElement('canvas').getContext('2d');
      probe.fillStyle = want; probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      const c = document.getElementById('graph-canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i + 1] === g && d[i + 2] === b && d[i + 3] === 255) n++;
      return n;
    });
    check(dealPixels === 0, `with deals hidden the canvas still shows ${dealPixels} pixels of the deals' colour`);
    await dealBox.check();
    check(await page.evaluate(() => window.__graph.shownCount()) === all, 'showing deals again does not bring them back');
  }
  // The search box centres and focuses the page it finds.
  const target = (await page.evaluate(() => window.__graph.visibleLabels())).slice(-1)[0] || top;
  await page.fill('#graph-q', target.slice(0, Math.max(4, target.length - 2)));
  await page.press('#graph-q', 'Enter');
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => window.__graph.focused());
  check(found !== null, `finding "${target}" focuses nothing`);
  if (found) {
    const at = await page.evaluate((t) => window.__graph.screen(t), found.title);
    const dx = Math.abs(at.x - canvasBox.width / 2), dy = Math.abs(at.y - canvasBox.height / 2);
    check(dx < 3 && dy < 3, `the page found, "${found.title}", is ${Math.round(dx)}, ${Math.round(dy)} px from the centre`);
    check(found.title.toLowerCase().includes(target.slice(0, 4).toLowerCase()), `finding "${target}" focused "${found.title}"`);
  }
  await page.goto(server.url('graph/'), { waitUntil: 'load' });
  await page.waitForFunction(() => window.__graph && window.__graph.ready(), null, { timeout: 30000 });

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

done(`canvas, pointer, keyboard, small graph, preview and no-JS checks pass; ` +
  `longest task opening /graph/ ${Math.round(longest)} ms, data fetched ${fetched} bytes`);
