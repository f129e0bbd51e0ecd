/** Who is signed in: GET /api/auth/session (401: nobody). */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, must, setCsrfToken, type GetData } from './api/client.ts';

export type Session = GetData<'/api/auth/session'>;

/** The server marks the shell when the browser sent no session cookie: no need to ask who is signed in. */
const signedOutAtLoad = document.querySelector('meta[name="lifeline-session"]')?.getAttribute('content') === 'none';
let first = true;

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<Session | null> => {
      if (first && signedOutAtLoad && navigator.onLine) {
        first = false;
        return null;
      }
      first = false;
      try {
        const s = await must(api.GET('/api/auth/session'));
        setCsrfToken(s.csrfToken);
        return s;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
