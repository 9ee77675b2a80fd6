// Typed crypto failures carrying a plain-language reason for the UI ("no secure channel").

/** Why key agreement with a peer failed. */
export type NoSecureChannelCode =
  | 'unsupported-curve' // this browser or build cannot do the curve
  | 'invalid-public-key' // wrong length/format, or not a point on the curve
  | 'zero-shared-secret' // X25519 produced all zeros (low-order peer key)
  | 'derive-failed'; // WebCrypto refused the derivation for another reason

/** Key agreement failed: there is no secure channel with this peer (never fall back). */
export class NoSecureChannelError extends Error {
  /** Machine-readable cause. */
  readonly code: NoSecureChannelCode;
  /** Plain-language reason without the "No secure channel" prefix. */
  readonly reason: string;

  /** Build the error from a code and a plain reason. */
  constructor(code: NoSecureChannelCode, reason: string) {
    super(`No secure channel: ${reason}`);
    this.name = 'NoSecureChannelError';
    this.code = code;
    this.reason = reason;
  }
}

/** Why an incoming message was refused. */
export type MessageErrorCode = 'bad-envelope' | 'auth-failed' | 'bad-plaintext';

/** An incoming message could not be decrypted, verified or understood. */
export class MessageError extends Error {
  /** Machine-readable cause. */
  readonly code: MessageErrorCode;

  /** Build the error from a code and a plain-language message. */
  constructor(code: MessageErrorCode, message: string) {
    super(message);
    this.name = 'MessageError';
    this.code = code;
  }
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
