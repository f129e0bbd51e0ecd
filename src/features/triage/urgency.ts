/**
 * Urgency from the needs found and a few cues, with the reasons shown to the responder ("mentions
 * trapped people, injuries"). Each need brings the urgency and reason of the code list (need_codes.urgency and
 * urgency_reason, migration 0045): shipped, rescue and violence are high. Injuries are always high; a child, a
 * pregnancy or an older person raises any level by one.
 */
import type { NeedList } from './needs.ts';

export const urgencyLevels = ['high', 'medium', 'low'] as const;
export type Urgency = (typeof urgencyLevels)[number];
export const URGENCY_RULE = 'must be one of high, medium, low';

const cues: Array<{ reason: string; terms: string[] }> = [
  { reason: 'children', terms: ['child', 'kid', 'baby', 'babies', 'enfant', 'bebe', 'niño', 'nino', 'niña', 'timoun', 'mtoto', 'watoto', 'carruur', 'ilmo', 'طفل', 'أطفال', 'اطفال', 'رضيع', 'ልጅ', 'ልጆች', 'ቆልዑ', 'ребен', 'дети', 'детей', 'діти', 'дитин', 'کودک', 'بچه', 'بچے', 'শিশু', 'বাচ্চা', 'ماشوم'] },
  { reason: 'pregnancy', terms: ['pregnan', 'enceinte', 'embarazada', 'ansent', 'mjamzito', 'uur leh', 'حامل', 'እርጉዝ', 'ነፍሰ ጡር', 'беремен', 'вагітн', 'حامله', 'حاملہ', 'গর্ভবতী'] },
  { reason: 'older people', terms: ['elderly', 'old man', 'old woman', 'grandmother', 'grandfather', 'âgé', 'agee', 'anciano', 'abuela', 'abuelo', 'granmoun', 'mzee', 'wazee', 'waayeel', 'مسن', 'عجوز', 'كبار السن', 'አረጋዊ', 'ሽማግሌ', 'пожил', 'бабушк', 'дедушк', 'літн', 'سالمند', 'بوڑھ', 'বৃদ্ধ', 'زوړ'] },
];

const injuryTerms = ['injur', 'wound', 'bleed', 'blessé', 'blesse', 'herido', 'sangr', 'blese', 'majeruhi', 'dhaawac', 'جريح', 'مصاب', 'نزيف', 'ቆስ', 'ተጎዲኡ', 'ранен', 'поранен', 'زخمی', 'আহত', 'ټپي'];

function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const rank: Record<Urgency, number> = { low: 0, medium: 1, high: 2 };

/**
 * The shipped codes' urgency and English reason as migration 0045 seeds them in need_codes, for when no code list is
 * given (unit tests) or a code is missing from it. When the list is given, its values win.
 */
export const shippedUrgency: Readonly<Record<string, { urgency: Urgency; reason?: string }>> = {
  search_and_rescue: { urgency: 'high', reason: 'trapped people' },
  security: { urgency: 'high', reason: 'violence or attacks' },
  water: { urgency: 'medium' },
  food: { urgency: 'medium' },
  shelter: { urgency: 'medium' },
  medical: { urgency: 'medium' },
  detention: { urgency: 'medium', reason: 'detention' },
  evacuation: { urgency: 'medium' },
  missing_person: { urgency: 'medium', reason: 'a missing person' },
  death: { urgency: 'medium', reason: 'a death' },
};

/**
 * What one need brings: its level (0 low, 1 medium, 2 high) and, when above low, its English reason: the list's
 * urgency_reason, else for a deployment's own need its English label (a shipped need without one gives none; the cues
 * below speak for water, food, shelter and medical).
 */
function needUrgency(need: string, list?: NeedList): { level: number; reason?: string } {
  const entry = list?.byCode.get(need);
  if (!entry) {
    const shipped = shippedUrgency[need];
    return shipped ? { level: rank[shipped.urgency], reason: shipped.reason } : { level: 0 };
  }
  const level = rank[entry.urgency];
  if (level === 0) return { level };
  return { level, reason: entry.urgencyReason?.['en'] ?? (entry.isShipped ? undefined : (entry.labels['en'] ?? need).toLowerCase()) };
}

/** Without a list, the shipped levels and reasons (shippedUrgency) are used. Reasons are English, as stored. */
export function assessUrgency(text: string, found: readonly string[], list?: NeedList): { urgency: Urgency; reasons: string[] } {
  const folded = fold(text);
  const reasons: string[] = [];
  const injuries = injuryTerms.some((t) => folded.includes(fold(t)));
  const brought = new Map(found.map((n) => [n, needUrgency(n, list)]));
  const raises = (need: string) => (brought.get(need)?.level ?? 0) > 0;
  let level = injuries ? 2 : 0;
  for (const need of brought.values()) {
    level = Math.max(level, need.level);
    if (need.reason) reasons.push(need.reason);
  }
  if (injuries) reasons.push('injuries');
  else if (raises('medical')) reasons.push('a medical need');
  const vulnerable = cues.filter((c) => c.terms.some((t) => folded.includes(fold(t))));
  for (const cue of vulnerable) reasons.push(cue.reason);
  if (vulnerable.length > 0 && found.length > 0) level = Math.min(2, level + 1);
  for (const basic of ['water', 'food', 'shelter'] as const) if (raises(basic) && level < 2) reasons.push(`no ${basic}`);
  return { urgency: (['low', 'medium', 'high'] as const)[level] as Urgency, reasons: [...new Set(reasons)] };
}
