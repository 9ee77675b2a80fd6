// Visualisation steps (docs/protocol.md §4 `step` / `peer-step`): the event type and the one guard against leaking secrets.
import type { PeerStep } from '../../common/wire.js';
import { utf8 } from '../crypto/bytes.js';
import { CodedError } from '../crypto/errors.js';
import { fromHex } from '../crypto/hex.js';
import { toBase64Url } from '../crypto/base64url.js';

/** Why a step detail was refused. */
export type StepDetailErrorCode =
  'unknown-phase' | 'forbidden-field' | 'bad-field' | 'secret-value' | 'too-large';

/** A step detail that must not be published (or a peer's that must be ignored). */
export class StepDetailError extends CodedError<StepDetailErrorCode> {
  override readonly name = 'StepDetailError';
}

/** Property names (lowercase, punctuation removed) a step detail may never use. */
export const FORBIDDEN_FIELD_NAMES: ReadonlySet<string> = new Set([
  'd',
  'k',
  'z',
  'key',
  'priv',
  'private',
  'privatekey',
  'privatehex',
  'zhex',
  'jwk',
  'ikm',
  'okm',
  'prk',
  'prefix',
  'scalar',
  'seed',
]);
/** Parts of a property name that suggest private material wherever they appear in it. */
export const FORBIDDEN_NAME_PARTS: readonly string[] = [
  'priv',
  'secret',
  'shared',
  'aeskey',
  'channelkey',
  'password',
  'plaintext',
];
/** Deepest nesting a step detail may have. */
const MAX_DEPTH = 8;

/** True when a property name suggests private material (d, priv…, …secret…, z, key, shared…, jwk, …). */
export function isForbiddenFieldName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return FORBIDDEN_FIELD_NAMES.has(n) || FORBIDDEN_NAME_PARTS.some((p) => n.includes(p));
}

function scanNames(value: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new StepDetailError('bad-field', 'A step detail is nested too deeply.');
  if (Array.isArray(value)) {
    value.forEach((v, i) => scanNames(v, `${path}[${i}]`, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (isForbiddenFieldName(k))
        throw new StepDetailError(
          'forbidden-field',
          `A step may not carry "${path}${k}": steps are public and never hold private keys, shared secrets or derived keys.`,
        );
      scanNames(v, `${path}${k}.`, depth + 1);
    }
  }
}

/**
 * Refuses a step detail that is not a JSON object, or that uses a property name suggesting private
 * material at any depth (even one a sanitiser would drop). Throws {@link StepDetailError}.
 */
export function refuseForbiddenNames(detail: unknown): asserts detail is Record<string, unknown> {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
    throw new StepDetailError('bad-field', 'A step detail must be a JSON object.');
  scanNames(detail, '', 0);
}

/**
 * Refuses a detail whose JSON contains one of `secretsHex` (≥ 8 bytes; shorter ones are too short
 * to match safely) in hex or base64url, or is larger than `maxBytes`. Throws {@link StepDetailError}.
 * Best effort: it cannot recognise a secret in every possible encoding.
 */
export function refuseSecretsAndSize(detail: object, secretsHex: readonly string[], maxBytes: number): void {
  const text = JSON.stringify(detail);
  const lower = text.toLowerCase();
  for (const hex of secretsHex) {
    if (hex.length < 16 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2) continue;
    if (lower.includes(hex.toLowerCase()) || text.includes(toBase64Url(fromHex(hex))))
      throw new StepDetailError('secret-value', 'A step may not contain a private key or a derived secret.');
  }
  const bytes = utf8(text).length;
  if (bytes > maxBytes)
    throw new StepDetailError('too-large', `A step detail is ${bytes} bytes; the limit is ${maxBytes}.`);
}

/**
 * The guard every published step passes (the session's publishStep and the presenter sanitiser):
 * refuses a detail that is not a JSON object, uses a forbidden property name, contains one of
 * `secretsHex` in hex or base64url, or is larger than `maxBytes`. Throws {@link StepDetailError}.
 */
export function checkStepDetail(detail: unknown, secretsHex: readonly string[], maxBytes: number): void {
  refuseForbiddenNames(detail);
  refuseSecretsAndSize(detail, secretsHex, maxBytes);
}

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
