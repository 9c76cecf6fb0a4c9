// The deals table and tables on phones, in headless Chromium, on a built
// site served at its base path: /deals/ is one table of every deal whose
// filters (kind family, company, state, year) narrow it, with a live count,
// the choice kept in the address, and a reset; sorting by amount orders the
// rows by their headline's value (undisclosed and other currencies last);
// without JavaScript the filters are hidden and the table is whole; long
// tables flow with the page with their header row sticky to it (no box of
// their own to scroll); at 375 px no table on the home page, /deals/,
// /companies/, a company page or a topic page hides its amount column;
// no request fails, no script error, no request leaves the site.
//
//   node deals.mjs SITE_DIR [BASE]     (BASE: the site's base path, default "/")
import { chromium } from 'playwright-core';
import { serve, pageKinds, LAUNCH, checker } from './serve.mjs';

const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const base = process.argv[3] || '/';

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
const { failures, check, done } = checker(`deals (${base})`);
const kinds = new Map(pageKinds(dir));

/** Follows a page's failures: script errors, failed and outside requests. */
function watch(page) {
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(server.origin)) failures.push(`external request ${r.url()}`); });
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`HTTP ${r.status()} for ${r.url()}`); });
}

/** The rows of the deals table that show: their filter data and what they read. */
const shownRows = (page) => page.$$eval('#all-deals tbody tr', (rows) => rows
  .filter((r) => r.checkVisibility())
  .map((r) => ({
    company: r.dataset.company.split(' '),
    year: r.dataset.year,
    family: r.dataset.family.split(' '),
    state: r.dataset.state,
    date: r.querySelector('time')?.getAttribute('datetime') || '',
    companies: [...r.cells[2].querySelectorAll('a')].map((a) => a.textContent),
    amount: r.querySelector('.amount-cell .amount')?.textContent || '',
    key: r.querySelector('.amount-cell').dataset.sort,
  })));

/** A headline in US dollars as the reader sees it (`~US$3.65B`), in dollars; null otherwise. */
function dollars(text) {
  const m = /US\$\s*(\d[\d,]*(?:\.\d+)?)\s*(K|M|B|T)?/i.exec(text);
  if (!m) return null;
  return parseFloat(m[1].replace(/,/g, '')) * ({ k: 1e3, m: 1e6, b: 1e9, t: 1e12 }[(m[2] || '').toLowerCase()] || 1);
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watch(page);

  // 1. Every deal in one table; the filters show, the live region counts.
  await page.goto(server.url('deals/'), { waitUntil: 'load' });
  await page.waitForSelector('#deal-filters:not([hidden])', { timeout: 10000 })
    .catch(() => { throw new Error('the filters of /deals/ never show (deals.js did not run)'); });
  check(await page.$$eval('main table.deals', (t) => t.length) === 1, '/deals/ has more than one deal table');
  const all = (await shownRows(page)).length;
  check(all > 10, `/deals/ shows ${all} deals`);
  const count = () => page.textContent('#deal-count');
  check((await count()).trim() === `${all} of ${all} deals`, `the count reads "${await count()}"`);
  for (const id of ['family', 'company', 'state', 'year']) {
    const labelled = await page.$eval(`#filter-${id}`, (s) => !!(s.labels && s.labels.length && s.labels[0].textContent.trim()));
    check(labelled, `the ${id} filter has no label`);
  }
  check(await page.$eval('#deal-count', (e) => e.getAttribute('role') === 'status' || !!e.getAttribute('aria-live')), 'the count is not a live region');

  // 2. A company narrows the table to its deals, then a year to that year's.
  const options = await page.$$eval('#filter-company option', (os) => os.filter((o) => o.value).map((o) => ({ value: o.value, label: o.textContent })));
  const busiest = options
    .map((o) => ({ ...o, n: +/\((\d+)\)$/.exec(o.label)[1], name: o.label.replace(/ \(\d+\)$/, '') }))
    .sort((a, b) => b.n - a.n)[0];
  await page.selectOption('#filter-company', busiest.value);
  let rows = await shownRows(page);
  check(rows.length === busiest.n && rows.length < all, `choosing ${busiest.name} shows ${rows.length} rows (its option says ${busiest.n}, of ${all})`);
  check(rows.every((r) => r.company.includes(busiest.value) && r.companies.includes(busiest.name)), `a row without ${busiest.name} shows`);
  check((await count()).trim() === `${rows.length} of ${all} deals`, `after choosing a company the count reads "${await count()}"`);
  const years = [...new Set(rows.map((r) => r.year))].filter((y) => y !== 'undated').sort();
  const year = years[years.length - 1];
  const inYear = rows.filter((r) => r.year === year).length;
  await page.selectOption('#filter-year', year);
  rows = await shownRows(page);
  check(rows.length === inYear && rows.length > 0, `${busiest.name} in ${year} shows ${rows.length} rows, not ${inYear}`);
  check(rows.every((r) => r.date.startsWith(year) && r.companies.includes(busiest.name)), `a row outside ${busiest.name} in ${year} shows`);
  check(new URL(page.url()).search === `?company=${encodeURIComponent(busiest.value)}&year=${year}`, `the address reads ${page.url()}`);

  // 3. The address restores the choice; a choice nothing matches says so; reset shows every deal.
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#deal-filters:not([hidden])');
  check((await shownRows(page)).length === inYear, 'the address does not restore the filters');
  const states = await page.$$eval('#filter-state option', (os) => os.map((o) => o.value).filter(Boolean));
  for (const s of states) {
    await page.selectOption('#filter-state', s);
    const n = (await shownRows(page)).length;
    if (n === 0) check(await page.isVisible('#deal-none'), 'no row matches and nothing says so');
    else check(!(await page.isVisible('#deal-none')), 'rows match and the table says none does');
  }
  await page.click('#deal-filters button[type=reset]');
  await page.waitForFunction((n) => document.querySelector('#deal-count').textContent.trim() === `${n} of ${n} deals`, all, { timeout: 5000 })
    .catch(async () => failures.push(`after reset the count reads "${await count()}"`));
  check((await shownRows(page)).length === all, 'reset does not show every deal');
  const family = await page.$eval('#filter-family option:nth-child(2)', (o) => o.value);
  await page.selectOption('#filter-family', family);
  rows = await shownRows(page);
  check(rows.length > 0 && rows.length < all && rows.every((r) => r.family.includes(family)), `the kind filter "${family}" shows ${rows.length} rows`);
  await page.click('#deal-filters button[type=reset]');

  // 4. Sorting by amount orders the rows by their headline in dollars, the rest last.
  const amountHeader = page.locator('#all-deals thead th', { hasText: 'Amount' });
  await amountHeader.locator('button').click();
  check(await amountHeader.getAttribute('aria-sort') === 'descending', 'the amount heading does not say it sorts descending');
  for (const dir of ['descending', 'ascending']) {
    rows = await shownRows(page);
    const keyed = rows.filter((r) => r.key !== '');
    check(keyed.length > 10, `only ${keyed.length} rows have a dollar amount`);
    check(rows.slice(0, keyed.length).every((r) => r.key !== ''), `${dir}: a row without a dollar amount sorts among those with one`);
    const values = keyed.map((r) => Number(r.key));
    const ordered = values.every((v, i) => i === 0 || (dir === 'descending' ? values[i - 1] >= v : values[i - 1] <= v));
    check(ordered, `${dir}: amounts out of order: ${values.slice(0, 12).join(', ')}…`);
    for (const r of keyed) {
      const seen = dollars(r.amount);
      check(seen !== null && Math.abs(seen - Number(r.key)) <= Number(r.key) * 0.01, `the row showing "${r.amount}" sorts as ${r.key}`);
    }
    if (dir === 'descending') {
      await amountHeader.locator('button').click();
      check(await amountHeader.getAttribute('aria-sort') === 'ascending', 'a second click does not sort ascending');
    }
  }
  // Sorting by company: the first company named, in alphabetical order.
  const companyHeader = page.locator('#all-deals thead th', { hasText: 'Companies' });
  await companyHeader.locator('button').click();
  const names = (await shownRows(page)).map((r) => (r.companies[0] || '').toLowerCase()).filter(Boolean);
  check(names.every((n, i) => i === 0 || names[i - 1].localeCompare(n) <= 0), `companies out of order: ${names.slice(0, 8).join(', ')}…`);

  // 5. Long tables flow with the page; their header row stays in view.
  for (const path of ['deals/', 'companies/']) {
    await page.goto(server.url(path), { waitUntil: 'load' });
    const table = path === 'deals/' ? '#all-deals' : 'main table.companies';
    const boxed = await page.$eval(table, (t) => {
      const wrap = t.closest('.table-wrap');
      return wrap.scrollHeight > wrap.clientHeight + 1 || getComputedStyle(wrap).overflowY !== 'visible';
    });
    check(!boxed, `${path}: the table scrolls inside a box of its own`);
    await page.$eval(table, (t) => window.scrollTo(0, t.getBoundingClientRect().top + window.scrollY + t.offsetHeight / 2));
    const head = await page.$eval(`${table} thead th`, (th) => ({ top: th.getBoundingClientRect().top, sticky: getComputedStyle(th).position }));
    check(head.sticky === 'sticky' && head.top >= -1 && head.top < 120, `${path}: halfway down the table its header row is at ${Math.round(head.top)} px (${head.sticky})`);
  }
  await context.close();

  // 6. Without JavaScript: no filters, every deal.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  watch(plain);
  await plain.goto(server.url('deals/'), { waitUntil: 'load' });
  check(!(await plain.isVisible('#deal-filters')), 'without JavaScript the filters show, and do nothing');
  check((await plain.$$eval('#all-deals tbody tr', (rs) => rs.filter((r) => r.checkVisibility()).length)) === all, 'without JavaScript the table is not whole');
  await nojs.close();

  // 7. At 375 px every table shows its amount column: each row's amount inside the screen and unclipped.
  const phone = await browser.newContext({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  watch(small);
  for (const kind of ['home', 'deals', 'companies', 'company', 'topic']) {
    const path = kinds.get(kind);
    await small.goto(server.url(path), { waitUntil: 'load' });
    // The screen's width, not innerWidth: a phone widens its layout viewport to fit what overflows.
    const report = await small.evaluate((width) => {
      const out = { tables: 0, cells: 0, bad: [] };
      for (const table of document.querySelectorAll('main table')) {
        if (!table.checkVisibility()) continue;
        const heads = table.tHead ? [...table.tHead.rows[0].cells] : [];
        const at = heads.findIndex((th) => /^(amount|its own figures)/i.test(th.textContent.trim()));
        if (at < 0) continue;
        out.tables++;
        const caption = table.caption && table.caption.getBoundingClientRect();
        if (caption && (caption.left < -0.5 || caption.right > width + 0.5)) out.bad.push(`the caption "${table.caption.textContent.slice(0, 40)}" runs off the screen`);
        for (const row of table.tBodies[0].rows) {
          const cell = row.cells[at];
          out.cells++;
          const r = cell && cell.getBoundingClientRect();
          let clipped = !cell || !cell.checkVisibility() || r.width < 1 || r.left < -0.5 || r.right > width + 0.5;
          for (let e = cell && cell.parentElement; e && !clipped; e = e.parentElement) {
            if (getComputedStyle(e).overflowX === 'visible') continue;
            const box = e.getBoundingClientRect();
            clipped = r.left < box.left - 0.5 || r.right > box.right + 0.5;
          }
          if (clipped) out.bad.push(`"${row.textContent.replace(/\s+/g, ' ').trim().slice(0, 40)}…": its amount is off the screen (${r && Math.round(r.left)}–${r && Math.round(r.right)} px)`);
        }
      }
      out.overflow = document.documentElement.scrollWidth - width;
      return out;
    }, 375);
    check(report.overflow <= 0, `${kind} (${path}) at 375 px: the page scrolls sideways by ${report.overflow} px`);
    check(report.tables > 0 && report.cells > 0, `${kind} (${path}) at 375 px: no table with an amount column`);
    for (const b of report.bad.slice(0, 5)) failures.push(`${kind} (${path}) at 375 px: ${b}`);
  }
  await phone.close();

  // 8. Between phone and desktop, tables fit the page (they turn to cards before they would not).
  for (const width of [600, 800, 1000]) {
    const tablet = await browser.newContext({ viewport: { width, height: 900 } });
    const mid = await tablet.newPage();
    watch(mid);
    for (const kind of ['deals', 'companies', 'company']) {
      await mid.goto(server.url(kinds.get(kind)), { waitUntil: 'load' });
      const over = await mid.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(over <= 0, `${kind} at ${width} px: the page scrolls sideways by ${over} px`);
    }
    await tablet.close();
  }
} catch (e) {
  failures.push(`stopped: ${e.message.split('\n')[0]}`);
} finally {
  await browser.close();
  await server.close();
}

done(`filters, live count, address, amount and company sorting, no-JS table, flowing tables ` +
  'with sticky headers and amount columns at 375 px pass');
