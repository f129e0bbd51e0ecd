/**
 * The console map's interaction latencies in Chromium with 100,000 reports (bench/results/map-browser.json): runs
 * test/browser/console-map.test.ts with LIFELINE_BENCH_WRITE=1, the only way that test replaces the committed figure
 * (without it, `npm test` writes test-artifacts/map-browser.json). Run it on an idle machine; say the load next to it.
 *   node --import tsx bench/map-browser.ts
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const test = new URL('../test/browser/console-map.test.ts', import.meta.url).pathname;
console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=600000', test], { stdio: 'inherit', env: { ...process.env, LIFELINE_BENCH_WRITE: '1' } });
console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
process.exit(run.status ?? 1);
