/** Builds web/dist once when a test needs the console and it is missing (npm install normally builds it). */
import { consoleIsBuilt } from '../../src/features/console/console.routes.ts';

export async function ensureConsoleBuilt(): Promise<void> {
  if (consoleIsBuilt()) return;
  const builder = new URL('../../bin/build-console.mjs', import.meta.url).href;
  const { buildConsole } = (await import(builder)) as { buildConsole: (o: { quiet: boolean }) => Promise<boolean> };
  if (!(await buildConsole({ quiet: true }))) throw new Error('the console could not be built (is Vite installed?)');
}
