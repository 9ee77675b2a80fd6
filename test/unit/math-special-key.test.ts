// specialKeyNote (client/math/special-key.ts): a note exactly when the real key is d = 1 (Q = G) or d = n − 1 (Q = −G).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { P256, TOY_263, TOY_CURVE_DEFS } from '../../client/math/curves.js';
import { specialKeyNote } from '../../client/math/special-key.js';
import { toyPublicPoint } from '../../client/math/toy.js';

describe('specialKeyNote', () => {
  test('toy-263: d = 1 is G, d = 256 is −G = (0, 262), with the real numbers', () => {
    assert.equal(
      specialKeyNote(TOY_263, 1n, { x: 0n, y: 1n }),
      'd = 1, so Q = 1×G = G (0, 1): your public key is the base point itself, and anyone who sees it knows d.',
    );
    assert.equal(
      specialKeyNote(TOY_263, 256n, { x: 0n, y: 262n }),
      'd = n − 1 = 256, so Q = −G (0, 262): G mirrored in the x-axis, and anyone who sees it knows d.',
    );
  });

  test('every toy curve: a note for d = 1 and d = n − 1 only, from the engine’s own Q = d×G', () => {
    for (const curve of Object.values(TOY_CURVE_DEFS)) {
      const n = curve.n;
      const ds = new Set([1n, 2n, n / 2n, n - 2n, n - 1n].filter((d) => d >= 1n && d < n));
      for (const d of ds) {
        const Q = toyPublicPoint(curve, d);
        const note = specialKeyNote(curve, d, Q);
        if (d === 1n) assert.match(note ?? '', /^d = 1, so Q = 1×G = G /, `${curve.id} d = 1`);
        else if (d === n - 1n)
          assert.match(note ?? '', new RegExp(`^d = n − 1 = ${n - 1n}, so Q = −G `), curve.id);
        else assert.equal(note, undefined, `${curve.id} d = ${d}`);
      }
    }
  });

  test('d alone is not enough: the point must agree', () => {
    assert.equal(specialKeyNote(TOY_263, 1n, { x: 0n, y: 262n }), undefined);
    assert.equal(specialKeyNote(TOY_263, 256n, { x: 0n, y: 1n }), undefined);
  });

  test('works on a real curve too (d = 1 never comes from WebCrypto, but the rule is the same)', () => {
    assert.match(specialKeyNote(P256, 1n, P256.G) ?? '', /^d = 1, so Q = 1×G = G /);
    assert.equal(specialKeyNote(P256, 2n, P256.G), undefined);
  });
});
