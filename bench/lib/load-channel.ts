/** The crisis, organisation and signed Twilio channel that the load benchmarks send SMS webhooks to. */
import type { DatabaseHandle } from '../../src/db/client.ts';
import { sealSecrets } from '../../src/features/intake/channel-secrets.ts';

export const LOAD_TWILIO_TOKEN = 'bench-twilio-auth-token';

/** Creates them in a fresh database; returns the channel id. */
export async function seedLoadChannel(handle: DatabaseHandle, key: Buffer): Promise<string> {
  const crisis = await handle.db.insertInto('crises').values({ slug: 'load', name: 'Load test crisis', type: 'conflict', status: 'current', affected_countries: ['SD'], start_date: '2026-04-15', end_date: null }).returning('id').executeTakeFirstOrThrow();
  const org = await handle.db.insertInto('organisations').values({ name: 'Load NGO', type: 'ngo', country: null, represents_country: null }).returning('id').executeTakeFirstOrThrow();
  const channel = await handle.db
    .insertInto('channels')
    .values({ crisis_id: crisis.id, organisation_id: org.id, kind: 'twilio', name: 'Load SMS', address: '+249900000000', credentials_encrypted: sealSecrets({ authToken: LOAD_TWILIO_TOKEN, accountSid: 'ACbench' }, key), settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return channel.id;
}
