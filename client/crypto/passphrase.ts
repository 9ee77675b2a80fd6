// Room passphrase (docs/protocol.md Extensions, "Room passphrase"): PBKDF2 of the passphrase, mixed into the HKDF salt.
import { bufferSource, utf8 } from './bytes.js';
import { getSubtle } from './errors.js';
import { toHex } from './hex.js';

/** PBKDF2-SHA-256 iterations for the passphrase key P (OWASP 2023 figure for PBKDF2-HMAC-SHA256). */
export const PASSPHRASE_ITERATIONS = 600_000;
/** Longest passphrase accepted, in UTF-16 code units (bounds the hashing work of one join). */
export const MAX_PASSPHRASE_CHARS = 256;
/** Length of P in bytes. */
export const PASSPHRASE_KEY_BYTES = 32;

/** The PBKDF2 salt text: a domain-separation label and the room, "curvechat/v1 passphrase <room>". */
export function passphraseSaltText(room: string): string {
  return `curvechat/v1 passphrase ${room}`;
}

/** NFC-normalise a typed passphrase; '' means "no passphrase". Throws a plain Error when it is too long. */
export function normalizePassphrase(text: string): string {
  const nfc = text.normalize('NFC');
  if (nfc.length > MAX_PASSPHRASE_CHARS)
    throw new Error(`The passphrase is too long: at most ${MAX_PASSPHRASE_CHARS} characters.`);
  return nfc;
}

/** The passphrase key P of one membership, and what the math view may show about it. */
export interface PassphraseKey {
  /** P = PBKDF2-SHA-256(passphrase, salt, iterations), 32 bytes: secret, never shown or sent. */
  readonly bytes: Uint8Array;
  /** Hex of SHA-256(P)[0..8): lets someone who sees it test guesses, like any member (docs/security.md). */
  readonly fingerprint: string;
  /** PBKDF2 iteration count used. */
  readonly iterations: number;
  /** PBKDF2 salt as text. */
  readonly saltText: string;
}

/** Raw PBKDF2-HMAC-SHA-256 through WebCrypto, `bits` bits (RFC 8018 §5.2). */
export async function pbkdf2Sha256(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  bits: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = getSubtle();
  const base = await subtle.importKey('raw', bufferSource(password), 'PBKDF2', false, ['deriveBits']);
  const out = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: bufferSource(salt), iterations },
    base,
    bits,
  );
  return new Uint8Array(out);
}

/**
 * P = PBKDF2-SHA-256(UTF-8(NFC(passphrase)), UTF-8("curvechat/v1 passphrase " + room), iterations, 256 bits).
 * Rejects an empty passphrase (no passphrase is "no P", not the P of "").
 */
export async function derivePassphraseKey(
  passphrase: string,
  room: string,
  iterations = PASSPHRASE_ITERATIONS,
): Promise<PassphraseKey> {
  const text = normalizePassphrase(passphrase);
  if (text === '') throw new Error('The passphrase is empty.');
  const saltText = passphraseSaltText(room);
  const bytes = await pbkdf2Sha256(utf8(text), utf8(saltText), iterations, PASSPHRASE_KEY_BYTES * 8);
  const h = new Uint8Array(await getSubtle().digest('SHA-256', bytes));
  return { bytes, fingerprint: toHex(h.subarray(0, 8)), iterations, saltText };
}
