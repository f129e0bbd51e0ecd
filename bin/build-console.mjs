#!/usr/bin/env node
// Builds the responder console (web/) with Vite into web/dist. Run by `npm install` (prepare) and by
// `lifeline serve` when web/dist is missing. Skips with a message when Vite is not installed (npm install --omit=dev).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const force = process.argv.includes('--force');

export async function buildConsole({ quiet = false } = {}) {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('The console is not built: Vite is not installed (run npm install without --omit=dev).');
    return false;
  }
  await vite.build({ configFile: path.join(web, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  precompress(path.join(web, 'dist', 'assets'));
  await prerender(vite);
  return true;
}

/** The signed-out screen rendered to HTML in each language (web/dist/prerender/<lang>.html), for the server's shell. */
async function prerender(vite) {
  const out = path.join(web, 'dist-ssr');
  await vite.build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'error', build: { ssr: 'src/prerender.tsx', outDir: out, emptyOutDir: true, copyPublicDir: false } });
  const { render } = await import(`${path.join(out, 'prerender.js')}?${Date.now()}`);
  const dir = path.join(web, 'dist', 'prerender');
  fs.mkdirSync(dir, { recursive: true });
  for (const locale of ['en', 'fr', 'ar', 'es']) fs.writeFileSync(path.join(dir, `${locale}.html`), render(locale));
  fs.rmSync(out, { recursive: true, force: true });
}

/** Brotli and gzip copies beside each asset, served as they are (no compression work per request). */
function precompress(dir) {
  for (const name of fs.readdirSync(dir)) {
    if (!/\.(js|css|svg|json|webmanifest)$/.test(name)) continue;
    const data = fs.readFileSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, `${name}.br`), zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(data, { level: 9 }));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!force && process.env.LIFELINE_SKIP_CONSOLE_BUILD === '1') process.exit(0);
  const ok = await buildConsole();
  if (ok) console.log(`Console built into ${path.relative(root, path.join(web, 'dist'))}/ (${fs.readdirSync(path.join(web, 'dist', 'assets')).length} assets)`);
}
