// The typed client errors share CodedError: a machine-readable code, a plain message and their own name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodedError, MessageError, NoSecureChannelError } from '../../client/crypto/errors.js';
import { PointError } from '../../client/math/weierstrass.js';

test('each typed error keeps its name, code and message, and is a CodedError and an Error', () => {
  const cases: [CodedError<string>, string, string, string][] = [
    [
      new NoSecureChannelError('zero-shared-secret', 'low-order key'),
      'NoSecureChannelError',
      'zero-shared-secret',
      'No secure channel: low-order key',
    ],
    [
      new MessageError('auth-failed', 'The tag did not verify.'),
      'MessageError',
      'auth-failed',
      'The tag did not verify.',
    ],
    [new PointError('not-on-curve', 'not on the curve'), 'PointError', 'not-on-curve', 'not on the curve'],
  ];
  for (const [err, name, code, message] of cases) {
    assert.ok(err instanceof CodedError && err instanceof Error);
    assert.equal(err.name, name);
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    assert.match(String(err), new RegExp(`^${name}: `));
  }
  assert.equal(new NoSecureChannelError('derive-failed', 'x').reason, 'x');
});
