// A toy room built with the real pipeline (toy ECDH → HKDF → AES-GCM) for demos, tests and Eve's harness.
import type { ToyCurveId } from '../../../common/wire.js';
import { toBase64Url } from '../../crypto/base64url.js';
import type { ToyKeyAgreement } from '../../math/toy.js';
import type { ObservedEnvelope, ObservedKey } from './eve.js';
import { generateToyKey, toyChannel, toyEncrypt, toyKeyFromPrivate } from './toy-room.js';

/** One message of a scenario, by member index. */
export interface DemoMessage {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** What a scenario produced: the keys and envelopes Eve observes, and the members' real key pairs. */
export interface DemoScenario {
  readonly curve: ToyCurveId;
  readonly room: string;
  readonly keys: ObservedKey[];
  readonly envelopes: ObservedEnvelope[];
  /** The members' key pairs (private!): only for checking Eve's answers in tests. */
  readonly members: ToyKeyAgreement[];
}

/** Options of {@link buildDemoScenario}. */
export interface DemoOptions {
  readonly room?: string;
  /** Fixed private keys per member (default: random). */
  readonly privateKeys?: readonly bigint[];
  /** Member ids (default: 22-character ids derived from the names). */
  readonly ids?: readonly string[];
}

function demoId(name: string, i: number): string {
  return `${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}${'0'.repeat(22)}`.slice(0, 21) + String(i % 10);
}

/**
 * Members `names` on toy `curve` each generate a key pair; every message is encrypted by its author
 * exactly as a real client does (Z, deriveChannelKey with the toy id, AES-GCM with the AAD).
 */
export async function buildDemoScenario(
  curve: ToyCurveId,
  names: readonly string[],
  messages: readonly DemoMessage[],
  opts: DemoOptions = {},
): Promise<DemoScenario> {
  const room = opts.room ?? 'toy-lab';
  const members = await Promise.all(
    names.map((_, i) => {
      const d = opts.privateKeys?.[i];
      return d === undefined ? generateToyKey(curve) : Promise.resolve(toyKeyFromPrivate(curve, d));
    }),
  );
  const ids = names.map((n, i) => opts.ids?.[i] ?? demoId(n, i));
  const keys: ObservedKey[] = members.map((m, i) => ({
    id: ids[i],
    name: names[i],
    curve,
    pub: toBase64Url(m.publicRaw),
  }));
  const envelopes: ObservedEnvelope[] = [];
  let seq = 0;
  for (const msg of messages) {
    const author = members[msg.from];
    const ch = await toyChannel(author, keys[msg.to].pub, room);
    const id = `m${++seq}`;
    const enc = await toyEncrypt(ch, room, ids[msg.from], ids[msg.to], id, msg.text, 1_700_000_000_000 + seq);
    envelopes.push({
      kind: 'msg',
      from: ids[msg.from],
      to: ids[msg.to],
      id,
      iv: enc.body.iv,
      ct: enc.body.ct,
      room,
    });
  }
  return { curve, room, keys, envelopes, members };
}
