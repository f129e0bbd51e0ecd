/** Normalising what arrives: text (NFC, no control characters), phone numbers (E.164), STOP words. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export const MAX_TEXT_LENGTH = 4000;

/** Unicode NFC, control characters removed (newlines and tabs kept), trimmed. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    // C0 and C1 controls except tab and newline; bidi overrides that can disguise text.
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\r\n?/g, '\n')
    .trim();
}

/** E.164 from any common writing ("+249 91 234 5678", "00249912345678", "0912345678" with a default country). */
export function normalisePhone(raw: string, defaultCountry?: string): string | undefined {
  const cleaned = raw.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry as CountryCode | undefined);
  if (!parsed?.isPossible()) return undefined;
  return parsed.number;
}

/** Opt-out words in the languages Lifeline ships and the languages of its users. Matched on the whole message. */
const stopWords = new Set([
  'stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'arret', 'arrêt', 'arreter', 'arrêter', 'stopp', 'alto', 'parar', 'baja', 'cancelar',
  'توقف', 'إيقاف', 'ايقاف', 'الغاء', 'إلغاء', 'قف', 'стоп', 'отписаться', 'стоп.', 'jiondoe', 'acha', 'joojo', 'ቁም', 'ኣቁም', 'توقف کن', 'بس', 'রোকো', 'থামো', 'kanpe',
]);

export function isStopWord(text: string): boolean {
  return stopWords.has(normaliseText(text).toLowerCase().replace(/[.!]+$/, ''));
}
