// Validates every HTML page (and the CSS) of a built pivotbook site with the
// Nu HTML Checker (vnu.jar from the vnu-jar package; needs Java). Fails on any
// error; warnings are printed but do not fail.
//
//   node validate-html.mjs [SITE_DIR]     (default: ../../target/ci-site)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jar = String(require('vnu-jar')); // the path of vnu.jar
const dir = process.argv[2] || new URL('../../target/ci-site', import.meta.url).pathname;

function htmlFiles(d) {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? htmlFiles(p) : n.endsWith('.html') ? [p] : [];
  });
}
const pages = htmlFiles(dir);
if (!pages.length) {
  console.error(`validate-html: no HTML files in ${dir}`);
  process.exit(1);
}

const run = spawnSync('java', ['-jar', jar, '--format', 'gnu', '--also-check-css', '--skip-non-html', dir], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (run.error) {
  console.error(`validate-html: cannot run java: ${run.error.message}`);
  process.exit(1);
}
const lines = (run.stderr + run.stdout).split('\n').filter(Boolean);
const errors = lines.filter((l) => /: (error|fatal)/.test(l));
const warnings = lines.filter((l) => /: info warning/.test(l));
for (const l of lines) console.log(l);
console.log(`validate-html: ${pages.length} pages checked, ${errors.length} errors, ${warnings.length} warnings`);
if (run.status !== 0 || errors.length) process.exit(1);
