/** Examples written by the project. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predict, train, type TrainingExample } from './linear-model.ts';

const base: TrainingExample[] = [
  ...['no water for three days', 'we need drinking water', 'the well is dry, water please', 'نحتاج إلى ماء', 'pa gen dlo', 'hakuna maji'].map((text) => ({ text, labels: new Set(['water']) })),
  ...['we have no food', 'children are hungry, need food', 'nothing to eat since Monday', 'نحتاج إلى طعام', 'nou grangou', 'hakuna chakula'].map((text) => ({ text, labels: new Set(['food']) })),
  ...['the weather is fine today', 'thank you for the information', 'what time is it', 'good morning everyone', 'the radio said rain', 'hello friends'].map((text) => ({ text, labels: new Set<string>() })),
];

test('the model learns labels from examples in several scripts', () => {
  const model = train(base, ['water', 'food', 'detention'], { epochs: 30, learningRate: 1, validationShare: 0.01 });
  assert.deepEqual(predict(model, 'please we need water').map((p) => p.label), ['water']);
  assert.ok(predict(model, 'we are hungry, no food').some((p) => p.label === 'food'));
});

test('a correction changes the next prediction after retraining', () => {
  const labels = ['water', 'food', 'detention'];
  const text = 'my brother was taken to the police station and held there';
  const before = train(base, labels, { epochs: 30, learningRate: 1, validationShare: 0.01 });
  assert.ok(!predict(before, text).some((p) => p.label === 'detention'));
  const corrections: TrainingExample[] = [
    { text, labels: new Set(['detention']) },
    { text: 'they are held in the detention centre', labels: new Set(['detention']) },
    { text: 'arrested and held at the station', labels: new Set(['detention']) },
    { text: 'my husband is detained by the police', labels: new Set(['detention']) },
  ];
  const after = train([...base, ...corrections], labels, { epochs: 30, learningRate: 1, validationShare: 0.01 });
  assert.ok(predict(after, text).some((p) => p.label === 'detention'));
  assert.ok(predict(after, 'my cousin was held at the police station').some((p) => p.label === 'detention'), 'it generalises a little');
});
