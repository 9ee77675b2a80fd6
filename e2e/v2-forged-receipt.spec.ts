// End to end: a dishonest relay between real browsers and the real relay forges receipts. On a v2 pair a plain
// receipt claiming "failed" or "delivered" is refused with an activity line saying why; on a v1 pair (a scripted v1
// client) the same forgery is believed but shown as "unauthenticated" (docs/protocol.md "v2: how the browser client
// uses it", "Refusals on a v2 pair"; docs/security.md "Authenticated receipts (v2)").
import { expect } from '@playwright/test';
import type { Forgery, ForgingRelay, Leg } from '../test/integration/forging-relay.js';
import { joinV1 } from '../test/integration/v1-scripted.js';
import { expectNoViolations } from './a11y-helpers.js';
import {
  bubble,
  generateKeys,
  joinRoom,
  safetyNumber,
  sendMessage,
  test,
  uniqueRoom,
  type Member,
} from './helpers.js';
import { activityLines, memberAt, startForgingProxy } from './v2-helpers.js';

/** The forging relay's port (this spec's own, inside the e2e port range of E2E_PORT + 1). */
const FORGE_PORT = Number(process.env.E2E_PORT ?? 3987) + 1;

/** What the relay is doing to Alice's next message: nothing, or hold it from one member and forge that member's receipts. */
interface Plan {
  /** The member whose part is held back and whose receipt is forged. */
  victim: string;
  /** Only parts of this dm kind are held (`ratchet` to a v2 peer, `msg` to the v1 client). */
  kind: 'ratchet' | 'msg';
  /** Forged receipt bodies, injected to Alice in order once the message id is known. */
  forged: { ok: boolean; reason?: string }[];
  /** The held message's id, once seen. */
  id?: string;
  /** How many events carrying it were held back. */
  held: number;
  /** While true, every part of the held message to the victim is dropped. */
  holding: boolean;
}

test.describe('a dishonest relay forges receipts in the browser', () => {
  let relay: ForgingRelay | undefined;
  test.afterEach(async () => {
    await relay?.close();
    relay = undefined;
  });

  test('v2: a plain "failed" and "delivered" receipt are refused and logged; v1: a forged receipt is marked unauthenticated', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const names = new Map<Leg, string>();
    const ids = new Map<string, string>();
    let plan: Plan | undefined;
    const forgery: Forgery = {
      toRelay(leg, event, args: any[]) {
        if (event === 'join') names.set(leg, String(args[0]?.name));
        if (names.get(leg) !== 'Alice' || !plan || event !== 'dm' || args[0]?.kind !== plan.kind) return args;
        const dm = args[0] as { id: string; kind: string; parts: { to: string }[] };
        const victim = ids.get(plan.victim);
        if (!dm.parts.some((p) => p.to === victim)) return args;
        if (plan.id === undefined) {
          plan.id = dm.id;
          for (const body of plan.forged)
            leg.client.emit('dm', { from: victim, id: dm.id, kind: 'receipt', body });
        }
        if (dm.id !== plan.id || !plan.holding) return args;
        plan.held++;
        const parts = dm.parts.filter((p) => p.to !== victim);
        return parts.length > 0 ? [{ ...dm, parts }, ...args.slice(1)] : undefined;
      },
      ack(leg, event, reply: any) {
        if (event === 'join' && reply?.ok) ids.set(names.get(leg)!, reply.me.id);
        return reply;
      },
    };
    relay = await startForgingProxy(baseURL!, FORGE_PORT, forgery);
    const room = uniqueRoom('v2forge');
    const members: Member[] = [];
    try {
      for (const name of ['Alice', 'Bob']) {
        const m = await memberAt(browser, relay.url, name);
        members.push(m);
        await joinRoom(m.page, name, room);
        await generateKeys(m.page);
      }
      const [alice, bob] = members as [Member, Member];
      await safetyNumber(alice.page, 'Bob');
      await safetyNumber(bob.page, 'Alice');

      // v2: the relay holds Alice's message from Bob and answers for him, "failed" then "delivered", in plain receipts.
      const v2Text = 'Alice: the nightingale sings in the orchard';
      plan = {
        victim: 'Bob',
        kind: 'ratchet',
        forged: [{ ok: false, reason: 'forged by the relay' }, { ok: true }],
        held: 0,
        holding: true,
      };
      await sendMessage(alice.page, v2Text);
      const refused = activityLines(alice.page, 'Ignored a plain delivery receipt from Bob');
      await expect(refused).toHaveCount(2);
      await expect(refused.first()).toContainText('looks forged (a relay could have written it)');
      const own = bubble(alice.page, v2Text);
      // Both forgeries were read and refused: Bob's badge is neither delivered nor failed.
      await expect(own.getByTestId('delivery')).toHaveAttribute('data-state', /^(sending|sent)$/);
      await expect(own.getByTestId('receipt-unauthenticated')).toHaveCount(0);
      expect(plan.held).toBeGreaterThan(0);
      await expect(bubble(bob.page, v2Text)).toHaveCount(0);
      // The relay lets the resend through: Bob reads it once and his encrypted receipt marks it delivered.
      plan.holding = false;
      await expect(bubble(bob.page, v2Text)).toHaveCount(1, { timeout: 20_000 });
      await expect(own.getByTestId('delivery')).toHaveAttribute('data-state', 'delivered');
      await expect(own.getByTestId('receipt-unauthenticated')).toHaveCount(0);

      // v1: Dave (a scripted v1 client) joins; the relay keeps Alice's message from him and forges his "delivered".
      const dave = await joinV1(baseURL!, room, 'Dave');
      try {
        ids.set('Dave', dave.id);
        await safetyNumber(alice.page, 'Dave');
        const v1Text = 'Alice: the heron stands in the shallows';
        plan = { victim: 'Dave', kind: 'msg', forged: [{ ok: true }], held: 0, holding: true };
        await sendMessage(alice.page, v1Text);
        const second = bubble(alice.page, v1Text);
        const daveBadge = second.getByTestId('delivery').filter({ hasText: 'Dave' });
        await expect(daveBadge).toHaveAttribute('data-state', 'delivered');
        await expect(second.getByTestId('receipt-unauthenticated')).toHaveCount(1);
        await expect(second.getByTestId('receipt-unauthenticated')).toContainText(
          "Dave's receipt is unauthenticated",
        );
        // Bob's part went through: his receipt is authenticated. Dave never got the message he "confirmed".
        await expect(bubble(bob.page, v1Text)).toHaveCount(1);
        await expect(second.getByTestId('delivery').filter({ hasText: 'Bob' })).toHaveAttribute(
          'data-state',
          'delivered',
        );
        expect(plan.held).toBeGreaterThan(0);
        expect(dave.received.map((m) => m.text)).not.toContain(v1Text);
        await expectNoViolations(alice.page, 'refused forged receipts and an unauthenticated one');
        await alice.page.emulateMedia({ colorScheme: 'dark' });
        await expectNoViolations(alice.page, 'the same, dark');
      } finally {
        dave.socket.disconnect();
      }

      const frames = members.flatMap((m) => m.traffic.frames);
      for (const word of ['nightingale', 'orchard', 'shallows'])
        for (const f of frames) expect(f).not.toContain(word);
      for (const m of members) expect(m.traffic.dialogs).toEqual([]);
    } finally {
      await Promise.all(members.map((m) => m.context.close()));
    }
  });
});
