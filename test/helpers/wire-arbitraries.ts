// Test helper: fast-check arbitraries of valid wire values, built from common/schema (its regexes, curve ids, key
// lengths and present:* fields), for the fuzz suites to send as they are or mutated (docs/security.md "Fuzzing").
import fc from 'fast-check';
import {
  CURVE_IDS,
  DM_ID_RE,
  DM_KIND_RE,
  MAX_SHARED_POINTS,
  MEMBER_ID_RE,
  PRESENT_PHASES,
  PUB_LENGTH,
  ROOM_RE,
  STEP_PHASE_RE,
  TOY_CURVES,
  type CurveId,
} from '../../common/schema/index.js';
import { checkName } from '../../common/names.js';
import { edgeString, jsonJunk, mutated, oddNumber } from './fuzz.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** A member id (MEMBER_ID_RE). */
export const memberIdArb = fc.stringMatching(MEMBER_ID_RE);
/** A room name (ROOM_RE). */
export const roomArb = fc.stringMatching(ROOM_RE);
/** A display name the relay accepts and announces unchanged (checkName, already normalised). */
export const nameArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((n) => {
  const c = checkName(n);
  return c.ok && c.value === n;
});
/** A `resume`: 32 bytes, base64url. */
export const resumeArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(b64);
/** A `dm` message id (DM_ID_RE). */
export const dmIdArb = fc.stringMatching(DM_ID_RE);
/** A `dm` kind: the known ones (common/schema/bodies.ts) or any of DM_KIND_RE. */
export const dmKindArb = fc.oneof(fc.constantFrom('msg', 'receipt'), fc.stringMatching(DM_KIND_RE));
/** A step phase: a present:* phase or any of STEP_PHASE_RE. */
export const stepPhaseArb = fc.oneof(fc.constantFrom(...PRESENT_PHASES), fc.stringMatching(STEP_PHASE_RE));
/** A curve id the relay knows. */
export const curveArb = fc.constantFrom(...CURVE_IDS);

/**
 * A `pub` the relay accepts for `curve` (PUB_LENGTH bytes, `04` first on Weierstrass curves, bit 255 clear on
 * X25519): almost never a point on the curve, which only the receiving client can check.
 */
export function pubArb(curve: CurveId): fc.Arbitrary<string> {
  const n = PUB_LENGTH[curve];
  return fc.uint8Array({ minLength: n, maxLength: n }).map((raw) => {
    const bytes = Uint8Array.from(raw);
    if (curve === 'X25519') bytes[31] = bytes[31]! & 0x7f;
    else bytes[0] = 4;
    if (curve === 'X25519' && bytes[31] === 0x7f) bytes[31] = 0x7e; // stay below 2^255 − 19
    return b64(bytes);
  });
}

/** A `key` payload `{ curve, pub }` the relay accepts. */
export const keyPayloadArb = curveArb.chain((curve) => pubArb(curve).map((pub) => ({ curve, pub })));

/** A `join` payload `{ room, name, resume }` (in `room` when given). */
export function joinPayloadArb(room?: string): fc.Arbitrary<{ room: string; name: string; resume: string }> {
  return fc.record({
    room: room === undefined ? roomArb : fc.constant(room),
    name: nameArb,
    resume: resumeArb,
  });
}

/** A `msg` body shape `{ iv, ct }`: base64url of 12 bytes and of 16 or more (junk ciphertext ‖ tag). */
export const msgBodyArb = fc.record({
  iv: fc.uint8Array({ minLength: 12, maxLength: 12 }).map(b64),
  ct: fc.uint8Array({ minLength: 16, maxLength: 80 }).map(b64),
});
/** A `receipt` body `{ ok, reason? }`. */
export const receiptBodyArb = fc.record({ ok: fc.boolean(), reason: fc.string() }, { requiredKeys: ['ok'] });
/** A body for a `dm` of `kind`: its shape when the kind is known, else any JSON. */
export const dmBodyArb = fc.oneof(msgBodyArb, receiptBodyArb, fc.jsonValue({ maxDepth: 3 }));

/** A `dm` payload addressed to some of `to` (and possibly absent members), now and then one member twice. */
export function dmPayloadArb(
  to: readonly string[],
): fc.Arbitrary<{ id: string; kind: string; parts: object[] }> {
  const target = to.length > 0 ? fc.oneof(fc.constantFrom(...to), memberIdArb) : memberIdArb;
  return fc.record({
    id: dmIdArb,
    kind: dmKindArb,
    parts: fc.array(fc.record({ to: target, body: dmBodyArb }), { minLength: 1, maxLength: 3 }),
  });
}

const viewArb = fc.oneof(
  fc.constantFrom('chat', 'curve-reals', 'curve-grid', 'keygen', 'exchange', 'eve', 'mitm'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,31}$/),
);
const hexArb = fc.stringMatching(/^[0-9a-f]{1,64}$/);
const pointArb = fc.record(
  { x: hexArb, y: hexArb, label: fc.string({ maxLength: 40 }) },
  { requiredKeys: ['x'] },
);
const realArb = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const toyArb = fc.constantFrom(...TOY_CURVES);
const idArb = fc.stringMatching(/^[\x21-\x7e]{1,40}$/);
const b64Arb = fc.uint8Array({ minLength: 1, maxLength: 60 }).map(b64);

/** A detail for each present:* phase that mostly passes its schema (common/schema/steps.ts), so the views act on it. */
export const presentDetailArb: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'present:view': fc.record({ view: viewArb, curve: curveArb, title: fc.string({ maxLength: 80 }) }),
  'present:step': fc
    .record({
      view: viewArb,
      curve: curveArb,
      index: fc.nat(),
      total: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      label: fc.string({ maxLength: 200 }),
      demo: fc.boolean(),
      op: fc.constantFrom('D', 'D+A', 'A+D'),
      bit: fc.constantFrom(0, 1),
      point: pointArb,
    })
    .map(({ demo, op, bit, point, ...rest }) =>
      demo
        ? { ...rest, demo, op, bit, point, index: rest.index % rest.total }
        : { ...rest, index: rest.index % rest.total },
    ),
  'present:points': fc.record({
    curve: curveArb,
    points: fc.array(pointArb, { maxLength: MAX_SHARED_POINTS }),
  }),
  'present:demo': fc.oneof(
    fc.record({ view: fc.constant('curve-grid'), curve: toyArb, multiple: fc.integer({ min: 1, max: 1e9 }) }),
    fc.record(
      {
        view: fc.constant('curve-reals'),
        a: realArb,
        b: realArb,
        P: fc.record({ x: realArb, y: realArb }),
        Q: fc.record({ x: realArb, y: realArb }),
      },
      { requiredKeys: ['view', 'a', 'b'] },
    ),
  ),
  'present:eve': fc
    .record({
      curve: toyArb,
      target: idArb,
      targetName: fc.string({ maxLength: 32 }),
      method: fc.constantFrom('brute-force', 'bsgs', 'rho'),
      steps: fc.nat({ max: 2 ** 20 }),
      maxSteps: fc.integer({ min: 1, max: 2 ** 20 }),
      done: fc.boolean(),
      found: fc.boolean(),
    })
    .map((e) => ({ ...e, steps: Math.min(e.steps, e.maxSteps) })),
  'present:ciphertext': fc.oneof(
    fc.record({ curve: toyArb, room: idArb, from: idArb, to: idArb, id: idArb, iv: b64Arb, ct: b64Arb }),
    fc.record({
      curve: toyArb,
      room: idArb,
      from: idArb,
      to: idArb,
      id: idArb,
      kind: fc.constantFrom('ratchet', 'skdist'),
      h: fc.record({
        dh: fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/),
        pn: fc.nat({ max: 2 ** 32 - 1 }),
        n: fc.nat({ max: 2 ** 32 - 1 }),
      }),
      ct: b64Arb,
    }),
    fc.record({
      curve: toyArb,
      room: idArb,
      from: idArb,
      id: idArb,
      kind: fc.constant('skmsg'),
      chain: fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/),
      n: fc.nat({ max: 2 ** 31 - 1 }),
      ct: b64Arb,
      sig: fc.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    }),
  ),
  'present:lab': fc.oneof(
    fc.record({
      lab: fc.constant('side-channel'),
      curve: toyArb,
      method: fc.constantFrom('double-and-add', 'ladder'),
    }),
    fc.record({
      lab: fc.constant('invalid-curve'),
      curve: toyArb,
      mode: fc.constantFrom('other-b', 'cofactor'),
      victim: fc.record({ x: fc.stringMatching(/^[0-9a-f]{1,4}$/), y: fc.stringMatching(/^[0-9a-f]{1,4}$/) }),
      answers: fc.array(fc.constant(null), { maxLength: 4 }),
    }),
  ),
  'present:lesson': fc.record({
    lesson: fc.constantFrom('curve-addition', 'orbit', 'mitm', 'no-such-lesson'),
    step: fc.integer({ min: 0, max: 63 }),
  }),
  'present:answer': fc.record(
    {
      exercise: fc.constantFrom('find-d', 'spot-mitm', 'no-such-exercise'),
      correct: fc.boolean(),
      name: fc.string({ maxLength: 32 }),
    },
    { requiredKeys: ['exercise', 'correct'] },
  ),
  'present:stop': fc.constant({}),
};

/** A `step` payload `{ phase, detail }`: a present:* phase with a mostly valid detail, or any phase and JSON object. */
export const stepPayloadArb: fc.Arbitrary<{ phase: string; detail: Record<string, unknown> }> = fc.oneof(
  fc
    .constantFrom(...PRESENT_PHASES)
    .chain((phase) => presentDetailArb[phase]!.map((detail) => ({ phase, detail }))),
  fc.record({
    phase: stepPhaseArb,
    detail: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  }),
);

const validPlaintext = fc.record({
  type: fc.constant('text'),
  text: fc.oneof(fc.string(), edgeString, fc.constant('pay \u202eevil\u202c to Bob')),
  ts: fc.oneof(fc.integer(), oddNumber, fc.constant(Date.now())),
});
/**
 * What a member may seal in a `msg` (docs/protocol.md §5 step 5): valid plaintexts with odd texts and times, the
 * near-valid, any JSON, raw text and raw bytes (not always UTF-8).
 */
export const plaintextArb: fc.Arbitrary<unknown> = fc.oneof(
  validPlaintext,
  mutated(validPlaintext),
  jsonJunk,
  fc.string(),
  fc.uint8Array({ maxLength: 64 }),
);
