/** Who is signed in: GET /api/auth/session (401: nobody). */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, must, setCsrfToken, type GetData } from './api/client.ts';

export type Session = GetData<'/api/auth/session'>;

/** The server marks the shell when the browser sent no session cookie: main.tsx then starts with "nobody" without asking. */
export const signedOutAtLoad = typeof document !== 'undefined' && document.querySelector('meta[name="lifeline-session"]')?.getAttribute('content') === 'none';

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<Session | null> => {
      try {
        const s = await must(api.GET('/api/auth/session'));
        setCsrfToken(s.csrfToken);
        return s;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          // The session ended (or never was): the pages kept for offline reading go too.
          navigator.serviceWorker?.controller?.postMessage('sign-out');
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
