/** Messages written by the project, one per language the shipped model must read. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchNeeds } from './lexicon.ts';
import { assessUrgency } from './urgency.ts';

const cases: Array<{ language: string; text: string; needs: string[]; urgency: 'high' | 'medium' | 'low' }> = [
  { language: 'en', text: 'We are 12 people trapped under the rubble, 3 children, one is bleeding', needs: ['search_and_rescue', 'medical'], urgency: 'high' },
  { language: 'fr', text: "Nous sommes bloqués, plus d'eau ni de nourriture, il y a des enfants", needs: ['water', 'food', 'search_and_rescue'], urgency: 'high' },
  { language: 'ar', text: 'نحن محاصرون في بحري ولا يوجد ماء، معنا طفل مريض', needs: ['search_and_rescue', 'water', 'medical'], urgency: 'high' },
  { language: 'es', text: 'Necesitamos agua y comida, estamos en el refugio', needs: ['water', 'food', 'shelter'], urgency: 'medium' },
  { language: 'ht', text: 'Nou pa gen dlo, nou grangou anpil', needs: ['water', 'food'], urgency: 'medium' },
  { language: 'sw', text: 'Tumekwama, hakuna maji na chakula', needs: ['search_and_rescue', 'water', 'food'], urgency: 'high' },
  { language: 'so', text: 'Waxaan u baahanahay biyo iyo cunto', needs: ['water', 'food'], urgency: 'medium' },
  { language: 'am', text: 'ፓስፖርታችን በአሰሪያችን ተይዟል፣ ምግብ የለንም', needs: ['documents', 'food'], urgency: 'medium' },
  { language: 'ti', text: 'ሓደ ቆልዓ ተጎዲኡ ሓኪም የድልየና', needs: ['medical'], urgency: 'high' },
  { language: 'ru', text: 'Нам нужна эвакуация, здесь обстрел', needs: ['evacuation', 'security'], urgency: 'high' },
  { language: 'uk', text: 'Мого брата затримали, він у в\'язниці', needs: ['detention'], urgency: 'medium' },
  { language: 'fa', text: 'پاسپورت من را گرفتند و پول ندارم', needs: ['documents', 'money'], urgency: 'low' },
  { language: 'ur', text: 'ہمیں پانی اور کھانا چاہیے، بچے بیمار ہیں', needs: ['water', 'food', 'medical'], urgency: 'high' },
  { language: 'bn', text: 'আমার ভাই নিখোঁজ, কোথায় খুঁজব?', needs: ['missing_person', 'information'], urgency: 'medium' },
  { language: 'ps', text: 'موږ ته اوبه او خواړه پکار دي', needs: ['water', 'food'], urgency: 'medium' },
];

describe('the shipped lexicon model', () => {
  for (const c of cases) {
    test(`${c.language}: ${c.text.slice(0, 40)}`, () => {
      const found = matchNeeds(c.text).map((m) => m.need);
      for (const need of c.needs) assert.ok(found.includes(need as never), `${need} in ${JSON.stringify(found)}`);
      assert.equal(assessUrgency(c.text, found).urgency, c.urgency);
    });
  }

  test('the reason names what was found', () => {
    const text = 'We are trapped and my son is injured';
    const { urgency, reasons } = assessUrgency(text, matchNeeds(text).map((m) => m.need));
    assert.equal(urgency, 'high');
    assert.ok(reasons.includes('trapped people'));
    assert.ok(reasons.includes('injuries'));
  });

  test('ordinary words are not needs', () => {
    assert.deepEqual(matchNeeds('Thank you, have a good day').map((m) => m.need), []);
    assert.equal(assessUrgency('Thank you, have a good day', []).urgency, 'low');
  });
});
