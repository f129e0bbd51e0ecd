/** The audit log for the data protection officer: newest first, older pages on demand, and a check of the hash chain. */
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api, must } from '../api/client.ts';
import { QueryStatus } from '../components/Status.tsx';
import { useT } from '../i18n/i18n.tsx';

export function Audit() {
  const { t, intl } = useT();
  const log = useInfiniteQuery({
    queryKey: ['audit'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => must(api.GET('/api/audit', { params: { query: { limit: 50, ...(pageParam ? { before: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const verify = useMutation({ mutationFn: () => must(api.GET('/api/audit/verify')) });
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <main id="main">
      <h1>{t('audit.title')}</h1>
      <p>
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>{t('audit.verify')}</button>{' '}
        {verify.data && <span role="status">{t('audit.verified', { ok: String(verify.data.ok), checked: verify.data.checked, id: verify.data.firstBrokenId ?? '' })}</span>}
      </p>
      <QueryStatus query={log} />
      {log.data && entries.length === 0 && <p>{t('audit.empty')}</p>}
      {entries.length > 0 && (
        <table>
          <thead>
            <tr><th scope="col">{t('audit.when')}</th><th scope="col">{t('audit.who')}</th><th scope="col">{t('audit.action')}</th><th scope="col">{t('audit.subject')}</th><th scope="col">{t('audit.fields')}</th></tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.occurredAt}>{intl.formatDate(e.occurredAt, { dateStyle: 'short', timeStyle: 'medium' })}</time></td>
                <td dir="auto">{e.actorLabel}</td>
                <td>{e.action}</td>
                <td>{e.subjectType ?? ''}</td>
                <td>{e.fields.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && <button type="button" onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage}>{t('audit.more')}</button>}
    </main>
  );
}
