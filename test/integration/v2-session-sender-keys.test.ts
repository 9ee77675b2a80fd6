// Sender keys in RoomSession against a real relay (docs/protocol.md "v2: how the browser client uses sender keys"):
// three v2 sessions and a scripted v1 client chat; every v2 message is one `bcast`, the v1 member is served pairwise;
// a leaver's chain reads nothing after the leave; a joiner reads from its join on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBase64Url } from '../../client/crypto/base64url.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import { aesGcmDecrypt } from '../../client/crypto/message.js';
import { headerAad } from '../../client/crypto/sender-key/header.js';
import { chainStep, messageKey } from '../../client/crypto/sender-key/kdf.js';
import { decryptBroadcast } from '../../client/crypto/sender-key/receiver.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { logText, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { joinAll, keysAll, sessionRelay } from './session-setup.js';
import { joinV1, until } from './v1-scripted.js';
import { chainFrom, joinV2Scripted } from './v2-scripted.js';

/** What a client sent the relay, by event. */
const sent = (traffic: string[], event: string): { id: string; kind: string; [k: string]: unknown }[] =>
  traffic.filter((t) => t.startsWith(`${event} `)).map((t) => JSON.parse(t.slice(event.length + 1))[0]);

/** True once every recipient of our message `text` delivered it. */
const allDelivered = (text: string) => (s: RoomSession['state']) => {
  const m = s.messages.find((x) => x.outgoing && x.text === text);
  return m !== undefined && Object.values(m.delivery).every((d) => d.state === 'delivered');
};

/** The counts of a sender-keys view that say who can hold our chain and who cannot. */
const pick = ({ holders, v2Peers, v1Peers, awaitingKey, noChannel }: RoomSession['state']['senderKeys']) => ({
  holders,
  v2Peers,
  v1Peers,
  awaitingKey,
  noChannel,
});

/** How many times `text` shows in the chat of `s`. */
const shown = (s: RoomSession, text: string): number =>
  s.state.messages.filter((m) => m.text === text).length;

describe('sender keys in the session', () => {
  const relay = sessionRelay();

  /** Wait until `s` has `n` peers holding its current chain. */
  const holders = (s: RoomSession, n: number) =>
    waitFor(s, (st) => st.senderKeys.active && st.senderKeys.holders === n, `${s.state.name}: ${n} holders`);

  it('3 v2 + 1 v1: each v2 message is one bcast read by every v2 member; the v1 member gets it pairwise, once', async () => {
    const [alice, bob, carol] = [relay.session(), relay.session(), relay.session()];
    await joinAll('sk-mixed', [
      [alice, 'Alice'],
      [bob, 'Bob'],
      [carol, 'Carol'],
    ]);
    await keysAll(alice, bob, carol);
    const dave = await joinV1(relay.server.url, 'sk-mixed', 'Dave');
    const v2 = [alice, bob, carol];
    for (const s of v2) await holders(s, 2);
    // The switch and the peer card say so; Dave's card stays v1.
    assert.equal(alice.state.senderKeys.members, 4);
    assert.equal(
      peerNamed(alice.state, 'Bob')!.protocol,
      'v2 · sender keys + Double Ratchet — both speak v2',
    );
    assert.deepEqual(peerNamed(alice.state, 'Bob')!.senderKey, { ours: 'held', theirs: true });
    assert.equal(peerNamed(alice.state, 'Dave')!.senderKey, undefined);
    // Every distribution travelled as an `skdist` dm inside a ratchet body, never in the clear.
    for (const d of sent(relay.traffic, 'dm').filter((x) => x.kind === 'skdist'))
      assert.doesNotMatch(JSON.stringify(d), /sender-key|"ck"/);

    const bcastsBefore = sent(relay.traffic, 'bcast').length;
    const texts: [RoomSession, string][] = [
      [alice, 'hello from Alice'],
      [bob, 'hello from Bob'],
      [carol, 'hello from Carol'],
      [alice, 'Alice again'],
    ];
    for (const [s, text] of texts) {
      await s.send(text);
      await waitFor(s, allDelivered(text), `${text}: delivered to all`);
    }
    const daveText = 'hello from Dave';
    await dave.send(
      daveText,
      [alice, bob, carol].map((s) => s.state.me!.id),
    );
    for (const s of v2) {
      for (const [, text] of texts) assert.equal(shown(s, text), 1, `${s.state.name} shows "${text}" once`);
      await waitFor(s, (st) => st.messages.some((m) => m.text === daveText), `${s.state.name} reads Dave`);
      assert.equal(shown(s, daveText), 1);
    }
    // One bcast per v2 message, of kind skmsg, without plaintext; no pairwise copy to a v2 member.
    const bcasts = sent(relay.traffic, 'bcast').slice(bcastsBefore);
    assert.equal(bcasts.length, texts.length);
    assert.ok(bcasts.every((b) => b.kind === 'skmsg'));
    for (const [, text] of texts) assert.ok(!relay.traffic.some((t) => t.includes(text)), 'no plaintext');
    // Besides the bcast, a message id travels only as Dave's `msg` copy and as receipts back to its author.
    const authorOf = new Map(bcasts.map((b, i) => [b.id, texts[i]![0].state.me!.id]));
    for (const d of sent(relay.traffic, 'dm').filter((x) => authorOf.has(x.id))) {
      const to = (d.parts as { to: string }[]).map((p) => p.to);
      if (d.kind === 'msg') assert.deepEqual(to, [dave.id], 'the pairwise copy goes to Dave only');
      else {
        assert.ok(d.kind === 'ratchet' || d.kind === 'receipt', d.kind);
        assert.deepEqual(to, [authorOf.get(d.id)], 'a receipt, to the author');
      }
    }
    // Dave (v1) read each v2 message exactly once, pairwise.
    assert.deepEqual(dave.received.map((m) => m.text).sort(), texts.map(([, t]) => t).sort());
    // Receipts for sender-keys messages came inside the ratchet: authenticated.
    const out = alice.state.messages.find((m) => m.text === 'hello from Alice')!;
    assert.equal(out.delivery[bob.state.me!.id]!.unauthenticated, undefined);
    assert.equal(out.delivery[dave.id]!.unauthenticated, true);
    assert.equal(out.wire.find((w) => w.to === bob.state.me!.id)!.via, 'sender-key');
    const inBob = bob.state.messages.find((m) => m.text === 'hello from Alice')!;
    assert.equal(inBob.wire[0]!.via, 'sender-key');
    assert.ok(logText(bob).some((l) => /read with Alice's sender key/.test(l)));
    // The switch counts only peers with a v2 channel as able to hold the chain: Dave (v1) is counted apart.
    assert.deepEqual(pick(alice.state.senderKeys), {
      holders: 2,
      v2Peers: 2,
      v1Peers: 1,
      awaitingKey: 0,
      noChannel: 0,
    });
    // Erin joins and makes no key: a member of the room, but no channel, so nobody can give her a chain or a copy.
    const erin = relay.session();
    await erin.join('sk-mixed', 'Erin');
    await waitFor(alice, (st) => st.senderKeys.members === 5, 'Alice: Erin is in the room');
    assert.deepEqual(pick(alice.state.senderKeys), {
      holders: 2,
      v2Peers: 2,
      v1Peers: 1,
      awaitingKey: 0,
      noChannel: 1,
    });
    dave.socket.close();
  });

  it("a leaver's chain reads nothing sent after the leave; everyone still there gets a new chain", async () => {
    const [alice, bob] = [relay.session(), relay.session()];
    await joinAll('sk-leave', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    const dave = await joinV1(relay.server.url, 'sk-leave', 'Dave');
    const observer = await joinV2Scripted(relay.server.url, 'sk-leave', 'Olga', { ack: false });
    const lea = await joinV2Scripted(relay.server.url, 'sk-leave', 'Lea');
    await holders(alice, 2); // Bob and Lea (Olga never acknowledges: she is served pairwise)
    const first = alice.state.senderKeys.chainId!;
    await alice.send('before the leave');
    await waitFor(alice, allDelivered('before the leave'), 'delivered before the leave');
    // Lea really held a working chain: she reads the message sent before she left.
    const leaDist = lea.dists.get(alice.state.me!.id)!.at(-1)!;
    const before = lea.bcasts.at(-1)!;
    const read = await decryptBroadcast(
      await chainFrom(leaDist),
      'sk-leave',
      before.from,
      before.id,
      before.body,
    );
    assert.ok(read.ok, JSON.stringify(read));

    lea.socket.close();
    await waitFor(
      alice,
      (s) => s.senderKeys.chainId !== undefined && s.senderKeys.chainId !== first,
      'rotated',
    );
    await holders(alice, 1);
    assert.ok(logText(alice).some((l) => /New sender chain: a member left/.test(l)));
    await alice.send('after the leave');
    await waitFor(alice, allDelivered('after the leave'), 'delivered after the leave');
    await waitFor(bob, (s) => s.messages.some((m) => m.text === 'after the leave'), 'Bob reads it');
    await until(() => observer.bcasts.length >= 2, 'Olga saw the second bcast');
    const after = observer.bcasts.at(-1)!;
    const body = after.body as { chain: string; n: number; ct: string };
    // With her chain as distributed: an unknown chain.
    const asIs = await decryptBroadcast(
      await chainFrom(leaDist),
      'sk-leave',
      after.from,
      after.id,
      after.body,
    );
    assert.ok(!asIs.ok && asIs.reason === 'unknown-chain');
    // Even skipping the signature and trying every key her chain key derives: nothing opens.
    let ck = fromBase64Url(leaDist.ck);
    const header = { room: 'sk-leave', from: after.from, id: after.id, chain: body.chain, n: body.n };
    for (let i = 0; i < 50; i++) {
      const step = await chainStep(ck);
      const mk = await messageKey(step.seed);
      const key = await importAesGcmKey(mk.key);
      await assert.rejects(aesGcmDecrypt(key, mk.iv, headerAad(header), fromBase64Url(body.ct)));
      ck = step.next;
    }
    // Dave (v1) was never sent the chain: his leave changes nothing.
    const chainAfter = alice.state.senderKeys.chainId;
    dave.socket.close();
    await waitFor(alice, (s) => peerNamed(s, 'Dave') === undefined, 'Dave left');
    assert.equal(alice.state.senderKeys.chainId, chainAfter, 'no rotation for a v1 leaver');
    observer.socket.close();
  });

  it('a joiner reads from its join on, never before', async () => {
    const [alice, bob, carol] = [relay.session(), relay.session(), relay.session()];
    await joinAll('sk-join', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    const dave = await joinV1(relay.server.url, 'sk-join', 'Dave');
    const watcher = await joinV2Scripted(relay.server.url, 'sk-join', 'Wes', { ack: false });
    await holders(alice, 1);
    for (const text of ['early one', 'early two']) {
      await alice.send(text);
      await waitFor(alice, allDelivered(text), text);
    }
    const jo = await joinV2Scripted(relay.server.url, 'sk-join', 'Jo');
    await carol.join('sk-join', 'Carol');
    await carol.generateKeys();
    await holders(alice, 3); // Bob, Jo, Carol
    const joDist = jo.dists.get(alice.state.me!.id)!.at(-1)!;
    assert.equal(joDist.n, 2, 'the joiner gets the chain as it stands: from message 2');
    await alice.send('after the join');
    await waitFor(alice, allDelivered('after the join'), 'after the join');
    await waitFor(carol, (s) => s.messages.some((m) => m.text === 'after the join'), 'Carol reads it');
    assert.deepEqual(
      carol.state.messages.filter((m) => !m.system).map((m) => m.text),
      ['after the join'],
    );
    const early = watcher.bcasts.filter((b) => b.from === alice.state.me!.id);
    assert.equal(early.length, 3);
    for (const b of early.slice(0, 2)) {
      const got = await decryptBroadcast(await chainFrom(joDist), 'sk-join', b.from, b.id, b.body);
      assert.ok(!got.ok && got.reason === 'before-distribution', JSON.stringify(got));
    }
    const late = await decryptBroadcast(
      await chainFrom(joDist),
      'sk-join',
      early[2]!.from,
      early[2]!.id,
      early[2]!.body,
    );
    assert.ok(late.ok);
    dave.socket.close();
    watcher.socket.close();
    jo.socket.close();
  });

  it('a member with a new key gets the chain again and still reads by broadcast', async () => {
    const [alice, bob, carol] = [relay.session(), relay.session(), relay.session()];
    await joinAll('sk-newkey', [
      [alice, 'Alice'],
      [bob, 'Bob'],
      [carol, 'Carol'],
    ]);
    await keysAll(alice, bob, carol);
    await holders(alice, 2);
    const chain = alice.state.senderKeys.chainId;
    const sentToBob = (st: RoomSession['state']): number =>
      st.log.filter((l) => /Sent your sender key to Bob/.test(l.text)).length;
    assert.equal(sentToBob(alice.state), 1);
    await bob.generateKeys();
    // Bob's new key: Alice gives him her chain as it stands (no rotation), over the new pair channel.
    await waitFor(
      alice,
      (st) => sentToBob(st) === 2 && peerNamed(st, 'Bob')?.senderKey?.ours === 'held',
      'again',
    );
    await holders(alice, 2);
    assert.equal(alice.state.senderKeys.chainId, chain, 'a new key does not rotate');
    const bcasts = sent(relay.traffic, 'bcast').length;
    await alice.send('after the new key');
    await waitFor(alice, allDelivered('after the new key'), 'delivered');
    assert.equal(sent(relay.traffic, 'bcast').length, bcasts + 1);
    assert.equal(shown(bob, 'after the new key'), 1);
    assert.equal(shown(carol, 'after the new key'), 1);
  });

  it('on demand: two members use sender keys when asked, and stop when the switch is off', async () => {
    const [alice, bob] = [relay.session(), relay.session()];
    await joinAll('sk-demand', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    await waitFor(alice, readyWith('Bob'), 'ready');
    assert.equal(alice.state.senderKeys.active, false);
    alice.setSenderKeysOnDemand(true);
    await holders(alice, 1);
    const before = sent(relay.traffic, 'bcast').length;
    await alice.send('on demand');
    await waitFor(alice, allDelivered('on demand'), 'delivered');
    assert.equal(sent(relay.traffic, 'bcast').length, before + 1);
    alice.setSenderKeysOnDemand(false);
    assert.equal(alice.state.senderKeys.active, false);
    await alice.send('pairwise again');
    await waitFor(alice, allDelivered('pairwise again'), 'delivered');
    assert.equal(sent(relay.traffic, 'bcast').length, before + 1);
    assert.equal(shown(bob, 'on demand') + shown(bob, 'pairwise again'), 2);
  });
});
