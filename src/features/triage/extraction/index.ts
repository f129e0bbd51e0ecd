/**
 * Fact extraction for SOS triage: one call that reads people counts, nationalities, third-party phone numbers and places
 * from the text of a message, with no database. Each part is also exported on its own. The place gazetteer is loaded on
 * the first call that needs it (about 1.5 s, once per process); call `warmPlaceIndex()` at start-up to pay that early.
 */
import { extractNationalities } from './nationalities.ts';
import { extractPeopleCounts, type PeopleCounts } from './people.ts';
import { extractPhoneNumbers, type PhoneMention } from './phones.ts';
import { extractPlaces, type PlaceMention } from './places.ts';

export { extractNationalities, findNationalities, type NationalityMatch } from './nationalities.ts';
export { extractPeopleCounts, type PeopleCounts } from './people.ts';
export { extractPhoneNumbers, type PhoneMention } from './phones.ts';
export { extractPlaces, warmPlaceIndex, type PlaceMention, type PlaceOptions } from './places.ts';

export interface ExtractOptions {
  /** ISO alpha-2 codes of the crisis's countries. */
  countries?: string[];
  /** ISO alpha-2 region for phone numbers written without an international prefix. */
  defaultRegion?: string;
}

export interface Extraction {
  people: PeopleCounts;
  nationalities: string[];
  phoneNumbers: PhoneMention[];
  places: PlaceMention[];
}

/** Everything the extractors find in one SOS text. */
export function extract(text: string, options: ExtractOptions = {}): Extraction {
  const placeOptions = options.countries ? { countries: options.countries } : {};
  return {
    people: extractPeopleCounts(text),
    nationalities: extractNationalities(text),
    phoneNumbers: extractPhoneNumbers(text, options.defaultRegion ?? options.countries?.[0]),
    places: extractPlaces(text, placeOptions),
  };
}
