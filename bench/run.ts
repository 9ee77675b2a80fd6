// `npm run bench`: each benchmark runs side by side with a baseline and reports
// ratios (machines here are shared and noisy; absolute times are for context).
// Writes bench/results/latest.json; `BENCH_QUICK=1` runs fewer rounds; `npm run bench -- relay`
// (or BENCH_ONLY=relay) runs only the named groups: crypto, encoding, engine, relay, senderkeys, ratchet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { channelComparison, messageComparison } from './crypto.bench.js';
import { encodingComparison } from './encoding.bench.js';
import { engineComparison } from './engine.bench.js';
import { compare, table, type Comparison, type ComparisonResult } from './lib.js';
import { relayComparison } from './relay.bench.js';
import { relayLoad, type LoadResults } from './relay-load.bench.js';
import { RATCHET_CURVES, ratchetBytes, ratchetBytesReport, ratchetCpu } from './ratchet.bench.js';
import { ROOM_SIZES, senderKeysBytes, senderKeysBytesReport, senderKeysCpu } from './senderkeys.bench.js';
import { loadReport, loadSettings } from './relay-load.report.js';

const quick = process.env.BENCH_QUICK === '1';
const rounds = quick ? 3 : 9;
const GROUPS = ['crypto', 'encoding', 'engine', 'relay', 'senderkeys', 'ratchet'] as const;
const asked = [...process.argv.slice(2), ...(process.env.BENCH_ONLY ?? '').split(',')].filter(Boolean);
const unknown = asked.filter((g) => !(GROUPS as readonly string[]).includes(g));
if (unknown.length) {
  console.error(`unknown bench group(s) ${unknown.join(', ')}; choose from ${GROUPS.join(', ')}`);
  process.exit(2);
}
const wanted = (group: (typeof GROUPS)[number]) => asked.length === 0 || asked.includes(group);

const comparisons: [(typeof GROUPS)[number], () => Promise<Comparison>][] = [
  ['crypto', () => messageComparison(quick ? 200 : 1000)],
  ['crypto', () => channelComparison(quick ? 50 : 200)],
  ['encoding', async () => encodingComparison(quick ? 200 : 1000)],
  ['engine', async () => engineComparison(quick ? 5 : 20)],
  ['relay', async () => relayComparison(quick ? 200 : 1000)],
];
// Sender keys vs pairwise at each room size: fewer messages in bigger rooms, so each runs for similar time.
for (const n of ROOM_SIZES)
  comparisons.push(['senderkeys', () => senderKeysCpu(n, Math.max(2, Math.round((quick ? 600 : 2000) / n)))]);
// v2 vs v1 per message: a same-direction stream (chain steps only) and turns (a DH ratchet step each message).
for (const curve of RATCHET_CURVES) {
  comparisons.push(['ratchet', () => ratchetCpu(curve, 'stream', quick ? 100 : 400)]);
  comparisons.push(['ratchet', () => ratchetCpu(curve, 'alternating', quick ? 40 : 150)]);
}
const results: ComparisonResult[] = [];
for (const [group, make] of comparisons) {
  if (!wanted(group)) continue;
  const r = await compare(await make(), rounds);
  results.push(r);
  console.log(`${r.name}: ${r.ratio.toFixed(2)}× ${r.baseline} (${r.subjectUsPerOp.toFixed(1)} µs/op)`);
}
let load: LoadResults | undefined;
if (wanted('relay')) {
  console.log('\nrelay under load (servers and clients in child processes):');
  load = await relayLoad(loadSettings(quick), (line) => console.log(`  ${line}`));
}

const skBytes = wanted('senderkeys') ? senderKeysBytes() : undefined;
const rBytes = wanted('ratchet') ? await ratchetBytes() : undefined;
if (results.length) console.log('\n' + table(results));
if (skBytes) console.log('\n' + senderKeysBytesReport(skBytes).join('\n'));
if (rBytes) console.log('\n' + ratchetBytesReport(rBytes).join('\n'));
if (load) console.log('\n' + loadReport(load).join('\n'));
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      rounds,
      results,
      load,
      senderKeyBytes: skBytes,
      ratchetBytes: rBytes,
    },
    null,
    2,
  ),
);
const failed = (skBytes && !skBytes.checkPassed) || rBytes?.rows.some((r) => !r.modelAgrees);
process.exit(failed ? 1 : 0);
