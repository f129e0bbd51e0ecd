/** Users and roles of each organisation you administer: who has which role, in which crisis; take a role away. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must } from '../api/client.ts';
import { QueryStatus } from '../components/Status.tsx';
import { useCrises } from '../crises.ts';
import { useT } from '../i18n/i18n.tsx';
import type { Session } from '../session.ts';

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
    </main>
  );
}

function Members({ organisationId }: { organisationId: string }) {
  const { t } = useT();
  const queryClient = useQueryClient();
  const crises = useCrises().data?.items ?? [];
  const members = useQuery({ queryKey: ['members', organisationId], queryFn: () => must(api.GET('/api/organisations/{id}/members', { params: { path: { id: organisationId } } })) });
  const remove = useMutation({
    mutationFn: (itemId: string) => must(api.DELETE('/api/organisations/{id}/memberships/{itemId}', { params: { path: { id: organisationId, itemId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['members', organisationId] }),
  });
  const items = members.data?.items ?? [];
  if (members.isError) return <p role="alert" className="error">{members.error.message}</p>;
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
            <td>{m.role.replace(/_/g, ' ')}</td>
            <td>{m.crisisId ? (crises.find((c) => c.id === m.crisisId)?.name ?? m.crisisId) : t('users.allCrises')}</td>
            <td><button type="button" onClick={() => remove.mutate(m.id)} disabled={remove.isPending}>{t('users.remove')}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
