// A tiny static file server for a built pivotbook site, used by the checks.
// Serves `dir` at `base` (default "/"); unknown paths get 404.html with 404.
import { createServer } from 'node:http';
import { readdirSync, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, extname, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

export async function serve(dir, base = '/') {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let rel = path.startsWith(base) ? path.slice(base.length) : null;
    let file = rel === null ? null : resolve(join(root, rel));
    if (file && file !== root && !file.startsWith(root + sep)) file = null;
    try {
      if (!file) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      const body = await readFile(join(root, '404.html')).catch(() => Buffer.from('not found'));
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      res.end(body);
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: (p) => origin + base + p, close: () => new Promise((ok) => server.close(ok)) };
}

// One page of each kind: [name, path under the base]. A named page that is
// missing is replaced by the first page of its folder.
export function pageKinds(dir) {
  const first = (folder, preferred) => {
    if (existsSync(join(dir, folder, preferred, 'index.html'))) return `${folder}/${preferred}/`;
    const sub = readdirSync(join(dir, folder), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(dir, folder, e.name, 'index.html')))
      .map((e) => e.name)
      .sort();
    if (!sub.length) throw new Error(`no page in ${folder}/`);
    return `${folder}/${sub[0]}/`;
  };
  return [
    ['home', ''],
    ['companies', 'companies/'],
    ['company', first('companies', 'iren')],
    ['deals', 'deals/'],
    ['deal', first('deals', 'iren-gpu-financing-2026')],
    ['totals', 'totals/'],
    ['timeline', 'timeline/'],
    ['topics', 'topics/'],
    ['topic', first('topics', 'gpu-financing')],
    ['notes', 'notes/'],
    ['note', first('notes', 'how-gpu-financing-is-structured')],
    ['404', 'this-page-does-not-exist/'],
    ['search', 'search/?q=IREN'],
    ['graph', 'graph/'],
    // A long notes index's second page, with its pager (a site whose notes fit on one page has none).
    ...(existsSync(join(dir, 'notes', 'page', '2', 'index.html')) ? [['notes page 2', 'notes/page/2/']] : []),
    // The same for a long tag listing, the first (by name) that takes a second page.
    ...pagedTag(dir),
  ];
}

/** The first tag (by name) whose listing has a second page, as a page kind, if any. */
function pagedTag(dir) {
  const tags = join(dir, 'tags');
  if (!existsSync(tags)) return [];
  const paged = readdirSync(tags).sort().find((t) => existsSync(join(tags, t, 'page', '2', 'index.html')));
  return paged ? [['tag page 2', `tags/${paged}/page/2/`]] : [];
}

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const LAUNCH = { executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] };

/** Opens `url` with JavaScript off and reports whether the page's <main>
 *  says the feature needs JavaScript and links the companies index (the
 *  `index_links` macro the search and graph pages share). */
export async function withoutJs(browser, url, base) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const says = /needs JavaScript/.test(await page.textContent('main'));
    const links = (await page.$$(`main a[href="${base}companies/"]`)).length > 0;
    return { says, links };
  } finally {
    await context.close();
  }
}

/** What a check found: `check(ok, what)` records a failure unless `ok`
 *  (or push to `failures` directly), and `done(passed)` ends the check: the
 *  failures and exit 1, or `name: passed`. */
export function checker(name) {
  const failures = [];
  return {
    failures,
    check: (ok, what) => { if (!ok) failures.push(what); },
    done(passed) {
      if (failures.length) {
        console.error(`${name}: ${failures.length} failure(s)\n  ${failures.join('\n  ')}`);
        process.exit(1);
      }
      console.log(`${name}: ${passed}`);
    },
  };
}
