/** A hotline call typed in by an operator; saved on the device when offline and sent later (stored once per key). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must } from '../api/client.ts';
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/i18n.tsx';
import { isNetworkError, saveToOutbox, type HotlineCallBody } from '../offline/outbox.ts';
import { useSession } from '../session.ts';

export function HotlineCall({ crisisId }: { crisisId: string }) {
  const { t } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const userId = useSession().data?.user.id ?? '';
  const channels = useQuery({ queryKey: ['channels', crisisId], queryFn: () => must(api.GET('/api/crises/{crisisId}/channels', { params: { path: { crisisId } } })) });
  const hotlines = (channels.data?.items ?? []).filter((c) => c.kind === 'hotline' && c.isActive);

  const submit = async (form: HTMLFormElement) => {
    const f = new FormData(form);
    const phone = String(f.get('callerPhone') ?? '').trim();
    const body: HotlineCallBody = { channelId: String(f.get('channelId')), clientReference: crypto.randomUUID(), text: String(f.get('text')), callStartedAt: new Date().toISOString(), ...(phone ? { callerPhone: phone } : {}) };
    const offline = async () => {
      await saveToOutbox({ key: body.clientReference, userId, kind: 'hotline-call', crisisId, body, savedAt: new Date().toISOString() });
      setStatus({ ok: true, text: t('case.savedOffline') });
      form.reset();
    };
    if (!navigator.onLine) return offline();
    try {
      const saved = await must(api.POST('/api/crises/{crisisId}/hotline-calls', { params: { path: { crisisId } }, body }));
      setStatus({ ok: true, text: t('hotline.saved', { reference: saved.reference ?? '' }) });
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['triage', crisisId] });
    } catch (error) {
      if (isNetworkError(error)) return offline();
      setStatus({ ok: false, text: errorText(error) });
    }
  };

  return (
    <details className="hotline">
      <summary>{t('hotline.title')}</summary>
      {channels.data && hotlines.length === 0 ? <p>{t('hotline.noChannel')}</p> : (
        <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
          <label>
            {t('hotline.channel')}{' '}
            <select name="channelId" required>
              {hotlines.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
          <label htmlFor="call-text">{t('hotline.text')}</label>
          <textarea id="call-text" name="text" required rows={3} dir="auto" />
          <label htmlFor="call-phone">{t('hotline.phone')}</label>
          <input id="call-phone" name="callerPhone" type="tel" dir="ltr" autoComplete="off" />
          <button type="submit">{t('hotline.submit')}</button>
        </form>
      )}
      {status && <p role={status.ok ? 'status' : 'alert'} className={status.ok ? undefined : 'error'}>{status.text}</p>}
    </details>
  );
}
