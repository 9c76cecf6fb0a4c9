// Accessibility and weight checks of a built pivotbook site in headless
// Chromium: axe-core on one page of each kind, light and dark, at 375px and
// 1280px. Fails on any serious or critical violation, on a request that
// leaves the site, on a script error, on the theme toggle not working, and
// on more than 50 KB of theme CSS + JS on a page.
//
//   node axe.mjs [SITE_DIR]     (default: ../../target/ci-site)
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { serve, pageKinds, LAUNCH } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;
const WEIGHT_LIMIT = 50000; // "under 50 KB", counted in bytes before compression
const FAIL_IMPACTS = new Set(['serious', 'critical']);

const server = await serve(dir);
const browser = await chromium.launch(LAUNCH);
const failures = [];
const minor = new Map();
let runs = 0;
let maxWeight = 0;

try {
  for (const scheme of ['light', 'dark']) {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
      for (const [kind, path] of pageKinds(dir)) {
        const page = await context.newPage();
        const where = `${kind} (${path || '/'}) ${scheme} ${width}px`;
        page.on('request', (r) => {
          if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:')) failures.push(`${where}: external request ${r.url()}`);
        });
        page.on('pageerror', (e) => failures.push(`${where}: script error: ${e.message}`));
        await page.goto(server.url(path), { waitUntil: 'load' });
        // Weight: every stylesheet and script the page loads, as served.
        const assets = await page.evaluate(() =>
          [...document.querySelectorAll('link[rel~=stylesheet][href], script[src]')].map((e) => e.href || e.src),
        );
        // Libraries vendored from npm for one page (vendor/: mermaid, d3 on
        // /graph/) are not the theme's own code: reported, not limited.
        // Search's own files (search.js, search-dialog.js, search.css) and the
        // graph's (graph.js) are code loaded on use: every other page loads
        // them only when search is opened, and only /graph/ draws the graph.
        // On their own pages they are reported beside the cap, not under it
        // (the issue: "search and graph code loaded on use").
        let weight = 0;
        let vendored = 0;
        let onUse = 0;
        for (const a of assets) {
          const bytes = (await (await fetch(a)).arrayBuffer()).byteLength;
          if (new URL(a).pathname.includes('/vendor/')) vendored += bytes;
          else if (kind === 'search' && /\/search(-dialog)?\.(js|css)$/.test(new URL(a).pathname)) onUse += bytes;
          else if (kind === 'graph' && /\/graph\.js$/.test(new URL(a).pathname)) onUse += bytes;
          else weight += bytes;
        }
        // Nothing but the stylesheet may block rendering.
        const blocking = await page.evaluate(() =>
          [...document.querySelectorAll('head script')].filter((s) => !s.defer && !s.async && s.type !== 'module').length,
        );
        if (blocking) failures.push(`${where}: ${blocking} render-blocking script(s) in <head>`);
        // On a phone, wide tables scroll inside themselves, not the page.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) failures.push(`${where}: the page scrolls sideways by ${overflow}px`);
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        runs++;
        for (const v of result.violations) {
          if (FAIL_IMPACTS.has(v.impact)) {
            const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`);
            failures.push(`${where}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes)\n${nodes.join('\n')}`);
          } else {
            minor.set(`${v.impact} ${v.id}`, (minor.get(`${v.impact} ${v.id}`) || 0) + 1);
          }
        }
        maxWeight = Math.max(maxWeight, weight);
        if (weight > WEIGHT_LIMIT) failures.push(`${where}: theme CSS + JS is ${weight} bytes, over ${WEIGHT_LIMIT}`);
        console.log(`${result.violations.length ? '~' : 'ok'} ${where}: ${result.violations.length} violations, CSS+JS ${weight} B` +
          (vendored ? ` (+ ${vendored} B vendored)` : '') + (onUse ? ` (+ ${onUse} B of ${kind} code loaded on use)` : ''));
        await page.close();
      }
      await context.close();
    }
  }

  // The theme toggle: a real button, un-hidden by the script, that flips the
  // scheme, says so with aria-pressed, and is remembered across pages.
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url(''), { waitUntil: 'load' });
  const toggle = page.locator('button.theme-toggle');
  if (!(await toggle.isVisible())) failures.push('toggle: not visible with JavaScript on');
  else {
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const before = await bg();
    if ((await toggle.getAttribute('aria-pressed')) !== 'false') failures.push('toggle: aria-pressed should start false in light');
    await toggle.click();
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') failures.push('toggle: aria-pressed not true after a click');
    if ((await bg()) === before) failures.push('toggle: the background did not change');
    await page.goto(server.url('companies/'), { waitUntil: 'load' });
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== 'dark') failures.push('toggle: the choice was not remembered');
    await page.addScriptTag({ path: AXE });
    const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    runs++;
    for (const v of r.violations.filter((v) => FAIL_IMPACTS.has(v.impact))) failures.push(`toggled dark on light system: ${v.impact} ${v.id}: ${v.help}`);
  }
  await context.close();

  // Without JavaScript the toggle stays hidden.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(server.url(''), { waitUntil: 'load' });
  if (await p2.locator('button.theme-toggle').isVisible()) failures.push('toggle: visible with JavaScript off');
  await nojs.close();
} finally {
  await browser.close();
  await server.close();
}

console.log(`\naxe: ${runs} runs; largest theme CSS + JS on a page: ${maxWeight} bytes (limit ${WEIGHT_LIMIT})`);
if (minor.size) console.log('moderate/minor (not failing):', Object.fromEntries(minor));
if (failures.length) {
  console.error(`\n${failures.length} failure(s):\n` + failures.join('\n'));
  process.exit(1);
}
console.log('axe: no serious or critical violations');
