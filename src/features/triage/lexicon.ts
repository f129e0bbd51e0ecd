/**
 * The shipped default model: keyword and phrase lexicons written by the Lifeline project, in the
 * languages of the people it serves. Latin-script entries match at the start of a word, accents
 * ignored; other scripts match anywhere (Arabic and Ge'ez attach prefixes to words). Deployments then
 * learn from their own corrections with the linear model.
 */
import type { NeedList } from './needs.ts';

/** The shipped lexicon, per shipped need code (the need_codes table holds the labels and any deployment's own keywords). */
export const lexicon: Record<string, string[]> = {
  water: ['water', 'thirst', 'eau ', 'soif', 'agua', 'sed ', 'dlo', 'swaf', 'maji', 'kiu', 'biyo', 'harraad', 'agua potable', 'água', 'ماء', 'مياه', 'عطش', 'ውሃ', 'ጥማት', 'ማይ', 'вода', 'воды', 'воду', 'спрага', 'آب ', 'تشنه', 'پانی', 'پیاس', 'পানি', 'জল', 'তৃষ্ণা', 'اوبه', 'تږی'],
  food: ['food', 'hungry', 'hunger', 'starving', 'eat', 'nourriture', 'faim', 'manger', 'comida', 'hambre', 'alimento', 'manje', 'grangou', 'chakula', 'njaa', 'cunto', 'gaajo', 'raashin', 'طعام', 'أكل', 'اكل', 'جوع', 'جائع', 'غذاء', 'ምግብ', 'ረሃብ', 'መግቢ', 'ጥሜት', 'еда', 'еды', 'голод', 'їжа', 'їжі', 'голод', 'غذا', 'گرسنه', 'کھانا', 'بھوک', 'খাবার', 'ক্ষুধা', 'خواړه', 'لوږه'],
  shelter: ['shelter', 'homeless', 'sleep outside', 'tent', 'abri', 'logement', 'dormir dehors', 'refugio', 'albergue', 'techo', 'kay', 'abri ', 'makazi', 'hoy', 'guri', 'مأوى', 'ماوى', 'سكن', 'مسكن', 'ننام في الشارع', 'መጠለያ', 'ቤት የለንም', 'መዕቆቢ', 'жильё', 'жилье', 'укрытие', 'притулок', 'житло', 'سرپناه', 'پناهگاه', 'پناہ', 'آشیانہ', 'আশ্রয়', 'سرپناه'],
  medical: ['injur', 'wound', 'bleed', 'doctor', 'hospital', 'medic', 'sick', 'insulin', 'pregnan', 'birth', 'blessé', 'blesse', 'médecin', 'medecin', 'hôpital', 'hopital', 'malade', 'enceinte', 'herido', 'médico', 'medico', 'enfermo', 'embarazada', 'sangr', 'blese', 'doktè', 'malad', 'ansent', 'majeruhi', 'daktari', 'hospitali', 'mgonjwa', 'mjamzito', 'dhaawac', 'dhakhtar', 'isbitaal', 'jiran', 'uur', 'جرح', 'جريح', 'مصاب', 'نزيف', 'طبيب', 'مستشفى', 'مريض', 'حامل', 'دواء', 'ቆስ', 'ሐኪም', 'ሀኪም', 'ሆስፒታል', 'ታማሚ', 'እርጉዝ', 'ተጎዲኡ', 'ሓኪም', 'ранен', 'кровь', 'врач', 'больниц', 'лекарств', 'беремен', 'поранен', 'лікар', 'лікарн', 'вагітн', 'زخمی', 'دکتر', 'بیمارستان', 'مریض', 'حامله', 'زخمی', 'ڈاکٹر', 'ہسپتال', 'بیمار', 'আহত', 'ডাক্তার', 'হাসপাতাল', 'অসুস্থ', 'ټپي', 'ډاکټر', 'روغتون'],
  search_and_rescue: ['trapped', 'stuck', 'rubble', 'collapsed', 'under the', 'buried', 'rescue', 'bloqué', 'bloque', 'coincé', 'coince', 'décombres', 'decombres', 'effondr', 'secours', 'atrapad', 'escombros', 'derrumb', 'rescate', 'bloke', 'kraze', 'anba', 'tumekwama', 'kwama', 'kifusi', 'okoa', 'xayir', 'burbur', 'badbaad', 'محاصر', 'عالق', 'عالقين', 'أنقاض', 'انقاض', 'انهار', 'انقاذ', 'إنقاذ', 'ተይዘ', 'ተቀብረ', 'ፍርስራሽ', 'ተዓጊት', 'завал', 'застря', 'под обломками', 'спасени', 'заблок', 'під завал', 'рятув', 'گیر افتاده', 'زیر آوار', 'نجات', 'پھنس', 'ملبے', 'আটকে', 'ধ্বংসস্তূপ', 'উদ্ধার', 'ګیر'],
  security: ['shoot', 'gunfire', 'attack', 'bomb', 'shell', 'violence', 'beaten', 'rape', 'threat', 'armed', 'tir ', 'tirs', 'attaqu', 'bombard', 'violen', 'viol ', 'menac', 'armé', 'dispar', 'ataque', 'bomba', 'amenaz', 'violaci', 'tire', 'atake', 'vyolans', 'kadejak', 'risasi', 'shambulio', 'vurugu', 'ubakaji', 'rasaas', 'weerar', 'kufsi', 'إطلاق نار', 'اطلاق نار', 'رصاص', 'قصف', 'هجوم', 'اشتباك', 'عنف', 'اغتصاب', 'تهديد', 'مسلح', 'ተኩስ', 'ጥቃት', 'ድብደባ', 'አስገድዶ', 'ቶኽሲ', 'стрельб', 'обстрел', 'нападени', 'насили', 'угроз', 'вибух', 'обстріл', 'тиранина', 'شلیک', 'حمله', 'خشونت', 'تجاوز', 'فائرنگ', 'حملہ', 'تشدد', 'গুলি', 'হামলা', 'সহিংসতা', 'ډزې', 'برید'],
  detention: ['detain', 'detention', 'arrest', 'prison', 'jail', 'police took', 'police station', 'détenu', 'detenu', 'détention', 'arrêt', 'prison', 'detenid', 'detención', 'arrestad', 'cárcel', 'carcel', 'arete', 'prizon', 'kamatwa', 'mahabusu', 'gereza', 'xabsi', 'la xiray', 'محتجز', 'احتجاز', 'اعتقال', 'معتقل', 'سجن', 'الشرطة أخذت', 'ታሰረ', 'እስር', 'ተኣሲሩ', 'задержан', 'арест', 'тюрьм', 'затриман', 'в\'язниц', 'بازداشت', 'زندان', 'گرفتار', 'جیل', 'আটক', 'গ্রেফতার', 'জেল', 'نیول شوی', 'زندان'],
  documents: ['passport', 'documents', 'papers', 'id card', 'confiscat', 'employer took', 'kafala', 'kafeel', 'passeport', 'papiers', 'pièce d', 'pasaporte', 'documentos', 'papeles', 'paspò', 'papye', 'pasipoti', 'hati', 'baasaboor', 'dukumenti', 'جواز', 'جواز السفر', 'أوراق', 'اوراق', 'وثائق', 'الكفيل', 'ፓስፖር', 'መታወቂያ', 'ሰነድ', 'паспорт', 'документ', 'پاسپورت', 'گذرنامه', 'مدارک', 'پاسپورٹ', 'کاغذات', 'পাসপোর্ট', 'কাগজপত্র', 'پاسپورټ'],
  evacuation: ['evacuat', 'leave the country', 'get out', 'bus', 'transport', 'border', 'flight', 'ferry', 'évacu', 'evacu', 'quitter', 'frontière', 'frontiere', 'autobus', 'salir', 'frontera', 'evakye', 'kite peyi', 'fwontyè', 'kuondoka', 'mpaka', 'usafiri', 'ka bax', 'xuduud', 'إجلاء', 'اجلاء', 'الخروج', 'مغادرة', 'الحدود', 'نقل', 'حافلة', 'መውጫ', 'ድንበር', 'ማስወጣት', 'эвакуа', 'выехать', 'граница', 'евакуа', 'кордон', 'تخلیه', 'مرز', 'انخلاء', 'سرحد', 'نکلنا', 'সরিয়ে', 'সীমান্ত', 'وتل', 'پوله'],
  missing_person: ['missing', 'disappeared', 'lost contact', 'looking for', 'no news', 'cannot find', 'disparu', 'recherche mon', 'sans nouvelles', 'desaparecid', 'busco a', 'sin noticias', 'disparèt', 'pèdi', 'map chèche', 'amepotea', 'hatujui alipo', 'natafuta', 'maqan', 'lama helo', 'raadinayaa', 'مفقود', 'اختفى', 'اختفت', 'لا نعرف مكان', 'أبحث عن', 'ابحث عن', 'ጠፍ', 'እየፈለግ', 'ጠፊኡ', 'пропал', 'пропав', 'ищу ', 'шукаю', 'ناپدید', 'گمشده', 'دنبال', 'لاپتہ', 'তালাশ', 'নিখোঁজ', 'ورک'],
  death: ['dead', 'died', 'killed', 'body', 'bodies', 'funeral', 'burial', 'mort', 'décédé', 'decede', 'tué', 'corps', 'muert', 'falleci', 'cadáver', 'cadaver', 'entierro', 'mouri', 'kadav', 'wamekufa', 'amekufa', 'maiti', 'dhintay', 'meyd', 'ميت', 'توفي', 'توفى', 'قتل', 'جثة', 'جثث', 'دفن', 'ሞተ', 'ሬሳ', 'አስከሬን', 'ሞይቱ', 'погиб', 'умер', 'тело', 'тела', 'загинув', 'помер', 'مرده', 'کشته', 'جسد', 'مر گیا', 'لاش', 'মারা', 'লাশ', 'مړ'],
  money: ['money', 'wage', 'salary', 'paid', 'cash', 'debt', 'argent', 'salaire', 'payé', 'paye', 'dinero', 'salario', 'sueldo', 'pagad', 'lajan', 'salè', 'pesa', 'mshahara', 'lacag', 'mushahar', 'مال', 'فلوس', 'أجر', 'اجر', 'راتب', 'رواتب', 'نقود', 'ገንዘብ', 'ደሞዝ', 'ገንዘብ', 'деньг', 'зарплат', 'гроші', 'پول', 'حقوق', 'دستمزد', 'پیسے', 'تنخواہ', 'টাকা', 'বেতন', 'پیسې', 'معاش'],
  information: ['how can', 'how do', 'where can', 'where is', 'information', 'is it safe', 'what should', 'comment ', 'où ', 'ou est', 'information', 'cómo', 'como ', 'dónde', 'donde', 'información', 'kijan', 'ki kote', 'enfòmasyon', 'jinsi', 'wapi', 'taarifa', 'sidee', 'xaggee', 'macluumaad', 'كيف', 'أين', 'اين', 'معلومات', 'هل يمكن', 'እንዴት', 'የት', 'መረጃ', 'ከመይ', 'ኣበይ', 'как ', 'где ', 'информаци', 'як ', 'де ', 'інформаці', 'چطور', 'کجا', 'اطلاعات', 'کیسے', 'کہاں', 'معلومات', 'কিভাবে', 'কোথায়', 'তথ্য', 'څنګه', 'چیرته'],
  other: [],
};

function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const isLatin = (s: string): boolean => /^[\p{Script=Latin}\s'’.-]+$/u.test(s);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface CompiledNeed {
  need: string;
  latin: Array<{ term: string; regex: RegExp }>;
  other: string[];
}

/** Keywords compiled for matching, per need code. */
export interface KeywordMatcher {
  entries: readonly CompiledNeed[];
}

/** Compiles keyword lists: Latin-script terms match at the start of a word with accents ignored, others anywhere. */
export function compileKeywords(entries: ReadonlyArray<readonly [string, readonly string[]]>): KeywordMatcher {
  return {
    entries: entries.map(([need, terms]) => ({
      need,
      latin: terms.filter((t) => isLatin(t) && t.trim()).map((t) => ({ term: fold(t).trim(), regex: new RegExp(`(^|[^\\p{L}])${escape(fold(t).trim())}`, 'u') })),
      other: terms.filter((t) => !isLatin(t) && t.trim()).map((t) => t.trim().toLowerCase()),
    })),
  };
}

const shipped = compileKeywords(Object.entries(lexicon));

function run(matcher: KeywordMatcher, folded: string, lower: string, out: Map<string, Set<string>>): void {
  for (const entry of matcher.entries) {
    const matched = [...entry.latin.filter((l) => l.regex.test(folded)).map((l) => l.term), ...entry.other.filter((t) => lower.includes(t))];
    if (matched.length === 0) continue;
    const seen = out.get(entry.need) ?? new Set<string>();
    for (const m of matched) seen.add(m);
    out.set(entry.need, seen);
  }
}

/**
 * Needs whose words appear in the text, with the words that matched (shown to the responder as the reason). Without
 * a code list, the shipped lexicon alone; with one, the shipped lexicon for the codes still in use and the
 * deployment's own keywords.
 */
export function matchNeeds(text: string, list?: NeedList): Array<{ need: string; matched: string[] }> {
  const folded = fold(text);
  const lower = text.toLowerCase();
  const found = new Map<string, Set<string>>();
  run(shipped, folded, lower, found);
  if (list) {
    for (const need of found.keys()) if (!list.active.includes(need)) found.delete(need);
    run(list.keywords, folded, lower, found);
  }
  return [...found].map(([need, matched]) => ({ need, matched: [...matched] }));
}
