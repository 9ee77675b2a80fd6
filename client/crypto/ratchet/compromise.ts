// "Compromise now": given a stolen state at time t, which messages a passive eavesdropper can read, found by really trying.
import { equalBytes } from '../bytes.js';
import type { KeyAgreement } from '../key-agreement.js';
import type { StolenState, TranscriptEntry } from './ratchet.js';
import { cloneState, MAX_SKIP, MAX_SKIPPED_KEYS, type RatchetState } from './state.js';
import { chainStepFor, decryptStep, openWith, type StepContext } from './steps.js';
import { ratchetAad } from './header.js';

/**
 * Why a message is or is not readable by Eve:
 * - `deleted-before-theft`: processed before the theft; its key was deleted and chain keys only run forward (forward secrecy);
 * - `stolen-skipped-key`: a stored skipped key of the stolen state opens it;
 * - `stolen-chain`: the stolen sending or receiving chain key reaches it;
 * - `stolen-ratchet-key`: the peer's new chain answers our stolen ratchet private key, so Eve takes that DH step too;
 * - `healed`: after the theft a fresh ratchet key pair Eve never saw entered the root chain (post-compromise security).
 */
export type Exposure =
  'deleted-before-theft' | 'stolen-skipped-key' | 'stolen-chain' | 'stolen-ratchet-key' | 'healed';

/** Eve's result for one transcript message. */
export interface AttackerVerdict {
  /** Transcript index. */
  readonly index: number;
  /** Sent or received by the victim. */
  readonly direction: 'sent' | 'received';
  /** True when Eve's decryption really verified. */
  readonly readable: boolean;
  /** Why. */
  readonly why: Exposure;
}

/** The whole answer for the teaching view. */
export interface CompromiseReport {
  /** Index of the first message processed after the theft. */
  readonly stolenAt: number;
  /** One verdict per transcript message, in order. */
  readonly verdicts: readonly AttackerVerdict[];
  /** First index ≥ stolenAt from which every later message is unreadable (null: the transcript has not healed yet). */
  readonly healsAt: number | null;
}

/** Try one message as Eve on the working copy `s` (committed by the caller only when it opens). */
async function tryMessage(s: RatchetState, ctx: StepContext, m: TranscriptEntry): Promise<Exposure | null> {
  try {
    if (m.direction === 'received') {
      const { path } = await decryptStep(s, ctx, m.header, m.ct, m.binding);
      return path === 'skipped'
        ? 'stolen-skipped-key'
        : path === 'ratchet-step'
          ? 'stolen-ratchet-key'
          : 'stolen-chain';
    }
    // A message the victim sent: Eve runs the stolen sending chain forward like a receiving chain.
    if (!equalBytes(m.header.dh, s.dhs.publicRaw) || m.header.n < s.ns || m.header.n - s.ns > ctx.maxSkip)
      return null;
    let ck = s.cks;
    let mk: Uint8Array | null = null;
    for (let n = s.ns; n <= m.header.n; n++) ({ next: ck, mk } = await chainStepFor(ctx, ck));
    if (!mk) return null;
    await openWith(mk, ratchetAad(m.binding, m.header), m.ct);
    s.cks = ck;
    s.ns = m.header.n + 1;
    return 'stolen-chain';
  } catch {
    return null;
  }
}

/**
 * Which messages of `transcript` (the victim's own, in its processing order) Eve can read with `stolen`, by actually
 * decrypting: messages before the theft against a fresh copy of the stolen state, later ones against Eve's running
 * copy, which follows every DH step she can (new peer chains answering the stolen private key) and fails at the
 * first fresh private key of the victim. `generate` makes Eve's own (useless) key pairs on the room's curve.
 */
export async function attackerReads(
  stolen: StolenState,
  transcript: readonly TranscriptEntry[],
  generate: () => Promise<KeyAgreement>,
): Promise<CompromiseReport> {
  const ctx: StepContext = { generate, maxSkip: MAX_SKIP, maxSkippedKeys: MAX_SKIPPED_KEYS };
  let eve = cloneState(stolen.state);
  const verdicts: AttackerVerdict[] = [];
  for (const m of transcript) {
    const before = m.index < stolen.at;
    const copy = cloneState(before ? stolen.state : eve);
    const got = await tryMessage(copy, ctx, m);
    if (got && !before) eve = copy;
    verdicts.push({
      index: m.index,
      direction: m.direction,
      readable: got !== null,
      why: got ?? (before ? 'deleted-before-theft' : 'healed'),
    });
  }
  let healsAt: number | null = null;
  for (let i = verdicts.length - 1; i >= 0 && verdicts[i].index >= stolen.at && !verdicts[i].readable; i--)
    healsAt = verdicts[i].index;
  return { stolenAt: stolen.at, verdicts, healsAt };
}
