// The one secret-leak guard for published steps: every forbidden name and a listed secret are refused on both paths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { sanitizeStep, StepDetailError } from '../../client/lab/model/presenter.js';
import { publishStep, type StepSender } from '../../client/session/step-publishing.js';
import { FORBIDDEN_FIELD_NAMES, FORBIDDEN_NAME_PARTS } from '../../client/session/steps.js';

const SECRET = '0123456789abcdef'.repeat(4);
const VIEW = { view: 'keygen', curve: 'P-256' } as const;

/** Every name the guard must refuse: the exact names, and each part inside a longer name. */
const forbiddenNames = (): string[] => [
  ...FORBIDDEN_FIELD_NAMES,
  ...[...FORBIDDEN_FIELD_NAMES].map((n) => n.toUpperCase()),
  ...FORBIDDEN_NAME_PARTS.map((p) => `my_${p}Thing`),
  ...FORBIDDEN_NAME_PARTS.map((p) => p.toUpperCase()),
];

/** The session's path: publishStep runs the guard before it even looks for a socket. */
const sender = (secretsHex: string[] = []): StepSender => ({
  joined: false,
  secretsHex,
  limits: { maxStepDetail: 4096, maxRoomMembers: 100 },
  ackTimeoutMs: 1000,
});
const sessionRefuses = async (code: string, detail: Record<string, unknown>, secrets?: string[]) =>
  assert.rejects(
    publishStep(sender(secrets), 'present:view', detail),
    (e: unknown) => e instanceof StepDetailError && e.code === code,
    JSON.stringify(detail),
  );
/** The presenter bar's path: every step it publishes goes through sanitizeStep with the secrets. */
const presenterRefuses = (code: string, detail: Record<string, unknown>, secrets?: string[]) =>
  assert.throws(
    () => sanitizeStep('present:view', detail, { secretsHex: secrets }),
    (e: unknown) => e instanceof StepDetailError && e.code === code,
    JSON.stringify(detail),
  );

describe('one step guard on both publishing paths', () => {
  it('lists what the protocol documents', () => {
    for (const n of ['d', 'k', 'z', 'key', 'zhex', 'jwk', 'ikm', 'okm', 'prk', 'prefix', 'scalar', 'seed'])
      assert.ok(FORBIDDEN_FIELD_NAMES.has(n), n);
    for (const p of ['priv', 'secret', 'shared', 'aeskey', 'channelkey', 'plaintext'])
      assert.ok(FORBIDDEN_NAME_PARTS.includes(p), p);
  });

  it('refuses every forbidden field name, at the top and nested, through publishStep', async () => {
    for (const name of forbiddenNames()) {
      await sessionRefuses('forbidden-field', { ...VIEW, [name]: '1' });
      await sessionRefuses('forbidden-field', { ...VIEW, extra: [{ inner: { [name]: 1 } }] });
    }
  });

  it('refuses every forbidden field name, at the top and nested, through the presenter sanitiser', () => {
    for (const name of forbiddenNames()) {
      presenterRefuses('forbidden-field', { ...VIEW, [name]: '1' });
      presenterRefuses('forbidden-field', { ...VIEW, extra: [{ inner: { [name]: 1 } }] });
    }
  });

  it('refuses a listed secret in hex (any case) or base64url through both paths', async () => {
    const b64 = toBase64Url(Buffer.from(SECRET, 'hex'));
    for (const title of [SECRET, SECRET.toUpperCase(), `0x${SECRET}`, b64]) {
      await sessionRefuses('secret-value', { ...VIEW, title }, [SECRET]);
      presenterRefuses('secret-value', { ...VIEW, title }, [SECRET]);
    }
    // The same public detail passes both when the secret is not in it.
    await assert.rejects(
      publishStep(sender([SECRET]), 'present:view', { ...VIEW, title: 'ok' }),
      /Join a room/,
    );
    assert.ok(sanitizeStep('present:view', { ...VIEW, title: 'ok' }, { secretsHex: [SECRET] }));
  });

  it('refuses non-objects and oversize details through both paths', async () => {
    await assert.rejects(publishStep(sender(), 'x', ['a'] as never), /JSON object/);
    assert.throws(() => sanitizeStep('present:view', ['a']), /JSON object/);
    await sessionRefuses('too-large', { ...VIEW, title: 'y'.repeat(5000) });
    presenterRefuses('bad-field', { ...VIEW, title: 'y'.repeat(5000) }); // the schema caps titles first
  });
});
