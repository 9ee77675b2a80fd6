// Refused dms never flood the activity log (docs/security.md "Fuzzing v2"): against the fake relay with a v1 member
// (Bob) and a v2 member (Vera), with the default flood guards and a clock that stands still, a burst of 100 refused
// dms of every known kind from Vera, Bob or a non-member writes at most a flood guard burst of lines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_INBOUND_RATE } from '../../client/session/flood.js';
import { DEFAULT_RECEIPT_RATE } from '../../client/session/receipt-budget.js';
import { BOB, VERA, startFakeRelay } from '../helpers/fake-relay.js';
import { sampleJunk } from '../helpers/fuzz.js';
import { newSession, readyWith, settle, waitFor } from '../helpers/session.js';
import { dmShapes, KNOWN_DM_KINDS } from '../helpers/v2-arbitraries.js';

const ROOM = 'fuzz-v2';
const MALLORY = 'Q'.repeat(22);
/** Dms refused in one burst. */
const BURST = 100;

const escaped: unknown[] = [];
const onEscape = (err: unknown): void => void escaped.push(err);
before(() => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
});
after(() => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
});

test('a burst of refused dms of any kind costs at most the flood guard burst of activity lines, however long', async () => {
  // Default rates this time (the property above lifts them): a second relay and session.
  const f2 = await startFakeRelay(`${ROOM}-burst`, { vera: true });
  // A clock that stands still: no bucket refills mid-burst, so the bound is exact.
  const frozen = Date.now();
  const s2 = newSession(f2.url, { presenceIntervalMs: 60_000, now: () => frozen });
  try {
    await s2.join(`${ROOM}-burst`, 'Alice');
    await s2.generateKeys();
    await waitFor(s2, (st) => readyWith('Bob')(st) && readyWith('Vera')(st), 'channels with Bob and Vera');
    const bound = DEFAULT_INBOUND_RATE.burst + DEFAULT_RECEIPT_RATE.burst + 1;
    const shapes = dmShapes('P-256');
    for (const kind of KNOWN_DM_KINDS)
      for (const from of [VERA, BOB, MALLORY]) {
        const lastSeq = s2.state.log.at(-1)?.seq ?? 0;
        const bodies = sampleJunk(fc.oneof(shapes[kind]!.valid, shapes[kind]!.near), BURST, kind.length);
        bodies.forEach((body, i) => f2.emit('dm', { from, id: `burst-${kind}-${i}`, kind, body }));
        const phase = `burst-${kind}-${from}`;
        const got = new Promise<void>((resolve) => {
          const off = s2.onPeerStep((step) => step.phase === phase && (off(), resolve()));
        });
        f2.emit('peer-step', { from: BOB, phase, detail: {} });
        await got;
        await settle(s2, VERA);
        await settle(s2, BOB);
        const added = s2.state.log.filter((l) => l.seq > lastSeq).length;
        assert.ok(added <= bound, `${added} activity lines for ${BURST} refused ${kind} dms from ${from}`);
      }
    assert.deepEqual(escaped, []);
  } finally {
    await s2.leave();
    await f2.close();
  }
});
