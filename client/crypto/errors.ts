// Typed crypto failures carrying a plain-language reason for the UI ("no secure channel").

/** Why key agreement with a peer failed. */
export type NoSecureChannelCode =
  | 'unsupported-curve' // this browser or build cannot do the curve
  | 'invalid-public-key' // wrong length/format, or not a point on the curve
  | 'zero-shared-secret' // X25519 produced all zeros (low-order peer key)
  | 'derive-failed'; // WebCrypto refused the derivation for another reason

/**
 * An error with a machine-readable `code` beside its plain-language message: the base of every typed
 * failure in the client (crypto here, points in client/math, step details in the lab), so callers
 * branch on `code` and show `message`, never parse it.
 */
export abstract class CodedError<C extends string> extends Error {
  /** Machine-readable cause. */
  readonly code: C;
  /** Build the error from a code and a plain-language message. */
  constructor(code: C, message: string) {
    super(message);
    this.code = code;
  }
}

/** Key agreement failed: there is no secure channel with this peer (never fall back). */
export class NoSecureChannelError extends CodedError<NoSecureChannelCode> {
  override readonly name = 'NoSecureChannelError';
  /** Plain-language reason without the "No secure channel" prefix. */
  readonly reason: string;

  /** Build the error from a code and a plain reason. */
  constructor(code: NoSecureChannelCode, reason: string) {
    super(code, `No secure channel: ${reason}`);
    this.reason = reason;
  }
}

/** Why an incoming message was refused. */
export type MessageErrorCode = 'bad-envelope' | 'auth-failed' | 'bad-plaintext';

/** An incoming message could not be decrypted, verified or understood. */
export class MessageError extends CodedError<MessageErrorCode> {
  override readonly name = 'MessageError';
}

/** WebCrypto's SubtleCrypto, or a plain-language error when the page is not a secure context. */
export function getSubtle(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    throw new Error(
      'WebCrypto is not available: this page must be opened over https:// or on localhost (a secure context).',
    );
  return subtle;
}
