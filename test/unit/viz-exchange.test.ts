// The toy exchange's captions read as sentences and name the whole curve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toyExchange, toySteps } from '../../client/viz/model/exchange-model.js';

test('the toy exchange captions name the whole curve, and "you" reads as a person', () => {
  const steps = toySteps(toyExchange('toy-17', 3n, 10n, ['Alice (you)', 'Bob']));
  assert.match(
    steps[0]!,
    /^Alice \(you\) picks a private d = 3 and publishes Q = d×G = \(\d+, \d+\) on y² = x³ \+ 2x \+ 2 over F_17\.$/,
  );
  assert.ok(!steps.some((s) => /on y² over/.test(s)), 'never the equation cut to "y² over F_17"');
  assert.match(steps.at(-1)!, /^Same point: /);
});
