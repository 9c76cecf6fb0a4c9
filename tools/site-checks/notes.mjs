// The notes index in headless Chromium, with JavaScript off (it needs none),
// at 375px and 1280px, on a built site served at its base path: it opens
// with a "Suggested reading order" heading over a numbered list (<ol>, the
// numbers shown), then "More notes" by title; every note shows its title
// (a link that answers), its date, a summary of at most about 200
// characters that is not its title, and its tags, each linking a tag page
// that answers; nothing is wider than the screen.
//
//   node notes.mjs SITE_DIR [BASE]     (BASE: the site's base path, default "/")
import { chromium } from 'playwright-core';
import { serve, LAUNCH, checker } from './serve.mjs';

const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const base = process.argv[3] || '/';
const SUMMARY_MAX = 210;

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
const { failures, check, done } = checker(`notes index (${base})`);

try {
  for (const width of [375, 1280]) {
    const where = `/notes/ at ${width}px`;
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    page.on('response', (r) => { if (r.status() >= 400) failures.push(`${where}: ${r.status()} for ${r.url()}`); });
    await page.goto(server.url('notes/'), { waitUntil: 'load' });
    const info = await page.evaluate(() => {
      const heading = document.querySelector('main h2#sec-reading-order');
      const ol = heading && heading.parentElement.querySelector('ol');
      const item = (li) => ({
        title: li.querySelector('.item-title a')?.textContent.trim() || '',
        href: li.querySelector('.item-title a')?.getAttribute('href') || '',
        date: li.querySelector('.item-title time')?.getAttribute('datetime') || '',
        summary: li.querySelector('.item-desc')?.textContent.trim() || '',
        tags: [...li.querySelectorAll('.tags a')].map((a) => [a.textContent.trim(), a.getAttribute('href')]),
      });
      const rest = document.querySelector('main h2#sec-more-notes')?.parentElement.querySelector('ul.note-list');
      return {
        heading: heading?.textContent.trim() || null,
        numbered: ol ? getComputedStyle(ol).listStyleType : null,
        order: ol ? [...ol.children].map(item) : [],
        rest: rest ? [...rest.children].map(item) : [],
        wide: document.documentElement.scrollWidth > window.innerWidth + 1,
      };
    });
    check(info.heading === 'Suggested reading order', `${where}: no "Suggested reading order" heading over an <ol> (found ${info.heading})`);
    check(info.numbered === 'decimal', `${where}: the reading order is not numbered (list-style ${info.numbered})`);
    check(info.order.length >= 3, `${where}: the reading order lists ${info.order.length} notes`);
    check(info.rest.length >= 1, `${where}: no "More notes" list after the reading order`);
    const titles = info.rest.map((i) => i.title.toLowerCase());
    check(titles.every((t, i) => i === 0 || titles[i - 1].localeCompare(t) <= 0), `${where}: "More notes" is not by title: ${titles}`);
    check(!info.wide, `${where}: the page is wider than the screen`);
    for (const n of [...info.order, ...info.rest]) {
      check(n.href.startsWith(`${base}notes/`), `${where}: "${n.title}" links ${n.href}`);
      check(/^\d{4}/.test(n.date), `${where}: "${n.title}" shows no date`);
      check(n.summary.length >= 40 && n.summary.length <= SUMMARY_MAX && n.summary !== n.title,
        `${where}: "${n.title}" has a summary of ${n.summary.length} characters: "${n.summary}"`);
      check(n.tags.length > 0 && n.tags.every(([, href]) => href.startsWith(`${base}tags/`)), `${where}: "${n.title}" shows tags ${JSON.stringify(n.tags)}`);
    }
    if (width === 1280) {
      const links = new Set([...info.order, ...info.rest].flatMap((n) => [n.href, ...n.tags.map(([, h]) => h)]));
      for (const href of links) {
        const r = await page.request.get(server.origin + href);
        check(r.ok(), `${where}: ${href} answers ${r.status()}`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

done(`reading order, summaries, dates and tags pass (375px and 1280px, without JavaScript)`);
