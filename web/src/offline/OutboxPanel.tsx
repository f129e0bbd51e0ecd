/** The offline banner and what waits on this device: pending items, and conflicts with "try again" or "discard". */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorKey } from '../api/error-text.ts';
import { ApiError } from '../api/client.ts';
import { useT } from '../i18n/i18n.tsx';
import { isReachable, onReachabilityChange, probe } from './reachability.ts';
import { discard, listOutbox, onOutboxChange, retry, syncOutbox, type OutboxItem } from './outbox.ts';

/** Online: the device says so and the server answered the last request (offline/reachability.ts). */
export function useOnline(): boolean {
  const current = () => navigator.onLine && isReachable();
  const [online, setOnline] = useState(current);
  useEffect(() => {
    const on = () => setOnline(current());
    addEventListener('online', on);
    addEventListener('offline', on);
    const stop = onReachabilityChange(on);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', on);
      stop();
    };
  }, []);
  return online;
}

export function OutboxPanel({ userId }: { userId: string }) {
  const { t } = useT();
  const online = useOnline();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    const load = () => void listOutbox().then((all) => setItems(all.filter((i) => i.userId === userId)));
    load();
    return onOutboxChange(load);
  }, [userId]);
  const waiting = items.some((i) => !i.conflict);
  useEffect(() => {
    if (!online) {
      // Out of reach: ask the server now and then, so that its return is noticed (then the sync below runs).
      const timer = setInterval(() => void probe(), 10_000);
      return () => clearInterval(timer);
    }
    const sync = () => void syncOutbox(userId).then((sent) => (sent > 0 ? queryClient.invalidateQueries() : undefined));
    sync();
    // The device may say "online" while the server is still out of reach: try again every 20 seconds while work waits.
    const timer = waiting ? setInterval(sync, 20_000) : undefined;
    return () => clearInterval(timer);
  }, [online, waiting, queryClient, userId]);

  const pending = items.filter((i) => !i.conflict);
  const conflicts = items.filter((i) => i.conflict);
  // The live region is always there (one added with its text is often not read out); it is empty when nothing waits.
  return (
    <div aria-live="polite">
      {(!online || items.length > 0) && (
        <aside className="outbox">
          {!online && <p>{t('app.offline')}</p>}
          {pending.length > 0 && <p>{t('outbox.pending', { count: pending.length })}</p>}
          {conflicts.length > 0 && (
            <>
              <p role="alert">{t('outbox.conflicts', { count: conflicts.length })}</p>
              <ul>
                {conflicts.map((item) => (
                  <li key={item.key}>
                    <span dir="auto">{item.kind === 'note' ? item.text : item.body.text}</span> — <span>{t(errorKey(item.conflict ? new ApiError(item.conflict, '') : new TypeError()))}</span>{' '}
                    <button type="button" onClick={() => void retry(item)}>{t('app.retry')}</button>{' '}
                    <button type="button" onClick={() => void discard(item.key)}>{t('outbox.discard')}</button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
      )}
    </div>
  );
}
