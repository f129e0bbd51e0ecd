/** SQL that the sharing gate reads (recipients, agreements) and nothing else. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The recipient organisation; with `lock`, held FOR SHARE so it cannot be deactivated mid-share. */
export async function findRecipient(db: Db, id: string, lock: boolean) {
  const query = db.selectFrom('organisations').select(['id', 'type', 'represents_country', 'is_active']).where('id', '=', id);
  return (lock ? query.forShare() : query).executeTakeFirst();
}

/** A current data-sharing agreement from the controller to the recipient covering `purpose` on `today`. */
export async function findCurrentAgreement(db: Db, controllerId: string, recipientId: string, purpose: string, today: string, lock: boolean) {
  const query = db
    .selectFrom('sharing_agreements')
    .select(['id', 'reference'])
    .where('organisation_id', '=', controllerId)
    .where('partner_organisation_id', '=', recipientId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .where((eb) => eb(eb.val(purpose), '=', eb.fn.any('purposes')))
    .orderBy('valid_from', 'desc')
    .limit(1);
  return (lock ? query.forShare() : query).executeTakeFirst();
}

/** Organisation id → type, for the ids that exist. */
export async function listOrganisationTypes(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'type']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.type]));
}
