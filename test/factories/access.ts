/**
 * Fixture factories for organisations and users, and a real sign-in through the HTTP API
 * (password, then TOTP) that returns the headers a browser would send.
 */
import { generate, generateSecret } from 'otplib';
import type { Role } from '../../src/features/access/roles.ts';
import { hashPassword } from '../../src/features/auth/passwords.ts';
import { sealTotpSecret } from '../../src/features/auth/totp.ts';
import type { TestApp } from '../helpers/app.ts';

let counter = 0;
const next = (): number => {
  counter += 1;
  return counter;
};

export async function buildOrganisation(t: TestApp, overrides: { name?: string; type?: string; representsCountry?: string | null } = {}) {
  const n = next();
  return t.db
    .insertInto('organisations')
    .values({
      name: overrides.name ?? `Test NGO ${n} ${process.pid}`,
      type: overrides.type ?? 'ngo',
      country: null,
      represents_country: overrides.representsCountry ?? (overrides.type === 'consulate' ? 'ET' : null),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string | null;
}

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function buildUser(
  t: TestApp,
  options: {
    memberships?: Array<{ organisationId: string; crisisId?: string | null; role: Role }>;
    platformAdmin?: boolean;
    twoFactor?: boolean;
    email?: string;
  } = {},
): Promise<TestUser> {
  const n = next();
  const email = options.email ?? `user${n}.${process.pid}@example.org`;
  const totpSecret = options.twoFactor === false ? null : generateSecret();
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await t.db
    .insertInto('users')
    .values({
      email,
      display_name: `Test User ${n}`,
      password_hash: await passwordHash,
      is_platform_admin: options.platformAdmin ?? false,
      totp_secret_encrypted: totpSecret ? sealTotpSecret(totpSecret, t.app.secretKey) : null,
      totp_enabled_at: totpSecret ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const m of options.memberships ?? []) {
    await t.db.insertInto('memberships').values({ user_id: user.id, organisation_id: m.organisationId, crisis_id: m.crisisId ?? null, role: m.role }).execute();
  }
  return { id: user.id, email, password: TEST_PASSWORD, totpSecret };
}

export interface SignedIn {
  headers: { cookie: string; 'x-csrf-token': string };
}

function cookieFrom(setCookie: string | string[] | undefined): string {
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!raw) throw new Error('no session cookie was set');
  return raw.split(';')[0] as string;
}

/** Signs in through the real endpoints; fails the test if any step does not succeed. */
export async function signIn(t: TestApp, user: TestUser): Promise<SignedIn> {
  // Each sign-in comes from its own address, so the per-address rate limit does not interfere with tests.
  const n = next();
  const remoteAddress = `10.200.${Math.floor(n / 250) % 250}.${n % 250}`;
  const res = await t.request({ method: 'POST', url: '/api/auth/sign-in', payload: { email: user.email, password: user.password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const { status, csrfToken } = res.json() as { status: string; csrfToken: string };
  const headers = { cookie: cookieFrom(res.headers['set-cookie']), 'x-csrf-token': csrfToken };
  if (status === 'two_factor_required') {
    if (!user.totpSecret) throw new Error('user has no TOTP secret');
    const code = await generate({ secret: user.totpSecret });
    const second = await t.request({ method: 'POST', url: '/api/auth/two-factor', headers, payload: { code }, remoteAddress });
    if (second.statusCode !== 204) throw new Error(`two-factor failed: ${second.statusCode} ${second.body}`);
  } else if (status !== 'signed_in') {
    throw new Error(`unexpected sign-in status ${status}`);
  }
  return { headers };
}

/** A platform administrator, signed in. */
export async function signedInPlatformAdmin(t: TestApp): Promise<SignedIn & { user: TestUser }> {
  const user = await buildUser(t, { platformAdmin: true });
  return { user, ...(await signIn(t, user)) };
}
