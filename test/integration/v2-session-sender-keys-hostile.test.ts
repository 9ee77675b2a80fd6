// Sender keys in RoomSession against lies (docs/security.md "Broadcast and sender keys (v2)"): a chain holder forging a
// broadcast in another member's name (through a dishonest relay), replays, junk `skmsg`/`skdist` bodies, unknown
// kinds and a flood each become an activity line, and the chat keeps working.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBase64Url, toBase64Url } from '../../client/crypto/base64url.js';
import { randomBytes, utf8 } from '../../client/crypto/bytes.js';
import { decryptBroadcast } from '../../client/crypto/sender-key/receiver.js';
import { encryptBroadcast, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import {
  exportSigningPublic,
  importSigningPublic,
  newSigningKeys,
} from '../../client/crypto/sender-key/signing.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { logText, waitFor } from '../helpers/session.js';
import { dishonestRelays } from './dishonest-setup.js';
import { call } from './helpers.js';
import { joinAll, keysAll } from './session-setup.js';
import { until } from './v1-scripted.js';
import { chainFrom, joinV2Scripted, type SeenBcast } from './v2-scripted.js';

const delivered = (text: string) => (s: RoomSession['state']) => {
  const m = s.messages.find((x) => x.outgoing && x.text === text);
  return m !== undefined && Object.values(m.delivery).every((d) => d.state === 'delivered');
};
const shown = (s: RoomSession, text: string): number =>
  s.state.messages.filter((m) => m.text === text).length;

describe('sender keys against lies', () => {
  const setup = dishonestRelays();
  const { session } = setup;

  it("a member holding Alice's chain cannot pass a broadcast off as Alice's, even with the relay's help", async () => {
    const toBob: SeenBcast[] = [];
    const relay = await setup.forging({
      toClient(_leg, event, args) {
        if (event === 'bcast') toBob.push(args[0] as SeenBcast);
        return args;
      },
    });
    const [alice, bob] = [session(relay.url), session(relay.url)];
    await joinAll('skh-forge', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    const mallory = await joinV2Scripted(relay.url, 'skh-forge', 'Mallory');
    const aliceId = (): string => alice.state.me!.id;
    await waitFor(alice, (s) => s.senderKeys.holders === 2, 'Bob and Mallory hold the chain');
    await alice.send('real one');
    await waitFor(alice, delivered('real one'), 'delivered');
    const dist = mallory.dists.get(aliceId())!.at(-1)!;

    // Mallory builds message 1 of Alice's chain from the chain key she holds, and signs it with her own key.
    const forgedChain = await newSenderChain({
      chainId: fromBase64Url(dist.chain),
      ck: fromBase64Url(dist.ck),
      signing: await newSigningKeys(),
    });
    forgedChain.n = dist.n;
    await encryptBroadcast(forgedChain, 'skh-forge', aliceId(), 'skip', utf8('{}')); // the iteration of 'real one' is used
    const plaintext = utf8(JSON.stringify({ type: 'text', text: 'forged in Alice’s name', ts: Date.now() }));
    const body = await encryptBroadcast(forgedChain, 'skh-forge', aliceId(), 'forged-1', plaintext);
    // Without the signature check the chain key would open it: only the signature tells them apart.
    const trusting = await chainFrom(dist);
    trusting.verifyKey = await importSigningPublic(await exportSigningPublic(forgedChain.signing.publicKey));
    const opened = await decryptBroadcast(trusting, 'skh-forge', aliceId(), 'forged-1', body);
    assert.ok(opened.ok, 'the chain key alone derives the message key');

    const bobLeg = relay.legOf(bob.state.me!.id)!;
    bobLeg.client.emit('bcast', { from: aliceId(), id: 'forged-1', kind: 'skmsg', body });
    await waitFor(bob, (s) => s.log.some((l) => /signature is not Alice's/.test(l.text)), 'refused');
    assert.equal(shown(bob, 'forged in Alice’s name'), 0);
    // A replay of Alice's real broadcast (the relay sends it again): shown once, answered, nothing else.
    const real1 = toBob.find((b) => b.from === aliceId())!;
    bobLeg.client.emit('bcast', real1);
    await waitFor(bob, (s) => s.log.some((l) => /already showed/.test(l.text)), 'copy dropped');
    assert.equal(shown(bob, 'real one'), 1);
    // Alice's chain is untouched: her next message reads.
    await alice.send('real two');
    await waitFor(alice, delivered('real two'), 'still delivered');
    assert.equal(shown(bob, 'real two'), 1);
    mallory.socket.close();
  });

  it('junk skmsg and skdist bodies, unknown kinds, a foreign sender and a flood leave the chat working', async () => {
    const [alice, bob] = [
      session(setup.real.url),
      session(setup.real.url, {
        inboundRate: { perSecond: 1, burst: 4 },
        receiptRate: { perSecond: 1, burst: 4 },
      }),
    ];
    await joinAll('skh-junk', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    const mallory = await joinV2Scripted(setup.real.url, 'skh-junk', 'Mallory');
    await waitFor(alice, (s) => s.senderKeys.holders === 2, 'Bob and Mallory hold the chain');
    const bobId = bob.state.me!.id;
    const junkBodies: unknown[] = [
      {},
      'text',
      { chain: 'AAAAAAAAAAA', n: -1, ct: 'AA', sig: 'AA' },
      {
        chain: toBase64Url(randomBytes(8)),
        n: 0,
        ct: toBase64Url(randomBytes(40)),
        sig: toBase64Url(randomBytes(64)),
      },
    ];
    // Four junk broadcasts (within Bob's burst of 4 + 4) and an unknown kind: lines in the log, nothing shown.
    for (const [i, body] of junkBodies.entries())
      assert.deepEqual(await call(mallory.socket, 'bcast', { id: `junk-${i}`, kind: 'skmsg', body }), {
        ok: true,
      });
    await call(mallory.socket, 'bcast', { id: 'unknown-kind', kind: 'zz-future', body: { any: 1 } });
    await waitFor(
      bob,
      (s) =>
        s.log.filter(
          (l) => /Mallory/.test(l.text) && /sender-keys message|malformed sender-keys/.test(l.text),
        ).length >= 4,
      'four refusals',
    );
    assert.ok(logText(bob).some((l) => /malformed sender-keys message from Mallory/.test(l)));
    assert.ok(logText(bob).some((l) => /Mallory's sender key has not reached this tab/.test(l)));
    assert.ok(!logText(bob).some((l) => /zz-future/.test(l)), 'an unknown kind is ignored without a word');
    // Junk `skdist` dms: not a ratchet body, and a ratchet-shaped body that does not open.
    await call(mallory.socket, 'dm', {
      id: 'sd-1',
      kind: 'skdist',
      parts: [{ to: bobId, body: { nope: true } }],
    });
    const fake = {
      h: { dh: toBase64Url(new Uint8Array([4, ...randomBytes(64)])), pn: 0, n: 0 },
      ct: toBase64Url(randomBytes(40)),
    };
    await call(mallory.socket, 'dm', { id: 'sd-2', kind: 'skdist', parts: [{ to: bobId, body: fake }] });
    await until(
      () => logText(bob).filter((l) => /Could not open a sender key from Mallory/.test(l)).length === 2,
      'skdist refusals',
    );
    // A flood of Alice's broadcast replayed from Mallory's socket (the relay names Mallory, whose chain Bob does
    // not hold), far past Bob's guard: one line for the burst.
    await alice.send('before the flood');
    await waitFor(alice, delivered('before the flood'), 'delivered');
    await until(() => mallory.bcasts.some((b) => b.from === alice.state.me!.id), 'Mallory saw the broadcast');
    const bcast = mallory.bcasts.find((b) => b.from === alice.state.me!.id)!;
    for (let i = 0; i < 30; i++)
      mallory.socket.emit('bcast', { id: `flood-${i}`, kind: 'skmsg', body: bcast.body });
    await waitFor(bob, (s) => s.log.some((l) => /Mallory is sending too many/.test(l.text)), 'flood refused');
    assert.equal(logText(bob).filter((l) => /Mallory is sending too many/.test(l)).length, 1);
    // Through all of it Alice's chain and Bob's chat still work.
    await alice.send('after the junk');
    await waitFor(alice, delivered('after the junk'), 'delivered after the junk', 10_000);
    assert.equal(shown(bob, 'after the junk'), 1);
    assert.equal(shown(bob, 'before the flood'), 1);
    mallory.socket.close();
  });
});
