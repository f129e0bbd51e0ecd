/** Sentences written by the project (not evaluation data), in the languages Lifeline must read. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectLanguage, dominantScript, looksLikeArabizi } from './language.ts';

const samples: Array<[string, string]> = [
  ['ar', 'نحن محاصرون في المبنى ولا يوجد ماء، نحتاج إلى مساعدة عاجلة'],
  ['am', 'እባካችሁ እርዱን። በካርቱም ውስጥ ተይዘናል፣ ውሃ እና ምግብ የለንም፣ ከእኛ ጋር ትናንሽ ልጆች አሉ።'],
  ['ti', 'ኣብዚ ተዓጊትና ኣለና፣ ማይ የብልናን ቆልዑ ኣለዉና'],
  ['so', 'Waxaan u baahanahay biyo iyo cunto, carruur ayaa nala jira oo aad u daallan'],
  ['fr', "Nous sommes bloqués près du pont, il n'y a plus d'eau et les enfants ont peur"],
  ['es', 'Estamos atrapados cerca del puente, no hay agua y los niños tienen miedo'],
  ['en', 'We are trapped near the bridge, there is no water and the children are scared'],
  ['sw', 'Tumekwama karibu na daraja, hakuna maji na watoto wanaogopa sana'],
  ['ru', 'Мы застряли возле моста, нет воды, и дети очень напуганы'],
  ['uk', 'Ми застрягли біля мосту, немає води, і діти дуже налякані'],
  ['bn', 'আমরা সেতুর কাছে আটকে আছি, পানি নেই এবং শিশুরা ভয় পাচ্ছে'],
  ['ur', 'ہم پل کے قریب پھنسے ہوئے ہیں، پانی نہیں ہے اور بچے ڈرے ہوئے ہیں'],
  ['ht', 'Nou bloke toupre pon an, pa gen dlo epi timoun yo pè anpil'],
];

describe('language detection', () => {
  for (const [language, text] of samples) {
    test(`${language}: ${text.slice(0, 30)}...`, () => {
      assert.equal(detectLanguage(text).language, language);
    });
  }

  test('Arabic written in Latin letters is Arabic', () => {
    assert.ok(looksLikeArabizi('ana fi khartoum, mafi moya w 3ayzin musa3da'));
    assert.equal(detectLanguage('ana fi khartoum, mafi moya w 3ayzin musa3da').language, 'ar');
    assert.ok(!looksLikeArabizi('We are 20 people in the school'));
  });

  test('too little text is undetermined, with its script', () => {
    const guess = detectLanguage('🆘 ok');
    assert.equal(guess.language, 'und');
    assert.equal(dominantScript('ሰላም'), 'Ethi');
  });

  test("a close call goes to the sender's previous language", () => {
    const text = 'help water';
    const without = detectLanguage(text);
    const withPrior = detectLanguage(text, { prior: ['sw'] });
    assert.ok(withPrior.language === 'sw' || withPrior.language === without.language);
    assert.equal(detectLanguage('Tumekwama karibu na daraja, hakuna maji', { prior: ['en'] }).language, 'sw', 'a clear answer is not overridden');
  });
});
