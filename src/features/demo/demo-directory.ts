/**
 * The demo service directory: a small hand-written HSDS 3.0 package of twelve services along the routes out of the
 * Sudan conflict (Port Sudan, Atbara, Gedaref, Wadi Halfa, Aswan in Egypt, Adré in Chad, Renk in South Sudan), imported
 * through the ordinary HSDS import. Organisations are fictional; places are real. Phone numbers are all in ranges
 * reserved for drama and documentation (UK +44 7700 900xxx and +44 20 7946 0xxx, France +33 1 99 00 xx xx, US
 * +1 202 555 01xx, Australia +61 491 570 xxx), so nobody real is ever called. One service is a safe house at a
 * confidential location. Ids are fixed, so a second run finds the package and changes nothing.
 */
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { importFiles } from '../directory/directory.service.ts';

const ORG = {
  redSea: '7c1f0a52-3b7e-4d1a-9e55-0d2b6c8a1001',
  nileLegal: '7c1f0a52-3b7e-4d1a-9e55-0d2b6c8a1002',
  borderHealth: '7c1f0a52-3b7e-4d1a-9e55-0d2b6c8a1003',
  sahel: '7c1f0a52-3b7e-4d1a-9e55-0d2b6c8a1004',
  consular: '7c1f0a52-3b7e-4d1a-9e55-0d2b6c8a1005',
  upperNile: '7c1f0a52-3b7e-4d1a-9e55-0d2b6c8a1006',
};

/** The demo services' ids (exported for tests). */
export const DEMO_SERVICE = {
  portSudanShelter: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2001',
  safeHouse: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2002',
  helpline: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2003',
  wadiHalfaClinic: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2004',
  aswanLegal: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2005',
  aswanShelter: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2006',
  adreInformation: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2007',
  adreFood: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2008',
  consularDesk: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2009',
  gedarefPsychosocial: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2010',
  atbaraTransport: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2011',
  renkTransit: 'a3e5b9d0-6c2f-4f8b-8a71-5e9c2d4b2012',
} as const;
const S = DEMO_SERVICE;

/** The safe house's location: confidential, never on a public page or export (exported for tests). */
export const DEMO_SAFE_HOUSE_LOCATION = {
  id: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3002', name: 'Safe house, Deim al-Arab', latitude: '19.5901', longitude: '37.1932',
};
const SAFE = DEMO_SAFE_HOUSE_LOCATION;

/** Child rows (links, phones, languages, schedules) get fixed ids from a prefix per table and a number. */
const child = (prefix: string, n: number): string => `${prefix}-0d5c-4e2a-b3f8-${String(n).padStart(12, '0')}`;

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();

const ALL_DAYS = 'MO,TU,WE,TH,FR,SA,SU';

interface DemoService {
  id: string;
  org: string;
  name: string;
  description: string;
  kind: string;
  needs: string;
  regardless: boolean;
  withoutDocuments: boolean;
  referrals: boolean;
  beds?: { total: number; free: number; updated: string };
  eligibility?: string;
  locationId?: string;
  /** Location: [name, lat, lon, country, admin1 code, admin1 name, street, city]; none for a phone-only service. */
  at?: [string, string, string, string, string, string, string, string];
  confidential?: boolean;
  languages: string;
  /** [byday, opens_at, closes_at] */
  hours?: [string, string, string];
  /** [number, type, description]; a phone of a confidential service is put on its location. */
  phones: [string, string, string][];
}

function services(): DemoService[] {
  return [
    {
      id: S.portSudanShelter, org: ORG.redSea, kind: 'shelter', name: 'Port Sudan transit shelter',
      description: 'Beds, meals and showers for people waiting to leave by sea or air. Families kept together.',
      needs: 'shelter;food;water', regardless: true, withoutDocuments: true, referrals: true, beds: { total: 120, free: 34, updated: hoursAgo(2) },
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3001',
      at: ['Transit shelter, Salabona', '19.6075', '37.2090', 'SD', 'SD-RS', 'Red Sea', 'Near the old port gate', 'Port Sudan'],
      languages: 'am;ti;ar;en', hours: [ALL_DAYS, '00:00+02:00', '23:59+02:00'], phones: [['+44 7700 900101', 'voice', 'Shelter desk, day and night']],
    },
    {
      id: S.safeHouse, org: ORG.redSea, kind: 'safe_house', name: "Women's safe house, Port Sudan",
      description: 'Protected shelter for women and children escaping violence or trafficking. Referral only.',
      needs: 'shelter;security', regardless: true, withoutDocuments: true, referrals: true, beds: { total: 12, free: 3, updated: hoursAgo(5) },
      locationId: SAFE.id, confidential: true,
      at: [SAFE.name, SAFE.latitude, SAFE.longitude, 'SD', 'SD-RS', 'Red Sea', 'House 41', 'Port Sudan'],
      languages: 'am;ti;ar;so', phones: [['+44 7700 900102', 'voice', 'House phone']],
    },
    {
      id: S.helpline, org: ORG.redSea, kind: 'hotline', name: 'Migrant helpline Sudan',
      description: 'Advice, referrals and help to reach family, by phone or message, day and night.',
      needs: 'information;security;missing_person;medical', regardless: true, withoutDocuments: true, referrals: true,
      languages: 'am;ti;ar;en;fr;so', hours: [ALL_DAYS, '00:00+02:00', '23:59+02:00'],
      phones: [['+44 7700 900100', 'voice', 'Calls'], ['+44 7700 900199', 'text', 'SMS and WhatsApp']],
    },
    {
      id: S.wadiHalfaClinic, org: ORG.borderHealth, kind: 'medical', name: 'Wadi Halfa migrant health post',
      description: 'First aid, care for chronic illness, pregnancy check-ups and medicines, free of charge.',
      needs: 'medical;water', regardless: true, withoutDocuments: true, referrals: true,
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3004',
      at: ['Health post by the bus station', '21.7964', '31.3714', 'SD', 'SD-NO', 'Northern', 'Bus station road', 'Wadi Halfa'],
      languages: 'ar;en;ti;am', hours: [ALL_DAYS, '08:00+02:00', '20:00+02:00'], phones: [['+33 1 99 00 12 34', 'voice', '']],
    },
    {
      id: S.aswanLegal, org: ORG.nileLegal, kind: 'legal_aid', name: 'Aswan legal aid desk',
      description: 'Lawyers for people arrested at the border, asylum registration, lost papers and unpaid wages.',
      needs: 'detention;documents;money', regardless: true, withoutDocuments: true, referrals: true,
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3005',
      at: ['Legal aid office', '24.0908', '32.8994', 'EG', 'EG-ASN', 'Aswan', 'Corniche el-Nil, 2nd floor', 'Aswan'],
      languages: 'ar;en;fr;am', hours: ['SU,MO,TU,WE,TH', '09:00+03:00', '16:00+03:00'], phones: [['+33 1 99 00 23 45', 'voice', 'Ask for the duty lawyer']],
    },
    {
      id: S.aswanShelter, org: ORG.nileLegal, kind: 'shelter', name: 'Aswan community shelter',
      description: 'Short stays for people who have just crossed from Sudan, while they register.',
      needs: 'shelter;food', regardless: true, withoutDocuments: false, referrals: true, beds: { total: 40, free: 6, updated: hoursAgo(74) },
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3006',
      at: ['Community hall', '24.0781', '32.8880', 'EG', 'EG-ASN', 'Aswan', 'Sahari district, behind the church', 'Aswan'],
      languages: 'ar;ti;so', hours: [ALL_DAYS, '00:00+03:00', '23:59+03:00'], phones: [['+44 20 7946 0101', 'voice', '']],
    },
    {
      id: S.adreInformation, org: ORG.sahel, kind: 'information_centre', name: 'Adré border information point',
      description: 'Where to register, where to sleep, how to find family members, what the next steps are.',
      needs: 'information;missing_person;documents', regardless: true, withoutDocuments: true, referrals: false,
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3007',
      at: ['Tent by the border post', '13.4669', '22.1963', 'TD', 'TD-OD', 'Ouaddaï', 'Border post road', 'Adré'],
      languages: 'fr;ar;en', hours: ['MO,TU,WE,TH,FR,SA', '07:30+01:00', '18:00+01:00'], phones: [['+33 1 99 00 34 56', 'voice', '']],
    },
    {
      id: S.adreFood, org: ORG.sahel, kind: 'food', name: 'Adré water and food point',
      description: 'Drinking water, hot meals and baby food for everyone arriving.',
      needs: 'food;water', regardless: true, withoutDocuments: true, referrals: false,
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3008',
      at: ['Water point', '13.4721', '22.2035', 'TD', 'TD-OD', 'Ouaddaï', 'Market square', 'Adré'],
      languages: 'fr;ar', hours: [ALL_DAYS, '06:00+01:00', '19:00+01:00'], phones: [],
    },
    {
      id: S.consularDesk, org: ORG.consular, kind: 'consular', name: 'Consular desk for Ethiopian nationals, Port Sudan',
      description: 'Emergency travel documents and places on evacuation flights for Ethiopian nationals.',
      needs: 'documents;evacuation', regardless: false, withoutDocuments: true, referrals: true, eligibility: 'Ethiopian nationals, with or without a passport',
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3009',
      at: ['Consular desk', '19.6169', '37.2203', 'SD', 'SD-RS', 'Red Sea', 'Coral hotel annex, ground floor', 'Port Sudan'],
      languages: 'am;en;ar', hours: ['SU,MO,TU,WE,TH', '09:00+02:00', '14:00+02:00'], phones: [['+1 202 555 0142', 'voice', '']],
    },
    {
      id: S.gedarefPsychosocial, org: ORG.borderHealth, kind: 'psychosocial', name: 'Gedaref psychosocial support',
      description: 'Someone to talk to after violence or loss; groups for women and for young people.',
      needs: 'security;other', regardless: true, withoutDocuments: true, referrals: true,
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3010',
      at: ['Community centre', '14.0346', '35.3836', 'SD', 'SD-GD', 'Gedaref', 'Al-Matar district', 'Gedaref'],
      languages: 'ti;am;ar', hours: ['MO,TU,WE,TH', '09:00+02:00', '15:00+02:00'], phones: [['+44 20 7946 0102', 'voice', '']],
    },
    {
      id: S.atbaraTransport, org: ORG.redSea, kind: 'transport', name: 'Evacuation buses Atbara to Port Sudan',
      description: 'Free seats for migrants stranded in Atbara; register the day before at the bus station.',
      needs: 'evacuation', regardless: true, withoutDocuments: true, referrals: true,
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3011',
      at: ['Atbara bus station', '17.7006', '33.9826', 'SD', 'SD-NR', 'River Nile', 'Gate 3', 'Atbara'],
      languages: 'ar;en;am', hours: ['MO,WE,FR', '06:00+02:00', '10:00+02:00'], phones: [['+44 7700 900103', 'voice', 'Registration']],
    },
    {
      id: S.renkTransit, org: ORG.upperNile, kind: 'shelter', name: 'Renk transit centre',
      description: 'Shelter, meals and health checks for people crossing into South Sudan, then onward transport by boat.',
      needs: 'shelter;food;water;medical', regardless: true, withoutDocuments: true, referrals: true, beds: { total: 300, free: 85, updated: hoursAgo(5) },
      locationId: 'e8b4c6a1-2d9f-4b3e-a6c5-1f7d3e9b3012',
      at: ['Transit centre', '11.7479', '32.7780', 'SS', 'SS-NU', 'Upper Nile', 'River port road', 'Renk'],
      languages: 'ar;en;din;so', hours: [ALL_DAYS, '00:00+02:00', '23:59+02:00'], phones: [['+61 491 570 156', 'voice', '']],
    },
  ];
}

const organizations: [string, string, string][] = [
  [ORG.redSea, 'Red Sea Migrant Aid (demo)', 'Fictional local organisation helping migrants stranded on the Red Sea coast.'],
  [ORG.nileLegal, 'Nile Crossing Legal Aid (demo)', 'Fictional legal aid network in southern Egypt.'],
  [ORG.borderHealth, 'Border Health Collective (demo)', 'Fictional health workers along the routes north and east.'],
  [ORG.sahel, 'Sahel Humanitarian Alliance (demo)', 'Fictional alliance of relief groups in eastern Chad.'],
  [ORG.consular, 'Consular outreach (demo)', 'Fictional consular outreach team.'],
  [ORG.upperNile, 'Upper Nile Returnee Support (demo)', 'Fictional organisation receiving people crossing into South Sudan.'],
];

const LANGUAGE_NAMES: Record<string, string> = { am: 'Amharic', ti: 'Tigrinya', ar: 'Arabic', en: 'English', fr: 'French', so: 'Somali', din: 'Dinka' };

const SERVICE_COLUMNS = [
  'id', 'organization_id', 'name', 'description', 'status', 'eligibility_description', 'lifeline_kind', 'lifeline_needs',
  'lifeline_serves_regardless_of_status', 'lifeline_safe_without_documents', 'lifeline_accepts_referrals', 'lifeline_beds_total', 'lifeline_beds_free',
  'lifeline_capacity_updated',
];
const LOCATION_COLUMNS = [
  'id', 'location_type', 'organization_id', 'name', 'latitude', 'longitude', 'lifeline_confidential', 'lifeline_country', 'lifeline_admin1_code',
  'lifeline_admin1_name',
];
const ADDRESS_COLUMNS = ['id', 'location_id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'];

/** The package: HSDS file name → CSV text. */
export function demoDirectoryFiles(): Map<string, string> {
  const list = services();
  const csv = (rows: (string | number)[][]): string => stringify(rows);
  const located = list.flatMap((s) => (s.at && s.locationId ? [{ s, id: s.locationId, at: s.at }] : []));
  const yes = (b: boolean): string => String(b);
  const phones: string[][] = [];
  const languages: string[][] = [];
  for (const s of list) {
    for (const [number, type, description] of s.phones) {
      // A safe house's phone belongs to its location, so that it stays with the confidential record.
      const owner = s.confidential ? ['', s.locationId ?? ''] : [s.id, ''];
      phones.push([child('5a0e7f31', phones.length + 1), ...owner, number, type, description]);
    }
    for (const code of s.languages.split(';')) languages.push([child('6b1f8042', languages.length + 1), s.id, LANGUAGE_NAMES[code] ?? code, code]);
  }
  const service = (s: DemoService): (string | number)[] => [
    s.id, s.org, s.name, s.description, 'active', s.eligibility ?? '', s.kind, s.needs, yes(s.regardless), yes(s.withoutDocuments), yes(s.referrals),
    s.beds?.total ?? '', s.beds?.free ?? '', s.beds?.updated ?? '',
  ];
  return new Map([
    ['organizations.csv', csv([['id', 'name', 'description'], ...organizations])],
    ['services.csv', csv([SERVICE_COLUMNS, ...list.map(service)])],
    ['locations.csv', csv([
      LOCATION_COLUMNS,
      ...located.map(({ s, id, at: [name, lat, lon, country, admin1, admin1Name] }) =>
        [id, 'physical', s.org, name, lat, lon, yes(s.confidential ?? false), country, admin1, admin1Name]),
    ])],
    ['service_at_location.csv', csv([['id', 'service_id', 'location_id'], ...located.map(({ s, id }, i) => [child('4c9d6e20', i + 1), s.id, id])])],
    ['addresses.csv', csv([
      ADDRESS_COLUMNS,
      ...located.map(({ id, at: [, , , country, , region, street, city] }, i) =>
        [child('3b8c5d1f', i + 1), id, street, city, region, '-', country, 'physical']),
    ])],
    ['phones.csv', csv([['id', 'service_id', 'location_id', 'number', 'type', 'description'], ...phones])],
    ['languages.csv', csv([['id', 'service_id', 'name', 'code'], ...languages])],
    ['schedules.csv', csv([
      ['id', 'service_id', 'freq', 'byday', 'opens_at', 'closes_at'],
      ...list.flatMap((s, i) => (s.hours ? [[child('2a7b4c0e', i + 1), s.id, 'WEEKLY', ...s.hours]] : [])),
    ])],
  ]);
}

/** Imports the demo directory for these crises; returns the number of services imported (0 when already there). */
export async function seedDemoDirectory(db: Kysely<Database>, crisisIds: string[]): Promise<number> {
  const there = await db.selectFrom('directory_services').select('id').where('id', '=', S.portSudanShelter).executeTakeFirst();
  if (there) return 0;
  const result = await importFiles(db, demoDirectoryFiles(), 'system', crisisIds);
  return result.counts.service;
}
