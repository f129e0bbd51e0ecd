import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  findHashtagRow, HXL_CORE_ATTRIBUTES, HXL_CORE_HASHTAGS, hxlTable, isCoreAttribute, normaliseTagSpec, NUMERIC_HASHTAGS, parseTagSpec,
  suppressSmallCounts, toCsv, validateTagSpec,
} from './hxl.ts';

describe('parseTagSpec', () => {
  test('case, whitespace, attribute order and repeats do not matter', () => {
    const expected = { hashtag: 'inneed', attributes: ['f', 'refugees'] };
    for (const spec of ['#inneed +refugees +f', '#inneed+f+refugees', '  #InNeed + F +REFUGEES +f ', '#inneed\t+refugees\n+f']) {
      assert.deepEqual(parseTagSpec(spec), expected, spec);
    }
  });

  test('a bare hashtag has no attributes', () => {
    assert.deepEqual(parseTagSpec('#adm1'), { hashtag: 'adm1', attributes: [] });
  });

  test('returns null for things that are not tag specs', () => {
    for (const spec of ['', 'org', '# org', '#1org', '#org+', '#org +1f', '#org+f-m', '#org name', '#ör', '#\u212Aey', 'People reached (women)', '#']) {
      assert.equal(parseTagSpec(spec), null, spec);
    }
  });
});

describe('normaliseTagSpec', () => {
  test('lower case, no spaces, attributes sorted and de-duplicated', () => {
    assert.equal(normaliseTagSpec(' #Affected +F +children +f'), '#affected+children+f');
    assert.equal(normaliseTagSpec('#inneed +refugees +f'), normaliseTagSpec('#inneed+f+refugees'));
    assert.equal(normaliseTagSpec('#ORG'), '#org');
  });

  test('throws an error naming the bad spec', () => {
    assert.throws(() => normaliseTagSpec('affected+f'), (error: Error) => error.message.includes('"affected+f"'));
  });
});

describe('vocabulary', () => {
  test('core hashtags and attributes from the 1.1 dictionary, numeric hashtags', () => {
    for (const tag of ['adm5', 'respondee', 'modality', 'severity', 'meta', 'frequency']) assert.ok(HXL_CORE_HASHTAGS.has(tag), tag);
    for (const attribute of ['i', 'elderly', 'idps', 'programme', 'converted', 'elevation', 'source']) assert.ok(HXL_CORE_ATTRIBUTES.has(attribute), attribute);
    assert.equal(HXL_CORE_HASHTAGS.has('x_risk'), false);
    assert.equal(HXL_CORE_ATTRIBUTES.has('migrants'), false);
    assert.deepEqual([...NUMERIC_HASHTAGS].sort(), ['affected', 'inneed', 'population', 'reached', 'targeted', 'value']);
  });

  test('language attributes are core by pattern', () => {
    assert.ok(isCoreAttribute('i_en'));
    assert.ok(isCoreAttribute('i_ara'));
    assert.equal(isCoreAttribute('i_english'), false);
    assert.equal(isCoreAttribute('migrants'), false);
  });
});

describe('validateTagSpec', () => {
  test('accepts core hashtags with core, language or custom attributes, and #x_ custom hashtags', () => {
    for (const spec of ['#affected+migrants', '#org+name+i_fr', '#reached+m+children', '#x_risk+level', '#date+updated', '#ADM1 +Code']) {
      assert.equal(validateTagSpec(spec), null, spec);
    }
  });

  test('rejects a non-core hashtag with the message naming it', () => {
    assert.equal(validateTagSpec('#foo+f'), '#foo is not an HXL 1.1 core hashtag; custom hashtags start with #x_');
    assert.match(validateTagSpec('#x_')!, /#x_ is not an HXL 1.1 core hashtag/);
  });

  test('rejects a malformed spec with the message naming it', () => {
    assert.match(validateTagSpec('#org+')!, /^"#org\+" is not an HXL tag spec/);
  });
});

describe('findHashtagRow', () => {
  const tags = ['#org+name', '#adm1+code', '#reached+f', ''];
  const data = ['IOM', 'XY01', '120', ''];

  test('no header rows', () => {
    assert.equal(findHashtagRow([tags, data]), 0);
  });

  test('two and three header rows', () => {
    assert.equal(findHashtagRow([['Organisation', 'P-code', 'Reached'], ['', '', 'women'], tags, data]), 2);
    assert.equal(findHashtagRow([['3W report'], [], ['Organisation', 'P-code', 'Reached'], tags, data]), 3);
  });

  test('no hashtag row, and a row with only half its cells tagged is not one', () => {
    assert.equal(findHashtagRow([['Organisation', 'Reached'], data]), -1);
    assert.equal(findHashtagRow([['#org', 'Reached'], ['', '', ''], []]), -1);
    assert.equal(findHashtagRow([]), -1);
  });

  test('more than half tagged is enough; only the first maxScan rows are scanned', () => {
    assert.equal(findHashtagRow([['#org', '#adm1', 'notes'], data]), 0);
    const headers = Array.from({ length: 24 }, (_, i) => [`Header ${i}`]);
    assert.equal(findHashtagRow([...headers, tags]), 24);
    assert.equal(findHashtagRow([...headers, ['x'], tags]), -1);
    assert.equal(findHashtagRow([...headers, ['x'], tags], 26), 25);
  });
});

describe('hxlTable', () => {
  test('header row, normalised hashtag row, data as strings', () => {
    const table = hxlTable(
      [{ header: 'Admin 1 P-code', tag: '#adm1 +code' }, { header: 'Affected migrants', tag: '#Affected +Migrants' }, { header: 'Note', tag: '' }],
      [['XY01', 12, null], ['XY02', 0, 'ok']],
    );
    assert.deepEqual(table, [
      ['Admin 1 P-code', 'Affected migrants', 'Note'],
      ['#adm1+code', '#affected+migrants', ''],
      ['XY01', '12', ''],
      ['XY02', '0', 'ok'],
    ]);
    assert.equal(findHashtagRow(table), 1);
  });

  test('throws on an invalid tag, a ragged row or a non-finite number', () => {
    assert.throws(() => hxlTable([{ header: 'Risk', tag: '#risk' }], []), /#risk is not an HXL 1\.1 core hashtag/);
    assert.throws(() => hxlTable([{ header: 'Org', tag: 'org' }], []), /"org" is not an HXL tag spec/);
    assert.throws(() => hxlTable([{ header: 'Org', tag: '#org' }], [['a', 'b']]), /row 0 has 2 cells/);
    assert.throws(() => hxlTable([{ header: 'N', tag: '#affected' }], [[Number.NaN]]), /NaN/);
  });
});

describe('suppressSmallCounts', () => {
  test('0 stays 0, 1 to 4 become <5, 5 stays 5, other columns and non-numbers untouched', () => {
    const rows = [['XY01', 0, 3, 3], ['XY02', 5, '4', 'n/a'], ['XY03', 1, null, ''], ['XY04', 4.5, ' 2 ', '<5']];
    const before = structuredClone(rows);
    assert.deepEqual(suppressSmallCounts(rows, [1, 2]), [['XY01', 0, '<5', 3], ['XY02', 5, '<5', 'n/a'], ['XY03', '<5', null, ''], ['XY04', '<5', '<5', '<5']]);
    assert.deepEqual(rows, before, 'input rows are not modified');
  });

  test('threshold and marker can be changed; negatives are not counts', () => {
    assert.deepEqual(suppressSmallCounts([[9, 10, -3]], [0, 1, 2], 10), [['<10', 10, -3]]);
    assert.deepEqual(suppressSmallCounts([[2]], [0], 5, 'suppressed'), [['suppressed']]);
  });
});

describe('toCsv', () => {
  test('CRLF line ends; quotes cells with comma, quote, CR or LF; leaves others bare', () => {
    assert.equal(toCsv([['a', 'b,c'], ['say "hi"', 'x\ny', 'p\rq', '']]), 'a,"b,c"\r\n"say ""hi""","x\ny","p\rq",\r\n');
    assert.equal(toCsv([]), '');
  });

  test('formula-injection defence: leading = + - @ tab CR get an apostrophe, plain numbers do not', () => {
    const row = ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx', '\uFF1Dx', '-3.5', '+7', '-1e3', '12', 'a=b'];
    assert.equal(toCsv([row]), `'=1+1,'+cmd,'-2+3,'@SUM(A1),'\tx,"'\rx",'\uFF1Dx,-3.5,+7,-1e3,12,a=b\r\n`);
  });

  test('an escaped cell that also needs quoting is quoted after escaping', () => {
    assert.equal(toCsv([['=HYPERLINK("http://x","y")']]), `"'=HYPERLINK(""http://x"",""y"")"\r\n`);
  });

  test('the hashtag row of an hxlTable is written unchanged', () => {
    const table = hxlTable([{ header: 'Reached (women)', tag: '#reached +f' }, { header: 'Change', tag: '#x_change' }], [[120, '-3.5'], [3, '-x']]);
    assert.equal(toCsv(table), "Reached (women),Change\r\n#reached+f,#x_change\r\n120,-3.5\r\n3,'-x\r\n");
  });
});
