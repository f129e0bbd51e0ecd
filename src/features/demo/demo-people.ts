/**
 * Demo organisations and responders (fictional people). Each demo user gets the same random password,
 * generated at seed time, and a TOTP secret; `lifeline demo-code` prints their current codes.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Role } from '../access/roles.ts';
import { hashPassword } from '../auth/passwords.ts';
import { newTotpSecret, sealTotpSecret } from '../auth/totp.ts';

export const demoOrganisations = [
  { key: 'nile', name: 'Nile Migrant Aid (demo)', type: 'ngo', country: 'SD', represents_country: null },
  { key: 'habesha', name: 'Ethiopian Community Association of Khartoum (demo)', type: 'community_association', country: 'SD', represents_country: null },
  { key: 'consulate-ph', name: 'Consulate of the Philippines in Port Sudan (demo)', type: 'consulate', country: 'SD', represents_country: 'PH' },
  { key: 'beirut', name: 'Beirut Domestic Workers Support (demo)', type: 'ngo', country: 'LB', represents_country: null },
] as const;

export const demoUsers: Array<{ email: string; name: string; platformAdmin: boolean; roles: Array<{ org: string; role: Role; crisis?: string }> }> = [
  { email: 'admin@demo.lifeline.local', name: 'Amal Haddad', platformAdmin: true, roles: [{ org: 'nile', role: 'administrator' }, { org: 'nile', role: 'coordinator' }] },
  { email: 'caseworker@demo.lifeline.local', name: 'Samuel Okoth', platformAdmin: false, roles: [{ org: 'nile', role: 'caseworker', crisis: 'sudan-conflict-demo' }] },
  { email: 'operator@demo.lifeline.local', name: 'Hiba Mansour', platformAdmin: false, roles: [{ org: 'nile', role: 'hotline_operator', crisis: 'sudan-conflict-demo' }] },
  { email: 'dpo@demo.lifeline.local', name: 'Lucía Ferrer', platformAdmin: false, roles: [{ org: 'nile', role: 'data_protection_officer' }] },
  { email: 'analyst@demo.lifeline.local', name: 'Jonas Berg', platformAdmin: false, roles: [{ org: 'nile', role: 'analyst' }] },
];

export interface DemoCredentials {
  password: string;
  users: Array<{ email: string; role: string; totpSecret: string }>;
}

export async function seedDemoPeople(trx: Transaction<Database>, secretKey: Buffer, password: string): Promise<DemoCredentials | undefined> {
  const existing = await trx.selectFrom('users').select('id').where('is_demo', '=', true).limit(1).executeTakeFirst();
  if (existing) return undefined;
  const orgIds = new Map<string, string>();
  for (const org of demoOrganisations) {
    const found = await trx.selectFrom('organisations').select('id').where('name', '=', org.name).executeTakeFirst();
    const row =
      found ??
      (await trx
        .insertInto('organisations')
        .values({ name: org.name, type: org.type, country: org.country, represents_country: org.represents_country })
        .returning('id')
        .executeTakeFirstOrThrow());
    orgIds.set(org.key, row.id);
  }
  const passwordHash = await hashPassword(password);
  const credentials: DemoCredentials = { password, users: [] };
  for (const user of demoUsers) {
    const secret = newTotpSecret();
    const row = await trx
      .insertInto('users')
      .values({
        email: user.email,
        display_name: user.name,
        password_hash: passwordHash,
        is_platform_admin: user.platformAdmin,
        is_demo: true,
        totp_secret_encrypted: sealTotpSecret(secret, secretKey),
        totp_enabled_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const grant of user.roles) {
      const crisis = grant.crisis ? await trx.selectFrom('crises').select('id').where('slug', '=', grant.crisis).executeTakeFirst() : undefined;
      await trx
        .insertInto('memberships')
        .values({ user_id: row.id, organisation_id: orgIds.get(grant.org) as string, crisis_id: crisis?.id ?? null, role: grant.role })
        .execute();
    }
    credentials.users.push({ email: user.email, role: user.roles.map((r) => r.role).join(', '), totpSecret: secret });
  }
  return credentials;
}
