/** What the console's first screen loads, gzipped (for the budget test and bench/web-vitals.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIST } from '../../src/features/console/console.routes.ts';

const gz = (data: string | Buffer): number => gzipSync(data, { level: 9 }).length;

/** Files the first screen loads: the entry module and its static imports (modulepreload), and stylesheets. */
export function firstScreen(dist = CONSOLE_DIST): { html: number; css: number; js: number; files: string[] } {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const queue = [...refs];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    // Static imports of a Vite chunk: import{...}from"./x.js" or import"./x.js" (dynamic import() is lazy, not counted).
    const code = fs.readFileSync(path.join(dist, file), 'utf8');
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
  const files = [...seen];
  const size = (ext: string) => files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gz(fs.readFileSync(path.join(dist, f))), 0);
  // The shell as a signed-out browser gets it: with sign-in rendered in the heaviest language.
  const prerendered = ['en', 'fr', 'ar', 'es'].map((l) => path.join(dist, 'prerender', `${l}.html`)).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8'));
  const shellSizes = [html, ...prerendered.map((p) => html.replace(/<div id="root">[\s\S]*?<\/div>/, () => `<div id="root">${p}</div>`))].map(gz);
  return { html: Math.max(...shellSizes), css: size('.css'), js: size('.js'), files };
}
