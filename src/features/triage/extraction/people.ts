/**
 * People-count extraction: how many people are in danger and how many of them are children, women, injured or dead,
 * from phrases such as 'we are 40, 6 children', '40 people trapped', 'nous sommes 12 dont 3 enfants', 'somos 15, 4 niños'
 * and 'نحن ٤٠ شخص بينهم ٦ أطفال'. Digits in any script and number words one to twenty (English, French, Spanish, some
 * Arabic) are read; phone numbers, times and dates are blanked out first, and years or numbers followed by a unit
 * ('3 days', '5 years old') are never counts. When a category is mentioned more than once the largest number wins.
 */
import { foldKeepingOffsets } from './normalise.ts';

export interface PeopleCounts {
  total?: number;
  children?: number;
  women?: number;
  injured?: number;
  dead?: number;
  /** The phrases the counts were read from, as written. */
  evidence: string[];
}

type Category = 'total' | 'children' | 'women' | 'injured' | 'dead';

const numberWords: Record<string, number> = {};
const wordLists: [string, number][] = [
  ['one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty', 1],
  ['un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt', 1],
  ['uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve veinte', 1],
  ['واحد اثنين ثلاثه اربعه خمسه سته سبعه ثمانيه تسعه عشره', 1],
];
for (const [list, first] of wordLists) list.split(' ').forEach((w, i) => (numberWords[w] = first + i));
Object.assign(numberWords, { une: 1, una: 1, ثلاث: 3, اربع: 4, خمس: 5, ست: 6, سبع: 7, ثمان: 8, تسع: 9, عشر: 10, عشرين: 20, اثنان: 2 });

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const alternation = (words: string[]): string => words.sort((a, b) => b.length - a.length).join('|');
const NUM = `(\\d{1,6}|${alternation(Object.keys(numberWords))})`;

const nouns: Record<Category, string[]> = {
  total: ['people', 'persons', 'person', 'ppl', 'pax', 'migrants', 'refugees', 'passengers', 'souls', 'adults', 'individuals', 'of us', 'personnes',
    'personne', 'gens', 'refugies', 'passagers', 'adultes', 'personas', 'gente', 'migrantes', 'refugiados', 'pasajeros', 'adultos', 'شخص', 'اشخاص',
    'شخصا', 'نفر', 'انفار', 'مهاجر', 'مهاجرين', 'لاجي', 'لاجيين', 'فرد', 'افراد', 'راكب', 'ركاب'],
  children: ['children', 'child', 'kids', 'kid', 'babies', 'baby', 'infants', 'infant', 'minors', 'minor', 'toddlers', 'enfants', 'enfant', 'bebes',
    'bebe', 'mineurs', 'mineur', 'nourrissons', 'ninos', 'ninas', 'nino', 'nina', 'menores', 'menor', 'hijos', 'hijas', 'اطفال', 'طفل', 'طفلا',
    'رضع', 'رضيع', 'قاصرين', 'قصر'],
  women: ['women', 'woman', 'ladies', 'mothers', 'pregnant', 'femmes', 'femme', 'meres', 'enceintes', 'enceinte', 'mujeres', 'mujer', 'madres',
    'embarazadas', 'embarazada', 'نساء', 'امراه', 'سيدات', 'نسوان', 'امهات', 'حوامل', 'حامل'],
  injured: ['injured', 'wounded', 'hurt', 'blesses', 'blesse', 'blessees', 'blessee', 'heridos', 'herido', 'heridas', 'herida', 'lesionados', 'جرحى',
    'جريح', 'مصابين', 'مصاب', 'مصابون', 'مصابه'],
  dead: ['dead', 'died', 'deaths', 'bodies', 'killed', 'drowned', 'deceased', 'morts', 'mort', 'mortes', 'decedes', 'noyes', 'tues', 'muertos',
    'muertas', 'muerto', 'fallecidos', 'fallecieron', 'ahogados', 'cadaveres', 'قتلى', 'قتيل', 'موتى', 'متوفين', 'وفيات', 'جثث', 'ماتوا', 'غرقوا', 'توفوا'],
};
const fillers = ['small', 'little', 'young', 'badly', 'seriously', 'severely', 'critically', 'are', 'is', 'were', 'of', 'them', 'have', 'has', 'been',
  'already', 'people', 'persons', 'petits', 'petites', 'jeunes', 'gravement', 'grievement', 'sont', 'd\'entre', 'eux', 'nous', 'ont', 'ete', 'deja',
  'pequenos', 'pequenas', 'jovenes', 'gravemente', 'estan', 'son', 'de', 'ellos', 'ya', 'han', 'personas', 'صغار', 'منهم', 'من', 'بجروح', 'اصابات', 'خطيره'];
const units = ['years', 'year', 'yrs', 'days', 'day', 'hours', 'hour', 'hrs', 'minutes', 'mins', 'weeks', 'months', 'km', 'kms', 'miles', 'meters', 'm',
  'dollars', 'usd', 'euros', 'dinars', 'ans', 'an', 'jours', 'heures', 'semaines', 'mois', 'anos', 'dias', 'horas', 'semanas', 'meses', 'pesos',
  'سنه', 'سنوات', 'عام', 'ايام', 'يوم', 'ساعات', 'ساعه', 'اسابيع', 'شهور', 'دينار', 'دولار', 'كم', '%'];
const intro = ['we are', 'we\'re', 'we r', 'we were', 'there are', 'there is', 'we number', 'nous sommes', 'on est', 'nous etions', 'somos', 'eramos',
  'estamos', 'nosotros somos', 'نحن', 'احنا', 'عددنا', 'كنا'];
const about = ['about', 'around', 'approx', 'approximately', 'almost', 'nearly', 'over', 'more than', 'environ', 'presque', 'plus de', 'pres de',
  'unos', 'unas', 'como', 'mas de', 'casi', 'alrededor de', 'حوالي', 'حوالى', 'تقريبا', 'اكثر من', 'نحو'];

const fillerGroup = `(?:[\\s,]+(?:${alternation(fillers)}))?(?:[\\s,]+(?:${alternation(fillers)}))?`;
const categoryPatterns = (Object.keys(nouns) as Category[]).map((category) => ({
  category,
  after: new RegExp(`${B}${NUM}\\s*\\+?${fillerGroup}[\\s,]*(?:${alternation(nouns[category])})${E}`, 'gu'),
  colon: new RegExp(`${B}(?:${alternation(nouns[category])})\\s*[:=]\\s*${NUM}${E}`, 'gu'),
}));
const introPattern = new RegExp(`${B}(?:${alternation(intro)})\\s+(?:(?:${alternation(about)})\\s+)?${NUM}${E}(?!\\s*(?:${alternation(units)})${E})`, 'gu');
const duals: [RegExp, Category][] = [[/طفلين|طفلان/g, 'children'], [/امراتين|امراتان/g, 'women'], [/جريحين|مصابين اثنين/g, 'injured']];

/** Blanks out phone numbers, times and dates (keeping offsets) so that their digits are not read as counts. */
function maskNonCounts(text: string): string {
  const blank = (m: string): string => ' '.repeat(m.length);
  return text
    .replace(/\+?\d[\d\s().-]{5,}\d/g, (m) => (m.replace(/\D/g, '').length >= 7 || m.startsWith('+') ? blank(m) : m))
    .replace(/\d{1,2}\s?[:h]\s?\d{2}(?!\d)/g, blank)
    .replace(/\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?/g, blank)
    .replace(/\d{1,2}\s?(?:am|pm)(?![a-z])/g, blank);
}

function valueOf(token: string): number | undefined {
  const n = /^\d+$/.test(token) ? Number(token) : numberWords[token];
  if (n === undefined || n <= 0 || n > 100000) return undefined;
  return n;
}

/** People counts stated in an SOS text, with the phrases they came from. */
export function extractPeopleCounts(text: string): PeopleCounts {
  const folded = maskNonCounts(foldKeepingOffsets(text));
  const result: PeopleCounts = { evidence: [] };
  const record = (category: Category, n: number | undefined, start: number, end: number): void => {
    if (n === undefined) return;
    result[category] = Math.max(result[category] ?? 0, n);
    const phrase = text.slice(start, end).trim();
    if (!result.evidence.includes(phrase)) result.evidence.push(phrase);
  };
  const isYear = (token: string, directNoun: boolean): boolean => /^(19|20)\d\d$/.test(token) && !directNoun;
  for (const m of folded.matchAll(introPattern)) {
    const token = m[1]!;
    if (!isYear(token, false)) record('total', valueOf(token), m.index, m.index + m[0].length);
  }
  // Casualty phrases first: '3 people died' counts 3 dead, not a total of 3.
  const casualtySpans: [number, number][] = [];
  const ordered = [...categoryPatterns].sort((a, b) => Number(b.category === 'dead' || b.category === 'injured') - Number(a.category === 'dead' || a.category === 'injured'));
  for (const { category, after, colon } of ordered) {
    for (const m of folded.matchAll(after)) {
      const token = m[1]!;
      const start = m.index;
      const end = start + m[0].length;
      if (category === 'total' && casualtySpans.some(([s, e]) => start >= s && start < e)) continue;
      const direct = /^\S+\s*\+?\s*\S+$/u.test(m[0].trim());
      if (isYear(token, direct)) continue;
      record(category, valueOf(token), start, end);
      if (category === 'dead' || category === 'injured') casualtySpans.push([start, end]);
    }
    for (const m of folded.matchAll(colon)) {
      const token = m[1]!;
      if (!isYear(token, false)) record(category, valueOf(token), m.index, m.index + m[0].length);
    }
  }
  for (const [pattern, category] of duals) {
    for (const m of folded.matchAll(pattern)) record(category, 2, m.index, m.index + m[0].length);
  }
  return result;
}
