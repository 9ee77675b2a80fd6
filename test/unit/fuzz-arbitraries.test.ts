// The fuzz suites' valid arbitraries (test/helpers/wire-arbitraries.ts, v2-arbitraries.ts) agree with the wire schema,
// so "valid" and "near-valid" inputs stay what they claim as common/schema changes, and every known kind is fuzzed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  CLIENT_EVENTS,
  DM_BODIES,
  isVersionList,
  presentStep,
  skmsgBody,
} from '../../common/schema/index.js';
import { parseWireBody } from '../../client/crypto/ratchet/header.js';
import { RatchetError } from '../../client/crypto/ratchet/errors.js';
import { FUZZ_SEED, mutated, wireImage } from '../helpers/fuzz.js';
import { ab, makePair, stateDigest, text } from '../helpers/ratchet.js';
import {
  BCAST_SHAPES,
  KNOWN_BCAST_KINDS,
  KNOWN_DM_KINDS,
  SCHEMA_KIND_CONSTANTS,
  badPointArb,
  badVersionListArb,
  dmShapes,
  ratchetBodyArb,
  ratchetHeaderMutation,
  skmsgBodyArb,
  skmsgNearArb,
  versionListArb,
} from '../helpers/v2-arbitraries.js';
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

test('every known dm and bcast kind has a shaped arbitrary, including any *_KIND the schema adds later', () => {
  const shapes = dmShapes('P-256');
  for (const kind of Object.keys(DM_BODIES))
    assert.ok(shapes[kind], `no shaped arbitrary for dm kind ${kind}`);
  for (const kind of KNOWN_DM_KINDS) assert.ok(shapes[kind], `no shaped arbitrary for dm kind ${kind}`);
  for (const kind of KNOWN_BCAST_KINDS)
    assert.ok(BCAST_SHAPES[kind], `no shaped arbitrary for bcast ${kind}`);
  assert.ok(SCHEMA_KIND_CONSTANTS.length >= 2, 'the schema exports its kind constants');
  for (const kind of SCHEMA_KIND_CONSTANTS)
    assert.ok(shapes[kind] ?? BCAST_SHAPES[kind], `schema kind ${kind} is not fuzzed`);
});

test('shaped valid bodies pass their schema; ratchet header mutations fail the schema or parseWireBody', () => {
  for (const curve of ['P-256', 'X25519'] as const) {
    const shapes = dmShapes(curve);
    for (const kind of Object.keys(DM_BODIES) as (keyof typeof DM_BODIES)[])
      for (const b of sample(shapes[kind]!.valid, 50))
        assert.ok(DM_BODIES[kind].safeParse(b).success, `${kind} ${JSON.stringify(b)}`);
    for (const b of sample(ratchetBodyArb(curve), 50)) assert.doesNotThrow(() => parseWireBody(curve, b));
    const mutants = sample(fc.tuple(ratchetBodyArb(curve), ratchetHeaderMutation(curve)), 300);
    let refusedEarly = 0;
    for (const [body, mutate] of mutants) {
      try {
        parseWireBody(curve, wireImage(mutate(body)));
      } catch {
        refusedEarly++;
      }
    }
    // Bad points and counters below 2^32 parse: only the ratchet can refuse them (next test).
    assert.ok(
      refusedEarly > 100 && refusedEarly < 300,
      `${curve}: ${refusedEarly} of 300 refused by parsing`,
    );
  }
  for (const b of sample(skmsgBodyArb)) assert.ok(skmsgBody.safeParse(b).success, JSON.stringify(b));
  const near = sample(skmsgNearArb, 200).filter((b) => !skmsgBody.safeParse(wireImage(b)).success);
  assert.ok(near.length > 150, `${near.length} of 200 near-valid skmsg bodies refused`);
  for (const v of sample(versionListArb)) assert.ok(isVersionList(v), JSON.stringify(v));
  for (const v of sample(badVersionListArb, 100)) assert.ok(!isVersionList(wireImage(v)), JSON.stringify(v));
});

test('a real ratchet refuses every bad point (bad-ratchet-key), huge counter and junk ciphertext, and is unchanged after', async () => {
  for (const curve of ['P-256', 'X25519'] as const) {
    const pair = await makePair(curve);
    const before = stateDigest(pair.b);
    const bodies = sample(
      fc.oneof(
        ratchetBodyArb(curve),
        fc.tuple(ratchetBodyArb(curve), ratchetHeaderMutation(curve)).map(([b, m]) => m(b)),
        fc.tuple(ratchetBodyArb(curve), badPointArb(curve)).map(([b, dh]) => ({ ...b, h: { ...b.h, dh } })),
      ),
      20,
    );
    for (const body of bodies)
      await assert.rejects(
        pair.b.decryptBody(wireImage(body), ab('junk')),
        RatchetError,
        JSON.stringify(body),
      );
    assert.equal(stateDigest(pair.b), before, `${curve}: no refused body changed the state`);
    // A bad point in a new ratchet key is refused as such, before any key work could open the junk ciphertext.
    const [base] = sample(ratchetBodyArb(curve), 1);
    for (const dh of new Set(sample(badPointArb(curve), 30)))
      await assert.rejects(
        pair.b.decryptBody({ ...base!, h: { dh, pn: 0, n: 0 } }, ab('junk')),
        (e: unknown) => e instanceof RatchetError && e.code === 'bad-ratchet-key',
        `${curve} ${dh}`,
      );
    const sent = await pair.a.encrypt('still works', ab('ok'));
    assert.equal(text((await pair.b.decryptBody(sent.body, ab('ok'))).plaintext), 'still works');
  }
});
