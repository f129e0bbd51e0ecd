/**
 * Loads the demo crisis into an empty database. Each module adds a step; steps run in order in one
 * transaction, so a failed seed leaves nothing half-loaded.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { randomToken } from '../../shared/crypto.ts';
import * as crisesRepo from '../crises/crises.repo.ts';
import { createCrisis } from '../crises/crises.service.ts';
import { demoCrises } from './demo-data.ts';
import { seedDemoDirectory } from './demo-directory.ts';
import { seedDemoIntake } from './demo-messages.ts';
import { type DemoCredentials, demoOrganisations, seedDemoPeople } from './demo-people.ts';

export interface DemoSummary {
  crises: number;
  sosMessages: number;
  /** Services of the demo directory imported now (0 when already there). */
  directoryServices: number;
  /** Set when demo users were created now: the password and TOTP secrets, to print and keep. */
  credentials: DemoCredentials | undefined;
}

export interface DemoOptions {
  secretKey: Buffer;
}

type Step = (trx: Transaction<Database>, summary: DemoSummary, options: DemoOptions) => Promise<void>;

const steps: Step[] = [
  async (trx, summary) => {
    for (const crisis of demoCrises) {
      if (crisis.slug && (await crisesRepo.findCrisisBySlug(trx, crisis.slug))) continue;
      await createCrisis(trx, crisis);
      summary.crises += 1;
    }
  },
  async (trx, summary, options) => {
    summary.credentials = await seedDemoPeople(trx, options.secretKey, `demo-${randomToken(9)}`);
  },
  async (trx, summary, options) => {
    const crisis = await trx.selectFrom('crises').select(['id', 'affected_countries']).where('slug', '=', 'sudan-conflict-demo').executeTakeFirst();
    const org = await trx.selectFrom('organisations').select('id').where('name', '=', demoOrganisations[0].name).executeTakeFirst();
    if (crisis && org) summary.sosMessages += await seedDemoIntake(trx, options.secretKey, crisis, org.id);
  },
];

/** True when the database holds no crisis at all (a fresh install). */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('crises').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/** Loads the demo; idempotent (records already there are kept). */
export async function seedDemo(db: Kysely<Database>, options: DemoOptions): Promise<DemoSummary> {
  const summary = await db.transaction().execute(async (trx) => {
    const summary: DemoSummary = { crises: 0, sosMessages: 0, directoryServices: 0, credentials: undefined };
    for (const step of steps) await step(trx, summary, options);
    return summary;
  });
  // The directory import runs its own all-or-nothing transaction, so it follows the others rather than nesting in them.
  const sudan = await db.selectFrom('crises').select('id').where('slug', '=', 'sudan-conflict-demo').executeTakeFirst();
  if (sudan) summary.directoryServices = await seedDemoDirectory(db, [sudan.id]);
  return summary;
}
