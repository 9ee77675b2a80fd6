// What a dishonest relay operator can and cannot do to two real RoomSessions: swap keys (caught only by the
// safety numbers), forge a sender, tamper, replay, fake a receipt. The forging relay sits in front of the real one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import { fromBase64Url, toBase64Url } from '../../client/crypto/base64url.js';
import { buildAad, decryptMessage, encryptMessage } from '../../client/crypto/message.js';
import { deriveChannel } from '../../client/session/channel.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { logText, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { dishonestRelays } from './dishonest-setup.js';
import type { Forgery, Leg } from './forging-relay.js';

/** A client that speaks v1 only (announces no `v`). */
const V1 = { protocolVersions: [1] };

describe('a dishonest relay operator', () => {
  const setup = dishonestRelays();

  // v1 clients: these are the properties of a v1 pair (`msg` and plain receipts); v2-dishonest-relay.test.ts runs
  // the same attacks against v2 pairs.
  /** Two sessions (Alice, Bob) through a forging relay with `forgery`, both with a ready channel. */
  const pairThrough = (room: string, forgery: Forgery) => setup.pairThrough(room, forgery, V1, V1);

  /** The forging relay's leg of session `s` (its member id names it). */
  const relaysOf = (s: RoomSession) =>
    setup.relays.map((r) => r.legOf(s.state.me!.id)).find((l) => l !== undefined)!;

  /** The safety number `viewer` shows for `peer`, as one string. */
  const numberFor = (viewer: RoomSession, peer: string): string =>
    peerNamed(viewer.state, peer)!.derived!.safetyNumber.join(' ');

  /** The delivery state of an outgoing message to its one recipient. */
  const stateOf = (m: RoomSession['state']['messages'][number]) => Object.values(m.delivery)[0]?.state;

  /** True once `s` shows an incoming message with `text`. */
  const shows = (text: string) => (s: RoomSession['state']) =>
    s.messages.some((m) => !m.outgoing && m.text === text);

  it('an honest relay: both members see the same safety number (the control for the next test)', async () => {
    const { alice, bob } = await pairThrough('honest', {});
    assert.equal(numberFor(alice, 'Bob'), numberFor(bob, 'Alice'));
    await alice.send('hello through an honest relay');
    await waitFor(bob, shows('hello through an honest relay'), 'Bob shows the message');
  });

  it('can swap keys and read everything, but then the two safety numbers differ', async () => {
    // A full man in the middle: each member is handed a key the relay made, and every message is
    // decrypted and re-encrypted on the way through.
    const fakes = new Map<string, Promise<KeyAgreement>>();
    const fakeFor = (viewer: string, subject: string): Promise<KeyAgreement> => {
      const k = `${viewer}>${subject}`;
      if (!fakes.has(k)) fakes.set(k, generateKeyAgreement('P-256'));
      return fakes.get(k)!;
    };
    const realPubs = new Map<string, string>();
    const read: string[] = [];
    const swapKey = async (viewer: Leg, p: any) =>
      p?.key
        ? {
            ...p,
            key: { curve: 'P-256', pub: toBase64Url((await fakeFor(viewer.memberId!, p.id)).publicRaw) },
          }
        : p;
    const { relay, alice, bob } = await pairThrough('mitm', {
      async toRelay(leg, event, args: any[]) {
        if (event === 'key') realPubs.set(leg.memberId!, args[0].pub);
        if (event !== 'dm' || args[0]?.kind !== 'msg') return args;
        const { id, parts } = args[0];
        const from = leg.memberId!;
        const reparts = [];
        for (const part of parts) {
          const aad = buildAad(leg.room!, from, part.to, id);
          const inbound = await deriveChannel(
            await fakeFor(from, part.to),
            { curve: 'P-256', pub: realPubs.get(from)! },
            leg.room!,
          );
          const plain = await decryptMessage(inbound.key, aad, part.body);
          read.push(plain.text);
          const outbound = await deriveChannel(
            await fakeFor(part.to, from),
            { curve: 'P-256', pub: realPubs.get(part.to)! },
            leg.room!,
          );
          reparts.push({
            to: part.to,
            body: (await encryptMessage(outbound.key, aad, plain.text, plain.ts)).body,
          });
        }
        return [{ ...args[0], parts: reparts }];
      },
      async toClient(leg, event, args: any[]) {
        if (event === 'peer-key') {
          const fake = await fakeFor(leg.memberId!, args[0].from);
          return [{ ...args[0], pub: toBase64Url(fake.publicRaw) }];
        }
        return args;
      },
      async ack(leg, event, reply: any) {
        if ((event === 'join' || event === 'who') && reply?.ok)
          return { ...reply, peers: await Promise.all(reply.peers.map((p: any) => swapKey(leg, p))) };
        return reply;
      },
    });
    assert.equal(relay.legs.length, 2);

    await alice.send('meet at noon');
    await waitFor(bob, shows('meet at noon'), 'Bob shows the message the relay re-encrypted');
    await bob.send('see you there');
    await waitFor(alice, shows('see you there'), 'Alice shows the reply');
    await waitFor(
      alice,
      (s) => s.messages.some((m) => m.outgoing && stateOf(m) === 'delivered'),
      'delivered',
    );
    assert.deepEqual(read, ['meet at noon', 'see you there'], 'the relay read both messages');
    // What gives it away: the numbers the two members would compare out loud.
    assert.notEqual(numberFor(alice, 'Bob'), numberFor(bob, 'Alice'));
  });

  it('cannot swap the key of a peer you verified quietly: the card warns and pending messages are held', async () => {
    const forgery: Forgery = {};
    const { alice, bob } = await pairThrough('swap-verified', forgery);
    const bobId = bob.state.me!.id;
    alice.setVerified(bobId, true);
    await waitFor(alice, (s) => peerNamed(s, 'Bob')!.verified, 'Bob verified');
    // From now on the relay hands Alice its own key as Bob's and swallows Alice's messages to Bob.
    const fake = await generateKeyAgreement('P-256');
    forgery.toRelay = (_leg, event, args: any[]) =>
      event === 'dm' && args[0]?.kind === 'msg' ? undefined : args;
    await alice.send('sent before the swap');
    const aliceLeg = relaysOf(alice);
    aliceLeg.client.emit('peer-key', { from: bobId, curve: 'P-256', pub: toBase64Url(fake.publicRaw) });
    await waitFor(alice, (s) => peerNamed(s, 'Bob')!.keyChanged !== undefined, 'key change flagged');
    const card = peerNamed(alice.state, 'Bob')!;
    assert.equal(card.verified, false, 'verification does not carry over to the new key');
    assert.deepEqual(card.keyChanged, { wasVerified: true });
    assert.ok(
      alice.state.messages.some((m) => /Bob’s key changed|Bob's key changed/.test(m.text)),
      'a chat line',
    );
    // The message written while Bob was verified is held, not re-encrypted to the relay's key.
    await waitFor(alice, (s) => peerNamed(s, 'Bob')!.held === 1, 'held for the user to decide');
    const held = alice.state.messages.find((m) => m.text === 'sent before the swap')!;
    assert.equal(stateOf(held), 'held');
  });

  it('cannot pass off one member as another: a dm with a forged `from` does not open', async () => {
    const forgery: Forgery = {};
    const { relay, alice, bob } = await pairThrough('forge-from', forgery);
    // Carol is a real member with her own channel to Alice; the relay relabels her messages as Bob's.
    const carol = setup.session(relay.url, V1);
    await carol.join('forge-from', 'Carol');
    await carol.generateKeys();
    await waitFor(carol, readyWith('Alice'), 'Carol ready with Alice');
    const [bobId, carolId] = [bob.state.me!.id, carol.state.me!.id];
    forgery.toClient = (_leg, event, args: any[]) =>
      event === 'dm' && args[0]?.from === carolId && args[0].kind === 'msg'
        ? [{ ...args[0], from: bobId }]
        : args;
    await carol.send('I am Bob, honest');
    await waitFor(
      alice,
      () => logText(alice).some((l) => l.startsWith('Could not decrypt a message from Bob')),
      'refused',
    );
    await waitFor(
      carol,
      (s) => s.messages.some((m) => m.outgoing && stateOf(m) === 'failed'),
      'Carol sees it failed',
    );
    assert.ok(!alice.state.messages.some((m) => m.text === 'I am Bob, honest'));
  });

  it('cannot alter a message: a flipped ciphertext bit is refused, and the sender sees it failed', async () => {
    const flipFirstBit = (p: any) => {
      const ct = fromBase64Url(p.body.ct);
      ct[0]! ^= 1;
      return { ...p, body: { ...p.body, ct: toBase64Url(ct) } };
    };
    const { alice, bob } = await pairThrough('tamper', {
      toRelay: (_leg, event, args: any[]) =>
        event === 'dm' && args[0]?.kind === 'msg'
          ? [{ ...args[0], parts: args[0].parts.map(flipFirstBit) }]
          : args,
    });
    await alice.send('flip me');
    await waitFor(
      bob,
      () => logText(bob).some((l) => l.startsWith('Could not decrypt a message from Alice')),
      'refused',
    );
    await waitFor(
      alice,
      (s) => s.messages.some((m) => m.outgoing && stateOf(m) === 'failed'),
      'Alice sees it failed',
    );
    assert.ok(!bob.state.messages.some((m) => m.text === 'flip me'));
  });

  it('cannot show a message twice: a replayed envelope is dropped as a copy', async () => {
    const captured: unknown[][] = [];
    const { relay, alice, bob } = await pairThrough('replay', {
      toClient(_leg, event, args: any[]) {
        if (event === 'dm' && args[0]?.kind === 'msg') captured.push(args);
        return args;
      },
    });
    await alice.send('only once');
    await waitFor(bob, shows('only once'), 'Bob shows it');
    const bobLeg = relay.legOf(bob.state.me!.id)!;
    for (const args of captured) bobLeg.client.emit('dm', ...args);
    await waitFor(
      bob,
      () => logText(bob).some((l) => l.startsWith('Dropped a copy of a message from Alice')),
      'copy dropped',
    );
    assert.equal(bob.state.messages.filter((m) => m.text === 'only once').length, 1);
  });

  it('can fake a delivery receipt (v1 receipts are not authenticated)', async () => {
    let swallowed = 0;
    const { relay, alice, bob } = await pairThrough('fake-receipt', {
      toRelay(leg, event, args: any[]) {
        if (event !== 'dm' || args[0]?.kind !== 'msg') return args;
        swallowed++;
        // Drop the message and answer for the recipient.
        const to = args[0].parts[0].to;
        leg.client.emit('dm', { from: to, id: args[0].id, kind: 'receipt', body: { ok: true } });
        return undefined;
      },
    });
    assert.ok(relay);
    await alice.send('lost in transit');
    await waitFor(
      alice,
      (s) => s.messages.some((m) => m.outgoing && m.text === 'lost in transit' && stateOf(m) === 'delivered'),
      'shown as delivered',
    );
    const out = alice.state.messages.find((m) => m.outgoing && m.text === 'lost in transit')!;
    assert.equal(
      Object.values(out.delivery)[0]?.unauthenticated,
      true,
      'marked as an unauthenticated receipt',
    );
    assert.equal(swallowed, 1);
    assert.ok(!bob.state.messages.some((m) => m.text === 'lost in transit'));
  });
});
