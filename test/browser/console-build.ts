/**
 * Builds web/dist when a test needs the console and it is missing or older than its sources (npm install builds it;
 * this catches an edit of web/ since). Test files run in parallel: one builds, under a lock, the others wait for it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONSOLE_DIST, consoleIsBuilt } from '../../src/features/console/console.routes.ts';

const web = path.resolve(CONSOLE_DIST, '..');
const lock = path.join(web, '.build-lock');

function newestSource(): number {
  let newest = 0;
  const visit = (p: string): void => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of ['src', 'public', 'index.html', 'vite.config.ts', 'precompile-messages.ts']) if (fs.existsSync(path.join(web, p))) visit(path.join(web, p));
  return newest;
}

const upToDate = (): boolean => consoleIsBuilt() && fs.statSync(path.join(CONSOLE_DIST, 'index.html')).mtimeMs >= newestSource() && fs.existsSync(path.join(CONSOLE_DIST, 'prerender'));

export async function ensureConsoleBuilt(): Promise<void> {
  for (let waited = 0; !upToDate(); waited += 1) {
    try {
      fs.mkdirSync(lock);
    } catch {
      if (waited > 600) throw new Error(`the console build lock ${lock} is held for a minute; remove it if no build runs`);
      await sleep(100);
      continue;
    }
    try {
      if (upToDate()) return;
      const builder = new URL('../../bin/build-console.mjs', import.meta.url).href;
      const { buildConsole } = (await import(builder)) as { buildConsole: (o: { quiet: boolean }) => Promise<boolean> };
      if (!(await buildConsole({ quiet: true }))) throw new Error('the console could not be built (is Vite installed?)');
      return;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
