/** What a failed call means for the person, in their language: never the server's English text, a code or a stack. */
import { useT } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { ApiError } from './client.ts';

export function errorKey(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) return error instanceof TypeError ? 'error.network' : 'error.server';
  if (error.status === 401) return 'error.signedOut';
  if (error.status === 403) return 'error.forbidden';
  if (error.status === 404) return 'error.notFound';
  if (error.status === 409) return 'error.conflict';
  if (error.status === 429) return 'error.rateLimited';
  if (error.status >= 400 && error.status < 500) return 'error.invalid';
  return 'error.server';
}

/** errorText(error): the plain-language sentence for a failure (an HTTP status, or 0 for a network failure). */
export function useErrorText(): (error: unknown) => string {
  const { t } = useT();
  return (error) => t(errorKey(error));
}
