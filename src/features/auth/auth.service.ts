/**
 * Sign-in rules: argon2id passwords, lockout after repeated failures, TOTP two-factor (required for
 * every role that sees personal data), sessions stored as hashes. Every outcome is audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { randomToken, sha256Hex } from '../../shared/crypto.ts';
import { type Role, roleNeedsTwoFactor } from '../access/roles.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { SESSION_MAX_HOURS } from './auth.plugin.ts';
import * as repo from './auth.repo.ts';
import { verifyPassword } from './passwords.ts';
import { isValidTotp, newTotpSecret, openTotpSecret, sealTotpSecret, totpUri } from './totp.ts';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export type SignInStatus = 'signed_in' | 'two_factor_required' | 'two_factor_setup_required';

export interface SignInResult {
  status: SignInStatus;
  /** The cookie value (only ever sent to the browser, never stored). */
  sessionToken: string;
  csrfToken: string;
}

/** One answer for unknown email, wrong password and locked account, so the answer does not tell which. */
const refused = (): AppError =>
  new AppError('UNAUTHENTICATED', `The email or password is not right (after ${LOCK_AFTER_FAILURES} failed tries an account is locked for ${LOCK_MINUTES} minutes)`);

async function needsTwoFactor(db: Kysely<Database>, userId: string): Promise<boolean> {
  const grants = await repo.loadGrants(db, userId);
  return grants.some((g) => roleNeedsTwoFactor(g.role as Role));
}

export async function signIn(db: Kysely<Database>, email: string, password: string, requestId: string): Promise<SignInResult> {
  const user = await repo.findUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !user.is_active) throw refused();
  if (user.locked_until && user.locked_until > new Date()) {
    await recordAudit(db, { action: 'sign_in_failed', actor: { userId: user.id, label: user.display_name }, requestId, metadata: { reason: 'locked' } });
    throw refused();
  }
  if (!passwordOk) {
    await db.transaction().execute(async (trx) => {
      const { locked } = await repo.recordFailedSignIn(trx, user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
      const actor = { userId: user.id, label: user.display_name };
      await recordAudit(trx, { action: 'sign_in_failed', actor, requestId, metadata: { reason: 'password' } });
      if (locked) await recordAudit(trx, { action: 'lockout', actor, requestId, metadata: { minutes: LOCK_MINUTES } });
    });
    throw refused();
  }

  const twoFactorEnabled = user.totp_enabled_at !== null;
  const status: SignInStatus = twoFactorEnabled
    ? 'two_factor_required'
    : (await needsTwoFactor(db, user.id))
      ? 'two_factor_setup_required'
      : 'signed_in';
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  await db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, {
      id: sha256Hex(sessionToken),
      userId: user.id,
      csrfToken,
      verified: status === 'signed_in',
      expiresAt: new Date(Date.now() + SESSION_MAX_HOURS * 3_600_000),
    });
    if (status === 'signed_in') await repo.recordSuccessfulSignIn(trx, user.id);
    await recordAudit(trx, { action: 'sign_in', actor: { userId: user.id, label: user.display_name }, requestId, metadata: { step: status } });
  });
  return { status, sessionToken, csrfToken };
}

/** Second step: a TOTP code for a session whose password step passed. */
export async function completeTwoFactor(db: Kysely<Database>, key: Buffer, sessionId: string, userId: string, code: string, requestId: string): Promise<void> {
  const user = await repo.findUser(db, userId);
  if (!user?.totp_secret_encrypted || !user.totp_enabled_at) {
    throw new AppError('CONFLICT', 'Two-factor sign-in is not set up for this account yet; set it up first');
  }
  if (!(await isValidTotp(openTotpSecret(user.totp_secret_encrypted, key), code))) {
    await db.transaction().execute(async (trx) => {
      const { locked } = await repo.recordFailedSignIn(trx, user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
      await recordAudit(trx, { action: 'sign_in_failed', actor: { userId: user.id, label: user.display_name }, requestId, metadata: { reason: 'totp' } });
      if (locked) await repo.revokeSession(trx, sessionId);
    });
    throw AppError.validation('code', 'totp', 'The code is not right; use the current 6-digit code from your authenticator app');
  }
  await db.transaction().execute(async (trx) => {
    await repo.markSessionVerified(trx, sessionId);
    await repo.recordSuccessfulSignIn(trx, user.id);
    await recordAudit(trx, { action: 'sign_in', actor: { userId: user.id, label: user.display_name }, requestId, metadata: { step: 'two_factor' } });
  });
}

/** Starts two-factor set-up: stores a new secret (not yet enabled) and returns it for the authenticator app. */
export async function beginTwoFactorSetup(db: Kysely<Database>, key: Buffer, userId: string): Promise<{ secret: string; otpauthUri: string }> {
  const user = await repo.findUser(db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (user.totp_enabled_at) throw new AppError('CONFLICT', 'Two-factor sign-in is already set up; ask an administrator to reset it');
  const secret = newTotpSecret();
  await db.updateTable('users').set({ totp_secret_encrypted: sealTotpSecret(secret, key) }).where('id', '=', userId).execute();
  return { secret, otpauthUri: totpUri(secret, user.email) };
}

/** Confirms set-up with a first code; the session becomes fully signed in. */
export async function enableTwoFactor(db: Kysely<Database>, key: Buffer, sessionId: string, userId: string, code: string, requestId: string): Promise<void> {
  const user = await repo.findUser(db, userId);
  if (!user?.totp_secret_encrypted) throw new AppError('CONFLICT', 'Start two-factor set-up first');
  if (user.totp_enabled_at) throw new AppError('CONFLICT', 'Two-factor sign-in is already set up');
  if (!(await isValidTotp(openTotpSecret(user.totp_secret_encrypted, key), code))) {
    throw AppError.validation('code', 'totp', 'The code is not right; check the time on your phone and try the current code');
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_enabled_at: new Date() }).where('id', '=', userId).execute();
    await repo.markSessionVerified(trx, sessionId);
    await repo.recordSuccessfulSignIn(trx, userId);
    await recordAudit(trx, { action: 'two_factor_enabled', actor: { userId, label: user.display_name }, requestId });
  });
}

export async function signOut(db: Kysely<Database>, sessionId: string, userId: string, requestId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.revokeSession(trx, sessionId);
    await recordAudit(trx, { action: 'sign_out', actor: { userId, label: 'self' }, requestId });
  });
}
