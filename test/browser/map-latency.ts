/**
 * Interaction latency on the console map, measured in the page: from just before an input (wheel, drag, key, click) to
 * the frame after the map has drawn the clusters of the new view (the server answered, markers placed), and to the
 * map's next `idle` event after that (every tile and layer rendered). Event Timing entries (input to next paint of
 * the input's own handler) are collected alongside.
 */
import type { Page } from 'playwright-core';

export interface Sample { kind: string; drawnMs: number; idleMs: number }

// A string, not a function: the test's TypeScript loader wraps named functions in a helper the page does not have.
const ARM = `(() => {
  const el = document.querySelector('.map-canvas');
  const before = el.dataset.drawn;
  globalThis.__mapT0 = performance.now();
  globalThis.__mapDone = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the map did not draw a new view within 10 s')), 10000);
    const observer = new MutationObserver(() => {
      if (el.dataset.drawn === before) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        const drawn = performance.now();
        let settled = false;
        const onIdle = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ drawn, idle: performance.now() });
        };
        el.addEventListener('map-idle', onIdle, { once: true });
        setTimeout(onIdle, 1500); // already idle: no further event comes
      });
    });
    observer.observe(el, { attributes: true, attributeFilter: ['data-drawn'] });
  });
})()`;

/** Arms the watchers, runs the input, and waits for the map to draw the new view (10 s at most). */
export async function timed(page: Page, kind: string, input: () => Promise<unknown>): Promise<Sample> {
  await page.evaluate(ARM);
  await input();
  const r = await page.evaluate(async () => {
    const w = globalThis as unknown as Record<string, unknown>;
    const done = (await w['__mapDone']) as { drawn: number; idle: number };
    const t0 = w['__mapT0'] as number;
    return { drawn: done.drawn - t0, idle: done.idle - t0 };
  });
  return { kind, drawnMs: Math.round(r.drawn), idleMs: Math.round(r.idle) };
}

/** Starts collecting Event Timing entries (keydown, pointerdown, click...) longer than 16 ms. */
export async function observeEvents(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const entries = [];
    globalThis.__mapEvents = entries;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) entries.push({ name: e.name, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  })()`);
}

export async function eventTimings(page: Page): Promise<Record<string, { count: number; maxMs: number }>> {
  const entries = await page.evaluate(() => (globalThis as unknown as Record<string, unknown>)['__mapEvents'] as Array<{ name: string; duration: number }>);
  const out: Record<string, { count: number; maxMs: number }> = {};
  for (const e of entries) {
    const o = (out[e.name] ??= { count: 0, maxMs: 0 });
    o.count += 1;
    o.maxMs = Math.max(o.maxMs, Math.round(e.duration));
  }
  return out;
}

export function summarise(samples: Sample[]) {
  const kinds = [...new Set(samples.map((s) => s.kind))];
  const stat = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { n: s.length, medianMs: s[Math.floor((s.length - 1) / 2)] ?? 0, maxMs: s[s.length - 1] ?? 0 };
  };
  return Object.fromEntries(kinds.map((k) => {
    const of = samples.filter((s) => s.kind === k);
    return [k, { toClustersDrawn: stat(of.map((s) => s.drawnMs)), toIdle: stat(of.map((s) => s.idleMs)) }];
  }));
}
