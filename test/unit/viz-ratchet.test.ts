// The Ratchet view's model and "Compromise now" marks, from real Double Ratchets driven in Node (real WebCrypto).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ratchetStepFacts } from '../../common/schema/steps.js';
import type { DoubleRatchet, RatchetEncrypted } from '../../client/crypto/ratchet/ratchet.js';
import { pairFacts } from '../../client/session/ratchet-facts.js';
import { RatchetInspector } from '../../client/session/ratchet-inspect.js';
import {
  followedSentence,
  kindCount,
  ratchetModel,
  stepFacts,
} from '../../client/viz/model/ratchet-model.js';
import { ab, ba, BOB_ID, makePair, stateDigest, text } from '../helpers/ratchet.js';

const A_NAMES = { me: 'Alice', peer: 'Bob' };
const B_NAMES = { me: 'Bob', peer: 'Alice' };

/** A conversation driver: A → B and B → A, each message decrypted by the other side at once. */
async function chat() {
  const pair = await makePair('X25519');
  const { a, b } = pair;
  let id = 0;
  const aSends = async (ref = `m${id++}`) => {
    const m = await a.encrypt(ref, ab(ref));
    await b.decrypt(m.header, m.ct, ab(ref));
    return ref;
  };
  const bSends = async (ref = `m${id++}`) => {
    const m = await b.encrypt(ref, ba(ref));
    await a.decrypt(m.header, m.ct, ba(ref));
    return ref;
  };
  return { ...pair, aSends, bSends };
}

const facts = async (r: DoubleRatchet, peer = BOB_ID) => pairFacts(peer, r.snapshot(), r.transcript());

/** An inspector over one real ratchet (the pair table reduced to what the inspector reads). */
function inspectorOver(r: DoubleRatchet, lines: string[] = []) {
  const pairs = {
    existing: (id: string) => (id === BOB_ID ? Promise.resolve(r) : undefined),
    ids: () => [BOB_ID],
  };
  return new RatchetInspector({
    pairs,
    name: () => 'Bob',
    log: (_l, t) => lines.push(t),
    changed: () => undefined,
  });
}

describe('Ratchet view model (real ratchets)', () => {
  it('one step per message, chains and counters from the real headers, the same key fingerprint on both sides', async () => {
    const { a, b, aSends, bSends } = await chat();
    const m0 = await aSends();
    await aSends();
    await bSends(m0); // a receipt: the id of A's message, back the other way
    await bSends();
    await aSends();
    const va = await facts(a);
    const vb = await facts(b);
    const ma = ratchetModel(va, A_NAMES);
    assert.equal(ma.steps.length, 6);
    assert.deepEqual(
      ma.links.map((l) => [l.event.direction, l.event.kind, l.event.chain, l.event.n, l.event.pn, l.dhStep]),
      [
        ['sent', 'message', 0, 0, 0, false],
        ['sent', 'message', 0, 1, 0, false],
        ['received', 'receipt', 1, 0, 0, true],
        ['received', 'message', 1, 1, 0, false],
        ['sent', 'message', 2, 0, 2, false],
      ],
    );
    // The real counters: A's sending chain 2 has sent one message, its receiving chain has two.
    assert.deepEqual([va.sending.chain, va.sending.n, va.receiving.chain, va.receiving.n], [2, 1, 1, 2]);
    assert.equal(va.rootSteps, 3);
    // Each message key fingerprint is the same on A's and on B's side (the same key, derived twice).
    const fpA = va.events.map((e) => e.messageKey);
    const fpB = vb.events.map((e) => e.messageKey);
    assert.deepEqual(fpA, fpB);
    assert.ok(fpA.every((fp) => fp && /^[0-9a-f]{16}$/.test(fp)));
    assert.match(ma.steps[1]!, /^Alice sends message n=0 on sending chain 0: key fingerprint [0-9a-f]{8}…$/);
    assert.equal(
      ma.steps[1],
      `Alice sends message n=0 on sending chain 0: key fingerprint ${fpA[0]!.slice(0, 8)}…`,
    );
    assert.match(
      ma.steps[3]!,
      /receives Bob's delivery receipt n=0 on receiving chain 1, after a DH ratchet step/,
    );
    assert.match(ma.steps[3]!, /root steps 1 and 2/);
    // B is the responder: two root steps before any message, its receipt is drawn in chain 1.
    const mb = ratchetModel(vb, B_NAMES);
    assert.equal(vb.role, 'responder');
    assert.deepEqual(
      mb.roots.filter((r) => r.step === 0).map((r) => r.root.step),
      [0, 1],
    );
    assert.deepEqual(
      mb.links.map((l) => [l.event.direction, l.event.chain, l.event.n]),
      [
        ['received', 0, 0],
        ['received', 0, 1],
        ['sent', 1, 0],
        ['sent', 1, 1],
        ['received', 2, 0],
      ],
    );
    // Every drawn link is in the column of its chain and the row of its n.
    for (const l of mb.links) assert.equal(mb.roots[l.col]!.root.step, l.event.chain);
    assert.equal(mb.rows, 2);
    // The start sentence counts what the ratchet carried, from the same events the table lists.
    assert.match(
      ma.steps[0]!,
      /5 ratchet messages kept so far \(4 texts and 1 receipt\); 3 root steps in all\.$/,
    );
  });

  it('kindCount names each kind with its real count, singular and plural, and "none" for no messages', () => {
    const k = (...kinds: ('message' | 'receipt' | 'sender-key')[]) =>
      kindCount(kinds.map((kind) => ({ kind })));
    assert.equal(k(), 'none');
    assert.equal(k('message'), '1 text');
    assert.equal(k('receipt', 'receipt'), '2 receipts');
    assert.equal(k('message', 'receipt', 'message'), '2 texts and 1 receipt');
    assert.equal(k('sender-key', 'message', 'receipt', 'sender-key'), '1 text, 1 receipt and 2 sender keys');
  });

  it('a presenter step carries public facts only, and they pass the schema unchanged', async () => {
    const { a, aSends } = await chat();
    await aSends();
    const m = ratchetModel(await facts(a), A_NAMES);
    assert.equal(stepFacts(m, 0), undefined);
    const f = stepFacts(m, 1)!;
    assert.deepEqual(Object.keys(f).sort(), [
      'chain',
      'direction',
      'kind',
      'messageKeyFingerprint',
      'n',
      'pn',
      'ratchetKeyFingerprint',
    ]);
    assert.deepEqual(ratchetStepFacts.parse(f), f);
    assert.match(
      followedSentence('Alice', { index: 1, total: 2 }, f),
      /Alice sent a message n=0 \(pn=0\) on chain 0/,
    );
  });

  it('an untouched link history shows "no longer kept" honestly instead of a made-up fingerprint', async () => {
    const { a, aSends } = await chat();
    await aSends();
    const v = await facts(a);
    const m = ratchetModel(
      { ...v, events: v.events.map((e) => ({ ...e, messageKey: null, chain: null })) },
      A_NAMES,
    );
    assert.match(m.steps[1]!, /a chain no longer kept: key fingerprint no longer kept$/);
    assert.equal(m.links[0]!.col, -1);
  });
});

describe('Compromise now (real ratchets, real decryption)', () => {
  it('marks forward secrecy before the theft, exposure after, healing after a fresh DH step; the live state is untouched', async () => {
    const { a, b, aSends, bSends } = await chat();
    await aSends();
    await bSends();
    await aSends();
    const lines: string[] = [];
    const inspect = inspectorOver(a, lines);
    const before = stateDigest(a);
    assert.equal(await inspect.compromise(BOB_ID), true);
    let v = (await inspect.view(BOB_ID))!;
    assert.equal(stateDigest(a), before, 'the theft and Eve’s work leave the live state as it was');
    assert.match(lines[0]!, /Eve now holds a copy of your ratchet state with Bob/);
    let m = ratchetModel(v, A_NAMES);
    assert.deepEqual(
      m.links.map((l) => l.eve),
      ['forward-secrecy', 'forward-secrecy', 'forward-secrecy'],
    );
    assert.deepEqual(m.eve, {
      theftAfterStep: 3,
      healsAtStep: null,
      before: 3,
      beforeReadable: 0,
      exposed: 0,
      healed: 0,
    });
    // A keeps chatting: the same chain (Eve holds it), then B's new chain (answers A's stolen ratchet key).
    await aSends();
    await bSends();
    v = (await inspect.view(BOB_ID))!;
    m = ratchetModel(v, A_NAMES);
    assert.deepEqual(
      m.links.slice(3).map((l) => l.eve),
      ['eve-reads', 'eve-reads'],
    );
    assert.equal(m.eve!.healsAtStep, null);
    assert.match(m.steps[4]!, /; Eve reads it$/);
    // A's next message uses a ratchet key drawn after the theft: healed, and so is everything after it.
    await aSends();
    await bSends();
    await aSends();
    m = ratchetModel((await inspect.view(BOB_ID))!, A_NAMES);
    assert.deepEqual(
      m.links.slice(5).map((l) => l.eve),
      ['healed', 'healed', 'healed'],
    );
    assert.equal(m.eve!.healsAtStep, 6);
    assert.deepEqual([m.eve!.exposed, m.eve!.healed], [2, 3]);
    // The live session still works both ways after all this.
    const last: RatchetEncrypted = await a.encrypt('still fine', ab('x'));
    assert.equal(text((await b.decrypt(last.header, last.ct, ab('x'))).plaintext), 'still fine');
  });

  it('a theft while a message is being encrypted copies the state after it: `at` and the copy agree', async () => {
    const { a } = await chat();
    const sending = a.encrypt('in flight', ab('f'));
    const stolen = await a.compromiseWhenIdle();
    await sending;
    assert.equal(stolen.at, 1);
    assert.equal(stolen.state.ns, 1, 'the message counted in `at` is inside the copied state');
  });

  it('forgetting the theft drops the marks; the thefts are bounded', async () => {
    const { a, aSends } = await chat();
    await aSends();
    const inspect = inspectorOver(a);
    await inspect.compromise(BOB_ID);
    assert.ok((await inspect.view(BOB_ID))!.compromise);
    inspect.forgive(BOB_ID);
    assert.equal((await inspect.view(BOB_ID))!.compromise, undefined);
    assert.equal(await inspect.compromise('nobody'), false);
    assert.equal(await inspect.view('nobody'), null);
    const one = new RatchetInspector(
      {
        pairs: { existing: () => Promise.resolve(a), ids: () => [] },
        name: (id) => id,
        log: () => undefined,
        changed: () => undefined,
      },
      undefined,
      2,
    );
    for (const id of ['p1', 'p2', 'p3', 'p4']) await one.compromise(id);
    assert.equal(one.size, 2);
  });
});
