/**
 * Urgency from the needs found and a few cues, with the reasons shown to the responder ("mentions
 * trapped people, injuries"). Life first: rescue, injuries and violence are high; a child, a pregnancy
 * or an older person raises any level by one.
 */
import type { NeedList } from './needs.ts';

export type Urgency = 'high' | 'medium' | 'low';

const cues: Array<{ reason: string; terms: string[] }> = [
  { reason: 'children', terms: ['child', 'kid', 'baby', 'babies', 'enfant', 'bebe', 'niño', 'nino', 'niña', 'timoun', 'mtoto', 'watoto', 'carruur', 'ilmo', 'طفل', 'أطفال', 'اطفال', 'رضيع', 'ልጅ', 'ልጆች', 'ቆልዑ', 'ребен', 'дети', 'детей', 'діти', 'дитин', 'کودک', 'بچه', 'بچے', 'শিশু', 'বাচ্চা', 'ماشوم'] },
  { reason: 'pregnancy', terms: ['pregnan', 'enceinte', 'embarazada', 'ansent', 'mjamzito', 'uur leh', 'حامل', 'እርጉዝ', 'ነፍሰ ጡር', 'беремен', 'вагітн', 'حامله', 'حاملہ', 'গর্ভবতী'] },
  { reason: 'older people', terms: ['elderly', 'old man', 'old woman', 'grandmother', 'grandfather', 'âgé', 'agee', 'anciano', 'abuela', 'abuelo', 'granmoun', 'mzee', 'wazee', 'waayeel', 'مسن', 'عجوز', 'كبار السن', 'አረጋዊ', 'ሽማግሌ', 'пожил', 'бабушк', 'дедушк', 'літн', 'سالمند', 'بوڑھ', 'বৃদ্ধ', 'زوړ'] },
];

const injuryTerms = ['injur', 'wound', 'bleed', 'blessé', 'blesse', 'herido', 'sangr', 'blese', 'majeruhi', 'dhaawac', 'جريح', 'مصاب', 'نزيف', 'ቆስ', 'ተጎዲኡ', 'ранен', 'поранен', 'زخمی', 'আহত', 'ټپي'];

function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const reasonOfNeed: Record<string, string> = {
  search_and_rescue: 'trapped people',
  security: 'violence or attacks',
  death: 'a death',
  detention: 'detention',
  missing_person: 'a missing person',
};

/**
 * With the code list, a life-safety need the deployment added itself (the rules above know only the shipped ones)
 * makes the message at least medium, with the need's English label as the reason.
 */
export function assessUrgency(text: string, found: readonly string[], list?: NeedList): { urgency: Urgency; reasons: string[] } {
  const folded = fold(text);
  const reasons: string[] = [];
  const injuries = injuryTerms.some((t) => folded.includes(fold(t)));
  let level = 0;
  if (found.includes('search_and_rescue') || found.includes('security') || injuries) level = 2;
  else if (found.some((n) => ['water', 'food', 'shelter', 'medical', 'detention', 'evacuation', 'missing_person', 'death'].includes(n))) level = 1;
  for (const need of found) {
    const reason = reasonOfNeed[need];
    if (reason) reasons.push(reason);
  }
  for (const need of found) {
    const own = list?.byCode.get(need);
    if (own && !own.isShipped && own.isLifeSafety) {
      level = Math.max(level, 1);
      reasons.push((own.labels['en'] ?? need).toLowerCase());
    }
  }
  if (injuries) reasons.push('injuries');
  else if (found.includes('medical')) reasons.push('a medical need');
  const vulnerable = cues.filter((c) => c.terms.some((t) => folded.includes(fold(t))));
  for (const cue of vulnerable) reasons.push(cue.reason);
  if (vulnerable.length > 0 && found.length > 0) level = Math.min(2, level + 1);
  for (const basic of ['water', 'food', 'shelter'] as const) if (found.includes(basic) && level < 2) reasons.push(`no ${basic}`);
  return { urgency: (['low', 'medium', 'high'] as const)[level] as Urgency, reasons: [...new Set(reasons)] };
}
