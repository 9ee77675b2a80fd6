// Presenter mode model: the `present:*` step phases, a sanitiser that refuses secrets, and the publishing side.
import { DEFAULT_LIMITS } from '../../../common/limits.js';
import { isCurveId, isToyCurve, type CurveId, type StepPayload } from '../../../common/wire.js';
import { toBase64Url } from '../../crypto/base64url.js';
import { utf8 } from '../../crypto/bytes.js';
import { fromHex } from '../../crypto/hex.js';
import { shapeDemo } from './demo-step.js';

/** Phase names of presenter mode (docs/protocol.md, Extensions, "Presenter steps"). */
export const PRESENT_PHASES = [
  'present:view',
  'present:step',
  'present:points',
  'present:demo',
  'present:eve',
  'present:ciphertext',
  'present:stop',
] as const;
/** One presenter phase. */
export type PresentPhase = (typeof PRESENT_PHASES)[number];

/** Why a step detail was refused. */
export type StepDetailErrorCode =
  'unknown-phase' | 'forbidden-field' | 'bad-field' | 'secret-value' | 'too-large';

/** A step detail that must not be published (or a peer's that must be ignored). */
export class StepDetailError extends Error {
  /** Machine-readable cause. */
  readonly code: StepDetailErrorCode;
  /** Build from a code and a plain reason. */
  constructor(code: StepDetailErrorCode, message: string) {
    super(message);
    this.name = 'StepDetailError';
    this.code = code;
  }
}

const FORBIDDEN_EXACT = new Set([
  'd',
  'k',
  'z',
  'key',
  'priv',
  'private',
  'privatekey',
  'privatehex',
  'zhex',
  'jwk',
  'ikm',
  'okm',
  'prk',
  'prefix',
  'scalar',
  'seed',
]);
const FORBIDDEN_PARTS = ['priv', 'secret', 'shared', 'aeskey', 'channelkey', 'password', 'plaintext'];

/** True when a property name suggests private material (d, priv…, …secret…, z, key, shared…, jwk, …). */
export function isForbiddenFieldName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return FORBIDDEN_EXACT.has(n) || FORBIDDEN_PARTS.some((p) => n.includes(p));
}

function scanNames(value: unknown, path: string, depth: number): void {
  if (depth > 8) throw new StepDetailError('bad-field', 'A step detail is nested too deeply.');
  if (Array.isArray(value)) {
    value.forEach((v, i) => scanNames(v, `${path}[${i}]`, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (isForbiddenFieldName(k))
        throw new StepDetailError(
          'forbidden-field',
          `A step may not carry "${path}${k}": steps are public and never hold private keys, shared secrets or derived keys.`,
        );
      scanNames(v, `${path}${k}.`, depth + 1);
    }
  }
}

const VIEW_RE = /^[a-z][a-z0-9-]{0,31}$/;
const HEX_RE = /^[0-9a-f]{1,200}$/;
const B64_RE = /^[A-Za-z0-9_-]{1,2800}$/;
const ID_RE = /^[\x21-\x7e]{1,128}$/;

type Obj = Record<string, unknown>;
const bad = (field: string, want: string): StepDetailError =>
  new StepDetailError('bad-field', `Step field "${field}" must be ${want}.`);

function str(o: Obj, f: string, re: RegExp | number, optional = false): string | undefined {
  const v = o[f];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw bad(f, 'a string');
  if (typeof re === 'number' ? v.length > re : !re.test(v))
    throw bad(f, typeof re === 'number' ? `at most ${re} characters` : 'of the documented shape');
  return v;
}
function int(o: Obj, f: string, min: number, optional = false): number | undefined {
  const v = o[f];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw bad(f, `an integer ≥ ${min}`);
  return v;
}
function bool(o: Obj, f: string): boolean | undefined {
  const v = o[f];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw bad(f, 'true or false');
  return v;
}
function curveOf(o: Obj, toyOnly = false): CurveId {
  const c = o.curve;
  if (!isCurveId(c)) throw bad('curve', 'a curve id');
  if (toyOnly && !isToyCurve(c)) throw bad('curve', 'a toy curve id (only toy messages may be shown to Eve)');
  return c;
}
function pointOf(v: unknown, f: string): { label?: string; x: string; y?: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(f, 'a point { x, y } in hex');
  const o = v as Obj;
  const out: { label?: string; x: string; y?: string } = { x: str(o, 'x', HEX_RE) as string };
  const y = str(o, 'y', HEX_RE, true);
  if (y !== undefined) out.y = y;
  const label = str(o, 'label', 40, true);
  if (label !== undefined) out.label = label;
  return out;
}
function compact(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Builds the sanitised detail of a phase: only documented fields, each checked; throws StepDetailError. */
function shape(phase: PresentPhase, o: Obj): Obj {
  switch (phase) {
    case 'present:view':
      return compact({ view: str(o, 'view', VIEW_RE), curve: curveOf(o), title: str(o, 'title', 80, true) });
    case 'present:step': {
      const demo = bool(o, 'demo') === true;
      for (const f of ['op', 'point', 'bit'])
        if (o[f] !== undefined && !demo)
          throw new StepDetailError(
            'forbidden-field',
            `"${f}" reveals bits of the scalar: publish it only for a demo scalar (demo: true), never for a real key.`,
          );
      const op = o.op;
      if (op !== undefined && op !== 'D' && op !== 'D+A' && op !== 'A+D')
        throw bad('op', '"D", "D+A" or "A+D"');
      const bit = o.bit;
      if (bit !== undefined && bit !== 0 && bit !== 1) throw bad('bit', '0 or 1');
      const index = int(o, 'index', 0) as number;
      const total = int(o, 'total', 1) as number;
      if (index >= total) throw bad('index', 'less than total');
      return compact({
        view: str(o, 'view', VIEW_RE),
        curve: curveOf(o),
        index,
        total,
        label: str(o, 'label', 200, true),
        bitIndex: int(o, 'bitIndex', 0, true),
        demo: demo || undefined,
        op,
        bit,
        point: o.point === undefined ? undefined : pointOf(o.point, 'point'),
      });
    }
    case 'present:points': {
      const pts = o.points;
      if (!Array.isArray(pts) || pts.length > 16) throw bad('points', 'a list of at most 16 points');
      return { curve: curveOf(o), points: pts.map((p, i) => pointOf(p, `points[${i}]`)) };
    }
    case 'present:demo':
      return shapeDemo(o);
    case 'present:eve': {
      const method = o.method;
      if (method !== 'brute-force' && method !== 'bsgs') throw bad('method', '"brute-force" or "bsgs"');
      return compact({
        curve: curveOf(o, true),
        target: str(o, 'target', ID_RE),
        targetName: str(o, 'targetName', 32, true),
        method,
        steps: int(o, 'steps', 0),
        maxSteps: int(o, 'maxSteps', 1),
        done: bool(o, 'done') ?? false,
        found: bool(o, 'found') ?? false,
      });
    }
    case 'present:ciphertext':
      return {
        curve: curveOf(o, true),
        room: str(o, 'room', ID_RE),
        from: str(o, 'from', ID_RE),
        to: str(o, 'to', ID_RE),
        id: str(o, 'id', ID_RE),
        iv: str(o, 'iv', B64_RE),
        ct: str(o, 'ct', B64_RE),
      };
    case 'present:stop':
      return {};
  }
}

/** True for the phases of presenter mode. */
export function isPresentPhase(phase: string): phase is PresentPhase {
  return (PRESENT_PHASES as readonly string[]).includes(phase);
}

/** Options of {@link sanitizeStep}. */
export interface SanitizeOptions {
  /** Hex of values that must never appear (own private key, every Z); checked when ≥ 16 hex digits. */
  readonly secretsHex?: readonly string[];
  /** Serialised size limit in UTF-8 bytes (default 4 KiB, docs/protocol.md §6). */
  readonly maxBytes?: number;
}

/**
 * Validates a presenter step and returns the payload to publish: refuses unknown phases, any field
 * named like private material (at any depth, even one that would be dropped), `op`/`bit`/`point`
 * of a non-demo scalar, malformed fields, listed secrets in hex or base64url, and details over
 * 4 KiB; keeps only the documented fields. Throws {@link StepDetailError}.
 */
export function sanitizeStep(phase: string, detail: unknown, opts: SanitizeOptions = {}): StepPayload {
  if (!isPresentPhase(phase))
    throw new StepDetailError('unknown-phase', `"${phase}" is not a presenter phase.`);
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
    throw new StepDetailError('bad-field', 'A step detail must be a JSON object.');
  scanNames(detail, '', 0);
  const clean = shape(phase, detail as Obj);
  const text = JSON.stringify(clean);
  const lower = text.toLowerCase();
  for (const hex of opts.secretsHex ?? []) {
    if (hex.length < 16 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2) continue;
    if (lower.includes(hex.toLowerCase()) || text.includes(toBase64Url(fromHex(hex))))
      throw new StepDetailError('secret-value', 'A step may not contain a private key or a derived secret.');
  }
  const max = opts.maxBytes ?? DEFAULT_LIMITS.maxStepDetail;
  const bytes = utf8(text).length;
  if (bytes > max)
    throw new StepDetailError('too-large', `A step detail is ${bytes} bytes; the limit is ${max}.`);
  return { phase, detail: clean };
}

/** What a presenter is looking at, as the app describes it to the bar. */
export interface PresenterView {
  readonly view: string;
  readonly curve: CurveId;
  readonly title?: string;
  /** Index and count of the current step of the view's player, when it has one. */
  readonly index?: number;
  readonly total?: number;
  readonly label?: string;
  /** Public demo data of the view (`present:demo` detail: toy curve and demo d, or the reals' curve and points). */
  readonly demo?: Readonly<Record<string, unknown>>;
}

/** The steps to publish when the presenter moves from `prev` to `next`: a view change, the demo, then the step. */
export function stepsForChange(prev: PresenterView | null, next: PresenterView): StepPayload[] {
  const out: StepPayload[] = [];
  if (!prev || prev.view !== next.view || prev.curve !== next.curve || prev.title !== next.title)
    out.push(sanitizeStep('present:view', { view: next.view, curve: next.curve, title: next.title }));
  const demoChanged = next.demo !== undefined && JSON.stringify(prev?.demo) !== JSON.stringify(next.demo);
  if (next.demo !== undefined && (demoChanged || out.length > 0))
    out.push(sanitizeStep('present:demo', next.demo));
  const moved =
    !prev ||
    out.length > 0 ||
    prev.index !== next.index ||
    prev.total !== next.total ||
    prev.label !== next.label;
  if (next.index !== undefined && next.total !== undefined && moved)
    out.push(
      sanitizeStep('present:step', {
        view: next.view,
        curve: next.curve,
        index: next.index,
        total: next.total,
        label: next.label,
      }),
    );
  return out;
}
