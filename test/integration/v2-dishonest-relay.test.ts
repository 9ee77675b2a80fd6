// What a dishonest relay can and cannot do to a v2 pair (docs/security.md "Authenticated receipts (v2)"): it cannot
// forge "delivered" or "failed", replay, or tamper; a lost receipt is recovered by resending the cached ciphertext.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomSession } from '../../client/session/room-session.js';
import { logText, peerNamed, waitFor } from '../helpers/session.js';
import { dishonestRelays } from './dishonest-setup.js';
import type { Forgery } from './forging-relay.js';
import { until } from './v1-scripted.js';

describe('a dishonest relay against a v2 pair', () => {
  const setup = dishonestRelays();

  /** Alice and Bob (both v2) through a forging relay with `forgery`, with a ready channel. */
  async function pairThrough(room: string, forgery: Forgery) {
    const pair = await setup.pairThrough(room, forgery, {
      retry: { receiptTimeoutMs: 300, maxDelayMs: 600, maxAttempts: 4 },
    });
    assert.equal(peerNamed(pair.alice.state, 'Bob')!.protocol, 'v2 · Double Ratchet — both speak v2');
    return pair;
  }

  const outgoing = (s: RoomSession, text: string) =>
    s.state.messages.find((m) => m.outgoing && m.text === text);
  const stateOf = (s: RoomSession, text: string) =>
    Object.values(outgoing(s, text)?.delivery ?? {})[0]?.state;
  const shows = (text: string) => (s: RoomSession['state']) =>
    s.messages.some((m) => !m.outgoing && m.text === text);

  it('cannot fake "delivered" or "failed": plain receipts on a v2 pair are refused and logged as forged-looking', async () => {
    const seen: string[] = [];
    let lostId: string | undefined;
    const { alice, bob } = await pairThrough('v2-fake-receipt', {
      toRelay(leg, event, args: any[]) {
        if (event !== 'dm') return args;
        seen.push(JSON.stringify(args[0]));
        const fromAlice = leg.memberId === alice.state.me?.id;
        if (!fromAlice || args[0]?.kind !== 'ratchet') return args;
        if (lostId === undefined) {
          // Drop Alice's first message and answer for Bob: first "failed", then "delivered".
          lostId = args[0].id;
          const to = args[0].parts[0].to;
          leg.client.emit('dm', {
            from: to,
            id: lostId,
            kind: 'receipt',
            body: { ok: false, reason: 'forged' },
          });
          leg.client.emit('dm', { from: to, id: lostId, kind: 'receipt', body: { ok: true } });
        }
        return args[0].id === lostId ? undefined : args;
      },
    });
    await alice.send('lost in transit');
    await waitFor(
      alice,
      () =>
        logText(alice).filter((l) => l.startsWith('Ignored a plain delivery receipt from Bob')).length >= 2,
      'both forged receipts refused',
    );
    // Barrier: a message from Bob after the forgeries arrives and is read.
    await bob.send('barrier');
    await waitFor(alice, shows('barrier'), 'Alice reads the barrier');
    assert.ok(
      ['sending', 'sent'].includes(stateOf(alice, 'lost in transit')!),
      stateOf(alice, 'lost in transit'),
    );
    assert.ok(!bob.state.messages.some((m) => m.text === 'lost in transit'));
    assert.ok(logText(alice).some((l) => l.includes('looks forged')));
    // The frames carry no plaintext, and the pair used only `ratchet`.
    assert.ok(!seen.join('\n').includes('lost in transit'));
    assert.ok(!seen.join('\n').includes('barrier'));
    assert.ok(
      seen.every((d) => JSON.parse(d).kind === 'ratchet'),
      seen.join('\n').slice(0, 300),
    );
  });

  it('cannot replay a ratchet envelope (shown once) nor re-label an encrypted receipt for another message', async () => {
    const toBob: unknown[][] = [];
    const toAlice: any[] = [];
    let blockNext = false;
    let blockId: string | undefined;
    const { relay, alice, bob } = await pairThrough('v2-replay', {
      toRelay(leg, event, args: any[]) {
        if (event !== 'dm') return args;
        if (leg.memberId !== alice.state.me?.id) return args;
        if (blockNext && blockId === undefined) blockId = args[0]?.id;
        return args[0]?.id === blockId ? undefined : args;
      },
      toClient(leg, event, args: any[]) {
        if (event === 'dm' && args[0]?.kind === 'ratchet') {
          if (leg.memberId === bob.state.me?.id) toBob.push(args);
          else toAlice.push(args[0]);
        }
        return args;
      },
    });
    await alice.send('only once');
    await waitFor(bob, shows('only once'), 'Bob shows it');
    await waitFor(alice, () => stateOf(alice, 'only once') === 'delivered', 'delivered');
    const bobLeg = relay.legOf(bob.state.me!.id)!;
    for (const args of toBob) bobLeg.client.emit('dm', ...args);
    await waitFor(
      bob,
      () => logText(bob).some((l) => l.startsWith('Dropped a copy of a message from Alice')),
      'copy',
    );
    assert.equal(bob.state.messages.filter((m) => m.text === 'only once').length, 1);
    // Bob's encrypted receipt for "only once", re-labelled with the id of a message Bob never got: it does not open.
    const receipt = toAlice[0];
    blockNext = true;
    await alice.send('never delivered');
    const target = outgoing(alice, 'never delivered')!;
    await until(() => blockId !== undefined, 'the relay holds the message back');
    assert.equal(blockId, target.id);
    relay.legOf(alice.state.me!.id)!.client.emit('dm', { ...receipt, id: target.id });
    await waitFor(
      alice,
      () => logText(alice).some((l) => l.startsWith('Could not decrypt a message from Bob')),
      're-labelled receipt refused',
    );
    assert.notEqual(stateOf(alice, 'never delivered'), 'delivered');
    assert.ok(!bob.state.messages.some((m) => m.text === 'never delivered'));
  });

  it('a lost receipt: the resend carries the same ciphertext, and Bob answers the copy unopened', async () => {
    let dropped = 0;
    const sent: string[] = [];
    const { alice, bob } = await pairThrough('v2-lost-receipt', {
      toRelay(leg, event, args: any[]) {
        if (event !== 'dm' || args[0]?.kind !== 'ratchet') return args;
        if (leg.memberId === alice.state.me?.id) sent.push(JSON.stringify(args[0].parts[0].body));
        // Drop Bob's first receipt.
        if (leg.memberId === bob.state.me?.id && dropped === 0) {
          dropped++;
          return undefined;
        }
        return args;
      },
    });
    await alice.send('answer me');
    await waitFor(bob, shows('answer me'), 'Bob reads it');
    await waitFor(alice, () => stateOf(alice, 'answer me') === 'delivered', 'delivered after a resend', 8000);
    assert.equal(dropped, 1);
    assert.ok(sent.length >= 2, 'Alice sent it again');
    assert.equal(new Set(sent).size, 1, 'every resend is the same ciphertext (same message number)');
    assert.ok(logText(bob).some((l) => l.startsWith('Dropped a copy of a message from Alice')));
    assert.equal(bob.state.messages.filter((m) => m.text === 'answer me').length, 1);
  });
});
