// Test helper for the fuzz suites (docs/security.md "Fuzzing"): the seed and run counts (FUZZ_SEED, FUZZ_RUNS),
// a runner that names the seed on failure, and junk values: anything, deep nesting, strings at the limits, mutations.
import fc from 'fast-check';

/** The fixed default seed: every run of the suites replays the same inputs unless FUZZ_SEED says otherwise. */
export const DEFAULT_FUZZ_SEED = 20261202;

/** The seed of this run: FUZZ_SEED (an integer), else DEFAULT_FUZZ_SEED. */
export const FUZZ_SEED = readInt('FUZZ_SEED') ?? DEFAULT_FUZZ_SEED;

function readInt(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** Runs of one property: FUZZ_RUNS when set (the same for every property), else `fallback`. */
export function fuzzRuns(fallback: number): number {
  const runs = readInt('FUZZ_RUNS');
  if (runs !== undefined && runs < 1) throw new Error('FUZZ_RUNS must be at least 1');
  return runs ?? fallback;
}

/** How to reproduce a run of the suites: the env variables to set. */
export function reproduce(runs: number): string {
  return `FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${runs}`;
}

/** Longest one property may run, shrinking included (FUZZ_TIME_LIMIT_MS, default 2 minutes). */
export const FUZZ_TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS) || 120_000;

/**
 * Check `property` for fuzzRuns(`runs`) runs with FUZZ_SEED. On failure the error (fast-check's counterexample,
 * seed and path) is printed with the env variables that replay it, then rethrown.
 */
export async function fuzz<T>(
  name: string,
  property: fc.IAsyncProperty<T> | fc.IProperty<T>,
  runs: number,
): Promise<void> {
  const numRuns = fuzzRuns(runs);
  try {
    // A failing async property shrinks by re-running it: bounded, so a failure is reported instead of stalling CI.
    await fc.assert(property, {
      seed: FUZZ_SEED,
      numRuns,
      interruptAfterTimeLimit: FUZZ_TIME_LIMIT_MS,
      markInterruptAsFailure: true,
    });
  } catch (err) {
    const cause = err instanceof Error ? err.cause : undefined;
    console.error(`fuzz "${name}" failed; replay with ${reproduce(numRuns)}`, cause ?? '');
    throw err;
  }
}

/** `n` values of `arb` drawn with FUZZ_SEED (for the browser test, where each value is one event). */
export function sampleJunk<T>(arb: fc.Arbitrary<T>, n: number, salt = 0): T[] {
  return fc.sample(arb, { seed: FUZZ_SEED + salt, numRuns: n });
}

const BINARY = '\u0000binary';

/**
 * `value` as the relay receives it: Socket.IO JSON-encodes arguments (undefined and functions dropped from objects,
 * null in arrays, NaN and ±Infinity null, -0 zero, own `__proto__` keys kept) and sends typed arrays as binary
 * attachments, which arrive in Node as Buffers.
 */
export function wireImage(value: unknown): unknown {
  const text = JSON.stringify([value], function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) return { [BINARY]: true };
    return v;
  });
  const parsed = JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && Object.hasOwn(v, BINARY) ? Buffer.alloc(1) : v,
  ) as unknown[];
  return parsed[0];
}

// ---- junk ----

/** `depth` arrays nested in each other around `leaf`. */
export function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { n: value } : [value];
  return value;
}

/** Lengths just below, at and above the wire's limits (docs/protocol.md §2–§6). */
const EDGE_LENGTHS = [
  0, 1, 21, 22, 23, 32, 33, 42, 43, 44, 63, 64, 65, 80, 128, 129, 200, 1024, 1025, 2800, 4097,
];
/** Characters that are one, two, three or four UTF-8 bytes, a lone surrogate, NUL, a bidi override, base64url. */
const EDGE_CHARS = ['A', '_', '=', '+', '/', ' ', 'é', '€', '😀', '\ud800', '\u0000', '\u202e', '\n', '04'];

/** A string at one of the wire's length limits, of one kind of character. */
export const edgeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...EDGE_LENGTHS), fc.constantFrom(...EDGE_CHARS), fc.integer({ min: -1, max: 1 }))
  .map(([n, c, d]) => c.repeat(Math.max(0, n + d)).slice(0, Math.max(0, n + d)));

/** A big string: near the 64 KiB dm body limit or well past it (still far below a 1 MiB frame). */
export const bigString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(65_500, 65_536, 65_537, 70_000, 200_000), fc.constantFrom('x', '€'))
  .map(([n, c]) => c.repeat(Math.ceil(n / Buffer.byteLength(c))));

/** Numbers JSON cannot carry or that break naive code: NaN, ±Infinity, -0, huge, fractional, unsafe integers. */
export const oddNumber: fc.Arbitrary<number> = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  1e308,
  -1e308,
  5e-324,
  0.5,
  -1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
);

/** Objects with prototype-pollution keys (as JSON.parse makes them: own properties named __proto__). */
export const pollutingObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
    fc.jsonValue(),
  )
  .map(
    ([key, value]) =>
      JSON.parse(
        `{${JSON.stringify(key)}:{"polluted":true,"inner":${JSON.stringify(value) ?? 'null'}}}`,
      ) as Record<string, unknown>,
  );

/** Any value: fc.anything (null-prototype objects, sparse arrays, typed arrays), odd numbers, edge strings, deep nesting. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.anything({ maxDepth: 4, withNullPrototype: true, withSparseArray: true }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2, withTypedArray: true }) },
  { weight: 2, arbitrary: oddNumber },
  { weight: 3, arbitrary: edgeString },
  { weight: 1, arbitrary: fc.integer({ min: 9, max: 600 }).map((d) => nested(d)) },
  { weight: 1, arbitrary: pollutingObject },
);

/** JSON-safe junk: what can cross a relay that forwards only JSON data (no typed arrays, no undefined at the top). */
export const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: edgeString },
  { weight: 1, arbitrary: fc.integer({ min: 9, max: 300 }).map((d) => nested(d)) },
  { weight: 1, arbitrary: pollutingObject },
);

// ---- mutations of valid values ----

type Path = (string | number)[];

/** True for arrays and plain objects (`{}` or null prototype): what a mutation may descend into. */
function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Every path into `value`'s arrays and plain objects (the root first), depth-first, at most 200. */
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length >= 200 || !isContainer(value)) return out;
  for (const [k, v] of Object.entries(value))
    paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

/** What a mutation does at the path it picked. */
const OPS = ['replace', 'delete', 'wrap', 'stringify', 'extend', 'truncate', 'add-key', 'case'] as const;

/** A deep copy of JSON-ish data (structuredClone keeps undefined and typed arrays). */
const copy = <T>(value: T): T => structuredClone(value);

function mutateAt(root: unknown, path: Path, op: (typeof OPS)[number], filler: unknown): unknown {
  if (path.length === 0) {
    if (op === 'add-key' && typeof root === 'object' && root !== null) return { ...root, extra: filler };
    if (op === 'wrap') return [root];
    if (op === 'stringify') return JSON.stringify(root) ?? 'undefined';
    return filler;
  }
  const holder: unknown = path.slice(0, -1).reduce<any>((o, k) => o?.[k], root);
  const key = path[path.length - 1]!;
  if (!isContainer(holder)) return root;
  const parent: any = holder;
  const old: unknown = parent[key];
  switch (op) {
    case 'replace':
      parent[key] = filler;
      break;
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete parent[key];
      break;
    case 'wrap':
      parent[key] = [old];
      break;
    case 'stringify':
      parent[key] = JSON.stringify(old) ?? 'undefined';
      break;
    case 'extend':
      parent[key] =
        typeof old === 'string'
          ? `${old}${old.slice(-1) || 'A'}`
          : typeof old === 'number'
            ? old + 1
            : filler;
      break;
    case 'truncate':
      parent[key] = typeof old === 'string' ? old.slice(0, -1) : typeof old === 'number' ? old - 1 : null;
      break;
    case 'add-key':
      if (typeof old === 'object' && old !== null && !Array.isArray(old))
        parent[key] = { ...old, extra: filler };
      else parent[key] = filler;
      break;
    case 'case':
      parent[key] = typeof old === 'string' ? old.toUpperCase() : !old;
      break;
  }
  return root;
}

/**
 * Near-valid values: a value of `valid` with one to three mutations, each at a path picked among its fields
 * (replaced by junk, deleted, wrapped in an array, stringified, one character or unit longer or shorter, …).
 */
export function mutated(
  valid: fc.Arbitrary<unknown>,
  filler: fc.Arbitrary<unknown> = junk,
): fc.Arbitrary<unknown> {
  const step = fc.record({ at: fc.nat(), op: fc.constantFrom(...OPS), filler });
  return fc.tuple(valid, fc.array(step, { minLength: 1, maxLength: 3 })).map(([value, steps]) => {
    let out = copy(value);
    for (const s of steps) {
      const all = paths(out);
      out = mutateAt(out, all[s.at % all.length]!, s.op, s.filler);
    }
    return out;
  });
}

/** Event names Socket.IO keeps for itself: a fuzzer that emits them tests Socket.IO, not curvechat. */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);
