/**
 * What this device keeps of a person's work for offline use, and when it forgets it
 * (docs/decisions/0012-offline-personal-data.md): the service worker's copies of API answers and, for unsent work,
 * the outbox. Both are bounded by MAX_AGE_MS, the session's absolute lifetime.
 */
export const MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** The service worker's cache of API answers (public/sw.js). */
export const DATA_CACHE = 'lifeline-data-v1';
/** Set when sign-out could not reach the server: the next load online ends the session there first. */
export const SIGN_OUT_PENDING = 'lifeline-sign-out-pending';

/** Deletes every API answer kept for offline reading (from the page itself: a service worker may not control it yet). */
export async function forgetOfflineCopies(): Promise<void> {
  navigator.serviceWorker?.controller?.postMessage('sign-out');
  if (typeof caches !== 'undefined') await caches.delete(DATA_CACHE).catch(() => false);
}
