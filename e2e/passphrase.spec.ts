// End to end: a room passphrase the relay never sees. Alice and Bob share it and chat on v2 (P is bound into the
// ratchet's root key); Carol (none) and Dave (another one) join the same room, are named as such on every screen,
// and read nothing, on v1 or v2.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { bubble, generateKeys, peerCard, sendMessage, test, uniqueRoom, type Member } from './helpers.js';

const PASS = 'gannet harbour violin 1729';

/** Opens the invite link and joins `room` as `name`, typing `passphrase` into the join form when given. */
async function joinWith(page: Page, name: string, room: string, passphrase?: string): Promise<void> {
  await page.goto(`/?room=${encodeURIComponent(room)}`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (passphrase) await page.getByLabel('Room passphrase (optional)').fill(passphrase);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('room-name')).toHaveText(room);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
}

/** The channel badge `page` shows for peer `name`. */
const badge = (page: Page, name: string) => peerCard(page, name).getByTestId('channel');

test.describe('room passphrase', () => {
  test('Alice and Bob chat; Carol (none) and Dave (another) are named everywhere and read nothing', async ({
    openMembers,
  }) => {
    const room = uniqueRoom('pass');
    const members = await openMembers('Alice', 'Bob', 'Carol', 'Dave');
    const [alice, bob, carol, dave] = members as [Member, Member, Member, Member];

    // The field: a labelled password input with a Show toggle; axe-clean in light and dark.
    await alice.page.goto(`/?room=${encodeURIComponent(room)}`);
    const field = alice.page.getByLabel('Room passphrase (optional)');
    await expect(field).toHaveAttribute('type', 'password');
    await field.fill(PASS);
    const show = alice.page.getByRole('button', { name: 'Show', exact: true });
    await show.click();
    await expect(field).toHaveAttribute('type', 'text');
    await expect(alice.page.getByRole('button', { name: 'Hide', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expectNoViolations(alice.page, 'the join form with a passphrase (light)');
    await alice.page.emulateMedia({ colorScheme: 'dark' });
    await expectNoViolations(alice.page, 'the join form with a passphrase (dark)');
    await alice.page.emulateMedia({ colorScheme: 'light' });

    await joinWith(alice.page, 'Alice', room, PASS);
    await joinWith(bob.page, 'Bob', room, PASS);
    await joinWith(carol.page, 'Carol', room);
    await joinWith(dave.page, 'Dave', room, 'gannet harbour violin 1730');
    for (const m of members) await generateKeys(m.page);

    await expect(alice.page.getByTestId('passphrase-badge')).toHaveText('passphrase-protected');
    await expect(carol.page.getByTestId('passphrase-badge')).toHaveCount(0);
    await expect(badge(alice.page, 'Bob')).toHaveText('secure channel');
    await expect(badge(bob.page, 'Alice')).toHaveText('secure channel');
    for (const m of [alice, bob]) {
      await expect(badge(m.page, 'Carol')).toHaveText('passphrase does not match');
      await expect(peerCard(m.page, 'Carol').getByTestId('passphrase-mismatch')).toContainText(
        'Carol does not know the passphrase (joined without one)',
      );
      await expect(peerCard(m.page, 'Dave').getByTestId('passphrase-mismatch')).toContainText(
        'Dave uses a different passphrase',
      );
      await expect(
        m.page.getByTestId('passphrase-line').filter({ hasText: 'Carol does not know the passphrase' }),
      ).toHaveCount(1);
    }
    await expect(peerCard(dave.page, 'Carol').getByTestId('passphrase-mismatch')).toContainText(
      'Carol does not know the passphrase',
    );
    for (const name of ['Alice', 'Bob'])
      await expect(peerCard(carol.page, name).getByTestId('passphrase-mismatch')).toContainText(
        `${name} uses a room passphrase and you joined without one`,
      );

    // Carol's chat names each of the three once.
    for (const name of ['Alice', 'Bob', 'Dave'])
      await expect(
        carol.page.getByTestId('passphrase-line').filter({ hasText: `${name} uses a room passphrase` }),
      ).toHaveCount(1);

    // The extra derivation step is shown honestly on a working channel.
    const card = peerCard(alice.page, 'Bob');
    await card.getByText('How the shared key was derived').click();
    await expect(card.getByTestId('passphrase-step')).toContainText('600,000');
    await expect(card.getByTestId('v1-step')).toContainText('K still seals files and the passphrase check');
    await expect(card.getByTestId('v2-root-info')).toHaveText(`curvechat/v2 root P-256 ${room}`);

    const secret = 'the gannets nest on the north cliff';
    await sendMessage(alice.page, secret);
    await expect(bubble(bob.page, secret)).toBeVisible();
    await sendMessage(bob.page, 'noted, see you there');
    await expect(bubble(alice.page, 'noted, see you there')).toBeVisible();
    // Neither Carol nor Dave is shown any message.
    await expect(carol.page.locator('curvechat-message')).toHaveCount(0);
    await expect(dave.page.locator('curvechat-message')).toHaveCount(0);

    // v2 with the passphrase bound into the ratchet's root key: Alice and Bob speak v2 both ways with authenticated
    // receipts; no v1 `msg` leaves them, and Carol and Dave are sent no `ratchet` dm at all.
    for (const [m, peer, text] of [
      [alice, 'Bob', secret],
      [bob, 'Alice', 'noted, see you there'],
    ] as const) {
      await expect(peerCard(m.page, peer).getByTestId('peer-protocol')).toHaveText(/^v2 · .*both speak v2$/);
      const own = bubble(m.page, text);
      await expect(own.locator('[data-testid="delivery"][data-state="delivered"]')).toHaveCount(1);
      await expect(own.getByTestId('receipt-unauthenticated')).toHaveCount(0);
      expect(m.traffic.frames.some((f) => /\["dm",.*"kind":"msg"/s.test(f))).toBe(false);
    }
    for (const m of [carol, dave])
      expect(m.traffic.frames.some((f) => /\["dm",.*"kind":"ratchet"/s.test(f))).toBe(false);
    // (The same pattern does find dms: Dave was sent Alice's confirmation.)
    expect(dave.traffic.frames.some((f) => /\["dm",.*"kind":"confirm"/s.test(f))).toBe(true);

    // Alice's message went to Bob only; nothing readable reached Carol or Dave, and nobody sent the passphrase.
    for (const m of [carol, dave]) {
      await expect(m.page.locator('body')).not.toContainText(secret);
      expect(m.traffic.frames.join('\n')).not.toContain(secret);
    }
    for (const m of members) {
      const wire = m.traffic.frames.join('\n');
      expect(wire).not.toContain(PASS);
      expect(wire).not.toContain(secret);
      expect(m.page.url()).not.toContain('gannet');
      const stored = await m.page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
      expect(stored).not.toContain('gannet');
    }
    expect(alice.traffic.frames.some((f) => f.includes('"confirm"'))).toBe(true);

    await expectNoViolations(alice.page, 'a passphrase room (light)');
    await carol.page.emulateMedia({ colorScheme: 'dark' });
    await expectNoViolations(carol.page, 'a member without the passphrase (dark)');

    // A reload never rejoins without the passphrase: the join form asks for it, and typing it gets Bob back in.
    await bob.page.reload();
    await expect(bob.page.getByRole('alert')).toContainText('passphrase-protected');
    await expect(bob.page.getByLabel('Room passphrase (optional)')).toHaveValue('');
    await joinWith(bob.page, 'Bob', room, PASS);
    await generateKeys(bob.page);
    await expect(badge(alice.page, 'Bob')).toHaveText('secure channel');
    await expect(badge(bob.page, 'Alice')).toHaveText('secure channel');
  });
});
