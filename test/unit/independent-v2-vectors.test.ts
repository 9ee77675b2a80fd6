// The independent v2 client (test/helpers/independent-v2/, written from docs/protocol.md only) recomputes every
// derived value of docs/vectors/ratchet-*.json from the inputs (private keys, room, ids, plaintexts, P's text).
import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { hex, unhex, utf8 } from '../helpers/independent-v2/bytes.js';
import { pairMaterial } from '../helpers/independent-v2/channel.js';
import { type CurveId, publicOf } from '../helpers/independent-v2/primitives.js';
import { IndependentRatchet, RatchetRefusal } from '../helpers/independent-v2/ratchet.js';
import { parseBody, toBody } from '../helpers/independent-v2/ratchet-kdf.js';

const read = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../docs/vectors/${name}`, import.meta.url), 'utf8'));

/** Both members' ratchets for a vector file, with `GENERATE()` drawing the file's fixed ratchet keys in order. */
function replay(v: any) {
  const curve = v.curve as CurveId;
  const p = v.passphrase
    ? new Uint8Array(
        pbkdf2Sync(
          utf8(v.passphrase.text.normalize('NFC')),
          utf8(`curvechat/v1 passphrase ${v.room}`),
          v.passphrase.iterations,
          32,
          'sha256',
        ),
      )
    : undefined;
  if (v.passphrase) assert.equal(hex(p!), v.passphrase.p, 'P from the passphrase text');
  const side = (me: string, other: string) => {
    const m = v.members[me];
    const own = { priv: unhex(m.v1Private), pub: publicOf(curve, unhex(m.v1Private)) };
    assert.equal(hex(own.pub), m.v1Public, `${me}'s v1 public key`);
    const peerV1 = unhex(v.members[other].v1Public);
    const material = pairMaterial(curve, v.room, own, peerV1, p);
    const queue = [...m.ratchetPrivates] as string[];
    const generate = () => {
      const priv = unhex(queue.shift() ?? assert.fail(`${me} drew more ratchet keys than the file lists`));
      return { priv, pub: publicOf(curve, priv) };
    };
    return {
      material,
      ratchet: new IndependentRatchet({
        curve,
        ownV1: own,
        peerV1,
        material,
        generate,
        traceAs: me,
      }),
      queue,
    };
  };
  const alice = side('alice', 'bob');
  const bob = side('bob', 'alice');
  return { alice, bob };
}

for (const file of ['ratchet-x25519.json', 'ratchet-p-256.json', 'ratchet-x25519-passphrase.json']) {
  describe(`independent v2 client against docs/vectors/${file}`, () => {
    const v = read(file);

    it('Z, salt, RK0, the initiator and the initial root steps come out of the private keys', () => {
      const { alice, bob } = replay(v);
      for (const s of [alice, bob]) {
        assert.equal(hex(s.material.z), v.z);
        assert.equal(hex(s.material.salt), v.salt);
        assert.equal(hex(s.material.rk0), v.rk0);
      }
      assert.equal(alice.ratchet.initiator, v.initiator === 'alice');
      assert.equal(bob.ratchet.initiator, v.initiator === 'bob');
      assert.deepEqual([...alice.ratchet.trace, ...bob.ratchet.trace], v.init);
    });

    it('every operation of the conversation: header, wire body, plaintext and every derived key, in order', () => {
      const { alice, bob } = replay(v);
      const sides: Record<string, IndependentRatchet> = { alice: alice.ratchet, bob: bob.ratchet };
      const bodies = new Map<string, unknown>();
      const bindings = new Map<string, any>();
      for (const op of v.ops) {
        const r = sides[op.by]!;
        const mark = r.trace.length;
        if (op.op === 'encrypt') {
          const { h, ct } = r.encrypt(utf8(op.plaintext), op.binding);
          assert.deepEqual({ dh: hex(h.dh), pn: h.pn, n: h.n }, op.header, `${op.id} header`);
          assert.deepEqual(toBody(h, ct), op.body, `${op.id} body`);
          bodies.set(op.id, op.body);
          bindings.set(op.id, op.binding);
        } else {
          const parsed = parseBody(v.curve, bodies.get(op.id));
          assert.ok(parsed, `${op.id} parses`);
          const pt = r.decrypt(parsed.h, parsed.ct, bindings.get(op.id));
          assert.equal(new TextDecoder().decode(pt), op.plaintext, `${op.id} plaintext`);
          // A replay of the same body is refused and changes nothing.
          assert.throws(() => r.decrypt(parsed.h, parsed.ct, bindings.get(op.id)), RatchetRefusal);
        }
        assert.deepEqual(r.trace.slice(mark), op.trace, `${op.op} ${op.id} by ${op.by}: trace`);
      }
      assert.equal(alice.queue.length, 0, 'Alice drew every listed ratchet key');
      assert.equal(bob.queue.length, 0, 'Bob drew every listed ratchet key');
    });
  });
}
