// Eve's discrete-log attack on one target, advanced in small compute-timed slices.
import { getToyCurve } from '../../math/curves.js';
import {
  bruteForceDlog,
  bsgsDlog,
  measuredRate,
  type DlogMethod,
  type DlogProgress,
} from '../../math/dlog.js';
import { rhoDlog } from '../../math/rho.js';
import { basePoint, multiply, pointsEqual, type Point } from '../../math/weierstrass.js';
import type { EveTarget } from './eve-targets.js';

/** How many recent points an attack keeps in its {@link DlogAttack.trail}. */
export const TRAIL_LENGTH = 48;

/** Where an attack stands. */
export type AttackStatus = 'ready' | 'running' | 'paused' | 'done' | 'cancelled';

/** Options of {@link DlogAttack}. */
export interface AttackOptions {
  /** Steps per generator chunk (default 64; 1 for slow motion). */
  readonly chunk?: number;
  /** Clock in ms (default performance.now). */
  readonly now?: () => number;
  /** Pollard's rho: which pseudo-random walk (default 1; the same number gives the same run). */
  readonly walk?: number;
}

/**
 * One discrete-log attack on a target, advanced in small slices so a UI never freezes. Only the
 * time spent computing is counted (`computeMs`), so pauses and slow motion do not distort the rate.
 */
export class DlogAttack {
  /** Current status. */
  status: AttackStatus = 'ready';
  /** Last progress snapshot (null before the first slice). */
  progress: DlogProgress | null = null;
  /** Milliseconds spent computing so far. */
  computeMs = 0;
  /** True once d is found and d·G = Q has been re-checked. */
  verified = false;
  /** The last points the attack computed, oldest first (at most {@link TRAIL_LENGTH}), for drawing its walk. */
  readonly trail: Point[] = [];
  private readonly gen: Generator<DlogProgress, void, void>;
  private readonly now: () => number;

  /** Prepares (does not start) an attack with `method` on `target`. */
  constructor(
    readonly target: EveTarget,
    readonly method: DlogMethod,
    opts: AttackOptions = {},
  ) {
    const curve = getToyCurve(target.curve);
    const chunk = opts.chunk ?? 64;
    this.gen =
      method === 'bsgs'
        ? bsgsDlog(curve, target.Q, { chunk })
        : method === 'rho'
          ? rhoDlog(curve, target.Q, { chunk, walk: opts.walk ?? 1 })
          : bruteForceDlog(curve, target.Q, { chunk });
    this.now = opts.now ?? (() => performance.now());
  }

  /** Group operations done so far. */
  get steps(): number {
    return this.progress?.steps ?? 0;
  }

  /** The private key, once found. */
  get d(): bigint | null {
    return this.progress?.d ?? null;
  }

  /** Steps per second measured on compute time (Infinity before any time was measured). */
  get rate(): number {
    return measuredRate(this.steps, this.computeMs);
  }

  /** Runs chunks until `budgetMs` of compute is spent, `maxChunks` ran, or the attack ends. */
  advance(budgetMs: number, maxChunks = Number.POSITIVE_INFINITY): DlogProgress | null {
    if (this.status === 'done' || this.status === 'cancelled' || this.status === 'paused')
      return this.progress;
    this.status = 'running';
    const start = this.now();
    let chunks = 0;
    for (;;) {
      const r = this.gen.next();
      chunks++;
      if (r.done) {
        this.status = 'done';
        break;
      }
      this.progress = r.value;
      this.trail.push(r.value.current);
      if (this.trail.length > TRAIL_LENGTH) this.trail.shift();
      if (r.value.done) {
        this.status = 'done';
        this.verified = r.value.d !== null && this.check(r.value.d);
        break;
      }
      if (chunks >= maxChunks || this.now() - start >= budgetMs) break;
    }
    this.computeMs += this.now() - start;
    return this.progress;
  }

  /**
   * Advances one yield at a time until `steps` group operations are done (or the attack ends): a follower
   * replays the presenter's attack to the presenter's count. Use chunk 1 to land on `steps` exactly.
   */
  advanceTo(steps: number): DlogProgress | null {
    if (this.status === 'paused') this.resume();
    while (this.status !== 'done' && this.status !== 'cancelled' && this.steps < steps) this.advance(0, 1);
    return this.progress;
  }

  /** Runs to the end in one go (tests, tiny curves). */
  runToEnd(): DlogProgress | null {
    while (this.status !== 'done' && this.status !== 'cancelled') {
      if (this.status === 'paused') this.resume();
      this.advance(Number.POSITIVE_INFINITY);
    }
    return this.progress;
  }

  /** Stops advancing until {@link resume}. */
  pause(): void {
    if (this.status === 'running' || this.status === 'ready') this.status = 'paused';
  }

  /** Allows advancing again after {@link pause}. */
  resume(): void {
    if (this.status === 'paused') this.status = 'running';
  }

  /** Abandons the attack for good. */
  cancel(): void {
    if (this.status !== 'done') this.status = 'cancelled';
  }

  private check(d: bigint): boolean {
    const curve = getToyCurve(this.target.curve);
    return pointsEqual(multiply(curve, d, basePoint(curve)), this.target.Q);
  }
}
