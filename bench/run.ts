// `npm run bench`: each benchmark runs side by side with a baseline and reports
// ratios (machines here are shared and noisy; absolute times are for context).
// Writes bench/results/latest.json; `BENCH_QUICK=1` runs fewer rounds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { channelComparison, messageComparison } from './crypto.bench.js';
import { encodingComparison } from './encoding.bench.js';
import { engineComparison } from './engine.bench.js';
import { compare, table, type ComparisonResult } from './lib.js';
import { memoryPerSocket, relayComparison } from './relay.bench.js';

const quick = process.env.BENCH_QUICK === '1';
const rounds = quick ? 3 : 9;

const results: ComparisonResult[] = [];
for (const make of [
  () => messageComparison(quick ? 200 : 1000),
  () => channelComparison(quick ? 50 : 200),
  async () => encodingComparison(quick ? 200 : 1000),
  async () => engineComparison(quick ? 5 : 20),
  async () => relayComparison(quick ? 200 : 1000),
]) {
  const comparison = await make();
  const r = await compare(comparison, rounds);
  results.push(r);
  console.log(`${r.name}: ${r.ratio.toFixed(2)}× ${r.baseline} (${r.subjectUsPerOp.toFixed(1)} µs/op)`);
}
const memory = await memoryPerSocket(quick ? 50 : 200);

console.log('\n' + table(results));
console.log(
  `\nmemory: ${(memory.relay / 1024).toFixed(1)} KiB heap per joined relay socket vs ` +
    `${(memory.bare / 1024).toFixed(1)} KiB per bare Socket.IO socket (${memory.ratio.toFixed(2)}×)` +
    ((globalThis as { gc?: unknown }).gc ? '' : ' — run with --expose-gc for steadier numbers'),
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  JSON.stringify({ date: new Date().toISOString(), node: process.version, rounds, results, memory }, null, 2),
);
process.exit(0);
