/** Loading and error lines shared by the screens. */
import { useT } from '../i18n/i18n.tsx';

export function QueryStatus({ query }: { query: { isPending: boolean; isError: boolean; error: Error | null; refetch: () => unknown } }) {
  const { t } = useT();
  if (query.isPending) return <p aria-live="polite">{t('app.loading')}</p>;
  if (query.isError) {
    return (
      <p role="alert" className="error">
        {t('app.error', { message: query.error?.message ?? '' })} <button type="button" onClick={() => query.refetch()}>{t('app.retry')}</button>
      </p>
    );
  }
  return null;
}
