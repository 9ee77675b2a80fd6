// Receipts and key announcements (issue 8 item 4) over a real relay with a small rate budget: junk `msg` dms from
// scripted members get no receipt, so the victim's new key still reaches an honest peer; and a `key` the relay
// refuses is retried with back-off, shown as pending, until it is acknowledged.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { MemoryStorage, RESUME_KEY } from '../../client/session/resume.js';
import type { RoomSession, RoomSessionOptions } from '../../client/session/room-session.js';
import type { SessionState } from '../../client/session/types.js';
import { joinHostile, type Hostile } from '../helpers/hostile.js';
import { newSession, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { call, connect, serversForFile, waitFor as poll } from './helpers.js';
import { readyPair } from './session-setup.js';

/** Junk a member without our key can send: a well-formed envelope whose tag can never verify. */
function junkBody(): { iv: string; ct: string } {
  return { iv: randomBytes(12).toString('base64url'), ct: randomBytes(48).toString('base64url') };
}

/** The safety number `s` shows on its card of `name`, if derived. */
function digits(s: SessionState, name: string): string | undefined {
  return peerNamed(s, name)?.derived?.safetyNumber.join(' ');
}

/** Resolves once Bob holds Alice's key `pub` and both cards show the same safety number (it hashes both keys). */
async function bobHolds(alice: RoomSession, bob: RoomSession, pub: string): Promise<void> {
  await poll(
    'Bob holds Alice’s new key, with equal safety numbers on both sides',
    () =>
      peerNamed(bob.state, 'Alice')?.key?.pub === pub &&
      digits(bob.state, 'Alice') !== undefined &&
      digits(bob.state, 'Alice') === digits(alice.state, 'Bob'),
    10_000,
  );
}

describe('receipts and key announcements', () => {
  const relay = serversForFile();
  const sessions: RoomSession[] = [];
  const hostiles: Hostile[] = [];
  after(async () => {
    for (const h of hostiles) h.close();
    await Promise.all(sessions.map((s) => s.leave()));
  });
  const session = (url: string, options: RoomSessionOptions = {}): RoomSession => {
    const s = newSession(url, { presenceIntervalMs: 60_000, ...options });
    sessions.push(s);
    return s;
  };

  it('junk msg dms get no receipt, so the victim’s new key still reaches an honest peer', async () => {
    // 12 events at once, one a second after that: each of Alice's receipts to junk would cost her one.
    const server = await relay({ limits: { eventsPerSecond: 1, eventBurst: 12 } });
    const room = 'junk-receipts';
    const alice = session(server.url);
    const bob = session(server.url);
    await readyPair(room, [alice, 'Alice'], [bob, 'Bob']);
    const me = alice.state.me!.id;
    // Two scripted members with channels to Alice each send 8 messages she cannot open (join and key spend
    // part of their own budget): 16 in all, beyond what Alice has left.
    for (const name of ['Mallory', 'Trudy']) {
      const h = await joinHostile(server.url, room, name);
      hostiles.push(h);
      await h.channelWith(me);
      await waitFor(alice, readyWith(name), `Alice ready with ${name}`);
      for (let i = 0; i < 8; i++)
        h.socket.emit('dm', { id: `${name}-${i}`, kind: 'msg', parts: [{ to: me, body: junkBody() }] });
    }
    const junk = (st: SessionState): number =>
      st.log.filter((l) => /^Could not decrypt a message from (Mallory|Trudy)/.test(l.text)).length;
    await waitFor(alice, (st) => junk(st) === 16, 'every junk message handled');

    await alice.generateKeys();
    const pub = alice.state.myKey!.pub;
    await bobHolds(alice, bob, pub);
    // Barrier for receipts: Alice's message reaches each of them after any receipt she sent them before.
    await alice.send('after the junk');
    for (const h of hostiles) await h.messagesArrived(1);
    for (const h of hostiles) assert.deepEqual(h.receipts, [], 'no receipt for what did not open');
    await waitFor(bob, (s) => s.messages.some((m) => m.text === 'after the junk'), 'Bob reads it');
  });

  it('a key the relay refuses is retried with back-off, shown as pending, until it is acknowledged', async () => {
    const server = await relay({ limits: { eventsPerSecond: 1, eventBurst: 8 } });
    const room = 'key-retry';
    const alice = session(server.url, {
      announceRetry: { firstDelayMs: 300, maxDelayMs: 1200, maxTries: 20, jitter: 0 },
      // No resends of Alice's own messages while the test runs: only the key competes for her budget.
      retry: { receiptTimeoutMs: 60_000, maxDelayMs: 60_000, maxAttempts: 2 },
    });
    const bob = session(server.url);
    await readyPair(room, [alice, 'Alice'], [bob, 'Bob']);
    // Alice types faster than her relay budget allows, then makes a new key: the relay refuses the `key`.
    for (let i = 0; i < 10; i++) await alice.send(`quick ${i}`);
    await alice.generateKeys();
    const pub = alice.state.myKey!.pub;
    const pending = await waitFor(
      alice,
      (s) => s.keyAnnouncement?.state === 'retrying',
      'the refused key shown as retrying',
    );
    assert.ok(pending.keyAnnouncement!.refusals >= 1);
    assert.match(pending.keyAnnouncement!.reason ?? '', /Too many requests/);
    assert.ok(
      pending.log.some((l) =>
        /did not take your public key: Too many requests.* Trying again by itself \(retry 1 of 19\)/.test(
          l.text,
        ),
      ),
    );
    const done = await waitFor(
      alice,
      (s) => s.keyAnnouncement?.state === 'announced',
      'the key announced after retries',
      20_000,
    );
    assert.ok(done.keyAnnouncement!.refusals >= 1);
    await bobHolds(alice, bob, pub);
  });

  it('gives up after the last try with a plain reason, and Try again announces the key once the relay allows', async () => {
    // Plenty per socket, little per member: a second socket of Alice's own member id can spend it all.
    const server = await relay({
      limits: { eventsPerSecond: 1000, eventBurst: 1000 },
      memberEventsPerSecond: 1,
      memberEventBurst: 10,
    });
    const room = 'key-give-up';
    const storage = new MemoryStorage();
    const alice = session(server.url, {
      storage,
      // Tries at 0, 0.5, 1.5 and 3.5 s: all refused while the twin burns; after it stops, a token is back within 1 s.
      announceRetry: { firstDelayMs: 500, maxDelayMs: 2000, maxTries: 4, jitter: 0 },
    });
    const bob = session(server.url);
    await alice.join(room, 'Alice');
    await alice.generateKeys();
    await bob.join(room, 'Bob');
    await bob.generateKeys();
    await waitFor(alice, readyWith('Bob'), 'Alice ready with Bob');
    // A twin socket with Alice's resume (her member id) emits `who` until the member's budget is empty.
    const twin = await connect(server.url);
    const joined = await call(twin, 'join', { room, name: 'Alice', resume: storage.getItem(RESUME_KEY) });
    assert.equal(joined.ok, true);
    const burn = setInterval(() => twin.emit('who', {}), 5);
    try {
      await poll('the member budget spent', async () => (await call(twin, 'who', {})).ok === false);
      await alice.generateKeys();
      const pub = alice.state.myKey!.pub;
      const failed = await waitFor(alice, (s) => s.keyAnnouncement?.state === 'failed', 'announcing failed');
      assert.deepEqual(failed.keyAnnouncement, {
        state: 'failed',
        refusals: 4,
        maxTries: 4,
        reason: 'Too many requests in a short time; wait a moment and try again.',
      });
      assert.ok(
        failed.log.some((l) => l.level === 'error' && /^Could not announce your public key/.test(l.text)),
      );
      assert.notEqual(peerNamed(bob.state, 'Alice')?.key?.pub, pub);
      clearInterval(burn);
      twin.close();
      alice.announceKey();
      await waitFor(
        alice,
        (s) => s.keyAnnouncement?.state === 'announced',
        'announced after Try again',
        15_000,
      );
      await bobHolds(alice, bob, pub);
    } finally {
      clearInterval(burn);
      twin.close();
    }
  });
});
