/** SQL for consent records and nothing else. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { ConsentRecordsTable, Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type ConsentRow = Selectable<ConsentRecordsTable>;

export async function insertConsent(db: Db, values: Omit<Insertable<ConsentRecordsTable>, 'id' | 'recorded_at' | 'withdrawn_at' | 'withdrawn_by' | 'withdrawal_method'>): Promise<ConsentRow> {
  return db.insertInto('consent_records').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Withdraws a current consent of this person; undefined when there is none with that id (or it was withdrawn). */
export async function withdrawConsent(db: Db, personId: string, consentId: string, values: { by: string | null; method: string; at: Date }): Promise<ConsentRow | undefined> {
  return db
    .updateTable('consent_records')
    .set({ withdrawn_at: values.at, withdrawn_by: values.by, withdrawal_method: values.method })
    .where('id', '=', consentId)
    .where('person_id', '=', personId)
    .where('withdrawn_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function findConsent(db: Db, personId: string, consentId: string): Promise<ConsentRow | undefined> {
  return db.selectFrom('consent_records').selectAll().where('id', '=', consentId).where('person_id', '=', personId).executeTakeFirst();
}

export async function listConsents(db: Db, personId: string): Promise<ConsentRow[]> {
  return db.selectFrom('consent_records').selectAll().where('person_id', '=', personId).orderBy('recorded_at', 'desc').orderBy('id').execute();
}

/**
 * The person's current (not withdrawn) consents covering `purpose`. With `lock`, the rows are locked
 * FOR SHARE until the transaction ends, so a withdrawal waits for a share in progress and a share never
 * goes out on a consent withdrawn in between.
 */
export async function listCurrentConsentsFor(db: Db, personId: string, purpose: string, lock: boolean) {
  const query = db
    .selectFrom('consent_records')
    .select(['id', 'recipient_organisation_ids', 'recipient_organisation_types'])
    .where('person_id', '=', personId)
    .where('withdrawn_at', 'is', null)
    .where((eb) => eb(eb.val(purpose), '=', eb.fn.any('purposes')));
  return (lock ? query.forShare() : query).execute();
}

export async function listExistingOrganisations(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('organisations').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}
