// Outbound.send and leave(): a send still awaiting derivations or encryption stops when the user leaves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../../common/limits.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import type { Channel } from '../../client/session/channel.js';
import type { MembershipState } from '../../client/session/membership.js';
import { Outbound } from '../../client/session/outbound.js';
import type { OutgoingMessage } from '../../client/session/outbox.js';
import type { PeerTable } from '../../client/session/peers.js';

interface Rig {
  outbound: Outbound;
  membership: MembershipState;
  started: OutgoingMessage[];
  release: () => void;
  /** Resolves once the first encryption has started (its channel key was read). */
  encrypting: Promise<void>;
}

/** Two ready peers; `settled()` waits for `release()`. Leaving = what Membership.teardown does to the state. */
async function rig(): Promise<Rig> {
  const membership: MembershipState = {
    connection: 'connected',
    wantJoined: true,
    joined: true,
    room: 'race',
    name: 'Alice',
    me: 'A'.repeat(22),
    epoch: 0,
  };
  const key = await importAesGcmKey(new Uint8Array(32).fill(7));
  let onEncrypt = (): void => {};
  const encrypting = new Promise<void>((r) => (onEncrypt = r));
  const channel = (): Channel =>
    ({
      get key() {
        onEncrypt();
        return key;
      },
      derived: { keyFingerprint: '0011223344556677' },
    }) as unknown as Channel;
  let release = (): void => {};
  const gate = new Promise<void>((r) => (release = r));
  const peers = {
    settled: () => gate,
    ready: () => [
      { id: 'B'.repeat(22), name: 'Bob', channel: channel() },
      { id: 'C'.repeat(22), name: 'Carol', channel: channel() },
    ],
    awaitingKey: () => [],
    name: (id: string) => (id.startsWith('B') ? 'Bob' : 'Carol'),
  } as unknown as PeerTable;
  const started: OutgoingMessage[] = [];
  const outbound = new Outbound(
    {
      membership,
      myKey: () => ({ curve: 'P-256' }) as KeyAgreement,
      log: () => {},
      start: (m) => started.push(m),
      verified: () => false,
    },
    peers,
    DEFAULT_LIMITS,
    () => 1_700_000_000_000,
  );
  return { outbound, membership, started, release, encrypting };
}

function leave(m: MembershipState): void {
  m.epoch++;
  m.wantJoined = false;
  m.joined = false;
  m.me = undefined;
  m.room = undefined;
  m.name = undefined;
}

describe('Outbound.send and leave()', () => {
  it('sends normally while the membership stays', async () => {
    const r = await rig();
    const sent = r.outbound.send('hello');
    r.release();
    await sent;
    assert.equal(r.started.length, 1);
    assert.equal(r.started[0]!.parts.size, 2);
  });

  it('stops when the user leaves while it waits for derivations', async () => {
    const r = await rig();
    const sent = r.outbound.send('hello');
    leave(r.membership);
    r.release();
    await assert.rejects(sent, /left the room/);
    assert.equal(r.started.length, 0, 'nothing may be queued into the cleared state');
  });

  it('stops when the user leaves while it encrypts', async () => {
    const r = await rig();
    r.release();
    const sent = r.outbound.send('hello');
    await r.encrypting;
    leave(r.membership);
    await assert.rejects(sent, /left the room/);
    assert.equal(r.started.length, 0, 'no delivery (and no retry timer) may start');
  });

  it('stops after leaving and joining again while it waited (a new membership)', async () => {
    const r = await rig();
    const sent = r.outbound.send('hello');
    leave(r.membership);
    Object.assign(r.membership, { wantJoined: true, joined: true, room: 'other', me: 'D'.repeat(22) });
    r.release();
    await assert.rejects(sent, /left the room/);
    assert.equal(r.started.length, 0);
  });
});
