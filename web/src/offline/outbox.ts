/**
 * Work saved on this device while offline (IndexedDB), sent when the network is back. Each item carries a key made
 * here (the idempotency key: a hotline call's or a note's clientReference), so an item sent twice is stored once. An item the server
 * refuses (the case was closed, the form is invalid...) stays as a conflict for the person to see and decide.
 */
import { api, ApiError, must } from '../api/client.ts';
import { MAX_AGE_MS } from './forget.ts';

/**
 * userId: who typed it; only that user's session sends it, and another user's sign-in on this device deletes it.
 * conflict: the HTTP status of the server's refusal (shown in the person's language).
 */
export type OutboxItem =
  | { key: string; userId: string; kind: 'note'; caseId: string; text: string; savedAt: string; conflict?: number }
  | { key: string; userId: string; kind: 'hotline-call'; crisisId: string; body: HotlineCallBody; savedAt: string; conflict?: number };

export interface HotlineCallBody { channelId: string; clientReference: string; text: string; callerPhone?: string; callStartedAt: string }

const DB = 'lifeline-outbox';
const STORE = 'items';
const listeners = new Set<() => void>();

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => {
      db.close();
      resolve(request.result);
    };
    tx.onerror = () => reject(tx.error);
  });
}

const changed = () => listeners.forEach((l) => l());
export const onOutboxChange = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

const isExpired = (item: OutboxItem): boolean => !(Date.now() - Date.parse(item.savedAt) < MAX_AGE_MS);

/** What waits, without what is older than MAX_AGE_MS (deleted here: it never outlives the session it was typed in). */
export async function listOutbox(): Promise<OutboxItem[]> {
  const all = await run('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>);
  const expired = all.filter(isExpired);
  for (const item of expired) await run('readwrite', (s) => s.delete(item.key));
  return all.filter((item) => !isExpired(item));
}
export async function saveToOutbox(item: OutboxItem): Promise<void> {
  await run('readwrite', (s) => s.put(item));
  changed();
}
export async function discard(key: string): Promise<void> {
  await run('readwrite', (s) => s.delete(key));
  changed();
}
/** Sign-out: nothing of this user stays on the device. */
export async function clearOutbox(): Promise<void> {
  await run('readwrite', (s) => s.clear());
  changed();
}
/** Someone signed in: what other users left unsent on this device goes (they cannot send it, this user must not read it). */
export async function clearOutboxExcept(userId: string): Promise<void> {
  const others = (await listOutbox()).filter((item) => item.userId !== userId);
  for (const item of others) await run('readwrite', (s) => s.delete(item.key));
  if (others.length > 0) changed();
}

function send(item: OutboxItem): Promise<unknown> {
  if (item.kind === 'note') return must(api.POST('/api/cases/{id}/notes', { params: { path: { id: item.caseId } }, body: { text: item.text, clientReference: item.key } }));
  return must(api.POST('/api/crises/{crisisId}/hotline-calls', { params: { path: { crisisId: item.crisisId } }, body: item.body }));
}

/** A failure that means "try later" rather than "the server said no". */
export const isNetworkError = (error: unknown): boolean => error instanceof TypeError || (error instanceof ApiError && (error.status >= 500 || error.status === 429));
/** The session ended while work waited: keep it (not a conflict) for the same person's next session. */
const isSessionEnded = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

let syncing = false;
/** Sends what waits, oldest first; stops at the first network failure. Returns how many were sent. */
export async function syncOutbox(userId: string): Promise<number> {
  if (syncing || !navigator.onLine) return 0;
  syncing = true;
  let sent = 0;
  try {
    const items = (await listOutbox()).filter((i) => !i.conflict && i.userId === userId).sort((a, b) => a.savedAt.localeCompare(b.savedAt));
    for (const item of items) {
      try {
        await send(item);
        await run('readwrite', (s) => s.delete(item.key));
        sent += 1;
      } catch (error) {
        if (isNetworkError(error) || isSessionEnded(error)) break;
        await run('readwrite', (s) => s.put({ ...item, conflict: error instanceof ApiError ? error.status : 0 }));
      }
    }
  } finally {
    syncing = false;
    changed();
  }
  return sent;
}

/** Try again: clears the conflict so the next sync sends it. */
export async function retry(item: OutboxItem): Promise<void> {
  const { conflict: _conflict, ...rest } = item;
  await saveToOutbox(rest as OutboxItem);
  await syncOutbox(item.userId);
}
