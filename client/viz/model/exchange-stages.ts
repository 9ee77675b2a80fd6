// The exchange player's steps in named stages (keys, both walks, the match, HKDF, AES-GCM) and the mapping a follower uses (no DOM).
import type { ExchangePart, ExchangeStage } from '../../../common/schema/steps-stage.js';
import { fmtPoint } from './format.js';
import { toySteps, type ToyExchange } from './exchange-model.js';
import { exchangeWalk, type WalkStep } from './exchange-walk.js';

export type { ExchangePart, ExchangeStage } from '../../../common/schema/steps-stage.js';

/** One stage of the player: its first index and how many steps it has. */
export interface StagePlan {
  part: ExchangePart;
  start: number;
  length: number;
}

/** Every caption of the exchange player, the stages they fall in and, on a toy curve, both walks. */
export interface ExchangePlan {
  steps: string[];
  stages: StagePlan[];
  /** Side A's walk d_A × Q_B and side B's walk d_B × Q_A (toy curves only). */
  walks?: [WalkStep[], WalkStep[]];
}

const HKDF =
  'HKDF turns Z into the AES key K, mixing in both public keys (salt) and the curve and room (info).';
const AES =
  'AES-GCM encrypts each message with K and a fresh 12-byte IV; the 16-byte tag detects any change.';

function plan(parts: [ExchangePart, string[]][], walks?: [WalkStep[], WalkStep[]]): ExchangePlan {
  const steps: string[] = [];
  const stages: StagePlan[] = [];
  for (const [part, texts] of parts) {
    stages.push({ part, start: steps.length, length: texts.length });
    steps.push(...texts);
  }
  return walks ? { steps, stages, walks } : { steps, stages };
}

/**
 * The player for a toy exchange: the three key steps, A's walk d_A × Q_B, B's walk d_B × Q_A
 * (every doubling and addition), the match, then HKDF and AES-GCM. Without a toy exchange (a
 * real curve) the first stage is the engine's check of Z.
 */
export function exchangePlan(ex: ToyExchange | undefined): ExchangePlan {
  if (!ex)
    return plan([
      ['same', ['Our side: the engine recomputes Z and compares it with WebCrypto.']],
      ['hkdf', [HKDF]],
      ['aes', [AES]],
    ]);
  const captions = toySteps(ex);
  const walkA = exchangeWalk(ex.curve, ex.a.d, ex.b.Q, { who: ex.a.name, base: 'Q_B' });
  const walkB = exchangeWalk(ex.curve, ex.b.d, ex.a.Q, { who: ex.b.name, base: 'Q_A' });
  const same = ex.same
    ? `Both walks end on the same point S = ${fmtPoint(ex.a.S)} (checked by the engine), because d_A×(d_B×G) = d_B×(d_A×G) = (d_A·d_B)×G. Its x-coordinate is the shared secret Z.`
    : captions[5]!;
  return plan(
    [
      ['keys', captions.slice(0, 3)],
      ['walk-a', walkA.map((w) => w.text)],
      ['walk-b', walkB.map((w) => w.text)],
      ['same', [same]],
      ['hkdf', [HKDF]],
      ['aes', [AES]],
    ],
    [walkA, walkB],
  );
}

/** The stage holding step `index` and the position in it (the last stage past the end). */
export function stageAt(p: ExchangePlan, index: number): ExchangeStage {
  const s = p.stages.find((st) => index >= st.start && index < st.start + st.length) ?? p.stages.at(-1)!;
  const i = Math.min(Math.max(0, index - s.start), s.length - 1);
  return { part: s.part, index: i, total: s.length };
}

/** Where each stage falls back to on a plan without it (a real curve has no keys or walks, only the check). */
const FALLBACK: Record<ExchangePart, ExchangePart> = {
  keys: 'same',
  'walk-a': 'same',
  'walk-b': 'same',
  same: 'same',
  hkdf: 'hkdf',
  aes: 'aes',
};

/**
 * The local index for a presenter's stage: the same stage, at the same position clamped to this
 * plan's length (the walks differ in length when the keys differ), or the fallback stage's start.
 */
export function indexForStage(p: ExchangePlan, stage: ExchangeStage): number {
  const own = p.stages.find((s) => s.part === stage.part);
  if (own) return own.start + Math.min(Math.max(0, stage.index), own.length - 1);
  const fb = p.stages.find((s) => s.part === FALLBACK[stage.part]);
  return fb ? fb.start : 0;
}

/** Which side is walking at `index` (0 = A, 1 = B) and that side's walk step, or undefined outside the walks. */
export function walkAt(p: ExchangePlan, index: number): { side: 0 | 1; step: WalkStep } | undefined {
  const st = stageAt(p, index);
  if (!p.walks || (st.part !== 'walk-a' && st.part !== 'walk-b')) return undefined;
  const side = st.part === 'walk-a' ? 0 : 1;
  const step = p.walks[side][st.index];
  return step ? { side, step } : undefined;
}

/** Whether side `side` has its S at `index` (after its walk ended). */
export function sideDone(p: ExchangePlan, index: number, side: 0 | 1): boolean {
  const walk = p.stages.find((s) => s.part === (side === 0 ? 'walk-a' : 'walk-b'));
  return walk !== undefined && index >= walk.start + walk.length - 1;
}

/** Whether `index` is at or past the stage `part` (false when the plan has no such stage). */
export function reached(p: ExchangePlan, index: number, part: ExchangePart): boolean {
  const s = p.stages.find((st) => st.part === part);
  return s !== undefined && index >= s.start;
}
