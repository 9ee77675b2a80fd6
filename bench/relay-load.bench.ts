// Process benches of the relay (issue 8): delivered `dm`/s at saturation, server CPU time per delivered `dm`
// under one fixed open-loop load, and heap per idle joined socket: the curvechat relay (every limit at its
// default) vs a bare Socket.IO server, each in its own child process, each driven by its own load process.
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { startChild, type Child } from './ipc.js';

/** Ports of the two servers: BENCH_PORT and the next one (default 4150, 4151). */
const RELAY_PORT = Number(process.env.BENCH_PORT ?? 4150);
const BARE_PORT = RELAY_PORT + 1;

/** One server and the process that drives it. */
interface Side {
  label: string;
  server: Child;
  load: Child;
  url: string;
}

interface Snapshot {
  sent: number;
  acked: number;
  delivered: number;
  rateErrors: number;
  otherErrors: number;
  at: number;
  cpu: number;
}

/** One measured phase of one side. */
export interface PhaseResult {
  /** `dm` delivered to receivers per second over the measured window. */
  deliveredPerSecond: number;
  /** `dm` sent per second over the window (what was offered). */
  sentPerSecond: number;
  /** Server CPU time (user + system, all threads) per delivered `dm`, µs. */
  cpuUsPerDm: number;
  /** Server CPU time per wall second over the window (1 = one core busy). */
  serverCores: number;
  /** The load process's CPU per wall second (to show it was not the bottleneck). */
  loadCores: number;
  /** Error acks over the whole phase: rate-limited, and any other code. */
  rateErrors: number;
  otherErrors: number;
}

/** Settings of the process benches. */
export interface LoadSettings {
  /** Interleaved rounds of the load phases after one warm-up round of each side. */
  rounds: number;
  /** Interleaved rounds of the heap measure (it varies little) after one warm-up. */
  heapRounds: number;
  /** Rooms of one receiver and `sendersPerRoom` senders. */
  rooms: number;
  sendersPerRoom: number;
  /** Saturation: every sender at `satRate` dm/s (under RATE_EVENTS_PER_SECOND), at most `window` unacked. */
  satRate: number;
  window: number;
  /** Open loop: `openSenders` senders at `openRate` dm/s each, whatever the acks do. */
  openSenders: number;
  openRate: number;
  rampMs: number;
  measureMs: number;
  /** Idle joined sockets for the heap measure (in 10 rooms). */
  idleSockets: number;
}

/** Median and range of per-round ratios, with the medians of each side. */
export interface RatioSummary {
  subject: number;
  baseline: number;
  ratio: number;
  min: number;
  max: number;
  /** Quartiles of the per-round ratios (the middle half of the rounds lies between them). */
  q1: number;
  q3: number;
}

/** Everything the process benches measured. */
export interface LoadResults {
  settings: LoadSettings;
  throughput: RatioSummary;
  /** `dm` delivered per second of server CPU at saturation, paired per round like `throughput`. */
  perCpuSecond: RatioSummary;
  cpuPerDm: RatioSummary;
  memory: RatioSummary;
  /** Whether each server and its load ran pinned to their own core (`taskset`), and the load average around the run. */
  pinned: boolean;
  loadAverage: { before: number; after: number };
  /** Every phase of every measured round, for the JSON report. */
  phases: { round: number; side: string; mode: 'saturation' | 'open'; result: PhaseResult }[];
  rateErrors: number;
  otherErrors: number;
  /** The relay's own count of rejected events by code and of slow consumers cut by reason, at the end. */
  relayRejections: Record<string, number>;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const quantile = (v: number[], q: number) => {
  const s = [...v].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.ceil(at)]! - s[lo]!) * (at - lo);
};

function summary(subject: number[], baseline: number[]): RatioSummary {
  const ratios = subject.map((s, i) => s / baseline[i]!);
  return {
    subject: median(subject),
    baseline: median(baseline),
    ratio: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    q1: quantile(ratios, 0.25),
    q3: quantile(ratios, 0.75),
  };
}

/**
 * Pin every thread of `pid` to core `cpu` with `taskset` (util-linux); false when that is not possible (no
 * taskset, one core, or BENCH_PIN=0). Servers go on core 0 and loads on core 1, so a server never competes with
 * its own load process, and both servers meet the same core in turn.
 */
function pin(pid: number, cpu: number): boolean {
  if (process.env.BENCH_PIN === '0' || availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function startSide(label: string, kind: string, port: number): Promise<Side & { pinned: boolean }> {
  // --cpu-prof on the relay only when asked (BENCH_PROFILE=1): see docs/bench.md, "Profiling".
  const flags =
    kind === 'relay' && process.env.BENCH_PROFILE === '1'
      ? ['--cpu-prof', '--cpu-prof-dir=bench/results']
      : [];
  const { child: server, ready } = await startChild('./server-child.ts', [kind, String(port)], flags);
  const { child: load } = await startChild('./load-child.ts', []);
  const pinned = pin(server.pid, 0) && pin(load.pid, 1);
  return { label, server, load, url: String(ready), pinned };
}

/** Run one phase on one side: start the load, let it ramp, measure a window, drain. */
async function phase(side: Side, start: object, s: LoadSettings): Promise<PhaseResult> {
  const before = await side.load.ask<Snapshot>('snapshot');
  await side.load.ask('start', start);
  await sleep(s.rampMs);
  const [cpu0, s0] = await Promise.all([side.server.ask<number>('cpu'), side.load.ask<Snapshot>('snapshot')]);
  await sleep(s.measureMs);
  const [cpu1, s1] = await Promise.all([side.server.ask<number>('cpu'), side.load.ask<Snapshot>('snapshot')]);
  await side.load.ask('drain');
  const after = await side.load.ask<Snapshot>('snapshot');
  const ms = s1.at - s0.at;
  const delivered = s1.delivered - s0.delivered;
  return {
    deliveredPerSecond: (delivered * 1000) / ms,
    sentPerSecond: ((s1.sent - s0.sent) * 1000) / ms,
    cpuUsPerDm: (cpu1 - cpu0) / delivered,
    serverCores: (cpu1 - cpu0) / 1000 / ms,
    loadCores: (s1.cpu - s0.cpu) / 1000 / ms,
    rateErrors: after.rateErrors - before.rateErrors,
    otherErrors: after.otherErrors - before.otherErrors,
  };
}

/** Heap per idle joined socket of one side: join `count` sockets, collect, measure, leave. */
async function heapPerSocket(side: Side, count: number): Promise<number> {
  const before = await side.server.ask<number>('heap');
  await side.load.ask('connect', { url: side.url, rooms: 10, sendersPerRoom: count / 10 - 1 });
  await sleep(300);
  const after = await side.server.ask<number>('heap');
  await side.load.ask('disconnect');
  await sleep(300);
  return (after - before) / count;
}

/** The three process benches, each side by side in interleaved rounds after a warm-up. */
export async function relayLoad(s: LoadSettings, log: (line: string) => void): Promise<LoadResults> {
  const loadBefore = loadavg()[0]!;
  const relay = await startSide('curvechat relay', 'relay', RELAY_PORT);
  const bare = await startSide('bare Socket.IO', 'bare', BARE_PORT);
  const sides = [relay, bare];
  try {
    // Heap first, on fresh servers: one unmeasured round each, then alternating order.
    const heap: Record<string, number[]> = { [relay.label]: [], [bare.label]: [] };
    for (const side of sides) await heapPerSocket(side, s.idleSockets);
    for (let r = 0; r < s.heapRounds; r++)
      for (const side of r % 2 ? [bare, relay] : sides)
        heap[side.label]!.push(await heapPerSocket(side, s.idleSockets));
    const memory = summary(heap[relay.label]!, heap[bare.label]!);
    log(
      `heap per idle joined socket: ${(memory.subject / 1024).toFixed(1)} vs ${(memory.baseline / 1024).toFixed(1)} KiB`,
    );

    for (const side of sides)
      await side.load.ask('connect', { url: side.url, rooms: s.rooms, sendersPerRoom: s.sendersPerRoom });
    const senders = s.rooms * s.sendersPerRoom;
    const saturate = { senders, rate: s.satRate, window: s.window };
    const open = { senders: s.openSenders, rate: s.openRate, window: 0 };
    const phases: LoadResults['phases'] = [];
    for (const side of sides) {
      await phase(side, saturate, s);
      await phase(side, open, s);
    }
    const sat: Record<string, number[]> = { [relay.label]: [], [bare.label]: [] };
    const perCpu: Record<string, number[]> = { [relay.label]: [], [bare.label]: [] };
    const cpu: Record<string, number[]> = { [relay.label]: [], [bare.label]: [] };
    // Each round pairs the two sides back to back, in A B B A order (saturation A B, open loop B A), the order
    // of A and B swapping from round to round: each pair meets the machine as nearly alike as it can.
    for (let r = 0; r < s.rounds; r++) {
      const order = r % 2 ? [bare, relay] : [relay, bare];
      const saturated = new Map<Side, PhaseResult>();
      for (const side of order) saturated.set(side, await phase(side, saturate, s));
      const opened = new Map<Side, PhaseResult>();
      for (const side of [...order].reverse()) opened.set(side, await phase(side, open, s));
      for (const side of order) {
        const a = saturated.get(side)!;
        const b = opened.get(side)!;
        phases.push({ round: r, side: side.label, mode: 'saturation', result: a });
        phases.push({ round: r, side: side.label, mode: 'open', result: b });
        sat[side.label]!.push(a.deliveredPerSecond);
        perCpu[side.label]!.push(a.deliveredPerSecond / a.serverCores);
        cpu[side.label]!.push(b.cpuUsPerDm);
        log(
          `round ${r + 1} ${side.label}: ${a.deliveredPerSecond.toFixed(0)} dm/s at saturation ` +
            `(server ${a.serverCores.toFixed(2)} cores, load ${a.loadCores.toFixed(2)}); ` +
            `open loop ${b.deliveredPerSecond.toFixed(0)} dm/s, ${b.cpuUsPerDm.toFixed(1)} µs CPU/dm`,
        );
      }
      log(
        `round ${r + 1} relay ÷ bare: throughput ${(sat[relay.label]![r]! / sat[bare.label]![r]!).toFixed(2)}×`,
      );
    }
    const relayRejections = await relay.server.ask<Record<string, number>>('rejections');
    return {
      settings: s,
      throughput: summary(sat[relay.label]!, sat[bare.label]!),
      perCpuSecond: summary(perCpu[relay.label]!, perCpu[bare.label]!),
      cpuPerDm: summary(cpu[relay.label]!, cpu[bare.label]!),
      memory,
      phases,
      rateErrors: phases.reduce((n, p) => n + p.result.rateErrors, 0),
      otherErrors: phases.reduce((n, p) => n + p.result.otherErrors, 0),
      relayRejections,
      pinned: relay.pinned && bare.pinned,
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
    };
  } finally {
    for (const side of sides) {
      await side.load.close();
      await side.server.close();
    }
  }
}
