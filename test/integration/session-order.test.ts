// Two members' transcripts end in the same order: by the author's send time, ties broken the same way on both sides.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomSession } from '../../client/session/room-session.js';
import { waitFor } from '../helpers/session.js';
import { readyPair, sessionRelay } from './session-setup.js';

const relay = sessionRelay();

/** The chat's texts in order, once all `count` messages are there. */
async function transcript(s: RoomSession, count: number): Promise<string[]> {
  const st = await waitFor(s, (x) => x.messages.length === count, `${count} messages`);
  return st.messages.map((m) => m.text);
}

/** Both members send at once, `rounds` times; returns both transcripts. */
async function interleave(alice: RoomSession, bob: RoomSession, rounds: number): Promise<string[][]> {
  for (let i = 1; i <= rounds; i++) await Promise.all([alice.send(`Alice ${i}`), bob.send(`Bob ${i}`)]);
  return Promise.all([transcript(alice, 2 * rounds), transcript(bob, 2 * rounds)]);
}

describe('RoomSession transcripts with interleaved sends', () => {
  it('are in the same order on both sides, each author in its own order', async () => {
    const alice = relay.session();
    const bob = relay.session();
    await readyPair('order', [alice, 'Alice'], [bob, 'Bob']);
    const [a, b] = await interleave(alice, bob, 6);
    assert.deepEqual(a, b);
    for (const who of ['Alice', 'Bob'])
      assert.deepEqual(
        a.filter((t) => t.startsWith(who)),
        [1, 2, 3, 4, 5, 6].map((i) => `${who} ${i}`),
      );
  });

  it('are in the same order when both authors write in the same millisecond', async () => {
    const t = Date.now();
    const now = (): number => t; // one frozen clock: every message has the same author time
    const alice = relay.session({ now });
    const bob = relay.session({ now });
    await readyPair('same-ms', [alice, 'Alice'], [bob, 'Bob']);
    const [a, b] = await interleave(alice, bob, 4);
    assert.deepEqual(a, b);
    for (const who of ['Alice', 'Bob'])
      assert.deepEqual(
        a.filter((x) => x.startsWith(who)),
        [1, 2, 3, 4].map((i) => `${who} ${i}`),
      );
  });
});
