/** Evacuation points of a crisis: coordinators add them, and decide which are shown on the public map. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import type { EvacuationPointCreate } from './map.schemas.ts';
import { coordinatorOrganisations, pickOrganisation } from './map-scope.ts';
import * as repo from './reports.repo.ts';

export async function createEvacuationPoint(db: Kysely<Database>, principal: Principal, crisisId: string, input: EvacuationPointCreate, requestId: string) {
  const organisationId = pickOrganisation(coordinatorOrganisations(principal, crisisId), input.organisationId, 'coordinate');
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertEvacuationPoint(trx, {
      crisis_id: crisisId, organisation_id: organisationId, name: input.name, kind: input.kind, latitude: input.latitude, longitude: input.longitude,
      country: input.country ?? null, admin1_name: input.admin1Name ?? null, status: input.status, is_public: input.isPublic, notes: input.notes,
    });
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId, crisisId, subjectType: 'evacuation_point', subjectId: row.id, requestId });
    return { id: row.id };
  });
}
