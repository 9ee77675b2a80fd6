// The resume claim between tabs (client/session/resume-claim.ts) over an in-memory broadcast bus.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStorage, RESUME_KEY } from '../../client/session/resume.js';
import { ResumeClaim, resumeTag, type ClaimPort } from '../../client/session/resume-claim.js';

/** Ports on one bus: a message reaches every other port asynchronously, like BroadcastChannel. */
function bus(): { port(): ClaimPort; sent: unknown[] } {
  const listeners: { owner: object; fn: (e: { data: unknown }) => void }[] = [];
  const sent: unknown[] = [];
  return {
    sent,
    port() {
      const owner = {};
      return {
        postMessage(message: unknown) {
          sent.push(message);
          const copy = structuredClone(message);
          for (const l of listeners) if (l.owner !== owner) setTimeout(() => l.fn({ data: copy }), 1);
        },
        addEventListener(_type: 'message', fn: (e: { data: unknown }) => void) {
          listeners.push({ owner, fn });
        },
      };
    },
  };
}

const RESUME = 'A'.repeat(43);

function storageWith(resume: string): MemoryStorage {
  const s = new MemoryStorage();
  s.setItem(RESUME_KEY, resume);
  return s;
}

describe('ResumeClaim', () => {
  it('keeps the stored resume when no live tab answers', async () => {
    const b = bus();
    const claim = new ResumeClaim(b.port(), 30);
    const storage = storageWith(RESUME);
    assert.equal(await claim.claim(storage), RESUME);
    assert.equal(storage.getItem(RESUME_KEY), RESUME);
    assert.equal(claim.resume, RESUME);
    // The claim carries a hash, never the resume itself.
    assert.ok(!JSON.stringify(b.sent).includes(RESUME));
    assert.deepEqual(
      b.sent.map((m) => (m as { tag: string }).tag),
      [await resumeTag(RESUME)],
    );
  });

  it('a duplicated tab (same stored resume) is told "taken" and switches to a fresh resume', async () => {
    const b = bus();
    const original = new ResumeClaim(b.port(), 30);
    const first = storageWith(RESUME);
    assert.equal(await original.claim(first), RESUME);

    const duplicate = new ResumeClaim(b.port(), 30);
    const copied = storageWith(RESUME); // sessionStorage copied by "Duplicate tab"
    const fresh = await duplicate.claim(copied);
    assert.notEqual(fresh, RESUME);
    assert.match(fresh, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(copied.getItem(RESUME_KEY), fresh);
    assert.equal(first.getItem(RESUME_KEY), RESUME, 'the original tab keeps its identity');

    // Both now hold different resumes and defend them: a third copy of either is refused.
    const third = new ResumeClaim(b.port(), 30);
    assert.notEqual(await third.claim(storageWith(fresh)), fresh);
    assert.notEqual(await new ResumeClaim(b.port(), 30).claim(storageWith(RESUME)), RESUME);
  });

  it('a reload (the old tab is gone) keeps its resume; claiming again in the same tab does not wait', async () => {
    const b = bus();
    const storage = storageWith(RESUME);
    const reloaded = new ResumeClaim(b.port(), 30);
    assert.equal(await reloaded.claim(storage), RESUME);
    const sentBefore = b.sent.length;
    assert.equal(await reloaded.claim(storage), RESUME);
    assert.equal(b.sent.length, sentBefore, 'no second claim for a resume already held');
  });

  it('two tabs claiming the same resume at once: exactly one keeps it', async () => {
    const b = bus();
    const [x, y] = [new ResumeClaim(b.port(), 40), new ResumeClaim(b.port(), 40)];
    const [sx, sy] = [storageWith(RESUME), storageWith(RESUME)];
    const [rx, ry] = await Promise.all([x.claim(sx), y.claim(sy)]);
    assert.equal([rx, ry].filter((r) => r === RESUME).length, 1);
    assert.notEqual(rx, ry);
  });

  // The claim would wait 10 s for an answer; the test's 5 s timeout fails it if it waited at all.
  it(
    'a tab without a stored resume creates one without waiting, and ignores junk on the channel',
    {
      timeout: 5000,
    },
    async () => {
      const b = bus();
      const claim = new ResumeClaim(b.port(), 10_000);
      const junk = b.port();
      for (const data of [null, 1, 'x', { type: 'claim' }, { type: 'taken', tag: 1, nonce: 'n' }])
        junk.postMessage(data);
      const storage = new MemoryStorage();
      const resume = await claim.claim(storage);
      assert.equal(storage.getItem(RESUME_KEY), resume);
      assert.equal(b.sent.length, 5, 'no claim sent for a brand-new resume');
    },
  );
});
