// Report of the relay's process benches: settings for a full and a quick run, and the lines that check the
// results against issue 8's targets (PASS/FAIL) or only inform (INFO).
import type { LoadResults, LoadSettings, RatioSummary } from './relay-load.bench.js';

/** Issue 8's targets: relay throughput at least this times bare Socket.IO's ... */
export const MIN_THROUGHPUT_RATIO = 0.95;
/** ... and heap per idle joined socket at most this times bare Socket.IO's. */
export const MAX_HEAP_RATIO = 1.5;

/** Settings of `npm run bench` (full) or `BENCH_QUICK=1`. */
export function loadSettings(quick: boolean): LoadSettings {
  return {
    // Many short paired rounds: a burst of other work on the machine spoils one pair, not the median.
    rounds: quick ? 1 : 9,
    heapRounds: quick ? 1 : 3,
    // 1500 senders at 25 dm/s (under the default 30/s per socket and per member) offer 37 500 dm/s, well past
    // what either server delivers on this machine; 30 rooms of 51 keep every room under MAX_ROOM_MEMBERS and
    // 200 sockets per client address keep under MAX_CONNECTIONS_PER_ADDRESS.
    rooms: 30,
    sendersPerRoom: 50,
    satRate: 25,
    window: 4,
    // 100 senders at 20 dm/s: 2000 dm/s, a fraction of what either server can deliver.
    openSenders: 100,
    openRate: 20,
    rampMs: quick ? 500 : 1000,
    measureMs: quick ? 1500 : 2000,
    idleSockets: quick ? 200 : 1000,
  };
}

const pct = (x: number) => `${x.toFixed(2)}×`;
const range = (min: number, max: number) => `(${min.toFixed(2)}–${max.toFixed(2)})`;
const spread = (r: RatioSummary) => `range ${range(r.min, r.max)}, middle half ${range(r.q1, r.q3)}`;

/** Human-readable lines: what was measured, then PASS/FAIL against the targets. */
export function loadReport(r: LoadResults): string[] {
  const s = r.settings;
  const offered = s.rooms * s.sendersPerRoom * s.satRate;
  const sat = r.phases.filter((p) => p.mode === 'saturation');
  const saturated = sat.every((p) => p.result.deliveredPerSecond < 0.9 * offered);
  const rejected = Object.entries(r.relayRejections).filter(([, n]) => n > 0);
  const t = r.throughput;
  const p = r.perCpuSecond;
  const c = r.cpuPerDm;
  const m = r.memory;
  return [
    `method: ${s.rounds} paired rounds (A B B A, order swapping), ${s.measureMs / 1000} s windows; ` +
      `${r.pinned ? 'servers pinned to core 0, loads to core 1 (taskset)' : 'not pinned'}; ` +
      `load average ${r.loadAverage.before.toFixed(1)} before, ${r.loadAverage.after.toFixed(1)} after`,
    `throughput at saturation: relay ${t.subject.toFixed(0)} dm/s vs bare ${t.baseline.toFixed(0)} dm/s: ` +
      `median of paired ratios ${pct(t.ratio)}, ${spread(t)}`,
    `at saturation per server CPU second: relay ${p.subject.toFixed(0)} dm vs bare ${p.baseline.toFixed(0)} dm: ` +
      `${pct(p.ratio)}, ${spread(p)}`,
    `server CPU per delivered dm, open loop at ${s.openSenders * s.openRate} dm/s: relay ${c.subject.toFixed(1)} µs ` +
      `vs bare ${c.baseline.toFixed(1)} µs: ${pct(c.ratio)}, ${spread(c)}`,
    `heap per idle joined socket (server process only): relay ${(m.subject / 1024).toFixed(1)} KiB vs bare ` +
      `${(m.baseline / 1024).toFixed(1)} KiB: ${pct(m.ratio)} ${range(m.min, m.max)}`,
    `${t.ratio >= MIN_THROUGHPUT_RATIO ? 'PASS' : 'FAIL'} throughput ${pct(t.ratio)} (target ≥ ${MIN_THROUGHPUT_RATIO}×)`,
    `${m.ratio <= MAX_HEAP_RATIO ? 'PASS' : 'FAIL'} heap per idle joined socket ${pct(m.ratio)} (target ≤ ${MAX_HEAP_RATIO}×)`,
    `${r.rateErrors === 0 && r.otherErrors === 0 && rejected.length === 0 ? 'PASS' : 'FAIL'} fair load: ` +
      `${r.rateErrors} rate-limited and ${r.otherErrors} other error acks; relay rejections and cuts ` +
      (rejected.length ? rejected.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'),
    `${saturated ? 'PASS' : 'FAIL'} saturation: ${offered} dm/s offered; every saturation round delivered < 90 % of it`,
    `INFO per server CPU second ${pct(p.ratio)} (less sensitive to other work taking the cores)`,
    `INFO CPU per delivered dm ${pct(c.ratio)} the bare server's (no target; lower is better)`,
  ];
}
