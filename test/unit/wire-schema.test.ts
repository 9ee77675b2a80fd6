// The wire schema (common/schema/): payload and ack tables, hostile input, and agreement with the relay's checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_LIMITS } from '../../common/limits.js';
import {
  announcedName,
  decodeBase64urlStrict,
  dmHead,
  dmPayloadWithin,
  emptyPayload,
  errorAck,
  isDmHead,
  isMemberIdText,
  joinAck,
  joinPayload,
  jsonBytes,
  keyPayload,
  memberId,
  stepPayload,
  whoAck,
} from '../../common/schema/index.js';
import { decodeBase64url } from '../../server/member-id.js';
import { parseDm, parseJoin, parseKey, parseLeave, parseStep } from '../../server/validate.js';

const A = 'A'.repeat(22);
const B = 'B'.repeat(22);
const HUGE = 'x'.repeat(2_000_000);
const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64url');
const P256 = b64([4, ...new Array<number>(64).fill(7)]);
const RESUME = b64(new Array<number>(32).fill(9));
const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown): boolean =>
  schema.safeParse(value).success;

describe('primitives', () => {
  it('decodes base64url exactly as strictly as the relay always has (Buffer round trip)', () => {
    const samples = [
      '',
      'AA',
      'AB',
      'AAA',
      'AAE',
      'A',
      'AAAAA',
      'A=',
      'A+',
      'A/',
      'zz',
      '_-_-',
      'Zm9v',
      'Zm9',
      'Zm8',
    ];
    for (let n = 0; n < 40; n++) samples.push(b64(Array.from({ length: n }, (_, i) => (i * 37 + n) & 255)));
    for (const text of samples) {
      const ours = decodeBase64urlStrict(text);
      const relay = decodeBase64url(text);
      assert.deepEqual(ours && [...ours], relay && [...relay], text);
    }
  });

  it('measures JSON data in UTF-8 bytes and refuses what is not JSON data', () => {
    assert.equal(jsonBytes({ a: 'é' }), Buffer.byteLength(JSON.stringify({ a: 'é' })));
    assert.equal(jsonBytes(undefined), null);
    assert.equal(jsonBytes({ b: new Uint8Array(2) }), null);
    assert.equal(jsonBytes([new ArrayBuffer(1)]), null);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(jsonBytes(deep), null, 'nesting too deep to serialise');
  });
});

/** jsonBytes as it was before its fast path: a replacer that refuses binary anywhere, then TextEncoder. */
function referenceJsonBytes(value: unknown): number | null {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const raw = key === '' ? value : this[key];
      if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) throw new Error('binary');
      return v;
    });
    return typeof text === 'string' ? new TextEncoder().encode(text).length : null;
  } catch {
    return null;
  }
}

describe('jsonBytes fast path (plain data measured without a replacer)', () => {
  it('agrees with the general path on any JSON value, any text included', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());
    fc.assert(
      fc.property(fc.jsonValue(), (v) => jsonBytes(v) === Buffer.byteLength(JSON.stringify(v))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.dictionary(text, text), (v) => jsonBytes(v) === referenceJsonBytes(v)),
      { numRuns: 300 },
    );
  });

  it('counts escapes, lone surrogates, pairs and numbers exactly as JSON.stringify writes them', () => {
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0xd7f0, max: 0xe010 }),
      fc.integer({ min: 0, max: 0xffff }),
    );
    const text = fc.array(unit, { maxLength: 20 }).map((units) => String.fromCharCode(...units));
    const num = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(-0, 1e21, 5e-324, NaN, Infinity, -Infinity),
    );
    const value = fc.oneof(
      text,
      num,
      fc.dictionary(text, fc.oneof(text, num)),
      fc.array(fc.oneof(text, num)),
    );
    fc.assert(
      fc.property(value, (v) => jsonBytes(v) === Buffer.byteLength(JSON.stringify(v))),
      { numRuns: 1000 },
    );
    for (const v of [
      '\ud800',
      '\udc00x',
      '\ud83d\ude00',
      '"\\\b\t\n\f\r\u0000\u001f\u007f',
      { '\u0001"': [] },
      [],
      {},
    ])
      assert.equal(jsonBytes(v), Buffer.byteLength(JSON.stringify(v)), JSON.stringify(v));
  });

  it('agrees with the general path on anything, binary, dates, bigints and null prototypes included', () => {
    const anything = fc.anything({
      withTypedArray: true,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withBoxedValues: true,
      withNullPrototype: true,
      withSparseArray: true,
      withObjectString: true,
      maxDepth: 4,
    });
    fc.assert(
      fc.property(anything, (v) => jsonBytes(v) === referenceJsonBytes(v)),
      { numRuns: 500 },
    );
  });

  it('hostile: binary hidden at any depth, lone surrogates, toJSON and deep nesting', () => {
    const nest = (inner: unknown, n: number): unknown => {
      let v = inner;
      for (let i = 0; i < n; i++) v = i % 2 ? [v] : { k: v };
      return v;
    };
    for (const depth of [0, 1, 3, 63, 64, 65, 200]) {
      assert.equal(jsonBytes(nest(Buffer.from('hi'), depth)), null, `Buffer at depth ${depth}`);
      assert.equal(jsonBytes(nest(new Uint16Array(2), depth)), null, `Uint16Array at depth ${depth}`);
      assert.equal(jsonBytes(nest(new ArrayBuffer(2), depth)), null, `ArrayBuffer at depth ${depth}`);
      const plain = nest('é\ud800x', depth);
      assert.equal(jsonBytes(plain), Buffer.byteLength(JSON.stringify(plain)), `text at depth ${depth}`);
    }
    const withToJson = Object.assign([1, 2], { toJSON: () => new Uint8Array(1) });
    assert.equal(jsonBytes({ a: withToJson }), referenceJsonBytes({ a: withToJson }));
    assert.equal(jsonBytes({ toJSON: () => 'x' }), 3);
    assert.equal(jsonBytes({ toJSON: 'x' }), Buffer.byteLength('{"toJSON":"x"}'));
    assert.equal(jsonBytes({ a: 1n }), null);
    assert.equal(jsonBytes([undefined, () => 1, Symbol('s')]), Buffer.byteLength('[null,null,null]'));
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: '💬' });
    assert.equal(jsonBytes(nullProto), Buffer.byteLength('{"a":"💬"}'));
  });
});

describe('fields', () => {
  it('member ids, names', () => {
    for (const v of [A, 'abc_-DEF0123456789xyzQ']) assert.ok(ok(memberId, v), v);
    for (const v of ['', 'A'.repeat(21), 'A'.repeat(23), 'A'.repeat(21) + '=', 5, null, { id: A }, HUGE])
      assert.ok(!ok(memberId, v), String(v).slice(0, 30));
    for (const v of ['Bob', 'Zoë', 'x'.repeat(32)]) assert.ok(ok(announcedName, v), v);
    for (const v of ['', ' Bob', 'x'.repeat(33), 'a\u202eb', 'e\u0301', 7, HUGE])
      assert.ok(!ok(announcedName, v), String(v).slice(0, 30));
  });
});

/** Plain-object payloads on which the full schema and the relay's staged parser must agree. */
function agree(
  name: string,
  cases: unknown[],
  schema: { safeParse(v: unknown): { success: boolean } },
  relay: (p: unknown) => boolean,
) {
  it(`${name}: the schema accepts exactly what the relay accepts`, () => {
    for (const payload of cases)
      assert.equal(ok(schema, payload), relay(payload), `${name} ${JSON.stringify(payload)?.slice(0, 80)}`);
  });
}

describe('client → server payloads', () => {
  agree(
    'join',
    [
      { room: 'r', name: 'Bob', resume: RESUME },
      { room: 'r', name: '  Bob  ', resume: RESUME },
      { room: '-r', name: 'Bob', resume: RESUME },
      { room: 'r'.repeat(65), name: 'Bob', resume: RESUME },
      { room: HUGE, name: 'Bob', resume: RESUME },
      { room: 'r', name: '', resume: RESUME },
      { room: 'r', name: HUGE, resume: RESUME },
      { room: 'r', name: 'a\u0007', resume: RESUME },
      { room: 'r', name: 'Bob', resume: RESUME.slice(0, 42) + 'B' },
      { room: 'r', name: 'Bob', resume: HUGE },
      { room: 'r', name: 'Bob' },
      { room: 5, name: 'Bob', resume: RESUME },
      { room: ['r'], name: 'Bob', resume: RESUME },
      JSON.parse(`{"__proto__": {"room": "r"}, "name": "Bob", "resume": "${RESUME}"}`),
    ],
    joinPayload,
    (p) => parseJoin(p).ok,
  );
  agree(
    'key',
    [
      { curve: 'P-256', pub: P256 },
      { curve: 'P-256', pub: b64([3, ...new Array<number>(64).fill(7)]) },
      { curve: 'P-256', pub: P256.slice(0, -2) },
      { curve: 'P-256', pub: P256 + '=' },
      { curve: 'X25519', pub: b64(new Array<number>(32).fill(0)) },
      { curve: 'toy-17', pub: b64([4, 1, 2]) },
      { curve: 'P-999', pub: P256 },
      { curve: HUGE, pub: P256 },
      { curve: 'P-256', pub: HUGE },
      { curve: 'P-256', pub: { pub: P256 } },
      { curve: 'P-256' },
    ],
    keyPayload,
    (p) => parseKey(p).ok,
  );
  const small = { ...DEFAULT_LIMITS, maxRoomMembers: 3, maxDmBody: 64 };
  agree(
    'dm',
    [
      { id: 'm1', kind: 'msg', parts: [{ to: A, body: { iv: 'a', ct: 'b' } }] },
      {
        id: 'm1',
        kind: 'msg',
        parts: [
          { to: A, body: 1 },
          { to: B, body: null },
        ],
      },
      {
        id: 'm1',
        kind: 'msg',
        parts: [
          { to: A, body: 1 },
          { to: A, body: 2 },
        ],
      },
      { id: 'm1', kind: 'msg', parts: [] },
      { id: 'm1', kind: 'msg', parts: [{ to: A }] },
      { id: 'm1', kind: 'msg', parts: [{ to: A, body: 'x'.repeat(100) }] },
      { id: 'm1', kind: 'msg', parts: [{ to: A, body: new Uint8Array(3) }] },
      {
        id: 'm1',
        kind: 'msg',
        parts: Array.from({ length: 4 }, (_, i) => ({ to: String(i).repeat(22), body: 1 })),
      },
      { id: 'm 1', kind: 'msg', parts: [{ to: A, body: 1 }] },
      { id: HUGE, kind: 'msg', parts: [{ to: A, body: 1 }] },
      { id: 'm1', kind: '.msg', parts: [{ to: A, body: 1 }] },
      { id: 'm1', kind: 'msg', parts: [{ to: HUGE, body: 1 }] },
      { id: 'm1', kind: 'msg', parts: { 0: { to: A, body: 1 } } },
    ],
    dmPayloadWithin(small),
    (p) => parseDm(p, small).ok,
  );
  agree(
    'step',
    [
      { phase: 'keygen', detail: {} },
      { phase: 'keygen', detail: { x: [1, 2, { y: 'z' }] } },
      { phase: '', detail: {} },
      { phase: 'ö', detail: {} },
      { phase: HUGE, detail: {} },
      { phase: 'p', detail: [] },
      { phase: 'p', detail: 'x' },
      { phase: 'p', detail: { b: new Uint8Array(1) } },
      { phase: 'p' },
      JSON.parse('{"phase": "p", "detail": {"__proto__": {"polluted": true}}}'),
    ],
    stepPayload,
    (p) => parseStep(p, DEFAULT_LIMITS).ok,
  );
  agree('leave/who', [undefined, {}, { a: 1 }, 'now', [], null, 5], emptyPayload, parseLeave);

  it('keeps a step detail as the very object sent, prototype keys included, and pollutes nothing', () => {
    const payload = JSON.parse('{"phase": "p", "detail": {"__proto__": {"polluted": true}}}');
    const parsed = stepPayload.safeParse(payload);
    assert.ok(parsed.success);
    assert.equal(parsed.data.detail, payload.detail);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('acks', () => {
  it('join, who and error acks', () => {
    const peer = { id: B, name: 'Bob', key: { curve: 'P-256', pub: P256 } };
    assert.ok(ok(joinAck, { ok: true, me: { id: A }, peers: [peer, { id: A, name: 'Al' }] }));
    for (const bad of [
      { ok: true, me: { id: A } },
      { ok: true, me: A, peers: [] },
      { ok: true, me: { id: A }, peers: [{ id: B }] },
      { ok: true, me: { id: A }, peers: [{ ...peer, key: { curve: 'P-256', pub: 'AA' } }] },
      { ok: true, me: { id: A }, peers: 'all' },
      { ok: false, me: { id: A }, peers: [] },
    ])
      assert.ok(!ok(joinAck, bad), JSON.stringify(bad));
    assert.ok(ok(whoAck, { ok: true, peers: [] }));
    assert.ok(ok(whoAck, { ok: true, peers: [peer], partial: true }));
    assert.ok(!ok(whoAck, { ok: true, peers: [], partial: false }));
    assert.ok(!ok(whoAck, { ok: true, peers: [[peer]] }));
    assert.ok(ok(errorAck, { ok: false, error: { code: 'room-full', message: 'full', limit: 100 } }));
    assert.ok(!ok(errorAck, { ok: false, error: { code: 'room-full', message: 'full', limit: -1 } }));
    assert.ok(!ok(errorAck, { ok: false, error: { code: 'nope', message: '' } }));
  });
});

describe('the relay shortcuts for dmHead and memberId', () => {
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '_', '.', ' ', '~', '\n', 'é') }),
    fc.constantFrom(
      'msg',
      'receipt',
      'm-1',
      'A'.repeat(22),
      'A'.repeat(23),
      'x'.repeat(128),
      'x'.repeat(129),
    ),
  );
  const field = fc.oneof(
    text,
    fc.anything({ maxDepth: 1 }),
    fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  );
  const head = fc.record({ id: field, kind: field, parts: field }, { requiredKeys: [] });

  it('isDmHead answers true only when dmHead accepts, and for every well-formed head', () => {
    fc.assert(
      fc.property(head, (v) => !isDmHead(v) || dmHead.safeParse(v).success),
      { numRuns: 2000 },
    );
    const ok = { id: 'm-1', kind: 'msg', parts: [{ to: 'A'.repeat(22), body: {} }] };
    assert.equal(isDmHead(ok), true);
    for (const bad of [
      { ...ok, parts: [] },
      { ...ok, id: 'x'.repeat(129) },
      { ...ok, kind: '.msg' },
      { ...ok, id: 1 },
    ])
      assert.equal(isDmHead(bad), dmHead.safeParse(bad).success);
  });

  it('isMemberIdText answers exactly as memberId does', () => {
    fc.assert(
      fc.property(field, (v) => isMemberIdText(v) === memberId.safeParse(v).success),
      { numRuns: 2000 },
    );
    assert.equal(isMemberIdText('A'.repeat(22)), true);
  });
});
