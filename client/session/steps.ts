// Visualisation steps (docs/protocol.md §4 `step` / `peer-step`): the event type and a guard against leaking secrets.
import type { PeerStep } from '../../common/wire.js';
import { fromHex } from '../crypto/hex.js';
import { toBase64Url } from '../crypto/base64url.js';
import { jsonByteLength } from './views.js';

/** Property names a step detail may never use: they would suggest private material. */
const FORBIDDEN_KEYS = new Set([
  'private',
  'privatekey',
  'privatehex',
  'd',
  'secret',
  'sharedsecret',
  'z',
  'zhex',
  'aeskey',
]);

/** Dispatched as `peer-step` when another member publishes a visualisation step. */
export class PeerStepEvent extends Event {
  /** The step, with the sender's display name. */
  readonly step: PeerStep & { fromName: string };

  /** Wrap a received step. */
  constructor(step: PeerStep & { fromName: string }) {
    super('peer-step');
    this.step = step;
  }
}

/**
 * Refuse a step detail that is not a JSON object, is larger than `maxBytes`, uses a forbidden
 * property name, or contains one of `secretsHex` (≥ 8 bytes) in hex or base64url. Throws an Error
 * with a plain reason. Best effort: it cannot recognise a secret in every possible encoding.
 */
export function checkStepDetail(detail: unknown, secretsHex: readonly string[], maxBytes: number): void {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
    throw new Error('A step detail must be a JSON object.');
  const bytes = jsonByteLength(detail);
  if (bytes > maxBytes) throw new Error(`A step detail is ${bytes} bytes; the limit is ${maxBytes}.`);
  const text = JSON.stringify(detail, (key, value: unknown) => {
    if (FORBIDDEN_KEYS.has(key.toLowerCase()))
      throw new Error(`A step may not carry "${key}": steps are public and never hold private values.`);
    return value;
  });
  const lower = text.toLowerCase();
  for (const hex of secretsHex) {
    if (hex.length < 16) continue;
    if (lower.includes(hex.toLowerCase()) || text.includes(toBase64Url(fromHex(hex))))
      throw new Error('A step may not contain a private key or a derived secret.');
  }
}
