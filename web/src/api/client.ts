/** The typed API client: paths and bodies come from the OpenAPI contract (schema.d.ts, npm run api:types). */
import createClient, { type Middleware } from 'openapi-fetch';
import { reachability } from '../offline/reachability.ts';
import type { paths } from './schema';

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && request.method !== 'GET') request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: typeof location === 'undefined' ? '' : location.origin, credentials: 'same-origin' });
api.use(csrf, reachability);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError with the server's plain-language message. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const message = (error as { error?: { message?: string } } | undefined)?.error?.message ?? response.statusText;
    throw new ApiError(response.status, message);
  }
  return data as T;
}

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON body of a GET path's 200 answer, from the contract. */
export type GetData<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;
