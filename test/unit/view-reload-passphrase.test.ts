// After a reload in a passphrase room the app asks for the passphrase again: it never stores it and never rejoins without it.
import assert from 'node:assert/strict';
import type { ReactiveControllerHost } from 'lit';
import { describe, it } from 'node:test';
import { ReloadRejoin } from '../../client/components/reload-rejoin.js';
import { loadRejoin, REJOIN_KEY, saveRejoin } from '../../client/session/rejoin.js';
import { MemoryStorage } from '../../client/session/resume.js';
import type { RoomSessionApi, SessionState } from '../../client/session/types.js';

const host = {
  addController: () => undefined,
  requestUpdate: () => undefined,
} as unknown as ReactiveControllerHost;

describe('reload in a passphrase room', () => {
  it('stores only that the room had a passphrase, and a reload asks for it instead of joining', async () => {
    const storage = new MemoryStorage();
    const r = new ReloadRejoin(host, storage);
    const st = { room: 'lab', name: 'Alice', me: { id: 'm' }, curve: 'P-256', passphrase: true };
    r.sync(st as unknown as SessionState);
    const raw = storage.getItem(REJOIN_KEY)!;
    assert.deepEqual(JSON.parse(raw), { room: 'lab', name: 'Alice', curve: 'P-256', passphrase: true });

    const calls: string[] = [];
    const session = {
      setCurve: () => calls.push('curve'),
      join: async () => void calls.push('join'),
      generateKeys: async () => void calls.push('keys'),
    } as unknown as RoomSessionApi;
    const after = new ReloadRejoin(host, storage);
    after.start(session, 'lab', true);
    await new Promise((res) => setTimeout(res, 0));
    assert.deepEqual(calls, [], 'no join without the passphrase');
    assert.match(after.error, /passphrase-protected.*type it again/);
    assert.equal(after.lastName, 'Alice');
    assert.equal(loadRejoin(storage), undefined);
  });

  it('a stored passphrase flag that is not `true` is dropped, never trusted as text', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      REJOIN_KEY,
      JSON.stringify({ room: 'lab', name: 'A', curve: 'P-256', passphrase: 'hunter2' }),
    );
    assert.deepEqual(loadRejoin(storage), { room: 'lab', name: 'A', curve: 'P-256' });
    saveRejoin(storage, { room: 'lab', name: 'A', curve: 'P-256' });
    assert.ok(!storage.getItem(REJOIN_KEY)!.includes('passphrase'));
  });
});
