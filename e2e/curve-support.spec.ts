// A browser whose WebCrypto lacks a curve: the picker disables it and says why in
// plain words. Chromium here supports all four, so the page's generateKey is made
// to refuse X25519 and P-521 before the app's feature detection runs.
import { expect, test } from '@playwright/test';
import { joinRoom, uniqueRoom } from './helpers.js';

test('curves the browser lacks are disabled with a plain reason; the others still work', async ({ page }) => {
  await page.addInitScript(() => {
    const subtle = globalThis.crypto.subtle;
    const original = subtle.generateKey.bind(subtle);
    const lacking = (alg: unknown) => {
      const a = alg as { name?: string; namedCurve?: string };
      return a?.name === 'X25519' || a?.namedCurve === 'P-521';
    };
    Object.defineProperty(subtle, 'generateKey', {
      value: (alg: AlgorithmIdentifier, extractable: boolean, usages: KeyUsage[]) =>
        lacking(alg)
          ? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
          : original(alg as EcKeyGenParams, extractable, usages),
    });
  });
  await joinRoom(page, 'Alice', uniqueRoom('support'));

  await expect(page.getByRole('radio', { name: /X25519/ })).toBeDisabled();
  await expect(page.getByRole('radio', { name: /P-521/ })).toBeDisabled();
  await expect(page.getByRole('radio', { name: 'P-256', exact: true })).toBeEnabled();
  await expect(page.getByRole('radio', { name: 'P-384', exact: true })).toBeEnabled();
  const lacks = page.getByRole('list', { name: 'Curves this browser lacks' });
  await expect(lacks).toContainText('X25519 is not available');
  await expect(lacks).toContainText('P-521 is not available');
  await expect(lacks).not.toContainText('P-256');

  // The supported default still generates a real key.
  await page.getByRole('button', { name: 'Generate keys', exact: true }).click();
  await expect(page.getByTestId('public-key')).toContainText('P-256');
});
