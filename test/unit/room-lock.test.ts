// The relay's room lock decisions (server/room-lock.ts): which state wins, and who a locked room admits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RoomLockState, isNewer, lockForJoin, maxAdmitted, newestLock } from '../../server/room-lock.js';

const A = 'A'.repeat(22);
const B = 'B'.repeat(22);
const C = 'C'.repeat(22);
const state = (over: Partial<RoomLockState> = {}): RoomLockState => ({
  locked: true,
  by: A,
  name: 'Alice',
  at: 1000,
  admitted: [A, B],
  ...over,
});

describe('room lock: the newest state wins', () => {
  it('a later time wins, whatever it says', () => {
    const unlock = state({ locked: false, at: 2000, admitted: [] });
    assert.equal(isNewer(unlock, state()), true);
    assert.equal(isNewer(state(), unlock), false);
    assert.equal(newestLock([state(), undefined, unlock]), unlock);
  });

  it('a tie is broken by the member id, the same way on every node', () => {
    const byA = state({ by: A });
    const byB = state({ by: B, locked: false });
    assert.equal(isNewer(byB, byA), true);
    assert.equal(isNewer(byA, byB), false);
    assert.equal(newestLock([byA, byB]), newestLock([byB, byA]));
  });

  it('anything beats no state; no state at all is undefined', () => {
    assert.equal(isNewer(state(), undefined), true);
    assert.equal(newestLock([undefined, undefined]), undefined);
  });
});

describe('room lock: who a join lets in', () => {
  const max = maxAdmitted({ maxRoomMembers: 3 });

  it('an open room (no state, or an unlock) lets anyone in', () => {
    assert.deepEqual(lockForJoin(undefined, C, false, max), { refused: false });
    const open = state({ locked: false, admitted: [] });
    assert.deepEqual(lockForJoin(open, C, false, max), { refused: false, lock: open });
  });

  it('a locked room refuses a new id and admits an admitted one with the same state', () => {
    assert.deepEqual(lockForJoin(state(), C, false, max), { refused: true });
    assert.deepEqual(lockForJoin(state(), B, false, max), { refused: false, lock: state() });
  });

  it('an id already in the room (a join that raced the lock) gets in and is added to the admitted list', () => {
    const result = lockForJoin(state(), C, true, max);
    assert.deepEqual(result, { refused: false, lock: state({ admitted: [A, B, C] }) });
  });

  it('the admitted list never grows past twice the room size', () => {
    const full = state({ admitted: Array.from({ length: max }, (_, i) => String(i).padStart(22, 'x')) });
    const result = lockForJoin(full, C, true, max);
    assert.equal(result.refused, false);
    assert.equal(!result.refused && result.lock?.admitted.length, max);
  });
});
