/** The case's referrals (status and dates, answers), revoking one still open, and referring the case to a service found in the directory. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type GetData, must } from '../../api/client.ts';
import { useErrorText } from '../../api/error-text.ts';
import { NeedTags } from '../../components/Needs.tsx';
import { QueryStatus } from '../../components/Status.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages/en.ts';

/** What a service that has not listed its needs receives (src/features/cases/referral-fields.ts). */
const defaultFields = ['reference', 'needs'];
const identityFields = ['givenName', 'familyName', 'phone', 'nationality', 'preferredLanguage'];
const revocable = ['sent', 'acknowledged', 'accepted'];

interface Case { id: string; crisisId: string; needs: string[]; personId: string | null; status: string }

function useService(serviceId: string | null) {
  return useQuery({
    queryKey: ['service', serviceId],
    enabled: Boolean(serviceId),
    staleTime: 300_000,
    queryFn: () => must(api.GET('/api/directory/services/{id}', { params: { path: { id: serviceId as string } } })) as Promise<Record<string, unknown>>,
  });
}

export function Referrals({ c }: { c: Case }) {
  const { t } = useT();
  const referrals = useQuery({
    queryKey: ['referrals', 'outgoing'],
    queryFn: () => must(api.GET('/api/referrals', { params: { query: { direction: 'outgoing' } } })),
  });
  const mine = (referrals.data?.items ?? []).filter((r) => r.caseId === c.id);
  return (
    <section aria-labelledby="referrals">
      <h2 id="referrals">{t('referral.title')}</h2>
      <QueryStatus query={referrals} />
      {referrals.data && (mine.length === 0 ? <p>{t('referral.none')}</p> : (
        <ul className="referrals">{mine.map((r) => <ReferralItem key={r.id} r={r} />)}</ul>
      ))}
      {c.status !== 'closed' && <Refer c={c} />}
    </section>
  );
}

type Referral = GetData<'/api/referrals'>['items'][number];

function ReferralItem({ r }: { r: Referral }) {
  const { t, intl } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const service = useService(r.serviceId);
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => must(api.POST('/api/referrals/{id}/{action}', { params: { path: { id: r.id, action: 'revoke' } }, body: {} })),
    onSuccess: async () => { setConfirming(false); await queryClient.invalidateQueries({ queryKey: ['referrals'] }); },
  });
  const date = (iso: string) => <time dateTime={iso}>{intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' })}</time>;
  const name = typeof service.data?.name === 'string' ? service.data.name : t('referral.service');
  return (
    <li className={`card${r.acknowledgementOverdue ? ' overdue' : ''}`}>
      <h3 dir="auto">{name}</h3>
      <p>{t('referral.status')}: <strong>{t(`referral.status.${r.status}` as MessageKey)}</strong>{r.acknowledgementOverdue && <> · {t('referral.overdue')}</>}</p>
      <dl className="facts">
        <dt>{t('referral.sentAt')}</dt><dd>{date(r.sentAt)}</dd>
        {r.acknowledgedAt && <><dt>{t('referral.acknowledgedAt')}</dt><dd>{date(r.acknowledgedAt)}</dd></>}
        {r.decidedAt && <><dt>{t(r.status === 'declined' ? 'referral.declinedAt' : 'referral.acceptedAt')}</dt><dd>{date(r.decidedAt)}</dd></>}
        {r.declineReason && <><dt>{t('referral.reason')}</dt><dd dir="auto">{r.declineReason}</dd></>}
        {r.completedAt && <><dt>{t('referral.completedAt')}</dt><dd>{date(r.completedAt)}</dd></>}
        {r.feedback && <><dt>{t('referral.feedback')}</dt><dd dir="auto">{r.feedback}</dd></>}
        {r.revokedAt && <><dt>{t('referral.revokedAt')}</dt><dd>{date(r.revokedAt)}</dd></>}
        <dt>{t('referral.shared')}</dt><dd><FieldList fields={r.fields} /></dd>
      </dl>
      {revocable.includes(r.status) && (confirming ? (
        <p>
          {t('referral.revokeConfirm')}{' '}
          <button type="button" onClick={() => revoke.mutate()} disabled={revoke.isPending}>{t('referral.revokeYes')}</button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>{t('referral.cancel')}</button>
        </p>
      ) : <button type="button" onClick={() => setConfirming(true)}>{t('referral.revoke')}</button>)}
      {revoke.isError && <p role="alert" className="error">{errorText(revoke.error)}</p>}
    </li>
  );
}

function FieldList({ fields }: { fields: string[] }) {
  const { t } = useT();
  return <ul className="tags">{fields.map((f) => <li key={f}>{t(`referral.field.${f}` as MessageKey)}</li>)}</ul>;
}

function Refer({ c }: { c: Case }) {
  const { t } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [sent, setSent] = useState(false);
  const need = c.needs[0];
  const results = useQuery({
    queryKey: ['directory', c.crisisId, { q: search, need, referrals: true }],
    enabled: search !== null,
    queryFn: () => must(api.GET('/api/directory/search', { params: { query: { crisisId: c.crisisId, limit: 20, acceptsReferrals: 'true', ...((search ?? '').trim().length >= 2 ? { q: (search ?? '').trim() } : need ? { need } : {}) } } })),
  });
  const service = useService(chosen);
  const listed = service.data?.lifeline_referral_fields;
  const fields = Array.isArray(listed) && listed.length > 0 ? (listed as string[]) : defaultFields;
  const blocked = !c.personId && fields.some((f) => identityFields.includes(f));
  const send = useMutation({
    mutationFn: () => must(api.POST('/api/cases/{id}/referrals', { params: { path: { id: c.id } }, body: { serviceId: chosen as string, ...(note.trim() ? { note: note.trim() } : {}) } })),
    onSuccess: async () => {
      setChosen(null); setNote(''); setSent(true);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['referrals'] }), queryClient.invalidateQueries({ queryKey: ['case', c.id] })]);
    },
  });
  const items = (results.data?.items ?? []).filter((s) => s.acceptsReferrals);
  return (
    <div>
      <h3>{t('referral.refer')}</h3>
      <form role="search" className="search" onSubmit={(e) => { e.preventDefault(); setSent(false); setChosen(null); setSearch(q); }}>
        <label>{t('directory.query')} <input type="search" value={q} onChange={(e) => setQ(e.target.value)} dir="auto" /></label>
        <button type="submit">{t('referral.findServices')}</button>
      </form>
      {search !== null && <QueryStatus query={results} />}
      {results.data && (
        <fieldset>
          <legend>{t('referral.choose')}</legend>
          {items.length === 0 ? <p>{t('referral.noServices')}</p> : (
            <ul className="services">
              {items.map((s) => (
                <li key={s.serviceId}>
                  <label className="inline"><input type="radio" name="service" value={s.serviceId} checked={chosen === s.serviceId} onChange={() => { setSent(false); setChosen(s.serviceId); }} /> <span dir="auto">{s.name}</span> · <span dir="auto">{s.organization.name}</span></label>
                  <NeedTags needs={s.needs} />
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
      {chosen && (
        <form onSubmit={(e) => { e.preventDefault(); if (!blocked) send.mutate(); }} aria-labelledby="refer-confirm">
          <h4 id="refer-confirm">{t('referral.willShare')}</h4>
          {service.data && <FieldList fields={fields} />}
          <QueryStatus query={service} />
          {blocked && <p role="alert" className="error">{t('referral.noIdentity')}</p>}
          <label htmlFor="referral-note">{t('referral.note')}</label>
          <textarea id="referral-note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} dir="auto" maxLength={2000} />
          <button type="submit" disabled={send.isPending || blocked || !service.data}>{t('referral.send')}</button>
          {send.isError && <p role="alert" className="error">{errorText(send.error)}</p>}
        </form>
      )}
      {sent && <p role="status">{t('referral.sent')}</p>}
    </div>
  );
}
