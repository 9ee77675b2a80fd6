// The fuzz suites' valid arbitraries (test/helpers/wire-arbitraries.ts) agree with the wire schema, so "valid" and
// "near-valid" inputs stay what they claim as common/schema changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CLIENT_EVENTS, DM_BODIES, presentStep } from '../../common/schema/index.js';
import { FUZZ_SEED, mutated } from '../helpers/fuzz.js';
import {
  joinPayloadArb,
  keyPayloadArb,
  msgBodyArb,
  receiptBodyArb,
  stepPayloadArb,
} from '../helpers/wire-arbitraries.js';

const sample = <T>(arb: fc.Arbitrary<T>, n = 200): T[] => fc.sample(arb, { seed: FUZZ_SEED, numRuns: n });

test('valid key, join, msg and receipt arbitraries always pass their schemas', () => {
  for (const p of sample(keyPayloadArb))
    assert.ok(CLIENT_EVENTS.key.payload.safeParse(p).success, JSON.stringify(p));
  for (const p of sample(joinPayloadArb(), 100))
    assert.ok(CLIENT_EVENTS.join.payload.safeParse(p).success, JSON.stringify(p));
  for (const b of sample(msgBodyArb)) assert.ok(DM_BODIES.msg.safeParse(b).success);
  for (const b of sample(receiptBodyArb)) assert.ok(DM_BODIES.receipt.safeParse(b).success);
});

test('present:* steps are mostly valid, and their mutations mostly not', () => {
  const present = sample(stepPayloadArb, 400).filter((s) => s.phase.startsWith('present:'));
  const valid = present.filter((s) => presentStep.safeParse(s).success).length;
  assert.ok(valid >= present.length * 0.6, `${valid} of ${present.length} valid`);
  const near = sample(mutated(stepPayloadArb), 400) as unknown[];
  const stillValid = near.filter((s) => CLIENT_EVENTS.step.payload.safeParse(s).success).length;
  assert.ok(stillValid < near.length * 0.8, `${stillValid} of ${near.length} mutations still valid`);
});
