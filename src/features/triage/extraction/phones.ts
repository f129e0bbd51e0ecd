/**
 * Phone number extraction with libphonenumber-js's findPhoneNumbersInText. The sender's own number travels on the message
 * envelope, so every number written in the body belongs to someone else (a relative, a smuggler, a boat's satellite phone):
 * each result is flagged as a third party's and as personal data, to be handled under the data-protection rules. Arabic-Indic
 * digits are read as ASCII digits and an international '00' prefix as '+', without shifting offsets, so `raw` quotes the text.
 */
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { normaliseDigits } from './normalise.ts';

export interface PhoneMention {
  /** E.164 form, e.g. '+218912345678'. */
  e164: string;
  /** The number as written in the text. */
  raw: string;
  /** Region the number belongs to, when libphonenumber-js can tell. */
  country?: string;
  isThirdParty: true;
  personalData: true;
}

/** Rewrites '00' before an international number as ' +', keeping the length so that offsets stay valid. */
function internationalPrefix(text: string): string {
  return text.replace(/(^|[^\d+])00(?=[1-9][\d\s().-]{6,})/g, '$1 +');
}

/** Phone numbers written in the text; national numbers need `defaultRegion` (ISO alpha-2, e.g. 'LY'), '+'/'00' ones do not. */
export function extractPhoneNumbers(text: string, defaultRegion?: string): PhoneMention[] {
  const digits = normaliseDigits(text);
  const prepared = internationalPrefix(digits);
  const options = defaultRegion ? { defaultCountry: defaultRegion.toUpperCase() as CountryCode } : undefined;
  const seen = new Set<string>();
  const out: PhoneMention[] = [];
  for (const found of findPhoneNumbersInText(prepared, options)) {
    const e164 = found.number.number;
    if (seen.has(e164)) continue;
    seen.add(e164);
    const start = prepared[found.startsAt] === '+' && digits.slice(found.startsAt - 1, found.startsAt + 1) === '00' ? found.startsAt - 1 : found.startsAt;
    const raw = text.slice(start, found.endsAt).trim();
    const mention: PhoneMention = { e164, raw, isThirdParty: true, personalData: true };
    if (found.number.country) mention.country = found.number.country;
    out.push(mention);
  }
  return out;
}
