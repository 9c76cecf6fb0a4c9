// The reader's chrome in headless Chromium, on a built site served at its
// base path: the header at 375px is at most 64px tall (brand, "Menu", search
// box and theme button in one row) and the menu opens without JavaScript;
// no request of the home, a deal or a company page fails, /favicon.ico and
// the linked SVG icon included; the home page's <title> does not repeat;
// the theme button says which theme is on; at 1280px the table of contents
// of a long page stays in view and marks the section scrolled to; pointing
// at a link shows a preview with the linked page's summary (and a deal's
// amount and state), on the home page too, and focusing a link shows it.
//
//   node chrome.mjs SITE_DIR [BASE]     (BASE: the site's base path, default "/")
import { chromium } from 'playwright-core';
import { serve, pageKinds, LAUNCH, checker } from './serve.mjs';

const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const base = process.argv[3] || '/';
const HEADER_MAX = 64;

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
const { failures, check, done } = checker(`chrome (${base})`);
const kinds = Object.fromEntries(pageKinds(dir));

/** Opens `path` in a fresh page of `context`, recording failed requests and script errors. */
async function open(context, path, where) {
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(`${where}: script error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`${where}: ${r.status()} for ${r.url()}`); });
  page.on('requestfailed', (r) => failures.push(`${where}: request failed: ${r.url()}`));
  await page.goto(server.url(path), { waitUntil: 'load' });
  return page;
}

try {
  // 1. The header on a phone: one row, at most 64px; the menu works without JavaScript.
  for (const js of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: js });
    for (const kind of ['home', 'deal', 'company']) {
      const page = await open(context, kinds[kind], `${kind} at 375px${js ? '' : ' without JS'}`);
      const h = await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height);
      check(h <= HEADER_MAX, `${kind} at 375px${js ? '' : ' without JS'}: the header is ${h}px tall (at most ${HEADER_MAX})`);
      const row = await page.evaluate(() => ['.site-title', '.site-menu > summary', '#site-search-q'].map((s) => {
        const e = document.querySelector(s);
        if (!e) return null;
        const r = e.getBoundingClientRect();
        return r.width > 0 ? r.top + r.height / 2 : null;
      }));
      check(row.every((y) => y !== null && Math.abs(y - row[0]) < 12), `${kind} at 375px: brand, menu and search box are not one row (${row})`);
      const brand = await page.evaluate(() => { const b = document.querySelector('.site-title'); return b.scrollWidth <= b.clientWidth + 1; });
      check(brand, `${kind} at 375px: the brand is cut`);
      if (kind === 'home' && !(await page.$('.site-menu > summary'))) failures.push('no phone menu (.site-menu > summary)');
      else if (kind === 'home') {
        await page.click('.site-menu > summary');
        const links = await page.$$eval('.site-menu a', (as) => as.filter((a) => a.getBoundingClientRect().height > 0).map((a) => a.getAttribute('href')));
        check(links.includes(`${base}deals/`), `the phone menu${js ? '' : ' without JS'} does not open onto the deals index: ${links}`);
        const h2 = await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height);
        check(h2 <= HEADER_MAX, `the open phone menu makes the header ${h2}px tall`);
      }
      await page.close();
    }
    await context.close();
  }

  // 2. No request fails (favicon included); the home title does not repeat; the theme button says which theme is on.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  for (const kind of ['home', 'deal', 'company']) {
    const page = await open(desk, kinds[kind], kind);
    const icon = await page.$eval('link[rel~=icon]', (l) => l.getAttribute('href')).catch(() => null);
    check(icon === `${base}favicon.svg`, `${kind}: the icon link is ${icon}, not ${base}favicon.svg`);
    for (const p of ['favicon.svg', 'favicon.ico']) {
      const r = await page.request.get(server.url(p));
      check(r.ok() && (await r.body()).length > 0, `${kind}: ${base}${p} answers ${r.status()}`);
    }
    if (kind === 'home') {
      const title = await page.title();
      const parts = title.split(' · ').map((s) => s.trim());
      check(parts.every((p) => parts.filter((q) => q.includes(p) || p.includes(q)).length === 1), `the home title repeats itself: "${title}"`);
      const toggle = page.locator('button.theme-toggle');
      await toggle.waitFor({ timeout: 5000 });
      check((await toggle.textContent()).includes('Light') && (await toggle.getAttribute('aria-pressed')) === 'false', 'the theme button does not say "Light" when light is on');
      await toggle.click({ timeout: 5000 });
      check((await toggle.textContent()).includes('Dark') && (await toggle.getAttribute('aria-pressed')) === 'true', 'the theme button does not say "Dark" after switching');
      await toggle.click({ timeout: 5000 });
    }
    await page.close();
  }
  // The site root's /favicon.ico, which browsers ask for whatever the base path.
  if (base !== '/') {
    const r = await fetch(`${server.origin}${base}favicon.ico`);
    check(r.ok, `${base}favicon.ico answers ${r.status}`);
  }

  // 3. At 1280px the table of contents stays in view and marks the section scrolled to.
  {
    const page = await open(desk, kinds.deal, 'deal at 1280px');
    const ids = await page.$$eval('.toc a[href^="#"]', (as) => as.map((a) => a.getAttribute('href').slice(1)));
    check(ids.length >= 3, `the deal page has ${ids.length} contents entries`);
    if (ids.length >= 3) {
      const target = ids[Math.floor(ids.length / 2)];
      await page.evaluate((id) => window.scrollTo(0, document.getElementById(id).getBoundingClientRect().top + window.scrollY - 40), target);
      await page.waitForFunction((id) => document.querySelector(`.toc a[href="#${id}"]`)?.getAttribute('aria-current') === 'location', target, { timeout: 5000 })
        .catch(() => failures.push(`after scrolling to #${target} the contents do not mark it`));
      const marked = await page.$$eval('.toc a[aria-current]', (as) => as.length);
      check(marked === 1, `${marked} contents entries are marked`);
      const box = await page.evaluate(() => { const r = document.querySelector('.toc a[aria-current]')?.getBoundingClientRect(); return r ? [r.top, r.bottom, r.left] : null; });
      check(box && box[0] >= 0 && box[1] <= 800, `the marked entry is out of view after scrolling: ${box}`);
      const main = await page.evaluate(() => document.querySelector('.entity .prose').getBoundingClientRect().right);
      check(box && box[2] >= main, `the contents are not in the right margin (entry at ${box && box[2]}px, text ends at ${main}px)`);
    }
    await page.close();
  }

  // 4. Previews: pointing at a link shows the linked page's summary, on the home page and a deal page; focus shows it too.
  for (const [kind, want] of [['home', 'deals/'], ['deal', 'companies/']]) {
    const page = await open(desk, kinds[kind], `${kind} previews`);
    const href = await page.$$eval(`main .prose a[href^="${base}${want}"]`, (as, skip) => as.map((a) => a.getAttribute('href')).find((h) => h !== skip && !h.includes('#')), `${base}${want}`);
    check(!!href, `${kind}: no link to ${want} in its text`);
    if (!href) { await page.close(); continue; }
    // The linked page's summary (its lede, else its first paragraph), read here from its HTML.
    const summary = await page.evaluate(async (h) => {
      const doc = new DOMParser().parseFromString(await (await fetch(h)).text(), 'text/html');
      const p = doc.querySelector('main .page-header .lede') || doc.querySelector('main .prose > p');
      return p ? p.textContent.replace(/\s+/g, ' ').trim().slice(0, 40) : '';
    }, href);
    await page.hover(`main .prose a[href="${href}"]`, { timeout: 5000 });
    await page.waitForSelector('#link-preview:not([hidden])', { timeout: 5000 }).catch(() => {});
    const shown = await page.$eval('#link-preview', (b) => b.hidden ? '' : b.textContent).catch(() => '');
    check(shown && summary && shown.includes(summary), `${kind}: the preview of ${href} does not show its summary "${summary}": "${shown}"`);
    if (want === 'deals/') {
      const deal = await page.$eval('#link-preview .preview-deal', (p) => p.textContent).catch(() => '');
      check(deal.length > 0, `${kind}: the preview of deal ${href} shows no amount or state`);
    }
    // Keyboard: Escape hides it, focusing another link shows that one's.
    await page.keyboard.press('Escape');
    check(await page.$eval('#link-preview', (b) => b.hidden).catch(() => true), `${kind}: Escape does not hide the preview`);
    await page.mouse.move(0, 0);
    await page.focus(`main .prose a[href="${href}"]`);
    const focused = await page.waitForSelector('#link-preview:not([hidden])', { timeout: 5000 }).then(() => true).catch(() => false);
    check(focused, `${kind}: focusing ${href} shows no preview`);
    await page.close();
  }
  await desk.close();
} finally {
  await browser.close();
  await server.close();
}

done(`compact phone header, menu, favicon, no failed request, title, theme button, sticky contents and previews pass`);
