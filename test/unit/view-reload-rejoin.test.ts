// Unit tests of ReloadRejoin: only a reload rejoins, only the room in the address, with a new key; Leave opts out.
import assert from 'node:assert/strict';
import type { ReactiveControllerHost } from 'lit';
import { describe, it } from 'node:test';
import { ReloadRejoin } from '../../client/components/reload-rejoin.js';
import { loadRejoin, REJOIN_KEY, saveRejoin } from '../../client/session/rejoin.js';
import { MemoryStorage } from '../../client/session/resume.js';
import type { RoomSessionApi, SessionState } from '../../client/session/types.js';

/** A controller host that counts updates. */
function fakeHost(): ReactiveControllerHost {
  return {
    addController: () => undefined,
    requestUpdate: () => undefined,
  } as unknown as ReactiveControllerHost;
}

/** A session that records calls; `join` fails with `fail` when given. */
function fakeSession(fail?: string) {
  const calls: string[] = [];
  const session = {
    setCurve: (c: string) => calls.push(`curve ${c}`),
    join: async (room: string, name: string) => {
      calls.push(`join ${room} ${name}`);
      if (fail) throw new Error(fail);
    },
    generateKeys: async () => void calls.push('keys'),
  } as unknown as RoomSessionApi;
  return { session, calls };
}

const inRoom = { room: 'lab', name: 'Alice', me: { id: 'm' }, curve: 'toy-17' } as unknown as SessionState;
const outside = { curve: 'toy-17' } as unknown as SessionState;

/** Resolves once queued promise callbacks have run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ReloadRejoin', () => {
  it('after a reload joins the same room as the same name, then makes a new key on the same curve', async () => {
    const storage = new MemoryStorage();
    saveRejoin(storage, { room: 'lab', name: 'Alice', curve: 'toy-17' });
    const r = new ReloadRejoin(fakeHost(), storage);
    const { session, calls } = fakeSession();
    r.start(session, 'lab', true);
    assert.equal(r.rejoining?.room, 'lab');
    await settle();
    assert.deepEqual(calls, ['curve toy-17', 'join lab Alice', 'keys']);
    assert.deepEqual(r.notice, { room: 'lab', name: 'Alice', curve: 'toy-17' });
    assert.equal(r.rejoining, undefined);
    r.start(session, 'lab', true);
    assert.equal(calls.length, 3, 'once per page');
  });

  it('does not rejoin when the page was not reloaded, or the address names another room (and forgets it)', async () => {
    for (const [reloaded, address] of [
      [false, 'lab'],
      [true, 'other'],
    ] as const) {
      const storage = new MemoryStorage();
      saveRejoin(storage, { room: 'lab', name: 'Alice', curve: 'P-256' });
      const r = new ReloadRejoin(fakeHost(), storage);
      const { session, calls } = fakeSession();
      r.start(session, address, reloaded);
      await settle();
      assert.deepEqual(calls, []);
      assert.equal(storage.getItem(REJOIN_KEY), null);
      assert.equal(r.lastName, 'Alice', 'the name is still offered in the join form');
    }
  });

  it('a failed rejoin says why and forgets the record', async () => {
    const storage = new MemoryStorage();
    saveRejoin(storage, { room: 'lab', name: 'Alice', curve: 'P-256' });
    const r = new ReloadRejoin(fakeHost(), storage);
    r.start(fakeSession('The room is full.').session, '', true);
    await settle();
    assert.equal(r.error, 'Could not rejoin room lab as Alice after the reload: The room is full.');
    assert.equal(r.notice, undefined);
    assert.equal(storage.getItem(REJOIN_KEY), null);
  });

  it('remembers the room while in it; Leave clears it, and late changes of the old membership do not write it back', () => {
    const storage = new MemoryStorage();
    const r = new ReloadRejoin(fakeHost(), storage);
    r.sync(inRoom);
    assert.deepEqual(loadRejoin(storage), { room: 'lab', name: 'Alice', curve: 'toy-17' });
    r.left();
    r.sync(inRoom); // a change while the leave is under way
    assert.equal(storage.getItem(REJOIN_KEY), null);
    r.sync(outside);
    r.sync({ ...inRoom, room: 'next' } as SessionState);
    assert.equal(loadRejoin(storage)?.room, 'next', 'the next room is remembered');
  });
});
