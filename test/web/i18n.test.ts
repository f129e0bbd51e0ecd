/**
 * The console's catalogues (web/src/i18n/messages): every shipped language has every English string, each message is
 * valid ICU MessageFormat with the same arguments as the English one, and Arabic plurals give all six forms.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { ar } from '../../web/src/i18n/messages/ar.ts';
import { en } from '../../web/src/i18n/messages/en.ts';
import { es } from '../../web/src/i18n/messages/es.ts';
import { fr } from '../../web/src/i18n/messages/fr.ts';

const shipped: Record<string, Record<string, string>> = { fr, ar, es };

function walk(elements: MessageFormatElement[], visit: (e: MessageFormatElement) => void): void {
  for (const e of elements) {
    visit(e);
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const option of Object.values(e.options)) walk(option.value, visit);
    if (e.type === TYPE.tag) walk(e.children, visit);
  }
}

function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  walk(parse(message), (e) => {
    if (e.type !== TYPE.literal && e.type !== TYPE.pound && 'value' in e && typeof e.value === 'string') names.add(e.value);
  });
  return [...names].sort();
}

describe('console translations', () => {
  for (const [language, catalogue] of Object.entries(shipped)) {
    test(`${language} has every English string, none empty, and none extra`, () => {
      assert.deepEqual(Object.keys(en).filter((k) => !(k in catalogue)), [], `missing in ${language}`);
      assert.deepEqual(Object.keys(catalogue).filter((k) => !(k in en)), [], `not in English (${language})`);
      assert.deepEqual(Object.entries(catalogue).filter(([, v]) => v.trim() === '').map(([k]) => k), [], `empty in ${language}`);
    });

    test(`${language} messages are valid ICU with the same arguments as English`, () => {
      const problems: string[] = [];
      for (const [key, message] of Object.entries(catalogue)) {
        try {
          const mine = argumentsOf(message);
          const english = argumentsOf(en[key as keyof typeof en]);
          if (mine.join() !== english.join()) problems.push(`${key}: {${mine.join(', ')}} instead of {${english.join(', ')}}`);
        } catch (error) {
          problems.push(`${key}: ${(error as Error).message}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  test('every plural gives "other", and Arabic plurals give every form Arabic has', () => {
    const problems: string[] = [];
    const arabicForms = new Intl.PluralRules('ar').resolvedOptions().pluralCategories;
    for (const [language, catalogue] of Object.entries({ en, ...shipped })) {
      for (const [key, message] of Object.entries(catalogue)) {
        walk(parse(message), (e) => {
          if (e.type !== TYPE.plural) return;
          const options = Object.keys(e.options);
          if (!options.includes('other')) problems.push(`${language} ${key}: no "other"`);
          if (language === 'ar') {
            const missing = arabicForms.filter((form) => !options.includes(form) && !(form === 'zero' && options.includes('=0')));
            if (missing.length) problems.push(`ar ${key}: missing ${missing.join(', ')}`);
          }
        });
      }
    }
    assert.deepEqual(problems, []);
  });
});
