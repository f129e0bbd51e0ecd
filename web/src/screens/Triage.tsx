/** The triage queue: take a message, accept or correct the machine's needs and urgency, or open a case from it. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type GetData } from '../api/client.ts';
import { Facts } from '../components/Facts.tsx';
import { useNeedCodes, useNeedLabel } from '../components/Needs.tsx';
import { QueryStatus } from '../components/Status.tsx';
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';
import { HotlineCall } from './HotlineCall.tsx';

type Item = GetData<'/api/crises/{crisisId}/triage-queue'>['items'][number];
type Urgency = 'high' | 'medium' | 'low';

export function Triage({ crisisId }: { crisisId: string }) {
  const { t } = useT();
  const queue = useQuery({ queryKey: ['triage', crisisId], queryFn: () => must(api.GET('/api/crises/{crisisId}/triage-queue', { params: { path: { crisisId }, query: { limit: 50 } } })), refetchInterval: 30_000 });
  const items = queue.data?.items ?? [];
  return (
    <main id="main">
      <h1>{t('triage.title')}</h1>
      <HotlineCall crisisId={crisisId} />
      <QueryStatus query={queue} />
      <p aria-live="polite">{queue.data ? (items.length === 0 ? t('triage.empty') : t('triage.count', { count: items.length })) : ''}</p>
      <ol className="queue">
        {items.map((m) => <li key={m.id}><Message crisisId={crisisId} item={m} /></li>)}
      </ol>
    </main>
  );
}

function Message({ crisisId, item }: { crisisId: string; item: Item }) {
  const { t, intl } = useT();
  const errorText = useErrorText();
  const needLabel = useNeedLabel();
  const queryClient = useQueryClient();
  const needCodes = useNeedCodes(item.needs);
  const [needs, setNeeds] = useState<string[]>(() => [...item.needs]);
  const [urgency, setUrgency] = useState<Urgency>((item.urgency as Urgency | null) ?? 'medium');
  const [wrongPlace, setWrongPlace] = useState(false);
  const [total, setTotal] = useState(item.facts.people?.total?.toString() ?? '');
  const [children, setChildren] = useState(item.facts.people?.children?.toString() ?? '');
  const [error, setError] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['triage', crisisId] });
  const claim = useMutation({ mutationFn: () => must(api.POST('/api/messages/{id}/claim', { params: { path: { id: item.id } } })), onSuccess: refresh, onError: (e) => setError(errorText(e)) });
  const save = useMutation({
    mutationFn: async (escalate: boolean) => {
      await must(api.POST('/api/messages/{id}/triage', { params: { path: { id: item.id } }, body: { needs, urgency, ...corrections() } }));
      if (!escalate) return undefined;
      return must(api.POST('/api/messages/{id}/escalate', { params: { path: { id: item.id } }, body: { riskLevel: urgency === 'high' ? 'high' : 'medium', vulnerabilities: [], assignToMe: true, notifyPerson: false } }));
    },
    onSuccess: async (opened) => {
      await refresh();
      if (opened) navigate(`/c/${crisisId}/cases/${opened.id}`);
    },
    onError: (e) => setError(errorText(e)),
  });
  /** Only what the person changed: a removed place, or counts that differ from what the machine read. */
  const corrections = () => {
    const out: { place?: null; people?: { total?: number; children?: number } } = {};
    if (wrongPlace) out.place = null;
    const machine = item.facts.people;
    const asCount = (v: string) => (v.trim() === '' ? undefined : Number(v));
    if (asCount(total) !== machine?.total || asCount(children) !== machine?.children) {
      const people: { total?: number; children?: number } = {};
      if (asCount(total) !== undefined) people.total = asCount(total);
      if (asCount(children) !== undefined) people.children = asCount(children);
      out.people = people;
    }
    return out;
  };
  const headingId = `m-${item.id}`;
  const mine = item.claimedByMe || claim.isSuccess;
  return (
    <article aria-labelledby={headingId} className={item.isOverdue ? 'card overdue' : 'card'}>
      <h2 id={headingId}>
        <span dir="ltr">{item.reference ?? '—'}</span> · {t('triage.received', { time: intl.formatDate(item.receivedAt, { dateStyle: 'short', timeStyle: 'short' }) })}
        {item.isOverdue && <strong className="badge">{t('triage.overdue')}</strong>}
      </h2>
      <blockquote dir="auto" lang={item.language ?? undefined}>{item.text ?? t('triage.noText')}</blockquote>
      {item.translation && <p dir="auto">{t('triage.translation', { text: item.translation })}</p>}
      {item.place && <p dir="auto">{t('triage.place', { place: item.place })}</p>}
      <Facts item={item} />
      {!mine ? (
        <button type="button" onClick={() => claim.mutate()} disabled={claim.isPending || item.claimedBySomeoneElse}>
          {item.claimedBySomeoneElse ? t('triage.claimedOther') : t('triage.claim')}
        </button>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); save.mutate(false); }}>
          <p className="hint">{t('triage.claimed')}</p>
          <fieldset>
            <legend>{t('triage.needs')}</legend>
            <div className="checks">
              {needCodes.map((code) => (
                <label key={code}>
                  <input type="checkbox" name="need" value={code} checked={needs.includes(code)} onChange={(e) => setNeeds(e.target.checked ? [...needs, code] : needs.filter((n) => n !== code))} />
                  {needLabel(code)}
                </label>
              ))}
            </div>
          </fieldset>
          <label>
            {t('triage.urgency')}{' '}
            <select name="urgency" value={urgency} onChange={(e) => setUrgency(e.target.value as Urgency)}>
              {(['high', 'medium', 'low'] as const).map((u) => <option key={u} value={u}>{t(`urgency.${u}`)}</option>)}
            </select>
          </label>
          <div className="counts">
            <label>{t('triage.peopleTotal')} <input type="number" inputMode="numeric" min={0} max={100000} name="peopleTotal" value={total} onChange={(e) => setTotal(e.target.value)} /></label>
            <label>{t('triage.peopleChildren')} <input type="number" inputMode="numeric" min={0} max={100000} name="peopleChildren" value={children} onChange={(e) => setChildren(e.target.value)} /></label>
          </div>
          {item.facts.places.length > 0 && (
            <label><input type="checkbox" name="wrongPlace" checked={wrongPlace} onChange={(e) => setWrongPlace(e.target.checked)} /> {t('triage.wrongPlace')}</label>
          )}
          <div className="actions">
            <button type="submit" disabled={save.isPending}>{t('triage.save')}</button>
            <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate(true)}>{t('triage.escalate')}</button>
          </div>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </article>
  );
}
