/** Channels per crisis: created and changed by coordinators; secrets sealed and never returned. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { ChannelSecrets, sealSecrets } from './channel-secrets.ts';

export const channelKinds = ['twilio', 'africas_talking', 'vonage', 'external', 'whatsapp', 'telegram', 'web', 'hotline'] as const;

export const ChannelCreate = z.strictObject({
  organisationId: z.uuid(),
  kind: z.enum(channelKinds),
  name: z.string().trim().min(1).max(120),
  address: z.string().trim().max(200).optional().describe('The public number or handle people write to'),
  secrets: ChannelSecrets.optional(),
  settings: z
    .strictObject({
      apiBaseUrl: z.url().optional(),
      sendUrl: z.url().optional(),
      phoneNumberId: z.string().max(100).optional(),
      username: z.string().max(100).optional().describe("Africa's Talking username"),
      defaultLanguage: z.string().regex(/^[a-z]{2,3}$/).optional(),
    })
    .optional(),
  sendPerSecond: z.number().positive().max(1000).optional(),
});
export type ChannelCreate = z.infer<typeof ChannelCreate>;

export const ChannelUpdate = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  isActive: z.boolean().optional(),
  secrets: ChannelSecrets.optional(),
  sendPerSecond: z.number().positive().max(1000).optional(),
});

export const Channel = z.object({
  id: z.uuid(),
  crisisId: z.uuid(),
  organisationId: z.uuid(),
  kind: z.string(),
  name: z.string(),
  address: z.string(),
  isActive: z.boolean(),
  hasSecrets: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  sendPerSecond: z.number(),
  webhookPath: z.string(),
});

type Row = { id: string; crisis_id: string; organisation_id: string; kind: string; name: string; address: string; is_active: boolean; credentials_encrypted: string | null; settings: Record<string, unknown>; send_per_second: string };
export function presentChannel(row: Row): z.infer<typeof Channel> {
  return {
    id: row.id,
    crisisId: row.crisis_id,
    organisationId: row.organisation_id,
    kind: row.kind,
    name: row.name,
    address: row.address,
    isActive: row.is_active,
    hasSecrets: row.credentials_encrypted !== null,
    settings: row.settings,
    sendPerSecond: Number(row.send_per_second),
    webhookPath: `/webhooks/${row.kind}/${row.id}`,
  };
}

function assertManage(principal: Principal, organisationId: string, crisisId: string): void {
  if (!can(principal, 'crisis:manage', { organisationId, crisisId })) throw AppError.notFound('Crisis or organisation');
}

export async function createChannel(db: Kysely<Database>, key: Buffer, principal: Principal, crisisId: string, input: ChannelCreate, requestId: string) {
  assertManage(principal, input.organisationId, crisisId);
  const crisis = await db.selectFrom('crises').select('id').where('id', '=', crisisId).executeTakeFirst();
  if (!crisis) throw AppError.notFound('Crisis');
  if (input.kind === 'external' && !input.settings?.sendUrl) throw AppError.validation('settings.sendUrl', 'required', 'An external channel needs the gateway URL to send replies to');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('channels')
      .values({
        crisis_id: crisisId,
        organisation_id: input.organisationId,
        kind: input.kind,
        name: input.name,
        address: input.address ?? '',
        credentials_encrypted: input.secrets ? sealSecrets(input.secrets, key) : null,
        settings: JSON.stringify(input.settings ?? {}),
        ...(input.sendPerSecond ? { send_per_second: input.sendPerSecond } : {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: input.organisationId, crisisId, subjectType: 'channel', subjectId: row.id, requestId, metadata: { kind: input.kind } });
    return presentChannel(row);
  });
}

export async function listChannels(db: Kysely<Database>, principal: Principal, crisisId: string) {
  const orgs = principal.grants.filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId);
  if (orgs.length === 0) throw AppError.notFound('Crisis');
  const rows = await db.selectFrom('channels').selectAll().where('crisis_id', '=', crisisId).where('organisation_id', 'in', orgs).orderBy('name').execute();
  return rows.map(presentChannel);
}

export async function updateChannel(db: Kysely<Database>, key: Buffer, principal: Principal, id: string, input: z.infer<typeof ChannelUpdate>, requestId: string) {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw AppError.notFound('Channel');
    assertManage(principal, current.organisation_id, current.crisis_id);
    const row = await trx
      .updateTable('channels')
      .set({
        updated_at: new Date(),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
        ...(input.secrets !== undefined ? { credentials_encrypted: sealSecrets(input.secrets, key) } : {}),
        ...(input.sendPerSecond !== undefined ? { send_per_second: input.sendPerSecond } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: current.organisation_id, crisisId: current.crisis_id, subjectType: 'channel', subjectId: id, requestId, metadata: { fields: Object.keys(input) } });
    return presentChannel(row);
  });
}
