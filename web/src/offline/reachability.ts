/**
 * Whether the server answers. `navigator.onLine` alone is not enough: it says "online" behind a dead link or a
 * captive portal, and some browsers reset it to true on a reload while the network is still gone. So every API
 * answer says how things stand: one served from the offline copy (the service worker stamps it with
 * x-lifeline-saved-at) or a request that never reached the server means unreachable; a fresh answer means reachable.
 */
import type { Middleware } from 'openapi-fetch';

/** The header the service worker (public/sw.js) puts on the copies it keeps; a fresh answer never has it. */
export const SAVED_AT_HEADER = 'x-lifeline-saved-at';

let reachable = true;
const listeners = new Set<() => void>();

export function isReachable(): boolean {
  return reachable;
}

export function setReachable(value: boolean): void {
  if (value === reachable) return;
  reachable = value;
  for (const listener of listeners) listener();
}

export function onReachabilityChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const reachability: Middleware = {
  onResponse({ response }) {
    setReachable(!response.headers.has(SAVED_AT_HEADER));
    return undefined;
  },
  onError({ error }) {
    if (error instanceof TypeError) setReachable(false);
    return undefined;
  },
};

/** While unreachable, asks the server's health check now and then, so that its return is noticed without a click. */
export async function probe(): Promise<void> {
  try {
    const response = await fetch('/healthz', { cache: 'no-store' });
    if (response.ok) setReachable(true);
  } catch {
    setReachable(false);
  }
}
