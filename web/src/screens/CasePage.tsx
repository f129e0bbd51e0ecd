/** One case: status, needs, the assessment, referrals (refer to a service), plan, notes (add one), and a way to find a service for it. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must } from '../api/client.ts';
import { Link } from '../components/Link.tsx';
import { NeedTags } from '../components/Needs.tsx';
import { QueryStatus } from '../components/Status.tsx';
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { isNetworkError, saveToOutbox } from '../offline/outbox.ts';
import { useSession } from '../session.ts';
import { Assessment } from './case/Assessment.tsx';
import { Referrals } from './case/Referrals.tsx';

export function CasePage({ crisisId, caseId }: { crisisId: string; caseId: string }) {
  const { t, intl } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [savedOffline, setSavedOffline] = useState(false);
  const userId = useSession().data?.user.id ?? '';
  const detail = useQuery({ queryKey: ['case', caseId], queryFn: () => must(api.GET('/api/cases/{id}', { params: { path: { id: caseId } } })) });
  const addNote = useMutation({
    // Offline (or the network fails), the note waits on this device and is sent when the connection is back.
    mutationFn: async (): Promise<'sent' | 'saved'> => {
      const key = crypto.randomUUID();
      const keep = async () => {
        await saveToOutbox({ key, userId, kind: 'note', caseId, text: note, savedAt: new Date().toISOString() });
        return 'saved' as const;
      };
      if (!navigator.onLine) return keep();
      try {
        await must(api.POST('/api/cases/{id}/notes', { params: { path: { id: caseId } }, body: { text: note, clientReference: key } }));
        return 'sent';
      } catch (error) {
        if (isNetworkError(error)) return keep();
        throw error;
      }
    },
    onSuccess: async (outcome) => {
      setNote('');
      setSavedOffline(outcome === 'saved');
      if (outcome === 'sent') await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
  const c = detail.data;
  if (!c) return <main id="main"><QueryStatus query={detail} /></main>;
  const need = c.needs[0];
  return (
    <main id="main">
      <h1>{t('case.title', { reference: c.reference })}</h1>
      <dl className="facts">
        <dt>{t('cases.status')}</dt><dd>{t(`status.${c.status}` as MessageKey)}</dd>
        <dt>{t('cases.risk')}</dt><dd>{t(`risk.${c.riskLevel}` as MessageKey)}</dd>
        <dt>{t('cases.needs')}</dt><dd><NeedTags needs={c.needs} /></dd>
        <dt>{t('cases.updated')}</dt><dd>{t('case.opened', { date: intl.formatDate(c.createdAt, { dateStyle: 'long', timeStyle: 'short' }) })}</dd>
      </dl>
      <p><Link to={`/c/${crisisId}/directory${need ? `?need=${need}` : ''}`}>{t('case.findService')}</Link></p>
      <Assessment c={c} />
      <Referrals c={c} />
      <section aria-labelledby="plan">
        <h2 id="plan">{t('case.plan')}</h2>
        {c.tasks.length === 0 ? <p>{t('case.noTasks')}</p> : (
          <ul>{c.tasks.map((task) => <li key={task.id}>{task.title}{task.done ? ` · ${t('case.taskDone')}` : ''}</li>)}</ul>
        )}
      </section>
      <section aria-labelledby="notes">
        <h2 id="notes">{t('case.notes')}</h2>
        {c.notes.length === 0 ? <p>{t('case.noNotes')}</p> : (
          <ul className="notes">{c.notes.map((n) => <li key={n.id}><time dateTime={n.createdAt}>{intl.formatDate(n.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</time> <span dir="auto">{n.text}</span></li>)}</ul>
        )}
        <form onSubmit={(e) => { e.preventDefault(); if (note.trim()) addNote.mutate(); }}>
          <label htmlFor="note">{t('case.addNote')}</label>
          <textarea id="note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} dir="auto" />
          <button type="submit" disabled={addNote.isPending}>{t('case.saveNote')}</button>
          {addNote.isError && <p role="alert" className="error">{errorText(addNote.error)}</p>}
          {savedOffline && <p role="status">{t('case.savedOffline')}</p>}
        </form>
      </section>
    </main>
  );
}
