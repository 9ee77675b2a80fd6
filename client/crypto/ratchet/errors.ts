// Typed failures of the Double Ratchet (docs/protocol.md, "v2: Double Ratchet"); a failure never changes the state.
import { CodedError } from '../errors.js';

/** Why the ratchet refused to encrypt or decrypt. */
export type RatchetErrorCode =
  | 'bad-envelope' // the body or header is malformed (shape, base64url, key length)
  | 'same-key' // both members announced the same v1 public key: there is no initiator
  | 'too-many-skipped' // the message would skip more keys than MAX_SKIP, or overfill the skipped-key store
  | 'duplicate' // this (ratchet key, n) was already decrypted (or its key has been deleted): a replay
  | 'bad-ratchet-key' // the header's ratchet public key is not a valid point on the room's curve
  | 'auth-failed' // the AES-GCM tag did not verify (wrong key, altered header, AAD or ciphertext)
  | 'no-receiving-chain' // a message on a chain this side never had (the initial ratchet key of the other side)
  | 'counter-overflow'; // the sending chain reached 2^32 − 1 messages

/** The Double Ratchet refused a message; the state is exactly as it was before the call. */
export class RatchetError extends CodedError<RatchetErrorCode> {
  override readonly name = 'RatchetError';
}
