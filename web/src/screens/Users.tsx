/** Users and roles of each organisation you administer: who has which role, in which crisis; take a role away. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must } from '../api/client.ts';
import { QueryStatus } from '../components/Status.tsx';
import { useCrises } from '../crises.ts';
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { Session } from '../session.ts';

const roles = ['administrator', 'coordinator', 'caseworker', 'hotline_operator', 'tracing_volunteer', 'translator', 'consular_officer', 'analyst', 'data_protection_officer'] as const;
type Role = (typeof roles)[number];

export function Users({ session }: { session: Session }) {
  const { t } = useT();
  const orgs = useQuery({ queryKey: ['organisations'], queryFn: () => must(api.GET('/api/organisations', {})) });
  const list = orgs.data?.items ?? [];
  const [orgId, setOrgId] = useState<string>();
  const current = orgId ?? session.grants.find((g) => g.role === 'administrator')?.organisationId ?? list[0]?.id;
  return (
    <main id="main">
      <h1>{t('users.title')}</h1>
      <QueryStatus query={orgs} />
      <label>
        {t('users.organisation')}{' '}
        <select value={current ?? ''} onChange={(e) => setOrgId(e.target.value)}>
          {list.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
      </label>
      {current && <Members organisationId={current} />}
      {current && <Invite organisationId={current} />}
    </main>
  );
}

function Members({ organisationId }: { organisationId: string }) {
  const { t } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const crises = useCrises().data?.items ?? [];
  const members = useQuery({ queryKey: ['members', organisationId], queryFn: () => must(api.GET('/api/organisations/{id}/members', { params: { path: { id: organisationId } } })) });
  const remove = useMutation({
    mutationFn: (itemId: string) => must(api.DELETE('/api/organisations/{id}/memberships/{itemId}', { params: { path: { id: organisationId, itemId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['members', organisationId] }),
  });
  const items = members.data?.items ?? [];
  if (members.isError) return <p role="alert" className="error">{errorText(members.error)}</p>;
  if (members.data && items.length === 0) return <p>{t('users.empty')}</p>;
  return (
    <table>
      <thead>
        <tr><th scope="col">{t('users.name')}</th><th scope="col">{t('users.email')}</th><th scope="col">{t('users.role')}</th><th scope="col">{t('users.scope')}</th><td /></tr>
      </thead>
      <tbody>
        {items.map((m) => (
          <tr key={m.id}>
            <td dir="auto">{m.displayName}</td>
            <td dir="ltr">{m.email}</td>
            <td>{t(`role.${m.role}` as MessageKey)}</td>
            <td>{m.crisisId ? (crises.find((c) => c.id === m.crisisId)?.name ?? m.crisisId) : t('users.allCrises')}</td>
            <td><button type="button" onClick={() => remove.mutate(m.id)} disabled={remove.isPending}>{t('users.remove')}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An invitation by email: the server returns a one-time link for the administrator to send (no email is sent). */
function Invite({ organisationId }: { organisationId: string }) {
  const { t, intl } = useT();
  const errorText = useErrorText();
  const crises = useCrises().data?.items ?? [];
  const invite = useMutation({
    mutationFn: (body: { email: string; role: Role; crisisId: string | null }) => must(api.POST('/api/organisations/{id}/invitations', { params: { path: { id: organisationId } }, body })),
  });
  return (
    <section aria-labelledby="invite">
      <h2 id="invite">{t('users.invite')}</h2>
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const crisisId = String(f.get('crisisId') ?? '');
          invite.mutate({ email: String(f.get('email')), role: String(f.get('role')) as Role, crisisId: crisisId || null });
        }}
      >
        <label>{t('users.inviteEmail')} <input name="email" type="email" required dir="ltr" /></label>
        <label>
          {t('users.role')}{' '}
          <select name="role" defaultValue="caseworker">{roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}</select>
        </label>
        <label>
          {t('users.scope')}{' '}
          <select name="crisisId" defaultValue="">
            <option value="">{t('users.allCrises')}</option>
            {crises.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <button type="submit" disabled={invite.isPending}>{t('users.inviteSend')}</button>
      </form>
      {invite.data && <p role="status" className="secret">{t('users.inviteLink', { url: invite.data.url, date: intl.formatDate(invite.data.expiresAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>}
      {invite.isError && <p role="alert" className="error">{errorText(invite.error)}</p>}
    </section>
  );
}
