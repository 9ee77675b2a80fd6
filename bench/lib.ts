// Benchmark plumbing: run a subject and its baseline interleaved (A B A B …) so
// that noise from a shared machine hits both alike, then report median ratios.
import { performance } from 'node:perf_hooks';

/** One side of a comparison: `run` does `ops` operations and resolves when done. */
export interface Side {
  label: string;
  run: () => Promise<void>;
}

/** A benchmark: a subject measured against a baseline doing comparable work. */
export interface Comparison {
  name: string;
  /** What one operation is, for the report ("message encrypted + decrypted"). */
  unit: string;
  /** Operations per run of either side. */
  ops: number;
  subject: Side;
  baseline: Side;
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
}

/** Result of one comparison: medians of per-op time and their ratio. */
export interface ComparisonResult {
  name: string;
  unit: string;
  subject: string;
  baseline: string;
  subjectUsPerOp: number;
  baselineUsPerOp: number;
  /** subject time / baseline time: 1.0 = as fast as the baseline; 2.0 = twice as slow. */
  ratio: number;
  /** Spread of the per-round ratios (min..max) to judge the noise. */
  ratioMin: number;
  ratioMax: number;
  rounds: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timed(side: Side): Promise<number> {
  const t0 = performance.now();
  await side.run();
  return performance.now() - t0;
}

/** Runs `rounds` interleaved rounds (after one warm-up of each side) and summarises them. */
export async function compare(c: Comparison, rounds: number): Promise<ComparisonResult> {
  await c.setup?.();
  try {
    await c.subject.run();
    await c.baseline.run();
    const subj: number[] = [];
    const base: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which side goes first so neither always runs on a warmer machine.
      const [first, second] = r % 2 ? [c.baseline, c.subject] : [c.subject, c.baseline];
      const t1 = await timed(first);
      const t2 = await timed(second);
      const [s, b] = r % 2 ? [t2, t1] : [t1, t2];
      subj.push(s);
      base.push(b);
      ratios.push(s / b);
    }
    const subjectUsPerOp = (median(subj) * 1000) / c.ops;
    const baselineUsPerOp = (median(base) * 1000) / c.ops;
    return {
      name: c.name,
      unit: c.unit,
      subject: c.subject.label,
      baseline: c.baseline.label,
      subjectUsPerOp,
      baselineUsPerOp,
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      rounds,
    };
  } finally {
    await c.teardown?.();
  }
}

/** Formats results as a Markdown table. */
export function table(results: ComparisonResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.unit} | ${r.subject}: ${r.subjectUsPerOp.toFixed(1)} µs | ${r.baseline}: ${r.baselineUsPerOp.toFixed(1)} µs | **${r.ratio.toFixed(2)}×** (${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}) |`,
  );
  return [
    '| benchmark | one op | subject | baseline | ratio (range) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
