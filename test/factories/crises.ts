/** Fixture factories for crises. */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { CrisisCreate } from '../../src/features/crises/crises.schemas.ts';
import { createCrisis } from '../../src/features/crises/crises.service.ts';

let counter = 0;

export function crisisInput(overrides: Partial<CrisisCreate> = {}): CrisisCreate {
  counter += 1;
  return {
    name: `Test crisis ${counter}`,
    type: 'conflict',
    status: 'current',
    affectedCountries: ['SD'],
    startDate: '2026-04-15',
    ...overrides,
  };
}

export async function buildCrisis(db: Kysely<Database>, overrides: Partial<CrisisCreate> = {}) {
  return createCrisis(db, crisisInput(overrides));
}
