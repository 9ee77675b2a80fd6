// Signal's RatchetEncrypt / RatchetDecrypt on a working copy of the state (the caller commits only on success).
import { MAX_RATCHET_COUNTER } from '../../../common/schema/ratchet.js';
import { toBase64Url } from '../base64url.js';
import { equalBytes } from '../bytes.js';
import type { KeyAgreement } from '../key-agreement.js';
import { importAesGcmKey, keyFingerprint } from '../kdf.js';
import { aesGcmDecrypt, aesGcmEncrypt } from '../message.js';
import { RatchetError } from './errors.js';
import { ratchetAad, type MessageBinding, type RatchetHeader } from './header.js';
import { kdfChain, kdfRoot, messageKeyMaterial } from './kdf.js';
import {
  dropSkipped,
  freshKeyPair,
  pushBounded,
  skipId,
  skippedCount,
  storeSkipped,
  type RatchetState,
} from './state.js';

/** A secret value derived during one operation: only for the deterministic test-vector mode. */
export type TraceEvent =
  | {
      type: 'root';
      step: number;
      starts: 'sending' | 'receiving';
      own: Uint8Array;
      peer: Uint8Array;
      dhOut: Uint8Array;
      rootKey: Uint8Array;
      chainKey: Uint8Array;
    }
  | {
      type: 'chain';
      direction: 'sending' | 'receiving';
      n: number;
      chainKey: Uint8Array;
      messageKey: Uint8Array;
      nextChainKey: Uint8Array;
    }
  | {
      type: 'message';
      n: number;
      messageKey: Uint8Array;
      aesKey: Uint8Array;
      iv: Uint8Array;
      aad: Uint8Array;
      ct: Uint8Array;
    };

/** What the steps need besides the state: key generation, bounds, and the optional trace hook. */
export interface StepContext {
  /** A fresh ratchet key pair on the room's curve. */
  readonly generate: () => Promise<KeyAgreement>;
  /** Per-chain skip bound (MAX_SKIP). */
  readonly maxSkip: number;
  /** Total skipped-key bound (MAX_SKIPPED_KEYS). */
  readonly maxSkippedKeys: number;
  /** Receives every derived secret; set only by the deterministic vector mode. */
  readonly trace?: (e: TraceEvent) => void;
}

/** How a received message's key was found: a stored skipped key, the current chain, or a new DH ratchet step. */
export type KeyPath = 'skipped' | 'chain' | 'ratchet-step';

/** One KDF_CK step on a chain, recorded as a public link. */
async function chainStep(
  s: RatchetState,
  ctx: StepContext,
  direction: 'sending' | 'receiving',
  ck: Uint8Array,
  n: number,
  dh: Uint8Array,
): Promise<{ next: Uint8Array; mk: Uint8Array }> {
  const { chainKey, messageKey } = await kdfChain(ck);
  ctx.trace?.({ type: 'chain', direction, n, chainKey: ck, messageKey, nextChainKey: chainKey });
  const [messageKeyFingerprint, chainKeyFingerprint] = await Promise.all([
    keyFingerprint(messageKey),
    keyFingerprint(chainKey),
  ]);
  const chain = direction === 'sending' ? s.sendingChain : s.receivingChain;
  pushBounded(s.links, {
    direction,
    chain,
    n,
    ratchetKey: toBase64Url(dh),
    messageKeyFingerprint,
    chainKeyFingerprint,
  });
  return { next: chainKey, mk: messageKey };
}

/** One KDF_RK step, recorded as a public root link. */
export async function rootStep(
  s: RatchetState,
  ctx: StepContext,
  starts: 'sending' | 'receiving',
  own: Uint8Array,
  peer: Uint8Array,
  dhOut: Uint8Array,
  prevRoot: Uint8Array = s.rk,
): Promise<Uint8Array> {
  const { rootKey, chainKey } = await kdfRoot(prevRoot, dhOut);
  const step = s.rootSteps++;
  ctx.trace?.({ type: 'root', step, starts, own, peer, dhOut, rootKey, chainKey });
  const [rootKeyFingerprint, chainKeyFingerprint] = await Promise.all([
    keyFingerprint(rootKey),
    keyFingerprint(chainKey),
  ]);
  pushBounded(s.rootLinks, {
    step,
    starts,
    ownKey: toBase64Url(own),
    peerKey: toBase64Url(peer),
    rootKeyFingerprint,
    chainKeyFingerprint,
  });
  s.rk = rootKey;
  return chainKey;
}

/** AES-256-GCM with the key and IV expanded from a message key. */
async function seal(
  ctx: StepContext,
  mk: Uint8Array,
  n: number,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const { aesKey, iv } = await messageKeyMaterial(mk);
  const ct = await aesGcmEncrypt(await importAesGcmKey(aesKey), iv, aad, plaintext);
  ctx.trace?.({ type: 'message', n, messageKey: mk, aesKey, iv, aad, ct });
  return ct;
}

/** KDF_CK alone (no history, no trace): Eve's view of a chain in compromise.ts. */
export async function chainStepFor(
  _ctx: StepContext,
  ck: Uint8Array,
): Promise<{ next: Uint8Array; mk: Uint8Array }> {
  const { chainKey, messageKey } = await kdfChain(ck);
  return { next: chainKey, mk: messageKey };
}

/** Open ciphertext ‖ tag with a message key and AAD; throws when the tag does not verify. */
export async function openWith(
  mk: Uint8Array,
  aad: Uint8Array,
  ct: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const { aesKey, iv } = await messageKeyMaterial(mk);
  return aesGcmDecrypt(await importAesGcmKey(aesKey), iv, aad, ct);
}

/** Open with a message key; RatchetError('auth-failed') when the tag does not verify. */
async function open(
  ctx: StepContext,
  mk: Uint8Array,
  n: number,
  aad: Uint8Array,
  ct: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const { aesKey, iv } = await messageKeyMaterial(mk);
  try {
    const pt = await aesGcmDecrypt(await importAesGcmKey(aesKey), iv, aad, ct);
    ctx.trace?.({ type: 'message', n, messageKey: mk, aesKey, iv, aad, ct });
    return pt;
  } catch {
    throw new RatchetError(
      'auth-failed',
      'the authentication tag did not verify (wrong key, or the header, binding or ciphertext was altered).',
    );
  }
}

/** RatchetEncrypt: next sending link, header {DHs, PN, Ns}, AES-GCM over header-bound AAD. */
export async function encryptStep(
  s: RatchetState,
  ctx: StepContext,
  plaintext: Uint8Array,
  binding: MessageBinding,
): Promise<{ header: RatchetHeader; ct: Uint8Array<ArrayBuffer> }> {
  if (s.ns >= MAX_RATCHET_COUNTER)
    throw new RatchetError('counter-overflow', 'the sending chain has reached 2^32 − 1 messages.');
  const header: RatchetHeader = { dh: s.dhs.publicRaw, pn: s.pn, n: s.ns };
  const { next, mk } = await chainStep(s, ctx, 'sending', s.cks, s.ns, s.dhs.publicRaw);
  s.cks = next;
  s.ns += 1;
  return { header, ct: await seal(ctx, mk, header.n, ratchetAad(binding, header), plaintext) };
}

/** SkipMessageKeys: store the receiving chain's keys up to (not including) `until`, within both bounds. */
async function skipMessageKeys(s: RatchetState, ctx: StepContext, until: number): Promise<void> {
  if (s.ckr === null || until <= s.nr) return;
  const count = until - s.nr;
  if (count > ctx.maxSkip)
    throw new RatchetError(
      'too-many-skipped',
      `the message would skip ${count} keys in one chain; at most ${ctx.maxSkip} (MAX_SKIP) are allowed.`,
    );
  const held = skippedCount(s);
  if (held + count > ctx.maxSkippedKeys)
    throw new RatchetError(
      'too-many-skipped',
      `the skipped-key store would hold ${held + count} keys; at most ${ctx.maxSkippedKeys} are allowed.`,
    );
  while (s.nr < until) {
    const { next, mk } = await chainStep(s, ctx, 'receiving', s.ckr, s.nr, s.dhr);
    storeSkipped(s, { dh: s.dhr, n: s.nr, mk });
    s.ckr = next;
    s.nr += 1;
  }
}

/** DHRatchet: receiving chain from DH(DHs, new DHr), then a fresh DHs and the next sending chain. */
async function dhRatchet(s: RatchetState, ctx: StepContext, header: RatchetHeader): Promise<void> {
  let dhOut: Uint8Array;
  try {
    dhOut = await s.dhs.derive(header.dh);
  } catch {
    throw new RatchetError(
      'bad-ratchet-key',
      `the header's ratchet key is not a valid ${s.curve} public key.`,
    );
  }
  s.pn = s.ns;
  s.ns = 0;
  s.nr = 0;
  s.dhr = header.dh;
  s.receivingChain = s.rootSteps;
  s.ckr = await rootStep(s, ctx, 'receiving', s.dhs.publicRaw, header.dh, dhOut);
  s.dhs = await freshKeyPair(ctx.generate, s.curve, s.dhs.publicRaw);
  s.sendingChain = s.rootSteps;
  s.cks = await rootStep(s, ctx, 'sending', s.dhs.publicRaw, s.dhr, await s.dhs.derive(s.dhr));
}

/** RatchetDecrypt on the working copy `s`; throws RatchetError (the caller then drops the copy). */
export async function decryptStep(
  s: RatchetState,
  ctx: StepContext,
  header: RatchetHeader,
  ct: Uint8Array,
  binding: MessageBinding,
): Promise<{ plaintext: Uint8Array<ArrayBuffer>; path: KeyPath }> {
  const aad = ratchetAad(binding, header);
  // A stored key that does not open it stays stored: on a toy curve a later chain may reuse an old ratchet key, so
  // the store can hold keys of two chains for the same (dh, n), and this message may belong to the current chain.
  for (const stored of s.skipped.get(skipId(header.dh, header.n)) ?? []) {
    const plaintext = await openWith(stored.mk, aad, ct).catch(() => null);
    if (!plaintext) continue;
    dropSkipped(s, stored);
    ctx.trace?.({
      type: 'message',
      n: header.n,
      messageKey: stored.mk,
      ...(await messageKeyMaterial(stored.mk)),
      aad,
      ct,
    });
    return { plaintext, path: 'skipped' };
  }
  let path: KeyPath = 'chain';
  if (equalBytes(header.dh, s.dhr)) {
    if (s.ckr === null)
      throw new RatchetError(
        'no-receiving-chain',
        "the message claims the other side's initial key, which never sends.",
      );
    if (header.n < s.nr)
      throw new RatchetError(
        'duplicate',
        `message ${header.n} of this chain was already decrypted and its key deleted (a replay).`,
      );
  } else {
    // A replay from an earlier chain lands here too: the DH step below then derives other keys and the tag fails.
    await skipMessageKeys(s, ctx, header.pn);
    await dhRatchet(s, ctx, header);
    path = 'ratchet-step';
  }
  await skipMessageKeys(s, ctx, header.n);
  if (s.ckr === null) throw new RatchetError('no-receiving-chain', 'there is no receiving chain.');
  const { next, mk } = await chainStep(s, ctx, 'receiving', s.ckr, s.nr, s.dhr);
  s.ckr = next;
  s.nr += 1;
  return { plaintext: await open(ctx, mk, header.n, aad, ct), path };
}
