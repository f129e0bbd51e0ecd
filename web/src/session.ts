/** Who is signed in: GET /api/auth/session (401: nobody). */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, must, setCsrfToken, type GetData } from './api/client.ts';
import { forgetOfflineCopies, SIGN_OUT_PENDING } from './offline/forget.ts';
import { clearOutboxExcept } from './offline/outbox.ts';

export type Session = GetData<'/api/auth/session'>;

/** The server marks the shell when the browser sent no session cookie: main.tsx then starts with "nobody" without asking. */
export const signedOutAtLoad = typeof document !== 'undefined' && document.querySelector('meta[name="lifeline-session"]')?.getAttribute('content') === 'none';

/**
 * The session ended (sign-out, expiry, a 401 anywhere) or someone is about to sign in: nothing read under the last
 * session stays on the device, in the service worker's copies or in this page's memory (every query but the session).
 */
export async function forgetSession(queryClient: QueryClient): Promise<void> {
  setCsrfToken(undefined);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
  await forgetOfflineCopies();
}

/** Sign-out could not reach the server: end that session there now that it can be reached. */
async function finishPendingSignOut(): Promise<void> {
  try {
    const s = await must(api.GET('/api/auth/session'));
    setCsrfToken(s.csrfToken);
    await must(api.POST('/api/auth/sign-out'));
    localStorage.removeItem(SIGN_OUT_PENDING);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) localStorage.removeItem(SIGN_OUT_PENDING);
    else if (!(error instanceof TypeError)) throw error;
  }
}

export function sessionQuery(queryClient: QueryClient) {
  return {
    queryKey: ['session'],
    queryFn: async (): Promise<Session | null> => {
      if (localStorage.getItem(SIGN_OUT_PENDING)) {
        await finishPendingSignOut();
        await forgetSession(queryClient);
        return null;
      }
      try {
        const s = await must(api.GET('/api/auth/session'));
        setCsrfToken(s.csrfToken);
        // Unsent work another user left on this device goes: only its author may send or read it.
        await clearOutboxExcept(s.user.id);
        return s;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          await forgetSession(queryClient);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  };
}

export function useSession() {
  const queryClient = useQueryClient();
  return useQuery(sessionQuery(queryClient));
}
