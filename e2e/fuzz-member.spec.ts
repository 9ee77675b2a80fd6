// End to end fuzz (docs/security.md "Fuzzing"): scripted members send a real Chromium page a few hundred generated
// junk keys, dms of every kind (junk ciphertext, and junk plaintext sealed over a real channel) and presenter steps
// while it follows them; the page throws nothing and still chats with an honest second page.
import { expect, type Page } from '@playwright/test';
import fc from 'fast-check';
import { PRESENT_PHASES, TOY_CURVES } from '../common/schema/index.js';
import { joinHostile, type Hostile } from '../test/helpers/hostile.js';
import { FUZZ_SEED, fuzzRuns, jsonJunk, mutated, reproduce, sampleJunk } from '../test/helpers/fuzz.js';
import {
  curveArb,
  dmIdArb,
  dmKindArb,
  msgBodyArb,
  plaintextArb,
  presentDetailArb,
  pubArb,
  receiptBodyArb,
  stepPayloadArb,
} from '../test/helpers/wire-arbitraries.js';
import { bubble, generateKeys, sendMessage, test } from './helpers.js';

const port = Number(process.env.E2E_PORT ?? 3987);
const url = `http://localhost:${port}`;
/** Messages one sender may send at once before the page's flood guard refuses the rest (burst 20). */
const MSG_BURST = 18;

/** Uncaught errors and console errors of `page`, from now on. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Emit with an ack, again after a pause while rate-limited; true when the relay accepted it (it reached the room). */
async function sent(h: Hostile, event: string, payload: unknown): Promise<boolean> {
  for (;;) {
    const ack = (await h.socket.timeout(5000).emitWithAck(event, payload)) as {
      ok?: unknown;
      error?: { code?: unknown };
    };
    if (ack.error?.code !== 'rate-limited') return ack.ok === true;
    await new Promise((resolve) => setTimeout(resolve, 200)); // the relay's bucket refills 30 tokens a second
  }
}

/** A presenter's scene: present:view of a followable view, present:demo for it, then a few present:steps in it. */
const sceneArb = fc
  .constantFrom('curve-reals', 'curve-grid', 'keygen', 'exchange', 'eve', 'mitm', 'chat')
  .chain((view) => {
    const small = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    const point = fc.record({ x: small, y: small });
    const demo =
      view === 'curve-grid'
        ? fc.record({
            view: fc.constant(view),
            curve: fc.constantFrom(...TOY_CURVES),
            multiple: fc.integer({ min: 1, max: 1e9 }),
          })
        : fc.record(
            { view: fc.constant('curve-reals'), a: small, b: small, P: point, Q: point },
            { requiredKeys: ['view', 'a', 'b'] },
          );
    const step = fc
      .record({
        view: fc.constant(view),
        curve: fc.constantFrom('P-256', 'P-521', 'X25519', ...TOY_CURVES),
        index: fc.nat(1000),
        total: fc.integer({ min: 1, max: 1001 }),
        label: fc.string({ maxLength: 200 }),
      })
      .map((d) => ({ ...d, index: d.index % d.total }));
    return fc
      .tuple(
        fc.constantFrom('P-256', 'toy-17', 'X25519'),
        demo,
        fc.array(step, { minLength: 1, maxLength: 4 }),
      )
      .map(([curve, d, steps]) => [
        { phase: 'present:view', detail: { view, curve } },
        { phase: 'present:demo', detail: d },
        ...steps.map((detail) => ({ phase: 'present:step', detail })),
      ]);
  });

let hostiles: Hostile[] = [];

test.describe('fuzz: scripted members against a real page', () => {
  test.afterEach(() => {
    for (const h of hostiles) h.close();
    hostiles = [];
  });

  test('a few hundred junk keys, dms and steps: no page error, and the page still chats', async ({
    openRoom,
  }) => {
    test.setTimeout(120_000);
    const n = fuzzRuns(MSG_BURST);
    test.info().annotations.push({ type: 'fuzz', description: reproduce(n) });
    const { room, members } = await openRoom('fuzz', 'Alice', 'Bob');
    const [alice, bob] = [members[0]!.page, members[1]!.page];
    const errors = [...[alice, bob].map(errorsOf)];
    await generateKeys(alice);
    await generateKeys(bob);
    const join = async (name: string): Promise<Hostile> => {
      const h = await joinHostile(url, room, name);
      hostiles.push(h);
      return h;
    };
    const [pat, kim, dana, ...sealers] = [
      await join('Pat'),
      await join('Kim'),
      await join('Dana'),
      await join('Mel'),
      await join('Max'),
      await join('Moe'),
    ];
    const aliceId = pat.idOf('Alice')!;
    let accepted = 0;

    // Pat presents; Alice follows, so every present:* step (valid, near-valid or junk) drives her views.
    expect(await sent(pat, 'step', { phase: 'present:view', detail: { view: 'chat', curve: 'P-256' } })).toBe(
      true,
    );
    await alice.getByRole('button', { name: 'Follow Pat' }).click();
    const phases = fc.oneof(
      fc.constantFrom(...PRESENT_PHASES),
      fc.constantFrom('present:vieww', 'step', 'x'),
    );
    const details = phases.chain((phase) =>
      fc
        .oneof(
          presentDetailArb[phase] ?? fc.constant({}),
          mutated(presentDetailArb[phase] ?? fc.constant({})),
        )
        .map((detail) => ({ phase, detail })),
    );
    for (const step of sampleJunk(fc.oneof(details, stepPayloadArb), 3 * n, 1))
      if (await sent(pat, 'step', step)) accepted++;
    // Scenes: a view, its demo data (often degenerate: a singular curve, points off it) and steps in it.
    for (const scene of sampleJunk(sceneArb, Math.ceil(n / 2), 4))
      for (const step of scene) if (await sent(pat, 'step', step)) accepted++;

    // Kim announces keys the relay accepts (right length and prefix) that are almost never points on the curve,
    // and now and then Alice's or Bob's own key.
    await alice.getByRole('tab', { name: 'Chat' }).click();
    const alicePub = kim.pubOf(aliceId);
    const keys = fc.oneof(
      curveArb.chain((curve) => pubArb(curve).map((pub) => ({ curve, pub }))),
      fc.constant({ curve: 'P-256', pub: alicePub ?? '' }),
    );
    for (const key of sampleJunk(keys, 3 * n, 2)) if (await sent(kim, 'key', key)) accepted++;

    // Dana: dms of every kind to Alice: junk ciphertext in well-formed envelopes, junk receipts, unknown kinds.
    const dms = fc.oneof(
      fc.record({ id: dmIdArb, kind: fc.constant('msg'), body: fc.oneof(msgBodyArb, mutated(msgBodyArb)) }),
      fc.record({ id: dmIdArb, kind: fc.constant('receipt'), body: fc.oneof(receiptBodyArb, jsonJunk) }),
      fc.record({ id: dmIdArb, kind: dmKindArb, body: jsonJunk }),
    );
    let msgs = 0;
    for (const dm of sampleJunk(dms, 4 * n, 3)) {
      if (dm.kind === 'msg' && ++msgs > MSG_BURST) continue;
      if (await sent(dana, 'dm', { id: dm.id, kind: dm.kind, parts: [{ to: aliceId, body: dm.body }] }))
        accepted++;
    }

    // Mel, Max and Moe: junk plaintexts sealed over a real channel, so the tag verifies and the plaintext is read.
    for (const [i, h] of sealers.entries()) {
      await h.channelWith(aliceId);
      for (const [j, plaintext] of sampleJunk(plaintextArb, Math.min(n, MSG_BURST), 10 + i).entries()) {
        await h.send(aliceId, `sealed-${i}-${j}`, plaintext);
        accepted++;
      }
    }

    // Every junk event is in Alice's socket before these leaves; the page handles a socket's events in order.
    for (const h of hostiles) h.close();
    const log = alice.locator('curvechat-activity-log li');
    for (const name of ['Pat', 'Kim', 'Dana', 'Mel', 'Max', 'Moe'])
      await expect(log.getByText(`${name} left the room`, { exact: true })).toHaveCount(1);
    expect(accepted, `junk events the relay passed on (${reproduce(n)})`).toBeGreaterThanOrEqual(
      Math.min(250, 12 * n),
    );

    // The page still sends and receives with an honest member.
    await alice.getByRole('tab', { name: 'Chat' }).click();
    await expect(alice.getByTestId('connection')).toHaveText('Connected');
    await sendMessage(alice, 'after the storm');
    await expect(bubble(bob, 'after the storm')).toBeVisible();
    await sendMessage(bob, 'still here');
    await expect(bubble(alice, 'still here')).toBeVisible();
    expect(errors.flat(), `page errors (${reproduce(n)}, seed ${FUZZ_SEED})`).toEqual([]);
  });
});
