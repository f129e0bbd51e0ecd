/**
 * Demo channels and SOS messages for the demo crises. The messages are written by the project, in the
 * languages of the people they describe; every person and number is fictional (+249 90 000 xxxx range).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { storeInbound } from '../intake/pipeline.ts';
import { channelInfo } from '../intake/replies.ts';

export const demoSosMessages: Array<{ from: string; text: string; language: string; place?: string }> = [
  { from: '+249900001001', language: 'ar', text: 'نحن ١٢ عاملًا إثيوبيًا محاصرين في مصنع في بحري منذ ثلاثة أيام، لا ماء ولا طعام، وبيننا امرأة حامل', place: 'Bahri industrial area' },
  { from: '+249900001002', language: 'am', text: 'እባካችሁ እርዱን። ካርቱም ውስጥ ነን፣ ፓስፖርታችን በአሰሪያችን ተይዟል። 5 ሴቶች ነን።', place: 'Khartoum 2' },
  { from: '+249900001003', language: 'ti', text: 'ኣብ ኦምዱርማን ኢና ዘለና፣ ሓደ ቆልዓ ተጎዲኡ ሓኪም የድልየና', place: 'Omdurman' },
  { from: '+249900001004', language: 'en', text: 'Filipino nurse, 3 of us at Soba hospital staff housing, shelling nearby, need evacuation to Port Sudan', place: 'Soba' },
  { from: '+249900001005', language: 'fr', text: "Nous sommes 8 étudiants tchadiens bloqués à la cité universitaire, plus d'argent, comment rejoindre Adré ?", place: 'University of Khartoum' },
  { from: '+249900001006', language: 'so', text: 'Waxaan nahay qoys 6 qof ah, carruur ayaa nala jira, biyo ma haysanno. Fadlan naga caawiya', place: 'Al Kalakla' },
  { from: '+249900001007', language: 'ar', text: 'اختفى أخي محمد عبد الرحمن منذ يوم الثلاثاء قرب سوق ليبيا، عمره ٢٤ سنة' },
  { from: '+249900001008', language: 'es', text: 'Somos dos cooperantes españoles, el conductor está herido, necesitamos un médico urgente cerca del puente de Al Mak Nimir' },
];

export async function seedDemoIntake(trx: Transaction<Database>, key: Buffer, crisis: { id: string; affected_countries: string[] }, organisationId: string): Promise<number> {
  const existing = await trx.selectFrom('channels').select('id').where('crisis_id', '=', crisis.id).executeTakeFirst();
  if (existing) return 0;
  const web = await trx.insertInto('channels').values({ crisis_id: crisis.id, organisation_id: organisationId, kind: 'web', name: 'Web SOS form', address: '', settings: '{}' }).returningAll().executeTakeFirstOrThrow();
  await trx.insertInto('channels').values({ crisis_id: crisis.id, organisation_id: organisationId, kind: 'hotline', name: 'Hotline', address: '+249900000000', settings: '{}' }).execute();
  const country = crisis.affected_countries[0] ?? 'SD';
  let n = 0;
  for (const [i, message] of demoSosMessages.entries()) {
    await storeInbound(
      trx,
      channelInfo(web),
      [{ from: message.from, text: message.text, providerMessageId: `demo-${crisis.id}-${i}`, language: message.language, ...(message.place ? { location: { place: message.place, precision: 'area' as const } } : {}) }],
      { key, defaultCountry: country, referencePrefix: country, addressIsPhone: true },
    );
    n += 1;
  }
  return n;
}
