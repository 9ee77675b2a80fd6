// The MITM lab's public demo state on the wire: built by a presenter's lab, checked and recomputed by a follower's.
import { MAX_LAB_RUNS, MAX_LAB_TEXT, type PresentLabMitm } from '../../../common/schema/steps-labs.js';
import type { CurveId } from '../../../common/wire.js';
import { fromHex, toHex } from '../../crypto/hex.js';
import { safetyNumber } from '../../crypto/safety.js';
import { getWeierstrassCurve } from '../../math/curves.js';
import { decodePublicKey } from '../../math/weierstrass.js';
import { compareSafetyNumbers, type MitmRun, type MitmState, type SafetyComparison } from './mitm.js';

function clipText(s: string): string {
  const chars = [...s];
  return chars.length > MAX_LAB_TEXT ? `${chars.slice(0, MAX_LAB_TEXT - 1).join('')}…` : s;
}

/** The presenter's lab as a `present:lab` detail: the three public keys, the swap and the last messages (newest first). */
export function mitmLabDetail(state: MitmState, runs: readonly MitmRun[]): PresentLabMitm {
  const { parties } = state;
  return {
    lab: 'mitm',
    curve: parties.curve,
    swap: state.swap,
    alice: toHex(parties.alice.publicRaw),
    bob: toHex(parties.bob.publicRaw),
    mallory: toHex(parties.mallory.publicRaw),
    runs: runs.slice(0, MAX_LAB_RUNS).map((r) => {
      const said = clipText(r.hops[0]?.text ?? '');
      const passed = r.hops.find((h) => h.action === 're-encrypt')?.text;
      return state.swap && passed !== undefined && passed !== r.hops[0]?.text
        ? { said, rewrite: clipText(passed) }
        : { said };
    }),
  };
}

/** One message of a followed lab, as the rules of the lab decide it. */
export interface FollowedRun {
  readonly said: string;
  /** What Mallory read (null: only ciphertext — the keys were not swapped). */
  readonly malloryReads: string | null;
  /** What Bob read. */
  readonly bobReads: string;
}

/** A followed presenter's MITM lab, recomputed from the public keys: who holds which key, and the safety numbers. */
export interface FollowedMitm {
  readonly curve: CurveId;
  readonly swap: boolean;
  readonly aliceHex: string;
  readonly bobHex: string;
  readonly malloryHex: string;
  readonly aliceHoldsHex: string;
  readonly bobHoldsHex: string;
  readonly aliceSafety: string[];
  readonly bobSafety: string[];
  readonly comparison: SafetyComparison;
  readonly runs: readonly FollowedRun[];
}

/** True when `hex` is a valid public key on `curve` (on the curve and in the subgroup; X25519: 32 bytes). */
export function isValidDemoKey(curve: CurveId, hex: string): boolean {
  try {
    const raw = fromHex(hex);
    if (curve === 'X25519') return raw.length === 32;
    decodePublicKey(getWeierstrassCurve(curve), raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * Recomputes a presenter's lab from its `present:lab` detail: each key checked, the held keys from the
 * swap, the safety numbers with curvechat's own function. Null when a key is not a valid point.
 */
export async function followedMitm(detail: PresentLabMitm): Promise<FollowedMitm | null> {
  const { curve, swap } = detail;
  if (![detail.alice, detail.bob, detail.mallory].every((h) => isValidDemoKey(curve, h))) return null;
  const aliceHoldsHex = swap ? detail.mallory : detail.bob;
  const bobHoldsHex = swap ? detail.mallory : detail.alice;
  const [aliceSafety, bobSafety] = await Promise.all([
    safetyNumber(fromHex(detail.alice), fromHex(aliceHoldsHex)),
    safetyNumber(fromHex(detail.bob), fromHex(bobHoldsHex)),
  ]);
  return {
    curve,
    swap,
    aliceHex: detail.alice,
    bobHex: detail.bob,
    malloryHex: detail.mallory,
    aliceHoldsHex,
    bobHoldsHex,
    aliceSafety,
    bobSafety,
    comparison: compareSafetyNumbers(aliceSafety, bobSafety),
    runs: detail.runs.map((r) => ({
      said: r.said,
      malloryReads: swap ? r.said : null,
      bobReads: swap ? (r.rewrite ?? r.said) : r.said,
    })),
  };
}
