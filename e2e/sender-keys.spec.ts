// End to end: three browsers in one room use sender keys (docs/protocol.md "v2: how the browser client uses sender
// keys"): each text message leaves its author as one `bcast` of kind `skmsg`, every frame is free of plaintext, the
// peer cards and the line under the composer say sender keys are in use, and the switch is keyboard operable and axe clean.
import { expect } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import {
  bubble,
  generateKeys,
  openChatOptions,
  peerCard,
  safetyNumber,
  sendMessage,
  test,
  type Member,
} from './helpers.js';

test.describe('sender keys between browsers', () => {
  test('three members: one bcast per message, no plaintext in any frame, the cards say "sender keys"', async ({
    openRoom,
  }) => {
    // Dave joins and makes no key: in the room, but no peer that could hold a chain.
    const { members: all } = await openRoom('sk', 'Alice', 'Bob', 'Carol', 'Dave');
    const [alice, bob, carol, dave] = all as [Member, Member, Member, Member];
    const members = [alice, bob, carol];
    for (const m of members) await generateKeys(m.page);
    const names = ['Alice', 'Bob', 'Carol'];
    for (const [i, m] of members.entries())
      for (const peer of names.filter((_, j) => j !== i)) {
        await safetyNumber(m.page, peer);
        await expect(peerCard(m.page, peer).getByTestId('peer-protocol')).toHaveText(
          'v2 · sender keys + Double Ratchet — both speak v2',
        );
      }
    for (const m of members) {
      const line = m.page.getByTestId('sender-keys-line');
      await expect(line).toContainText('Sender keys in use: 2 of 2 v2 peers by broadcast');
      await expect(line).toContainText(
        '1 member with no channel with you gets nothing (the peer card says why).',
      );
    }
    await expect(peerCard(alice.page, 'Dave').getByTestId('channel')).toHaveText('waiting for Dave’s key');
    // The longer line never slides the composer under the messages (1400×900, and a phone).
    for (const size of [
      { width: 1400, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await alice.page.setViewportSize(size);
      const gap = await alice.page.locator('curvechat-chat').evaluate((chat) => {
        const root = chat.shadowRoot!;
        const composer = root.querySelector('curvechat-composer')!.getBoundingClientRect();
        return composer.top - root.querySelector('.messages')!.getBoundingClientRect().bottom;
      });
      expect(gap, `${size.width}×${size.height}: messages over the composer`).toBeGreaterThanOrEqual(0);
    }

    const texts: [Member, string][] = [
      [alice, 'Alice: the heron waits by the sluice'],
      [bob, 'Bob: the heron has gone upstream'],
      [carol, 'Carol: follow it quietly'],
    ];
    const before = new Map(members.map((m) => [m, m.traffic.frames.length]));
    for (const [sender, text] of texts) {
      await sendMessage(sender.page, text);
      for (const m of members.filter((x) => x !== sender)) await expect(bubble(m.page, text)).toHaveCount(1);
      const own = bubble(sender.page, text);
      await expect(own.locator('[data-testid="delivery"][data-state="delivered"]')).toHaveCount(2);
      await expect(own.getByTestId('receipt-unauthenticated')).toHaveCount(0);
    }
    // Each author sent exactly one bcast (kind skmsg, `42<ack id>["bcast"…`) for its message.
    for (const m of members) {
      const sent = m.traffic.frames.slice(before.get(m)).filter((f) => /^42\d+\["bcast",/.test(f));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain('"kind":"skmsg"');
    }
    const frames = members.flatMap((m) => m.traffic.frames);
    for (const [, text] of texts) for (const f of frames) expect(f).not.toContain(text);
    for (const word of ['heron', 'sluice', 'upstream', 'quietly'])
      for (const f of frames) expect(f).not.toContain(word);
    // Distributions travel only as `skdist` dms, inside a ratchet body.
    const dists = frames.filter((f) => f.includes('"kind":"skdist"'));
    expect(dists.length).toBeGreaterThan(0);
    for (const f of dists) expect(f).not.toContain('sender-key');

    const received = bubble(bob.page, texts[0]![1]);
    await received.getByText('What crossed the wire').click();
    await expect(received.getByTestId('iv')).toContainText('one signed broadcast carried it');
    for (const m of all) expect(m.traffic.dialogs).toEqual([]);
    await expect(dave.page.locator('curvechat-message')).toHaveCount(0);
  });

  test('two members: the switch turns sender keys on by keyboard, and the chat stays axe clean', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('sk2', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    for (const m of members) await generateKeys(m.page);
    await safetyNumber(alice.page, 'Bob');
    await expect(alice.page.getByTestId('sender-keys-line')).toContainText('Sender keys off');
    await expect(alice.page.getByText('Encrypted separately for 1 peer.')).toBeVisible();
    const toggle = alice.page.getByRole('checkbox', { name: 'Sender keys in small rooms too' });
    await expect(toggle).toBeHidden();
    await openChatOptions(alice.page);
    await toggle.focus();
    await alice.page.keyboard.press('Space');
    await expect(toggle).toBeChecked();
    await expect(alice.page.getByTestId('sender-keys-line')).toHaveText(
      /^Sender keys in use: 1 of 1 v2 peer by broadcast; chain [\w-]+, next message \d+\.$/,
    );
    await expect(
      alice.page.getByText('Encrypted once for 1 peer: one signed broadcast (sender keys).'),
    ).toBeVisible();
    await expect(peerCard(alice.page, 'Bob').getByTestId('peer-protocol')).toHaveText(
      'v2 · sender keys + Double Ratchet — both speak v2',
    );
    const before = alice.traffic.frames.length;
    await sendMessage(alice.page, 'on demand');
    await expect(bubble(bob.page, 'on demand')).toHaveCount(1);
    expect(alice.traffic.frames.slice(before).filter((f) => /^42\d+\["bcast",/.test(f))).toHaveLength(1);
    await expectNoViolations(alice.page, 'the sender keys switch, on');
    await alice.page.emulateMedia({ colorScheme: 'dark' });
    await expectNoViolations(alice.page, 'the same, dark');
  });
});
