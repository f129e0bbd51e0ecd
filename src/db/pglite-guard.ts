/**
 * Turns a crash inside embedded PostgreSQL into an error instead of a process that spins for ever.
 *
 * PGlite 0.5 runs each protocol message in a loop that catches every exception from the WebAssembly backend and
 * tries again (electric-sql/pglite#1058). PostgreSQL's own errors arrive there as a "longjmp" marker and are
 * handled; anything else (a WebAssembly trap, the backend exiting) is swallowed, the backend consumes no more input,
 * and the loop never ends: the event loop is blocked, so no timer can help. In our whole-suite test runs on a
 * loaded 2-core machine this happened about once in three runs, always inside pg_trgm's similarity (a trap
 * "null function or function signature mismatch" in a call between the pg_trgm module and the main module).
 *
 * The guard wraps the one function that loop calls. The first exception that is not PostgreSQL's own error marks
 * the database as stopped and leaves the loop by throwing from the check the loop makes on the exception, so the
 * query fails with an UNAVAILABLE error. Every later query fails at once in the same way: a backend that trapped
 * may hold broken state, so it is never used again; the process must reopen the data directory (restart).
 */
import type { PGlite, postgresMod } from '@electric-sql/pglite';

type PostgresMod = postgresMod.PostgresMod;
import { AppError } from '../http/errors.ts';

export const EMBEDDED_DATABASE_STOPPED = 'The embedded database stopped after an internal error; restart Lifeline to reopen it';

/** Escapes PGlite's catch-all: the loop reads `status` on what it caught, and this getter throws the real error. */
function escaping(error: AppError): object {
  return {
    get status(): never {
      throw error;
    },
  };
}

export function guardPglite(pglite: PGlite, onStop: (error: AppError) => void = () => undefined): void {
  // Both are protected members of PGlite 0.5; the check below fails loudly if a new version renames them.
  const internals = pglite as unknown as { mod?: PostgresMod; POSTGRES_MAIN_LONGJMP?: unknown };
  const mod = internals.mod;
  const longjmp = internals.POSTGRES_MAIN_LONGJMP;
  let stopped: AppError | undefined;
  if (!mod || typeof mod._PostgresMainLoopOnce !== 'function' || longjmp === undefined) {
    throw new Error('PGlite internals changed: src/db/pglite-guard.ts must be checked against this PGlite version');
  }
  const loopOnce = mod._PostgresMainLoopOnce;
  mod._PostgresMainLoopOnce = () => {
    if (stopped) throw escaping(stopped);
    try {
      loopOnce();
    } catch (error) {
      if ((error as { status?: unknown } | null)?.status === longjmp) throw error;
      stopped = new AppError('UNAVAILABLE', EMBEDDED_DATABASE_STOPPED, { retryAfter: 30, cause: error });
      onStop(stopped);
      throw escaping(stopped);
    }
  };
  // After the loop, PGlite flushes the backend's output; a stopped backend has none worth sending.
  for (const name of ['_PostgresSendReadyForQueryIfNecessary', '_pgl_pq_flush'] as const) {
    const original = mod[name];
    if (typeof original !== 'function') continue;
    mod[name] = () => (stopped ? undefined : original());
  }
}
