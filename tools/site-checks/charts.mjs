// The charts in headless Chromium, on a built site served at its base path:
// at 375 px and at 1280 px no chart text renders under 10 px (its font size
// times the SVG's scale), no axis label is a decimal year (/\d{4}\.\d/), no
// label is cut with "…", every bar chart labels its bars with their values,
// the company timeline has a key to its circles' sizes, and every chart keeps
// its data table. Prints the smallest text found at each width.
//
//   node charts.mjs SITE_DIR [BASE]     (BASE: the site's base path, default "/")
import { chromium } from 'playwright-core';
import { serve, LAUNCH, checker } from './serve.mjs';

const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const base = process.argv[3] || '/';
const MIN_PX = 10;

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
const { failures, check, done } = checker(`charts (${base})`);
const smallest = {};

try {
  // A company with a timeline: the first company page that has one.
  const probe = await browser.newPage();
  await probe.goto(server.url('companies/'), { waitUntil: 'load' });
  const companies = await probe.$$eval('main a[href*="/companies/"]:not([href$="/companies/"])', (as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  let company = null;
  for (const href of companies) {
    await probe.goto(server.origin + href, { waitUntil: 'load' });
    if (await probe.$('#chart-company-deals')) { company = href.slice(base.length); break; }
  }
  await probe.close();
  check(company !== null, 'no company page has a timeline chart');
  const pages = ['', 'deals/', ...(company ? [company] : [])];
  for (const width of [375, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
    smallest[width] = Infinity;
    for (const path of pages) {
      await page.goto(server.url(path), { waitUntil: 'load' });
      const found = await page.evaluate(() => {
        const out = [];
        for (const fig of document.querySelectorAll('figure.chart')) {
          const svgs = [...fig.querySelectorAll('svg.chart-svg')].filter((s) => s.getBoundingClientRect().width > 0);
          const texts = [];
          for (const svg of svgs) {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            for (const t of svg.querySelectorAll('text')) {
              if (!t.textContent.trim()) continue;
              texts.push({ text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) * scale });
            }
          }
          out.push({ id: fig.id, shown: svgs.length, texts, table: fig.querySelectorAll('details.chart-data table tbody tr').length });
        }
        return out;
      });
      check(found.length > 0, `${width}px /${path}: no chart`);
      for (const c of found) {
        const where = `${width}px /${path} #${c.id}`;
        check(c.shown === 1, `${where}: ${c.shown} drawings shown (one expected)`);
        check(c.table > 0, `${where}: no data table`);
        for (const t of c.texts) {
          smallest[width] = Math.min(smallest[width], t.px);
          check(t.px >= MIN_PX, `${where}: "${t.text}" renders at ${t.px.toFixed(1)} px (under ${MIN_PX})`);
          check(!/\d{4}\.\d/.test(t.text), `${where}: "${t.text}" is a decimal year`);
          check(!t.text.includes('…'), `${where}: "${t.text}" is cut`);
        }
        const values = c.texts.filter((t) => /^US\$\d+(\.\d{1,2})?[MB]$/.test(t.text)).length;
        if (c.id === 'chart-largest' || c.id.startsWith('chart-quarters')) {
          check(values >= c.table, `${where}: ${values} value labels for ${c.table} bars`);
        }
        if (c.id === 'chart-company-deals') {
          check(c.texts.some((t) => /^Area/.test(t.text)) && values >= 1, `${where}: no key to the circles' sizes`);
        }
        if (c.id === 'chart-cumulative') {
          check(c.texts.some((t) => /^(Q[1-4] \d{4}|[A-Z][a-z]{2} \d{4}|\d{4})$/.test(t.text)), `${where}: the time axis has no month, quarter or year label`);
        }
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

done(`text sizes, date labels, value labels, keys and data tables pass; ` +
  `smallest chart text ${smallest[375].toFixed(1)} px at 375 px, ${smallest[1280].toFixed(1)} px at 1280 px`);
