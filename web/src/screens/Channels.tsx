/** Channel settings of a crisis: which ways in (SMS, WhatsApp, web form...) are on; turn one on or off. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../api/client.ts';
import { QueryStatus } from '../components/Status.tsx';
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/i18n.tsx';

export function Channels({ crisisId }: { crisisId: string }) {
  const { t } = useT();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: ['channels', crisisId], queryFn: () => must(api.GET('/api/crises/{crisisId}/channels', { params: { path: { crisisId } } })) });
  const toggle = useMutation({
    mutationFn: (c: { id: string; isActive: boolean }) => must(api.PATCH('/api/channels/{id}', { params: { path: { id: c.id } }, body: { isActive: !c.isActive } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['channels', crisisId] }),
  });
  const items = channels.data?.items ?? [];
  return (
    <main id="main">
      <h1>{t('channels.title')}</h1>
      <QueryStatus query={channels} />
      {channels.data && items.length === 0 && <p>{t('channels.empty')}</p>}
      {items.length > 0 && (
        <table>
          <thead>
            <tr><th scope="col">{t('channels.name')}</th><th scope="col">{t('channels.kind')}</th><th scope="col">{t('channels.address')}</th><th scope="col">{t('channels.active')}</th></tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td dir="auto">{c.name}</td>
                <td>{c.kind}</td>
                <td dir="ltr">{c.address}</td>
                <td>
                  <button type="button" aria-pressed={c.isActive} onClick={() => toggle.mutate(c)} disabled={toggle.isPending}>
                    {c.isActive ? t('channels.disable') : t('channels.enable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {toggle.isError && <p role="alert" className="error">{errorText(toggle.error)}</p>}
    </main>
  );
}
