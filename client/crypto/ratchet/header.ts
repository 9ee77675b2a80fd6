// The ratchet header {dh, pn, n}: its AAD byte layout with v1's room/from/to/id binding, and the `ratchet` dm body.
import { ratchetBody } from '../../../common/schema/ratchet.js';
import { PUB_LENGTH, type CurveId } from '../../../common/wire.js';
import { fromBase64Url, toBase64Url } from '../base64url.js';
import { concatBytes, utf8 } from '../bytes.js';
import { TAG_BYTES, buildAad } from '../message.js';
import { RatchetError } from './errors.js';

/** A message header: the sender's current ratchet public key, the previous sending chain's length, the number in this chain. */
export interface RatchetHeader {
  /** Sender's ratchet public key, raw wire form of the room's curve. */
  readonly dh: Uint8Array;
  /** Number of messages in the sender's previous sending chain. */
  readonly pn: number;
  /** Message number in the current sending chain (0-based). */
  readonly n: number;
}

/** Who sends what to whom: the v1 AAD binding of docs/protocol.md §5 step 5 (member ids, dm id). */
export interface MessageBinding {
  /** Room name. */
  readonly room: string;
  /** Sender's member id. */
  readonly from: string;
  /** Recipient's member id. */
  readonly to: string;
  /** The dm id. */
  readonly id: string;
}

/** Text that separates the v1 binding from the header bytes in the AAD. */
export const AAD_V2_MARK = '\ncurvechat/v2 ratchet\n';

/** Header bytes: u16be(len(dh)) ‖ dh ‖ u32be(pn) ‖ u32be(n). */
export function encodeHeader(h: RatchetHeader): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(2 + h.dh.length + 8);
  const view = new DataView(out.buffer);
  view.setUint16(0, h.dh.length);
  out.set(h.dh, 2);
  view.setUint32(2 + h.dh.length, h.pn);
  view.setUint32(6 + h.dh.length, h.n);
  return out;
}

/** AAD = UTF-8(room "\n" from "\n" to "\n" id "\ncurvechat/v2 ratchet\n") ‖ header bytes. */
export function ratchetAad(binding: MessageBinding, h: RatchetHeader): Uint8Array<ArrayBuffer> {
  const text = buildAad(binding.room, binding.from, binding.to, binding.id) + AAD_V2_MARK;
  return concatBytes(utf8(text), encodeHeader(h));
}

/** The `ratchet` dm body as it travels: `{ h: { dh, pn, n }, ct }`, binary values base64url. */
export interface RatchetWireBody {
  /** Header with `dh` in base64url. */
  h: { dh: string; pn: number; n: number };
  /** base64url(ciphertext ‖ tag). */
  ct: string;
}

/** Encode a header and ciphertext ‖ tag as the `ratchet` dm body. */
export function toWireBody(h: RatchetHeader, ct: Uint8Array): RatchetWireBody {
  return { h: { dh: toBase64Url(h.dh), pn: h.pn, n: h.n }, ct: toBase64Url(ct) };
}

/** Parse a `ratchet` dm body for `curve`: schema, strict base64url, key length, tag present; throws RatchetError('bad-envelope'). */
export function parseWireBody(curve: CurveId, body: unknown): { header: RatchetHeader; ct: Uint8Array } {
  const parsed = ratchetBody.safeParse(body);
  if (!parsed.success)
    throw new RatchetError(
      'bad-envelope',
      'the ratchet body is not { h: { dh, pn, n }, ct } with counters in 0 … 2^32 − 1.',
    );
  let dh: Uint8Array;
  let ct: Uint8Array;
  try {
    dh = fromBase64Url(parsed.data.h.dh);
    ct = fromBase64Url(parsed.data.ct);
  } catch {
    throw new RatchetError('bad-envelope', 'dh or ct is not canonical base64url.');
  }
  if (dh.length !== PUB_LENGTH[curve])
    throw new RatchetError(
      'bad-envelope',
      `the ratchet key is ${dh.length} bytes; ${PUB_LENGTH[curve]} were expected on ${curve}.`,
    );
  if (ct.length < TAG_BYTES)
    throw new RatchetError('bad-envelope', 'the ciphertext is shorter than the 16-byte tag.');
  return { header: { dh, pn: parsed.data.h.pn, n: parsed.data.h.n }, ct };
}
