// The presence refresh's pruning rule (two consecutive complete absences; partial lists never prune) and its driver.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Peer, WhoAck } from '../../common/wire.js';
import { AbsenceRule, Presence, unreachableReason } from '../../client/session/presence.js';

const ids = (...list: string[]): Set<string> => new Set(list);

describe('AbsenceRule', () => {
  it('removes a member only after two consecutive complete lists without it', () => {
    const rule = new AbsenceRule();
    assert.deepEqual(rule.observe(ids('bob'), ['bob', 'carol'], false), []);
    assert.deepEqual(rule.observe(ids('bob'), ['bob', 'carol'], false), ['carol']);
  });

  it('a list with the member in between starts the count again', () => {
    const rule = new AbsenceRule();
    assert.deepEqual(rule.observe(ids(), ['carol'], false), []);
    assert.deepEqual(rule.observe(ids('carol'), ['carol'], false), []);
    assert.deepEqual(rule.observe(ids(), ['carol'], false), []);
    assert.deepEqual(rule.observe(ids(), ['carol'], false), ['carol']);
  });

  it('never prunes on partial lists, however many', () => {
    const rule = new AbsenceRule();
    for (let i = 0; i < 5; i++) assert.deepEqual(rule.observe(ids(), ['carol'], true), []);
    // A partial list counts no absence: one complete absence is still only the first.
    assert.deepEqual(rule.observe(ids(), ['carol'], false), []);
    assert.deepEqual(rule.observe(ids(), ['carol'], true), []);
    assert.deepEqual(rule.observe(ids(), ['carol'], false), ['carol']);
  });

  it('a member listed in a partial list starts again from zero', () => {
    const rule = new AbsenceRule();
    assert.deepEqual(rule.observe(ids(), ['carol'], false), []);
    assert.deepEqual(rule.observe(ids('carol'), ['carol'], true), []);
    assert.deepEqual(rule.observe(ids(), ['carol'], false), []);
  });

  it('forgets members no longer known locally, and everything on reset', () => {
    const rule = new AbsenceRule();
    rule.observe(ids(), ['carol', 'dave'], false);
    rule.observe(ids(), ['dave'], false); // carol left meanwhile (peer-left): dave goes
    assert.deepEqual(rule.observe(ids(), ['carol'], false), [], 'carol is back: first absence again');
    rule.reset();
    assert.deepEqual(rule.observe(ids(), ['carol'], false), []);
  });
});

/** A fake session: a queue of `who` answers and a map of present members. */
function rig(present: string[]) {
  const local = new Set(present);
  const added: Peer[] = [];
  const removed: string[] = [];
  let answer: (ack: WhoAck | undefined) => void = () => {};
  const presence = new Presence(
    {
      who: () => new Promise((r) => (answer = r)),
      present: () => [...local],
      me: () => 'me',
      add: (p) => {
        added.push(p);
        local.add(p.id);
      },
      remove: (id) => {
        removed.push(id);
        local.delete(id);
      },
    },
    60_000,
  );
  /** Run one refresh answered with `ack`. */
  const round = async (ack: WhoAck | undefined): Promise<void> => {
    const done = presence.refresh();
    answer(ack);
    await done;
  };
  return { presence, local, added, removed, round, answer: (ack: WhoAck) => answer(ack) };
}

const peer = (id: string, name = id): Peer => ({ id, name });

describe('Presence', () => {
  it('drops a ghost after two complete lists, never on partial ones, and keeps the others', async () => {
    const r = rig(['bob', 'carol']);
    await r.round({ peers: [peer('bob')] });
    await r.round({ peers: [peer('bob')], partial: true });
    await r.round({ peers: [peer('bob')], partial: true });
    assert.deepEqual(r.removed, []);
    await r.round({ peers: [peer('bob')] });
    assert.deepEqual(r.removed, ['carol']);
    assert.deepEqual([...r.local], ['bob']);
    r.presence.stop();
  });

  it('adds a listed member unknown locally (a missed peer-joined), with its key, but never ourselves', async () => {
    const r = rig(['bob']);
    const dave: Peer = { id: 'dave', name: 'Dave', key: { curve: 'P-256', pub: 'BA' } };
    await r.round({ peers: [peer('bob'), dave, peer('me')], partial: true });
    assert.deepEqual(r.added, [dave]);
    r.presence.stop();
  });

  it('does not re-add a member that left while the request was in flight', async () => {
    const r = rig(['bob']);
    const done = r.presence.refresh();
    r.local.delete('bob'); // peer-left arrived before the answer
    r.answer({ peers: [peer('bob')] });
    await done;
    assert.deepEqual(r.added, []);
    r.presence.stop();
  });

  it('ignores no answer, and answers that arrive after stop()', async () => {
    const r = rig(['carol']);
    await r.round(undefined);
    await r.round(undefined);
    assert.deepEqual(r.removed, []);
    await r.round({ peers: [] });
    const late = r.presence.refresh();
    r.presence.stop();
    r.answer({ peers: [] });
    await late;
    assert.deepEqual(r.removed, [], 'the second absence came after stop()');
  });

  it('says plainly why a member was dropped', () => {
    assert.equal(unreachableReason('Bob'), 'Bob is no longer reachable (their relay node went away)');
  });
});
