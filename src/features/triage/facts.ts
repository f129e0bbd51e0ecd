/**
 * The facts triage stores beside needs and urgency: places matched to the gazetteer (with a map point and a confidence),
 * counts of people, nationalities and third parties' phone numbers, read from the message text and, when a volunteer
 * translated it, from the translation too. The best place's country and first-level area are kept apart as coarse
 * columns, so aggregates survive the purge of the text.
 */
import type { ExtractedPlace, PeopleCountsRow } from '../../db/schema.ts';
import { extract } from './extraction/index.ts';

/** At most this many places are kept per message. */
const MAX_PLACES = 5;

export interface MessageFacts {
  places: ExtractedPlace[];
  people: PeopleCountsRow | null;
  nationalities: string[];
  thirdPartyPhones: string[];
  placeCountry: string | null;
  placeAdmin1: string | null;
}

/** Reads the facts from the text (and its translation), preferring places in the crisis's countries. */
export function readFacts(text: string, countries: readonly string[], translation?: string | null): MessageFacts {
  const options = { countries: [...countries], defaultRegion: countries[0] };
  const found = extract(text, options);
  const more = translation ? extract(translation, options) : undefined;
  const byId = new Map<string, ExtractedPlace>();
  for (const p of [...found.places, ...(more?.places ?? [])]) {
    const key = String(p.geonameId ?? `${p.lat},${p.lon}`);
    const existing = byId.get(key);
    if (existing && existing.confidence >= p.confidence) continue;
    const place: ExtractedPlace = { name: p.name, matched: p.matched, country: p.country, lat: p.lat, lon: p.lon, confidence: p.confidence, evidence: p.evidence, source: 'gazetteer' };
    if (p.geonameId !== undefined) place.geonameId = p.geonameId;
    if (p.admin1 !== undefined) place.admin1 = p.admin1;
    byId.set(key, place);
  }
  const places = [...byId.values()].sort((a, b) => b.confidence - a.confidence).slice(0, MAX_PLACES);
  const people = mergeCounts(found.people, more?.people);
  return {
    places,
    people,
    nationalities: [...new Set([...found.nationalities, ...(more?.nationalities ?? [])])],
    thirdPartyPhones: [...new Set([...found.phoneNumbers, ...(more?.phoneNumbers ?? [])].map((p) => p.e164))],
    placeCountry: places[0]?.country ?? null,
    placeAdmin1: places[0]?.admin1 ?? null,
  };
}

const countFields = ['total', 'children', 'women', 'injured', 'dead'] as const;

/** The larger count of each kind from the text and its translation; null when neither names any. */
function mergeCounts(a: PeopleCountsRow, b: PeopleCountsRow | undefined): PeopleCountsRow | null {
  const out: PeopleCountsRow = {};
  for (const field of countFields) {
    const value = Math.max(a[field] ?? 0, b?.[field] ?? 0);
    if (value > 0) out[field] = value;
  }
  if (Object.keys(out).length === 0) return null;
  out.evidence = [...new Set([...(a.evidence ?? []), ...(b?.evidence ?? [])])];
  return out;
}

/** The column values of the facts, for an UPDATE of messages. */
export function factColumns(facts: MessageFacts) {
  return {
    extracted_places: JSON.stringify(facts.places),
    people_counts: facts.people ? JSON.stringify(facts.people) : null,
    nationalities: facts.nationalities,
    third_party_phones: facts.thirdPartyPhones,
    place_country: facts.placeCountry,
    place_admin1: facts.placeAdmin1,
  };
}
