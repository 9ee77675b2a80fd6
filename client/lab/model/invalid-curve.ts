// Invalid-curve lab model: a victim who skips point validation, the probes it answers, the attacker's recovery, and curvechat's refusal.
import type { PresentLabInvalidCurve } from '../../../common/schema/steps-labs.js';
import type { ToyCurveId } from '../../../common/wire.js';
import { equationText, getToyCurve, type WeierstrassCurve } from '../../math/curves.js';
import {
  cofactorProbes,
  otherCurveProbes,
  recoveredScalar,
  recoverResidues,
  victimAnswer,
  type Probe,
  type ProbeResult,
} from '../../math/small-subgroup.js';
import { randomScalar, toyKeyAgreementProvider } from '../../math/toy.js';
import {
  basePoint,
  encodePoint,
  INFINITY,
  isOnCurve,
  multiply,
  point,
  PointError,
  validatePublicPoint,
  type AffinePoint,
  type Point,
} from '../../math/weierstrass.js';

/** Which invalid points the attacker sends. */
export type InvalidCurveMode = 'other-b' | 'cofactor';

/** The lab's state: the curve, the attack, the victim's public point, and the answers the victim gave so far. */
export interface InvalidCurveState {
  readonly curve: ToyCurveId;
  readonly mode: InvalidCurveMode;
  /** The probes the attack will send, in order (computed from the curve; the same on every client). */
  readonly probes: readonly Probe[];
  /** The victim's public point Q = d·G. */
  readonly victim: AffinePoint;
  /** The victim's answers d·P, one per probe sent. */
  readonly answers: readonly Point[];
}

const plans = new Map<string, Probe[]>();

/** The probes of `mode` on `curve` (cached: toy-65521's plan counts a few curves of 65 521 x's). */
export function probesFor(curve: ToyCurveId, mode: InvalidCurveMode): Probe[] {
  const key = `${curve} ${mode}`;
  let plan = plans.get(key);
  if (!plan) {
    const c = getToyCurve(curve);
    plan = mode === 'cofactor' ? cofactorProbes(c) : otherCurveProbes(c);
    plans.set(key, plan);
  }
  return plan;
}

/** The demo victim: a toy key pair on `curve` whose owner skips validation; its d stays in the presenter's lab. */
export interface DemoVictim {
  readonly curve: ToyCurveId;
  readonly scalar: bigint;
  readonly publicPoint: AffinePoint;
}

/** A fresh demo victim on `curve`. */
export function newVictim(curve: ToyCurveId): DemoVictim {
  const c = getToyCurve(curve);
  const scalar = randomScalar(c.n);
  return { curve, scalar, publicPoint: multiply(c, scalar, basePoint(c)) as AffinePoint };
}

/** The state before any probe is sent. */
export function startAttack(victim: DemoVictim, mode: InvalidCurveMode): InvalidCurveState {
  return {
    curve: victim.curve,
    mode,
    probes: probesFor(victim.curve, mode),
    victim: victim.publicPoint,
    answers: [],
  };
}

/** The next probe sent: the victim, skipping validation, computes d·P with its curve's formulas and answers. */
export function sendNext(state: InvalidCurveState, victim: DemoVictim): InvalidCurveState {
  const probe = state.probes[state.answers.length];
  if (!probe) return state;
  const answer = victimAnswer(getToyCurve(state.curve), victim.scalar, probe.point);
  return { ...state, answers: [...state.answers, answer] };
}

/** What the attacker knows after the answers: per probe the residue and the CRT so far, and d once it is pinned. */
export interface Recovery {
  readonly results: ProbeResult[];
  /** d, once the combined modulus reaches n and d·G matches the victim's public point. */
  readonly recovered: bigint | null;
  /** Product (lcm) of the orders used so far. */
  readonly modulus: bigint;
}

/** Runs the attacker's side over the state's answers (matching, then the CRT). */
export function recover(state: InvalidCurveState): Recovery {
  const c = getToyCurve(state.curve);
  const results = recoverResidues(c, state.probes, state.answers);
  const combined = results.at(-1)?.combined ?? null;
  return { results, recovered: recoveredScalar(c, combined, state.victim), modulus: combined?.m ?? 1n };
}

/** Why curvechat refuses a probe: the real code path a member's toy key goes through, and its exact reason. */
export interface Refusal {
  /** PointError code of client/math/weierstrass.ts validatePublicPoint ('not-on-curve', 'subgroup', …). */
  readonly code: string;
  /** Its message. */
  readonly reason: string;
  /** The message of the NoSecureChannelError the key agreement's derive rejected with (what a member sees). */
  readonly channelError: string;
}

/** Feeds the probe to curvechat's toy key agreement (client/math/toy.ts, as the session derives a channel) and reports the refusal. */
export async function curvechatRefusal(curve: ToyCurveId, probe: Probe): Promise<Refusal | null> {
  const c = getToyCurve(curve);
  const refused = (() => {
    try {
      validatePublicPoint(c, probe.point);
      return null;
    } catch (e) {
      if (e instanceof PointError) return { code: e.code, reason: e.message };
      throw e;
    }
  })();
  if (!refused) return null;
  const { code, reason } = refused;
  const own = await toyKeyAgreementProvider(curve).generate();
  try {
    await own.derive(encodePoint(c, probe.point));
    return null;
  } catch (e) {
    return { code, reason, channelError: e instanceof Error ? e.message : String(e) };
  }
}

/** The curve a probe lies on, as text: "y² = x³ + 2x + 0 over F_17". */
export function probeCurveText(curve: WeierstrassCurve, probe: Probe): string {
  return equationText({ ...curve, b: probe.b });
}

const hexOf = (P: AffinePoint) => ({ x: P.x.toString(16), y: P.y.toString(16) });

/** The lab's public state as a `present:lab` detail: the victim's public point and its answers, never d. */
export function invalidCurveDetail(state: InvalidCurveState): PresentLabInvalidCurve {
  return {
    lab: 'invalid-curve',
    curve: state.curve,
    mode: state.mode,
    victim: hexOf(state.victim),
    answers: state.answers.map((A) => (A.infinity ? null : hexOf(A))),
  };
}

/**
 * A presenter's shared state, checked: the victim's point must be a valid key of the curve, and there
 * can be no more answers than probes. Each answer is checked by the matching itself (a lie gives no
 * residue). Null when the detail cannot be used.
 */
export function stateFromDetail(detail: PresentLabInvalidCurve): InvalidCurveState | null {
  const c = getToyCurve(detail.curve);
  const parse = (h: { x: string; y: string }) => point(BigInt(`0x${h.x}`), BigInt(`0x${h.y}`));
  const victim = parse(detail.victim);
  try {
    validatePublicPoint(c, victim);
  } catch {
    return null;
  }
  const probes = probesFor(detail.curve, detail.mode);
  if (detail.answers.length > probes.length) return null;
  const answers = detail.answers.map((a) => (a === null ? INFINITY : parse(a)));
  if (answers.some((A) => !A.infinity && (A.x >= c.p || A.y >= c.p))) return null;
  return { curve: detail.curve, mode: detail.mode, probes, victim, answers };
}

/** True when the point lies on the victim's own curve (the cofactor probes do; the other-b probes do not). */
export function onVictimCurve(curve: ToyCurveId, P: Point): boolean {
  return isOnCurve(getToyCurve(curve), P);
}
