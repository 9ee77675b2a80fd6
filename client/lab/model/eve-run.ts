// One run of Eve: a single attack or the race of all three on the same target, advanced fairly and shared as `present:eve`.
import type { PresentEveDetail } from '../../../common/schema/steps.js';
import { getToyCurve } from '../../math/curves.js';
import type { DlogMethod } from '../../math/dlog.js';
import { DlogAttack } from './eve-attack.js';
import type { EveTarget } from './eve-targets.js';

/** What Eve runs: one method, or the race of all three. */
export type EveMode = DlogMethod | 'race';

/** The methods of a race, in the order they are shown. */
export const RACE_METHODS: readonly DlogMethod[] = ['brute-force', 'bsgs', 'rho'];

/** The modes in words ("Eve starts … on Alice's public key"). */
export const MODE_NAMES: Readonly<Record<EveMode, string>> = {
  'brute-force': 'brute force',
  bsgs: 'baby-step giant-step',
  rho: "Pollard's rho",
  race: 'the race of all three attacks',
};

/** Options of {@link EveRun}. */
export interface EveRunOptions {
  /** Pollard's rho's walk number (default 1). */
  readonly walk?: number;
  /** Clock in ms (default performance.now). */
  readonly now?: () => number;
}

/**
 * Eve's run on one target: `mode` is one method or 'race'. In a race every attack gets the same number of
 * group operations per tick (a race in operations, not in this machine's time), so the counts compare.
 */
export class EveRun {
  /** The attacks: one, or brute force, BSGS and rho in a race. */
  readonly attacks: readonly DlogAttack[];
  /** Rho's walk number. */
  readonly walk: number;

  /** Prepares (does not start) the run. */
  constructor(
    readonly target: EveTarget,
    readonly mode: EveMode,
    opts: EveRunOptions = {},
  ) {
    this.walk = opts.walk ?? 1;
    const methods = mode === 'race' ? RACE_METHODS : [mode];
    // One group operation per yield: "One step", slow motion, a race and a follower's replay land on exact counts.
    this.attacks = methods.map(
      (m) => new DlogAttack(target, m, { chunk: 1, walk: this.walk, now: opts.now }),
    );
  }

  /** The attack whose walk is drawn: the only one, or brute force in a race. */
  get primary(): DlogAttack {
    return this.attacks[0] as DlogAttack;
  }

  /** The attack of `method`, if this run has it. */
  attack(method: DlogMethod): DlogAttack | undefined {
    return this.attacks.find((a) => a.method === method);
  }

  /** True when every attack finished (or was cancelled). */
  get over(): boolean {
    return this.attacks.every((a) => a.status === 'done' || a.status === 'cancelled');
  }

  /** True while paused (an attack that already finished stays finished). */
  get paused(): boolean {
    return this.attacks.some((a) => a.status === 'paused');
  }

  /** Group operations one race tick gives each attack: the whole brute force in about 240 ticks (4 s at 60 frames a second). */
  get raceOpsPerTick(): number {
    return Math.max(1, Math.ceil(Number(getToyCurve(this.target.curve).n) / 240));
  }

  /** One tick: a single attack for `budgetMs` (slow: one yield); in a race, the same operations for each. */
  tick(budgetMs: number, slow: boolean): void {
    if (this.mode !== 'race') {
      if (slow) this.primary.advance(Number.POSITIVE_INFINITY, 1);
      else this.primary.advance(budgetMs);
      return;
    }
    const ops = slow ? 1 : this.raceOpsPerTick;
    for (const a of this.attacks)
      if (a.status === 'ready' || a.status === 'running') a.advanceTo(a.steps + ops);
  }

  /** Replays to a presenter's counts (following): each attack up to its step count, never past its end. */
  replayTo(detail: Pick<PresentEveDetail, 'steps' | 'race'>): void {
    if (this.mode === 'race' && detail.race) {
      this.attack('brute-force')?.advanceTo(detail.race.bruteForce);
      this.attack('bsgs')?.advanceTo(detail.race.bsgs);
      this.attack('rho')?.advanceTo(detail.race.rho);
    } else this.primary.advanceTo(detail.steps);
  }

  /** Pauses every attack. */
  pause(): void {
    for (const a of this.attacks) a.pause();
  }

  /** Resumes every attack. */
  resume(): void {
    for (const a of this.attacks) a.resume();
  }

  /** Cancels every attack still going. */
  cancel(): void {
    for (const a of this.attacks) a.cancel();
  }

  /** The `present:eve` detail of this run (public: counts and flags, never d). */
  detail(): PresentEveDetail {
    const p = this.primary;
    const steps = (m: DlogMethod) => this.attack(m)?.steps ?? 0;
    return {
      curve: this.target.curve,
      target: this.target.id,
      targetName: this.target.name.slice(0, 32),
      method: p.method,
      steps: p.steps,
      maxSteps: Math.max(1, p.progress?.maxSteps ?? 1, p.steps),
      done: this.over,
      found: this.attacks.every((a) => a.d !== null),
      ...(this.walk !== 1 || this.mode === 'race' || p.method === 'rho' ? { walk: this.walk } : {}),
      ...(this.mode === 'race'
        ? { race: { bruteForce: steps('brute-force'), bsgs: steps('bsgs'), rho: steps('rho') } }
        : {}),
    };
  }
}

/** The run a follower builds for a presenter's `present:eve` (same target, mode and walk). */
export function runFor(target: EveTarget, detail: PresentEveDetail): EveRun {
  return new EveRun(target, detail.race ? 'race' : detail.method, { walk: detail.walk ?? 1 });
}

/** True when `run` is already the run `detail` describes (so a follower advances it instead of starting over). */
export function sameRun(run: EveRun | null, detail: PresentEveDetail): boolean {
  if (!run) return false;
  const mode = detail.race ? 'race' : detail.method;
  return (
    run.target.id === detail.target &&
    run.target.curve === detail.curve &&
    run.mode === mode &&
    run.walk === (detail.walk ?? 1) &&
    run.attacks.every((a) => a.steps <= (detail.race ? raceSteps(detail, a.method) : detail.steps))
  );
}

function raceSteps(detail: PresentEveDetail, m: DlogMethod): number {
  const r = detail.race;
  if (!r) return detail.steps;
  return m === 'bsgs' ? r.bsgs : m === 'rho' ? r.rho : r.bruteForce;
}
