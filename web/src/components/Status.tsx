/** Loading and error lines shared by the screens. */
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/i18n.tsx';

export function QueryStatus({ query }: { query: { isPending: boolean; isError: boolean; error: Error | null; refetch: () => unknown } }) {
  const { t } = useT();
  const errorText = useErrorText();
  if (query.isPending) return <p aria-live="polite">{t('app.loading')}</p>;
  if (query.isError) {
    return (
      <p role="alert" className="error">
        {t('app.error', { message: errorText(query.error) })} <button type="button" onClick={() => query.refetch()}>{t('app.retry')}</button>
      </p>
    );
  }
  return null;
}
