import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blockingKeys, candidatePairs, compareNames, comparePeople, defaultModel, estimateModel, normaliseName, type PersonForMatching } from './index.ts';
import { BatchLinker } from './batch.ts';

const person = (id: string, name: string, more: Partial<PersonForMatching> = {}): PersonForMatching => ({ id, names: [name], ...more });
const shareKey = (a: PersonForMatching, b: PersonForMatching): boolean => blockingKeys(a).some((k) => blockingKeys(b).includes(k));

describe('normaliseName', () => {
  test('folds case, diacritics, honorifics and particles', () => {
    assert.deepEqual(normaliseName('Dr. José  MARÍA').tokens, ['jose', 'maria']);
    assert.deepEqual(normaliseName('Sheikh Abdul Rahman bin Mohammed').latin, [['abdrahman'], ['mohammed']]);
    assert.deepEqual(normaliseName('Abd al-Rahman').latin, [['abdrahman']]);
    assert.deepEqual(normaliseName('Abderrahmane').latin, [['abdrahmane']]);
    assert.deepEqual(normaliseName('عبد الرحمن').latin[0]?.[0], 'bdrhmn');
  });

  test('gives Latin forms for Arabic, Cyrillic, Ge\'ez, Devanagari and Bengali, more than one where packages differ', () => {
    const cases = ['محمد', 'Мухаммед', 'ሙሐመድ', 'मोहम्मद', 'মোহাম্মদ'];
    for (const c of cases) {
      const forms = normaliseName(c).latin[0] ?? [];
      assert.ok(forms.length >= 1 && forms.every((f) => /^[a-z]+$/.test(f)), `${c}: ${forms.join(',')}`);
      assert.ok(forms.some((f) => f.startsWith('m')), `${c}: ${forms.join(',')}`);
    }
    assert.ok((normaliseName('Мухаммед').latin[0] ?? []).length >= 2, 'two romanisations of Cyrillic');
  });
});

describe('comparePeople', () => {
  const variants = ['Mohammed Abdelrahman', 'محمد عبد الرحمن', 'Mohamed Abdel Rahman', 'Abderrahmane Mohamed'];
  const people = variants.map((n, i) => person(String(i), n, { birthYear: 1991, sex: 'male' }));

  test('the four spellings of Mohammed Abdelrahman match each other and share a blocking key', () => {
    for (const a of people) {
      for (const b of people) {
        const r = comparePeople(a, b);
        assert.ok(r.probability > 0.8, `${a.names[0]} vs ${b.names[0]}: ${r.probability}`);
        assert.ok(shareKey(a, b), `${a.names[0]} vs ${b.names[0]} share no key`);
      }
    }
  });

  test('a Cyrillic and an Amharic record match their Latin spelling', () => {
    const pairs: Array<[string, string]> = [['Александр Иванов', 'Aleksandr Ivanov'], ['ቴዎድሮስ ገብረመድህን', 'Tewodros Gebremedhin'], ['Абдурахман Мухаммед', 'Mohammed Abdelrahman']];
    for (const [x, y] of pairs) {
      const a = person('a', x, { birthYear: 1985 });
      const b = person('b', y, { birthYear: 1985 });
      const r = comparePeople(a, b);
      assert.notEqual(r.fields.find((f) => f.field === 'name')?.outcome, 'disagree', `${x} vs ${y}`);
      assert.ok(r.probability > 0.8, `${x} vs ${y}: ${r.probability}`);
      assert.ok(shareKey(a, b), `${x} vs ${y} share no key`);
    }
  });

  test('disagreeing birth years lower the score but do not kill a match', () => {
    const a = person('a', 'Mohammed Abdelrahman', { birthYear: 1991, sex: 'male', places: ['Khartoum'] });
    const same = comparePeople(a, person('b', 'Mohamed Abdel Rahman', { birthYear: 1991, sex: 'male', places: ['Khartoum'] }));
    const off = comparePeople(a, person('c', 'Mohamed Abdel Rahman', { birthYear: 1985, sex: 'male', places: ['Khartoum'] }));
    assert.ok(off.score < same.score);
    assert.ok(off.score > 0, `score ${off.score}`);
    assert.equal(off.fields.find((f) => f.field === 'birthYear')?.outcome, 'disagree');
  });

  test('different people do not match', () => {
    const pairs: Array<[string, string]> = [['Mohammed Abdelrahman', 'Ahmed Hassan'], ['Hamid Hussein', 'Ahmed Hussein'], ['Aleksandr Ivanov', 'Tewodros Gebremedhin'], ['Fatima Zahra', 'Khadija Yusuf']];
    for (const [x, y] of pairs) {
      const r = comparePeople(person('a', x, { birthYear: 1990, sex: 'female' }), person('b', y, { birthYear: 1972, sex: 'female' }));
      assert.ok(r.probability < 0.1, `${x} vs ${y}: ${r.probability}`);
    }
  });

  test('the explanation lists every field with its outcome and weight, and the weights add up to the score', () => {
    const r = comparePeople(person('a', 'Amina Yusuf', { birthDate: '1990-04-02', sex: 'female', places: ['Kassala'], country: 'SD' }), person('b', 'Amina Youssef', { birthDate: '1990-02-04', sex: 'female', places: ['Kasala'], country: 'ER' }));
    const byField = Object.fromEntries(r.fields.map((f) => [f.field, f]));
    assert.equal(byField.sex?.outcome, 'exact');
    assert.equal(byField.birthDate?.outcome, 'close');
    assert.equal(byField.country?.outcome, 'disagree');
    assert.ok((byField.country?.weight ?? 0) < 0);
    assert.ok((byField.sex?.weight ?? 0) > 0);
    assert.ok(byField.name?.detail.includes('amina'));
    assert.ok(Math.abs(r.fields.reduce((s, f) => s + f.weight, 0) - r.score) < 0.01);
  });

  test('given and family names swapped still agree', () => {
    const r = comparePeople(person('a', 'neumann michaela', { givenName: 'neumann', familyName: 'michaela' }), person('b', 'michaela neumann', { givenName: 'michaela', familyName: 'neumann' }));
    assert.deepEqual(r.fields.filter((f) => f.field.endsWith('Name')).map((f) => f.outcome), ['exact', 'exact']);
  });
});

describe('estimateModel', () => {
  test('EM learns from unlabelled records that a name agreement weighs more than a sex agreement', () => {
    const first = ['amina', 'fatima', 'yusuf', 'omar', 'hassan', 'layla', 'samir', 'nadia', 'karim', 'salma', 'tariq', 'huda'];
    const last = ['haddad', 'nasser', 'khalil', 'mansour', 'saleh', 'farah', 'jaber', 'darwish', 'bakri', 'qasim'];
    const people: PersonForMatching[] = [];
    let n = 0;
    for (const f of first) {
      for (const l of last) {
        const year = 1950 + ((n * 7) % 50);
        const sex = n % 2 === 0 ? 'female' : 'male';
        people.push(person(`p${n}`, `${f} ${l}`, { birthYear: year, sex }));
        if (n % 3 === 0) people.push(person(`p${n}d`, `${l} ${f}${n % 2 === 0 ? 'h' : ''}`, { birthYear: year + (n % 5 === 0 ? 1 : 0), sex }));
        n += 1;
      }
    }
    const model = estimateModel(people, { maxPairs: 5000, seed: 1 });
    assert.match(model.source, /^em:/);
    const w = (field: string, level: 'exact' | 'close') => Math.log2((model.fields[field]?.m[level] ?? 0) / (model.fields[field]?.u[level] ?? 1));
    assert.ok(w('name', 'exact') > w('sex', 'exact') + 3, JSON.stringify(model.fields));
    assert.ok(w('birthYear', 'exact') > 0);
    assert.ok(model.prior > 0 && model.prior < 1);
    assert.deepEqual(JSON.parse(JSON.stringify(model)), model);
    assert.notDeepEqual(model.fields.name, defaultModel().fields.name);
  });
});

describe('blocking and name search', () => {
  test('keys are short and few, and unrelated people share none', () => {
    const a = person('a', 'Mohammed Abdelrahman Ali', { birthDate: '1990-04-02', places: ['Khartoum'], extra: { documentNumber: 'P1234567' } });
    const keys = blockingKeys(a);
    assert.ok(keys.length > 3 && keys.length <= 60, `${keys.length} keys`);
    assert.ok(keys.every((k) => k.length <= 40), keys.join(' '));
    assert.ok(keys.includes('x:documentNumber:p1234567'));
    const others = [person('b', 'Aleksandr Ivanov', { birthDate: '1975-11-30' }), person('c', 'Tewodros Gebremedhin', { birthYear: 1962 }), person('d', 'Fatima Zahra')];
    assert.deepEqual(candidatePairs([a, ...others]), []);
    assert.deepEqual(candidatePairs([a], [person('e', 'محمد عبد الرحمن', { birthYear: 1990 })]), [[0, 0]]);
  });

  test('compareNames ranks the same name in another script above a different name', () => {
    assert.ok(compareNames('Иванов', 'Ivanov') > 0.9);
    assert.ok(compareNames('Иванов', 'Ivanov') > compareNames('Иванов', 'Petrov') + 0.3);
    assert.ok(compareNames('يوسف', 'Youssef') > compareNames('يوسف', 'Khalid') + 0.3);
    assert.ok(compareNames('Abderrahmane Mohamed', 'Mohammed Abdelrahman') > 0.9);
  });
});

describe('batch linkage', () => {
  test('BatchLinker finds, in worker threads, the pairs comparePeople puts above the threshold, each once, with its score', async () => {
    const people: PersonForMatching[] = [
      person('0', 'Mohammed Abdelrahman', { birthYear: 1991, sex: 'male', places: ['Khartoum'] }),
      person('1', 'محمد عبد الرحمن', { birthYear: 1991, sex: 'male' }),
      person('2', 'Abderrahmane Mohamed', { birthYear: 1990, sex: 'male', givenName: 'Abderrahmane', familyName: 'Mohamed' }),
      person('3', 'Mohamed Abdel Rahman', { birthYear: 1985, sex: 'male', country: 'SD', extra: { documentNumber: 'P1234567' } }),
      person('4', 'Amina Yusuf', { birthDate: '1990-04-02', sex: 'female', places: ['Kassala'] }),
      person('5', 'Amina Youssef', { birthDate: '1990-02-04', sex: 'female', places: ['Kasala'] }),
      person('6', 'Aleksandr Ivanov', { birthYear: 1975 }),
      person('7', 'Александр Иванов', { birthYear: 1975 }),
      person('8', 'Hamid Hussein', { birthYear: 1990, sex: 'male' }),
      person('9', 'Ahmed Hussein', { birthYear: 1990, sex: 'male', extra: { documentNumber: 'P1234567' } }),
    ];
    const model = defaultModel();
    const expected = new Map<string, number>();
    for (const [i, j] of candidatePairs(people)) {
      const r = comparePeople(people[i] as PersonForMatching, people[j] as PersonForMatching, model);
      if (r.probability >= 0.5) expected.set(`${i}-${j}`, r.score);
    }
    assert.ok(expected.size >= 5, `${expected.size} expected pairs`);
    const linker = new BatchLinker();
    for (const p of people) linker.add(p);
    const found = new Map<string, number>();
    const result = await linker.link({
      model, threshold: 0.5, workers: 2,
      onPairs: (chunk) => chunk.left.forEach((i, k) => {
        const id = `${i}-${chunk.right[k]}`;
        assert.ok(!found.has(id), `${id} reported twice`);
        found.set(id, chunk.scores[k] as number);
      }),
    });
    assert.deepEqual(Object.fromEntries([...found].sort()), Object.fromEntries([...expected].sort()));
    assert.equal(result.pairs, expected.size);
    assert.equal(result.comparisons, candidatePairs(people).length);
    assert.ok(linker.blockedTogether(0, 1));
    assert.ok(!linker.blockedTogether(0, 6));
  });

  test('a name-pair block larger than maxBlock is split by birth year; years one apart still meet, slices still too large are skipped', async () => {
    const linker = new BatchLinker();
    const years = [1950, 1951, 1980, 1983, 1990, 1990];
    years.forEach((birthYear, i) => linker.add(person(String(i), 'Fatima Haddad', { birthYear })));
    const result = await linker.link({ model: defaultModel(), threshold: 0.5, maxBlock: 3, workers: 1 });
    assert.ok(result.splitBlocks >= 1, 'the name pair is split');
    assert.ok(linker.blockedTogether(0, 1), '1950 and 1951 share a slice');
    assert.ok(linker.blockedTogether(4, 5), 'the same year shares a slice');
    assert.ok(!linker.blockedTogether(2, 3), '1980 and 1983 do not');
    assert.ok(!linker.blockedTogether(0, 4));
    assert.equal(result.comparisons, 2);

    const crowded = new BatchLinker();
    for (let i = 0; i < 6; i += 1) crowded.add(person(String(i), 'Fatima Haddad', { birthYear: 1970 }));
    const skipped = await crowded.link({ model: defaultModel(), threshold: 0.5, maxBlock: 3, workers: 1 });
    assert.ok(skipped.skippedBlocks >= 1);
    assert.ok(skipped.skippedPairs >= 15);
    assert.equal(skipped.comparisons, 0);
    assert.equal(skipped.records, 6);
  });
});
