// Independent v2 client (docs/protocol.md only): what it observed — messages, receipts, refusals — in bounded lists,
// and the §5 step 6 checks of a message plaintext and v2's receipt plaintext.
import { randomBytes } from 'node:crypto';
import { b64, utf8 } from './bytes.js';

/** Most entries any list keeps (oldest dropped first). */
export const MAX_RECORDS = 1000;

/** A message this client opened and showed. */
export interface Received {
  from: string;
  id: string;
  text: string;
  /** How it came: v1 `msg`, the pair's ratchet, or a sender-key `bcast`. */
  via: 'msg' | 'ratchet' | 'skmsg';
}

/** A receipt for one of this client's messages (or distributions). */
export interface Receipt {
  from: string;
  id: string;
  ok: boolean;
  /** True when it came inside the pair's ratchet ("Authenticated receipts"). */
  authenticated: boolean;
}

/** Something refused or ignored, with the reason. */
export interface Refusal {
  from: string;
  id: string;
  kind: string;
  why: string;
}

/** Push with a bound. */
export function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_RECORDS) list.splice(0, list.length - MAX_RECORDS);
}

/** §5 step 6: a text plaintext `{ type: "text", text ≤ 65536 code units, ts integer }`; undefined otherwise. */
export function textOf(pt: unknown): string | undefined {
  if (typeof pt !== 'object' || pt === null) return undefined;
  const { type, text, ts } = pt as Record<string, unknown>;
  if (type !== 'text' || typeof text !== 'string' || text.length > 65536 || !Number.isInteger(ts))
    return undefined;
  return text;
}

/** "Authenticated receipts": `{ type: "receipt", id (= the dm id, ≤ 128), ok, reason? (≤ 1024) }`. */
export function receiptOf(pt: unknown, dmId: string): { ok: boolean } | undefined {
  if (typeof pt !== 'object' || pt === null) return undefined;
  const { type, id, ok, reason } = pt as Record<string, unknown>;
  if (type !== 'receipt' || id !== dmId || typeof ok !== 'boolean') return undefined;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 1024)) return undefined;
  return { ok };
}

/** JSON of UTF-8 bytes, or undefined. */
export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** The ids shown per sender ("Replays": at most once per sender), bounded to 5000. */
export class ShownIds {
  private readonly seen = new Set<string>();

  /** True when (from, id) was shown before. */
  has(from: string, id: string): boolean {
    return this.seen.has(`${from}\n${id}`);
  }

  /** Remember (from, id). */
  add(from: string, id: string): void {
    this.seen.add(`${from}\n${id}`);
    if (this.seen.size > 5000) this.seen.delete(this.seen.values().next().value!);
  }
}

/** §5 step 5's plaintext `{"type":"text","text":…,"ts":…}`. */
export const plaintextOf = (text: string): Uint8Array =>
  utf8(JSON.stringify({ type: 'text', text, ts: Date.now() }));

/** A message id (`DM_ID_RE`: printable ASCII, no space). */
export const newId = (prefix: string): string => `${prefix}-${b64(new Uint8Array(randomBytes(9)))}`;
