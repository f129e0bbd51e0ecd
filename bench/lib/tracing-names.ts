/**
 * A seeded generator of synthetic multilingual tracing records (fictional people): given and family names written in
 * Arabic, Latin (several romanisations), Cyrillic and Ge'ez script, and duplicates of one person with the spelling
 * variants families really produce: another romanisation, another script, name order swapped, a part dropped, a
 * birth year one off. Same seed, same records.
 */
import { seededRandom } from '../../src/shared/random.ts';

export const mulberry32 = seededRandom;

/** One name in several writings: the first Latin form is the usual one, the others are variants. */
interface Name { latin: string[]; arabic?: string; cyrillic?: string; geez?: string }

const given: Name[] = [
  { latin: ['Mohammed', 'Mohamed', 'Muhammad', 'Mohamad'], arabic: 'محمد', cyrillic: 'Мухаммед' },
  { latin: ['Ahmed', 'Ahmad', 'Achmed'], arabic: 'أحمد', cyrillic: 'Ахмед' },
  { latin: ['Abdelrahman', 'Abdel Rahman', 'Abderrahmane', 'Abdulrahman'], arabic: 'عبد الرحمن', cyrillic: 'Абдурахман' },
  { latin: ['Fatima', 'Fatma', 'Fatimah'], arabic: 'فاطمة', cyrillic: 'Фатима' },
  { latin: ['Aisha', 'Aicha', 'Ayesha'], arabic: 'عائشة', cyrillic: 'Аиша' },
  { latin: ['Yusuf', 'Youssef', 'Yousef', 'Joseph'], arabic: 'يوسف', cyrillic: 'Юсуф' },
  { latin: ['Ibrahim', 'Ebrahim', 'Brahim'], arabic: 'إبراهيم', cyrillic: 'Ибрагим' },
  { latin: ['Khadija', 'Khadidja', 'Hadiza'], arabic: 'خديجة', cyrillic: 'Хадиджа' },
  { latin: ['Omar', 'Umar', 'Omer'], arabic: 'عمر', cyrillic: 'Умар' },
  { latin: ['Mariam', 'Maryam', 'Meryem', 'Miriam'], arabic: 'مريم', cyrillic: 'Марьям', geez: 'ማርያም' },
  { latin: ['Hassan', 'Hasan', 'Hassane'], arabic: 'حسن', cyrillic: 'Хасан' },
  { latin: ['Amina', 'Aminata', 'Emine'], arabic: 'أمينة', cyrillic: 'Амина' },
  { latin: ['Tesfaye', 'Tesfay', 'Tesfai'], geez: 'ተስፋዬ' },
  { latin: ['Yonas', 'Yohannes', 'Johannes'], geez: 'ዮናስ' },
  { latin: ['Selam', 'Selamawit', 'Salam'], geez: 'ሰላም', arabic: 'سلام' },
  { latin: ['Tigist', 'Tigest'], geez: 'ትግስት' },
  { latin: ['Dawit', 'Dawitt', 'David'], geez: 'ዳዊት', cyrillic: 'Давид' },
  { latin: ['Helen', 'Helena', 'Elen'], geez: 'ሄለን', cyrillic: 'Елена' },
  { latin: ['Olena', 'Elena', 'Yelena'], cyrillic: 'Олена' },
  { latin: ['Dmytro', 'Dmitri', 'Dmitry'], cyrillic: 'Дмитро' },
  { latin: ['Oksana', 'Oxana'], cyrillic: 'Оксана' },
  { latin: ['Serhiy', 'Sergei', 'Sergey'], cyrillic: 'Сергій' },
  { latin: ['Hawa', 'Hauwa', 'Awa'], arabic: 'حواء' },
  { latin: ['Idris', 'Idriss', 'Edris'], arabic: 'إدريس' },
];
const family: Name[] = [
  { latin: ['Abdallah', 'Abdullah', 'Abdalla'], arabic: 'عبد الله', cyrillic: 'Абдулла' },
  { latin: ['Osman', 'Othman', 'Usman'], arabic: 'عثمان', cyrillic: 'Усман' },
  { latin: ['Haile', 'Hayle', 'Hailé'], geez: 'ኃይሌ' },
  { latin: ['Gebremedhin', 'Gebre Medhin', 'Gebremedin'], geez: 'ገብረመድህን' },
  { latin: ['Tesfamariam', 'Tesfa Mariam'], geez: 'ተስፋማርያም' },
  { latin: ['Kovalenko', 'Kovalenco'], cyrillic: 'Коваленко' },
  { latin: ['Shevchenko', 'Shevtchenko', 'Chevtchenko'], cyrillic: 'Шевченко' },
  { latin: ['El Amin', 'Elamin', 'Al-Amin'], arabic: 'الأمين' },
  { latin: ['Ould Ahmed', 'Ould Ahmedou'], arabic: 'ولد أحمد' },
  { latin: ['Bin Salem', 'Ben Salem', 'Bensalem'], arabic: 'بن سالم' },
  { latin: ['Mahmoud', 'Mahmud', 'Mahmood'], arabic: 'محمود', cyrillic: 'Махмуд' },
  { latin: ['Suleiman', 'Sulaiman', 'Souleymane'], arabic: 'سليمان', cyrillic: 'Сулейман' },
  { latin: ['Diallo', 'Jallow', 'Djalo'] },
  { latin: ['Traoré', 'Traore', 'Traory'] },
  { latin: ['Bakari', 'Bakary', 'Bacary'] },
  { latin: ['Nasser', 'Nasir', 'Naser'], arabic: 'ناصر' },
];
/** Made-up syllables so that 1,000,000 records are not a few hundred people. */
const syllables = ['ka', 'ri', 'mo', 'sa', 'lu', 'de', 'na', 'to', 'be', 'ha', 'zi', 'fo', 'ga', 'el', 'am', 'or', 'ya', 'wu', 'ne', 'di'];

export interface SyntheticRecord {
  entity: number;
  names: string[];
  givenName: string;
  familyName: string;
  sex: 'female' | 'male';
  birthYear: number;
}

export function makeGenerator(seed: number) {
  const rnd = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const coined = (): string => {
    const n = 2 + Math.floor(rnd() * 2);
    const word = Array.from({ length: n }, () => pick(syllables)).join('');
    return word[0]?.toUpperCase() + word.slice(1);
  };
  const writings = (name: Name): string[] => [...name.latin, ...(name.arabic ? [name.arabic] : []), ...(name.cyrillic ? [name.cyrillic] : []), ...(name.geez ? [name.geez] : [])];

  /** A person: a known given name (80%), a known family name (25%, else coined), a coined middle name half the time. */
  function entity(id: number) {
    const g: Name = rnd() < 0.8 ? pick(given) : { latin: [coined()] };
    const f: Name = rnd() < 0.25 ? pick(family) : { latin: [coined()] };
    const middle = rnd() < 0.5 ? coined() : undefined;
    return { id, g, f, middle, sex: (rnd() < 0.5 ? 'female' : 'male') as 'female' | 'male', birthYear: 1940 + Math.floor(rnd() * 80) };
  }

  /** One record of a person, written the way one informant would. */
  function record(e: ReturnType<typeof entity>, variant: boolean): SyntheticRecord {
    const gw = variant ? pick(writings(e.g)) : (e.g.latin[0] as string);
    const fw = variant ? pick(writings(e.f)) : (e.f.latin[0] as string);
    const parts = [gw, ...(e.middle && !(variant && rnd() < 0.3) ? [e.middle] : []), fw];
    const full = variant && rnd() < 0.2 ? [...parts].reverse().join(' ') : parts.join(' ');
    return { entity: e.id, names: [full], givenName: gw, familyName: fw, sex: e.sex, birthYear: e.birthYear + (variant && rnd() < 0.3 ? (rnd() < 0.5 ? -1 : 1) : 0) };
  }

  /** `count` records: about 70% of people have one record, the rest two or three (with variants). */
  function* records(count: number): Generator<SyntheticRecord> {
    let made = 0;
    let id = 0;
    while (made < count) {
      const e = entity(id++);
      const copies = Math.min(count - made, rnd() < 0.7 ? 1 : rnd() < 0.7 ? 2 : 3);
      for (let c = 0; c < copies; c += 1) yield record(e, c > 0);
      made += copies;
    }
  }

  return { records, entity, record };
}
