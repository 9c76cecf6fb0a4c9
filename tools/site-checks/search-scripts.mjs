// Search in headless Chromium on a site in Chinese, Japanese, Korean,
// Hindi and Thai (.ci/scripts): a word inside a sentence with no spaces
// is found through the pairs of characters the index keeps, every pair
// must match, a lone character typed last finds the pairs it starts, a
// word with vowel signs or tone marks is found whole, the snippet marks
// the word, a decomposed query finds the composed text, and no request
// 404s; no script errors.
//
//   node search-scripts.mjs SITE_DIR
import { chromium } from 'playwright-core';
import { serve, LAUNCH, checker } from './serve.mjs';

const dir = process.argv[2];
const server = await serve(dir, '/');
const browser = await chromium.launch(LAUNCH);
const { failures, check, done } = checker('search, many scripts');

/** The results of the search page for `q`: each link and the marked text of its snippet. */
async function results(page, q) {
  await page.goto(server.url(`search/?q=${encodeURIComponent(q)}`), { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status');
    return s && /match/.test(s.textContent) && !/Searching/.test(s.textContent);
  }, null, { timeout: 10000 });
  return page.$$eval('#search-results li.search-result', (items) => items.map((li) => ({
    href: li.querySelector('a').getAttribute('href'),
    marks: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent).join(''),
  })));
}

try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
  page.on('response', (r) => { if (r.status() === 404) failures.push(`404: ${r.url()}`); });
  for (const [q, want, mark] of [
    ['検索機能', '/notes/ja/', '検索機能'],
    ['数据库', '/notes/zh/', '数据库'],
    ['GPU 服务器', '/notes/zh/', 'GPU服务器'],
    ['검색', '/notes/ko/', '검색'],
    // The same word typed decomposed (as jamo, as macOS may hand it over) is composed first.
    ['\u1100\u1165\u11b7\u1109\u1162\u11a8', '/notes/ko/', '검색'],
    ['静', '/notes/ja/', null],
    ['खोज', '/notes/hi/', 'खोज'],
    ['ค้นหา', '/notes/th/', 'ค้นหา'],
  ]) {
    const found = await results(page, q);
    check(found.length > 0 && found[0].href === want, `"${q}": first result ${JSON.stringify(found)}, not ${want}`);
    if (mark && found.length) check(found[0].marks === mark, `"${q}": the snippet marks "${found[0].marks}", not "${mark}"`);
  }
  const none = await results(page, '検索数据');
  check(none.length === 0, `"検索数据" matches ${JSON.stringify(none)}: every pair must match`);
} finally {
  await browser.close();
  await server.close();
}

done('words inside sentences, every pair, a character typed last, vowel signs and tone marks, marked snippets');
