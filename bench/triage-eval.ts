/**
 * Triage quality on the HELD-OUT rows of ../shared/eval-data (aggregates only, never rows).
 * Language detection on udhr-langid (migrant-language subset), Lifeline's detector beside franc on the same rows;
 * needs on disaster-response for (a) the shipped lexicon model, untrained on this data, and (b) the linear model trained
 * on the dev rows; informativeness on the 7 crisislex-t26 events held out whole, with the same method trained on the
 * 19 dev events.
 *   node --import tsx bench/triage-eval.ts
 */
import { franc } from 'franc-all';
import { macroLanguage } from '../src/features/triage/language-codes.ts';
import { detectLanguage } from '../src/features/triage/language.ts';
import { writeResult } from './lib/report.ts';
import { loadUdhrMigrantParagraphs } from './lib/udhr.ts';
import { disasterLabels, f1Scores, loadDisasterResponse, needToLabels } from './lib/disaster-response.ts';
import { featurize, type LinearModel, predict, train } from '../src/features/triage/linear-model.ts';
import { informationTypes, loadCrisisLex, macroF1 } from './lib/crisislex.ts';
import { matchNeeds } from '../src/features/triage/lexicon.ts';

const rows = loadUdhrMigrantParagraphs('heldout');

function score(detect: (text: string) => string) {
  let full = 0;
  let short = 0;
  for (const row of rows) {
    if (detect(row.text) === row.lang) full += 1;
    if (detect(row.text.slice(0, 40)) === row.lang) short += 1;
  }
  return { paragraphAccuracy: Number((full / rows.length).toFixed(4)), short40Accuracy: Number((short / rows.length).toFixed(4)) };
}

const ours = score((t) => detectLanguage(t).language);
const francScores = score((t) => macroLanguage(franc(t, { minLength: 3 })));
console.log(`udhr-langid held-out, migrant subset (${rows.length} paragraphs, ${new Set(rows.map((r) => r.lang)).size} languages):`);
console.log(`  Lifeline detectLanguage: paragraphs ${ours.paragraphAccuracy}, first 40 characters ${ours.short40Accuracy}`);
console.log(`  franc (all languages):   paragraphs ${francScores.paragraphAccuracy}, first 40 characters ${francScores.short40Accuracy}`);

// disaster-response (a): the shipped lexicon model, no training on this data; its needs mapped to the 35 labels.
const aidNeeds = new Set(['water', 'food', 'shelter', 'medical', 'search_and_rescue', 'security', 'money', 'evacuation', 'missing_person', 'death', 'detention', 'documents']);
const lexiconNeeds = loadDisasterResponse('heldout').map((r) => matchNeeds(`${r.message} ${r.original}`).map((m) => m.need));
const shippedLabels = (found: string[]): Set<string> => {
  const labels = new Set(found.flatMap((n) => needToLabels[n] ?? []));
  if (found.length > 0) labels.add('related');
  if (found.some((n) => aidNeeds.has(n))) {
    labels.add('aid_related');
    labels.add('request');
  }
  return labels;
};
const shippedPredicted = lexiconNeeds.map(shippedLabels);

// disaster-response (b): the linear model trained on every dev row, scored on the held-out rows.
const dev = loadDisasterResponse('dev');
const heldout = loadDisasterResponse('heldout');
const trainStart = performance.now();
const lifeSafety = ['search_and_rescue', 'medical_help', 'security', 'missing_people'];
const model = train(dev.map((r) => ({ text: `${r.message} ${r.original}`, labels: r.labels })), disasterLabels, { recallFirst: lifeSafety });
const trainSeconds = (performance.now() - trainStart) / 1000;
const predictStart = performance.now();
const predicted = heldout.map((r) => {
  const labels = new Set(predict(model, `${r.message} ${r.original}`).map((p) => p.label));
  if (labels.size > 0) labels.add('related');
  return labels;
});
const perSecond = heldout.length / ((performance.now() - predictStart) / 1000);
const trained = f1Scores(heldout.map((r) => r.labels), predicted, disasterLabels);
// (c) What a deployment's first pass gives: the shipped lexicon's needs added to the trained model's (triageText).
const firstPass = f1Scores(heldout.map((r) => r.labels), heldout.map((r, i) => {
  const labels = new Set([...(predicted[i] as Set<string>), ...(lexiconNeeds[i] as string[]).flatMap((n) => needToLabels[n] ?? [])]);
  if (labels.size > 0) labels.add('related');
  return labels;
}), disasterLabels);
// (d) The multilingual claim: the same two models on the original text alone (mostly Haitian Creole) of the held-out
// rows sent directly, as the eval data's README suggests.
const direct = heldout.filter((r) => r.genre === 'direct' && r.original.trim() !== '' && r.original.trim() !== r.message.trim());
const directGold = direct.map((r) => r.labels);
const withRelated = (labels: Set<string>): Set<string> => (labels.size > 0 ? labels.add('related') : labels);
const originalTrained = f1Scores(directGold, direct.map((r) => withRelated(new Set(predict(model, r.original).map((p) => p.label)))), disasterLabels);
const originalShipped = f1Scores(directGold, direct.map((r) => shippedLabels(matchNeeds(r.original).map((m) => m.need))), disasterLabels);
const originalLexiconNeeds = f1Scores(directGold, direct.map((r) => new Set(matchNeeds(r.original).flatMap((m) => needToLabels[m.need] ?? []))), Object.values(needToLabels).flat());
const firstPassRecall = Object.fromEntries(lifeSafety.map((l) => [l, Number((firstPass.perLabel[l]?.recall ?? 0).toFixed(4))]));
const shipped = f1Scores(heldout.map((r) => r.labels), shippedPredicted, disasterLabels);
const recall = Object.fromEntries(lifeSafety.map((l) => [l, Number((trained.perLabel[l]?.recall ?? 0).toFixed(4))]));
const shippedRecall = Object.fromEntries(lifeSafety.map((l) => [l, Number((shipped.perLabel[l]?.recall ?? 0).toFixed(4))]));
console.log(`disaster-response held-out, shipped lexicon model (no training on this data): micro-F1 ${shipped.microF1.toFixed(3)}, macro-F1 ${shipped.macroF1.toFixed(3)}; recall ${JSON.stringify(shippedRecall)}`);
console.log(`disaster-response held-out (${heldout.length} rows, 35 labels), linear model on character n-grams trained on ${dev.length} dev rows in ${trainSeconds.toFixed(1)} s:`);
console.log(`  micro-F1 ${trained.microF1.toFixed(3)}, macro-F1 ${trained.macroF1.toFixed(3)}; recall ${JSON.stringify(recall)}; ${perSecond.toFixed(0)} messages/s on one core`);
console.log(`  with the shipped lexicon's needs added (the product's first pass): micro-F1 ${firstPass.microF1.toFixed(3)}, macro-F1 ${firstPass.macroF1.toFixed(3)}; recall ${JSON.stringify(firstPassRecall)}`);
console.log(`  original text only (${direct.length} held-out rows sent directly, mostly Haitian Creole): trained micro-F1 ${originalTrained.microF1.toFixed(3)}, macro-F1 ${originalTrained.macroF1.toFixed(3)}; shipped lexicon micro-F1 ${originalShipped.microF1.toFixed(3)}, on its ${Object.values(needToLabels).flat().length} need labels alone ${originalLexiconNeeds.microF1.toFixed(3)}`);

// crisislex-t26: informative or not, and the 6 information types, on 7 events the model never saw.
const clDev = loadCrisisLex('dev');
const clHeldout = loadCrisisLex('heldout');
const probability = (m: LinearModel, l: number, text: string): number => {
  const x = featurize(text, m.dimensions);
  let z = m.biases[l] as number;
  for (let i = 0; i < x.index.length; i += 1) z += (m.weights[l] as Float32Array)[x.index[i] as number]! * (x.value[i] as number);
  return 1 / (1 + Math.exp(-z));
};
const informativeModel = train(clDev.map((r) => ({ text: r.text, labels: new Set(r.informative ? ['informative'] : []) })), ['informative']);
const informative = macroF1(clHeldout.map((r) => (r.informative ? 'informative' : 'other')), clHeldout.map((r) => (probability(informativeModel, 0, r.text) >= informativeModel.thresholds[0]! ? 'informative' : 'other')));
const typedDev = clDev.filter((r) => r.type !== undefined);
const typedHeldout = clHeldout.filter((r) => r.type !== undefined);
const typeModel = train(typedDev.map((r) => ({ text: r.text, labels: new Set([r.type as string]) })), informationTypes);
const typeOf = (text: string): string => informationTypes[informationTypes.map((_, l) => probability(typeModel, l, text)).reduce((best, p, l, all) => (p > all[best]! ? l : best), 0)]!;
const types = macroF1(typedHeldout.map((r) => r.type as string), typedHeldout.map((r) => typeOf(r.text)));
console.log(`crisislex-t26, 7 held-out events (${clHeldout.length} tweets), trained on ${clDev.length} tweets of 19 dev events:`);
console.log(`  informativeness accuracy ${informative.accuracy.toFixed(3)}, macro-F1 ${informative.macroF1.toFixed(3)} (floor 0.741, target 0.80); 6 information types (${typedHeldout.length} tweets) accuracy ${types.accuracy.toFixed(3)}, macro-F1 ${types.macroF1.toFixed(3)} (floor 0.505)`);
const out = writeResult('triage-eval', {
  dataShape: `udhr-langid held-out rows, element p/li, stage >= 4, migrant-language subset: ${rows.length} paragraphs; disaster-response: ${dev.length} dev rows to train, ${heldout.length} held-out rows to score; crisislex-t26: ${clDev.length} dev tweets (19 events), ${clHeldout.length} held-out tweets (7 unseen events)`,
  langid: { ours, franc: francScores },
  disasterResponse: {
    shipped: { microF1: Number(shipped.microF1.toFixed(4)), macroF1: Number(shipped.macroF1.toFixed(4)), recall: shippedRecall, note: 'needs mapped to labels; labels with no need (weather, infrastructure, ...) are never predicted' },
    trained: { microF1: Number(trained.microF1.toFixed(4)), macroF1: Number(trained.macroF1.toFixed(4)), recall, trainSeconds: Number(trainSeconds.toFixed(1)), messagesPerSecond: Math.round(perSecond) },
    originalText: { rows: direct.length, trainedMicroF1: Number(originalTrained.microF1.toFixed(4)), trainedMacroF1: Number(originalTrained.macroF1.toFixed(4)), shippedMicroF1: Number(originalShipped.microF1.toFixed(4)), shippedNeedLabelsMicroF1: Number(originalLexiconNeeds.microF1.toFixed(4)), note: 'the original (mostly Haitian Creole) text alone of held-out direct rows' },
    firstPass: { microF1: Number(firstPass.microF1.toFixed(4)), macroF1: Number(firstPass.macroF1.toFixed(4)), recall: firstPassRecall, note: 'trained model plus the shipped lexicon, as triageText combines them' },
  },
  crisislex: {
    informativeMacroF1: Number(informative.macroF1.toFixed(4)), informativeAccuracy: Number(informative.accuracy.toFixed(4)),
    informationTypeMacroF1: Number(types.macroF1.toFixed(4)), informationTypeAccuracy: Number(types.accuracy.toFixed(4)),
    heldoutTweets: clHeldout.length, devTweets: clDev.length,
  },
});
console.log(`written ${out}`);
