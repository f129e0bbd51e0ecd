/** SQL for data-sharing agreements and nothing else. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, SharingAgreementsTable } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type AgreementRow = Selectable<SharingAgreementsTable>;

export async function insertAgreement(db: Db, values: Omit<Insertable<SharingAgreementsTable>, 'id' | 'created_at' | 'revoked_at'>): Promise<AgreementRow> {
  return db.insertInto('sharing_agreements').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listAgreements(db: Db, organisationId: string): Promise<AgreementRow[]> {
  return db.selectFrom('sharing_agreements').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Revokes a current agreement of the organisation; false when there is none with that id. */
export async function revokeAgreement(db: Db, organisationId: string, id: string, at: Date): Promise<boolean> {
  const row = await db.updateTable('sharing_agreements').set({ revoked_at: at }).where('id', '=', id).where('organisation_id', '=', organisationId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function findOrganisation(db: Db, id: string) {
  return db.selectFrom('organisations').select(['id', 'type', 'is_active']).where('id', '=', id).executeTakeFirst();
}
