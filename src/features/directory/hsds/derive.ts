/**
 * Fields Lifeline derives from HSDS records: a service's language codes (for language search) and a schedule's open days, minutes and UTC offset (for the "open now" search).
 */
import { macroLanguage } from '../../triage/language-codes.ts';
import type { Row } from './tables.ts';

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** "09:30+03:00" → minutes after midnight and the offset in minutes (null offset when none is written). */
export function parseClock(value: string): { minute: number; offset: number | null } {
  const match = /^(\d{2}):(\d{2})(?::\d{2})?(Z|([+-])(\d{2}):?(\d{2}))?$/.exec(value);
  if (!match) return { minute: 0, offset: null };
  const minute = Number(match[1]) * 60 + Number(match[2]);
  if (!match[3]) return { minute, offset: null };
  if (match[3] === 'Z') return { minute, offset: 0 };
  const sign = match[4] === '-' ? -1 : 1;
  return { minute, offset: sign * (Number(match[5]) * 60 + Number(match[6])) };
}

/** Adds open_days, opens_minute, closes_minute and utc_offset_minutes to a schedule row. */
export function deriveSchedule(row: Row): Row {
  const freq = row.freq as string | undefined;
  const byday = typeof row.byday === 'string' ? row.byday : '';
  // Weekly rules (or rules with no frequency) give plain weekdays; monthly "2MO" rules are not "open now" material.
  const days = freq === 'MONTHLY' ? [] : byday.split(',').map((d) => d.trim()).filter((d) => DAYS.includes(d));
  const opens = typeof row.opens_at === 'string' ? parseClock(row.opens_at) : null;
  const closes = typeof row.closes_at === 'string' ? parseClock(row.closes_at) : null;
  const tz = typeof row.timezone === 'number' ? Math.round(row.timezone * 60) : null;
  return {
    ...row,
    open_days: opens && closes ? (byday === '' && freq !== 'MONTHLY' ? DAYS : days) : [],
    opens_minute: opens?.minute ?? null,
    closes_minute: closes?.minute ?? null,
    utc_offset_minutes: opens?.offset ?? closes?.offset ?? tz ?? 0,
  };
}

/** Each service's sorted macro language codes, from (service id, code) pairs; services without any get []. */
export function languageCodesByService(serviceIds: readonly string[], rows: readonly { service_id: string; code: string }[]): { id: string; codes: string[] }[] {
  const byService = new Map<string, Set<string>>(serviceIds.map((id) => [id, new Set<string>()]));
  for (const row of rows) byService.get(row.service_id)?.add(macroLanguage(row.code));
  return [...byService].map(([id, codes]) => ({ id, codes: [...codes].sort() }));
}
