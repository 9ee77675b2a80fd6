// The rejoin record kept for a reload: round trip, junk refused, never a key in it (issue 9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearRejoin, loadRejoin, REJOIN_KEY, saveRejoin } from '../../client/session/rejoin.js';
import { MemoryStorage } from '../../client/session/resume.js';

describe('rejoin record', () => {
  it('round-trips room, name and curve, and clears', () => {
    const s = new MemoryStorage();
    saveRejoin(s, { room: 'lab-1', name: 'Alice', curve: 'toy-17' });
    assert.deepEqual(loadRejoin(s), { room: 'lab-1', name: 'Alice', curve: 'toy-17' });
    clearRejoin(s);
    assert.equal(loadRejoin(s), undefined);
    assert.equal(s.getItem(REJOIN_KEY), null);
  });

  it('stores only room, name and curve, whatever else the caller passes', () => {
    const s = new MemoryStorage();
    const record = { room: 'r', name: 'Bob', curve: 'P-256' as const, privateHex: 'ab'.repeat(32) };
    saveRejoin(s, record);
    assert.deepEqual(Object.keys(JSON.parse(s.getItem(REJOIN_KEY)!)).sort(), ['curve', 'name', 'room']);
    assert.ok(!s.getItem(REJOIN_KEY)!.includes('abab'));
  });

  it('refuses junk: bad JSON, a bad room or name, an unknown curve, oversized text', () => {
    const s = new MemoryStorage();
    for (const raw of [
      'not json',
      'null',
      '[]',
      JSON.stringify({ room: 'has space', name: 'A', curve: 'P-256' }),
      JSON.stringify({ room: 'r', name: '', curve: 'P-256' }),
      JSON.stringify({ room: 'r', name: 'A\u202e', curve: 'P-256' }),
      JSON.stringify({ room: 'r', name: 'A', curve: 'P-999' }),
      JSON.stringify({ room: 'r', name: 'A'.repeat(2000), curve: 'P-256' }),
    ]) {
      s.setItem(REJOIN_KEY, raw);
      assert.equal(loadRejoin(s), undefined, raw.slice(0, 60));
    }
  });

  it('survives a store that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
      removeItem: () => {
        throw new Error('blocked');
      },
    };
    saveRejoin(broken, { room: 'r', name: 'A', curve: 'P-256' });
    assert.equal(loadRejoin(broken), undefined);
    clearRejoin(broken);
  });
});
