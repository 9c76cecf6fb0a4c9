// Frame times of the link graph (/graph/) in headless Chromium: figures only,
// no pass/fail (docs/content/reference/graph.md, "Performance").
//
//   node bench/graph_frames.mjs SITE_DIR [BASE]
//
// SITE_DIR is a built site, e.g. the synthetic 10,000-note knowledge base:
//   pivotbook build --root target/bench/10000/pivotbook --out /tmp/gf-site
//   node bench/graph_frames.mjs /tmp/gf-site
// Needs `npm ci` in tools/site-checks (playwright-core) and Chromium at
// /usr/bin/chromium or $CHROMIUM. Serves SITE_DIR at BASE (default "/"),
// opens /graph/ at 1280x900, waits until the labels are drawn, then records
// requestAnimationFrame timestamps (frame interval) and the time spent in
// each animation-frame callback (draw time: graph.js draws only from such
// callbacks) during (a) 60 arrow-key pans with the whole graph in view,
// (b) zooming in 10 steps and out again, (c) pointing at 20 dots (focus).
// Prints, per case, the median and p95 frame interval and draw time, the
// longest main-thread task, and the graph's node and edge counts. The draw
// time is the script's own; Chromium rasterises the canvas afterwards, in the
// frame's commit, so that cost shows in the frame interval and longest task.
import { chromium } from '../tools/site-checks/node_modules/playwright-core/index.mjs';
import { serve, LAUNCH } from '../tools/site-checks/serve.mjs';

const dir = process.argv[2];
const base = process.argv[3] || '/';
if (!dir) {
  console.error('usage: node bench/graph_frames.mjs SITE_DIR [BASE]');
  process.exit(2);
}

const server = await serve(dir, base);
const browser = await chromium.launch(LAUNCH);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    // Every frame's timestamp, from the page's own requestAnimationFrame.
    const raf = window.requestAnimationFrame.bind(window);
    const now = () => performance.now();
    window.__bench = { frames: [], draws: [], tasks: [], on: false };
    const tick = (t) => { if (window.__bench.on) window.__bench.frames.push(t); raf(tick); };
    raf(tick);
    // The time each of the page's animation-frame callbacks takes.
    window.requestAnimationFrame = (f) => raf((t) => {
      const t0 = now();
      try { f(t); } finally { if (window.__bench.on) window.__bench.draws.push(now() - t0); }
    });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (window.__bench.on) window.__bench.tasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`script error: ${e.message}`));
  await page.goto(server.url('graph/'), { waitUntil: 'load' });
  await page.waitForFunction(() => window.__graph && window.__graph.ready(), null, { timeout: 60000 });
  await page.waitForTimeout(1000);
  const counts = await page.evaluate(() => document.getElementById('graph-status').textContent);
  console.log(`graph: ${counts}  (Chromium ${browser.version()}, 1280x900, headless)`);

  const measure = async (name, act) => {
    await page.evaluate(() => { Object.assign(window.__bench, { frames: [], draws: [], tasks: [], on: true }); });
    await act();
    await page.waitForTimeout(600); // the links are repainted 150 ms after the last move
    const b = await page.evaluate(() => { window.__bench.on = false; return window.__bench; });
    const gaps = b.frames.slice(1).map((t, i) => t - b.frames[i]);
    const q = (xs, p) => {
      if (!xs.length) return NaN;
      const s = [...xs].sort((x, y) => x - y);
      return s[Math.min(s.length - 1, Math.floor(p * s.length))];
    };
    const f = (x) => x.toFixed(1).padStart(6);
    console.log(`${name.padEnd(22)} frames ${String(gaps.length).padStart(4)}: median ${f(q(gaps, 0.5))} ms, p95 ${f(q(gaps, 0.95))} ms, max ${f(q(gaps, 1))} ms | draw ${String(b.draws.length).padStart(4)}: median ${f(q(b.draws, 0.5))} ms, p95 ${f(q(b.draws, 0.95))} ms | longest task ${f(b.tasks.length ? Math.max(...b.tasks) : 0)} ms`);
  };

  // (a) 60 pans with the arrow keys, the whole graph in view.
  await page.focus('#graph-canvas');
  await page.keyboard.press('0');
  await page.waitForTimeout(800);
  const arrows = ['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'];
  await measure('a. 60 pans (keys)', async () => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press(arrows[Math.floor(i / 15)]);
      await page.waitForTimeout(30);
    }
  });

  // (b) 10 zoom steps in, then 10 out, each held long enough for the links to be repainted.
  await page.keyboard.press('0');
  await page.waitForTimeout(800);
  await measure('b. zoom 10 in, 10 out', async () => {
    for (const key of ['=', '-']) {
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press(key);
        await page.waitForTimeout(200);
      }
    }
  });

  // (c) pointing at 20 dots: the most linked labelled ones (the largest neighbourhoods).
  await page.keyboard.press('0');
  await page.waitForTimeout(800);
  const spots = await page.evaluate(() => {
    const r = document.getElementById('graph-canvas').getBoundingClientRect();
    return window.__graph.visibleLabels().slice(0, 20).map((t) => {
      const p = window.__graph.screen(t);
      return [r.left + p.x, r.top + p.y];
    });
  });
  await measure(`c. hover ${spots.length} dots`, async () => {
    for (const [x, y] of spots) {
      await page.mouse.move(x, y, { steps: 4 });
      await page.waitForTimeout(100);
    }
  });
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
