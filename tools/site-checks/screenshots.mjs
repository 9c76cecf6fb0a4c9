// Screenshots of each page kind of a built pivotbook site, light and dark,
// 1280px wide, into docs/content/screenshots/ (the docs site shows them, the README a few).
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
try {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    for (const [kind, path] of pageKinds(dir)) {
      const page = await context.newPage();
      await page.goto(server.url(path), { waitUntil: 'load' });
      const file = join(out, `${kind}-${scheme}.png`);
      await page.screenshot({ path: file });
      files.push(file);
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const q = spawnSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--quality=70-95', '--ext', '.png', ...files]);
if (q.error) console.log('pngquant not found: PNGs left unquantised');
console.log(`screenshots: ${files.length} PNGs in ${out}`);
