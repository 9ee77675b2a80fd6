// The Ratchet view's model: steps, link positions, the text table and Eve's marks, from a pair's public facts (no DOM).
import type { RatchetStepFacts } from '../../../common/schema/steps.js';
import { isToyCurve } from '../../../common/wire.js';
import type { RatchetEventFacts, RatchetPairView, RatchetRootFacts } from '../../session/ratchet-inspect.js';

/** Eve's mark on a message after "Compromise now". */
export type EveMark = 'eve-reads' | 'forward-secrecy' | 'healed';

/** One message drawn as a link of its chain. */
export interface RatchetLinkModel {
  /** The event. */
  readonly event: RatchetEventFacts;
  /** Step of the player at which it appears (event i appears at step i + 1). */
  readonly step: number;
  /** Column (the chain's root step among those kept) and row (n). */
  readonly col: number;
  readonly row: number;
  /** True when this message started a DH ratchet step (new root steps). */
  readonly dhStep: boolean;
  /** Eve's mark, after "Compromise now". */
  readonly eve?: EveMark;
}

/** One root-chain step drawn at the top of its chain's column. */
export interface RatchetRootModel {
  /** The root step. */
  readonly root: RatchetRootFacts;
  /** Column. */
  readonly col: number;
  /** Player step from which it is reached. */
  readonly step: number;
}

/** What "Compromise now" means for this conversation, in numbers counted from Eve's verdicts. */
export interface EveSummary {
  /** The theft happened after this player step (0: before the first message kept). */
  readonly theftAfterStep: number;
  /** Player step from which Eve reads nothing (the healed run), or null. */
  readonly healsAtStep: number | null;
  /** Messages before the theft (all kept), and how many of them Eve reads. */
  readonly before: number;
  readonly beforeReadable: number;
  /** Messages after the theft that Eve reads. */
  readonly exposed: number;
  /** Messages after the theft she cannot read. */
  readonly healed: number;
}

/** The whole view model. */
export interface RatchetModel {
  /** One description per player step (step 0: the start, then one per message). */
  readonly steps: readonly string[];
  /** Every message as a link. */
  readonly links: readonly RatchetLinkModel[];
  /** Every root step kept. */
  readonly roots: readonly RatchetRootModel[];
  /** Columns (root steps kept) and the most rows (longest chain + 1). */
  readonly cols: number;
  readonly rows: number;
  /** Eve's summary, after "Compromise now". */
  readonly eve?: EveSummary;
  /** The pair is on a toy curve: what Eve's copy cannot read, a key-breaking Eve still can. */
  readonly toy: boolean;
}

/** Names used in the sentences. */
export interface RatchetNames {
  /** Our display name. */
  readonly me: string;
  /** The peer's display name. */
  readonly peer: string;
}

/** First 8 hex digits of a fingerprint and an ellipsis, as drawn. */
export function shortFp(fp: string | null): string {
  return fp === null ? 'no longer kept' : `${fp.slice(0, 8)}…`;
}

/** Eve's mark of a verdict. */
function markOf(readable: boolean, index: number, stolenAt: number): EveMark {
  return readable ? 'eve-reads' : index < stolenAt ? 'forward-secrecy' : 'healed';
}

/** Words for a mark, for the table and the step sentence. */
export const EVE_WORDS: Readonly<Record<EveMark, string>> = {
  'eve-reads': 'Eve reads it',
  'forward-secrecy': 'Eve cannot read it (forward secrecy)',
  healed: 'Eve cannot read it (healed)',
};

/** What the table adds to a mark Eve's copy could not read, on a toy curve. */
export const TOY_CAVEAT = ' — her copy only; a toy key can be broken (see below)';

/** "12 texts, 12 receipts and 2 sender keys": what a list of ratchet messages carried, counted from the facts. */
export function kindCount(events: readonly Pick<RatchetEventFacts, 'kind'>[]): string {
  const count = (k: RatchetEventFacts['kind']) => events.filter((e) => e.kind === k).length;
  const parts = (
    [
      [count('message'), 'text', 'texts'],
      [count('receipt'), 'receipt', 'receipts'],
      [count('sender-key'), 'sender key', 'sender keys'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : (parts[0] ?? 'none');
}

/** Words for what a ratchet message carried. */
export const KIND_WORDS: Readonly<Record<RatchetEventFacts['kind'], string>> = {
  message: 'message',
  receipt: 'delivery receipt',
  'sender-key': 'sender key (the chain for room broadcasts)',
};

/** The sentence for one message, e.g. "Alice sends message n=3 on sending chain 2: key fingerprint 3f9a1c0d…". */
function describe(e: RatchetEventFacts, names: RatchetNames, newRoots: number[], eve?: EveMark): string {
  const what = KIND_WORDS[e.kind];
  const chain = e.chain === null ? 'a chain no longer kept' : `chain ${e.chain}`;
  const head =
    e.direction === 'sent'
      ? `${names.me} sends ${what} n=${e.n} on sending ${chain}`
      : `${names.me} receives ${names.peer}'s ${what} n=${e.n} on receiving ${chain}`;
  const dh =
    newRoots.length === 0
      ? ''
      : `, after a DH ratchet step (${names.peer}'s new ratchet key ${shortFp(e.ratchetKey)}; root step${newRoots.length > 1 ? 's' : ''} ${newRoots.join(' and ')})`;
  const mark = eve ? `; ${EVE_WORDS[eve]}` : '';
  return `${head}${dh}: key fingerprint ${shortFp(e.messageKey)}${mark}`;
}

/** Eve's counts from the links. */
function summarise(links: readonly RatchetLinkModel[], stolenAt: number, healsAt: number | null): EveSummary {
  const before = links.filter((l) => l.event.index < stolenAt);
  const after = links.filter((l) => l.event.index >= stolenAt);
  return {
    theftAfterStep: before.length,
    healsAtStep: links.find((l) => l.event.index === healsAt)?.step ?? null,
    before: before.length,
    beforeReadable: before.filter((l) => l.eve === 'eve-reads').length,
    exposed: after.filter((l) => l.eve === 'eve-reads').length,
    healed: after.filter((l) => l.eve === 'healed').length,
  };
}

/** Build the model from the pair's public facts (every number is one of the facts, or counted from them). */
export function ratchetModel(view: RatchetPairView, names: RatchetNames): RatchetModel {
  const colOf = new Map(view.roots.map((r, i) => [r.step, i]));
  const verdicts = new Map((view.compromise?.verdicts ?? []).map((v) => [v.index, v.readable]));
  const stolenAt = view.compromise?.stolenAt ?? 0;
  // Root steps reached before any message: the initiator starts with one, the responder with two.
  let reached = view.role === 'initiator' ? 0 : 1;
  const reachedAt = new Map<number, number>();
  for (const r of view.roots) if (r.step <= reached) reachedAt.set(r.step, 0);
  const links: RatchetLinkModel[] = [];
  const steps: string[] = [startSentence(view, names)];
  for (const [i, e] of view.events.entries()) {
    const step = i + 1;
    const newRoots: number[] = [];
    if (e.chain !== null) {
      // A received message on a new chain also started our next sending chain (one DH ratchet step, two root steps).
      const top = e.direction === 'received' && colOf.has(e.chain + 1) ? e.chain + 1 : e.chain;
      for (const r of view.roots)
        if (r.step > reached && r.step <= top) {
          reachedAt.set(r.step, step);
          newRoots.push(r.step);
        }
      reached = Math.max(reached, top);
    }
    const readable = verdicts.get(e.index);
    const eve = readable === undefined ? undefined : markOf(readable, e.index, stolenAt);
    const dhStep = e.direction === 'received' && newRoots.length > 0;
    links.push({
      event: e,
      step,
      col: e.chain === null ? -1 : (colOf.get(e.chain) ?? -1),
      row: e.n,
      dhStep,
      ...(eve ? { eve } : {}),
    });
    steps.push(describe(e, names, dhStep ? newRoots : [], eve));
  }
  const roots = view.roots.map((root, col) => ({ root, col, step: reachedAt.get(root.step) ?? 0 }));
  const drawn = links.filter((l) => l.col >= 0);
  const rows = Math.max(1, ...drawn.map((l) => l.row + 1));
  return {
    steps,
    links,
    roots,
    cols: Math.max(1, roots.length),
    rows,
    toy: isToyCurve(view.curve),
    ...(view.compromise ? { eve: summarise(links, stolenAt, view.compromise.healsAt) } : {}),
  };
}

/** Step 0: how the pair started, with the real root steps and counters. */
function startSentence(view: RatchetPairView, names: RatchetNames): string {
  const first = view.role === 'initiator' ? 'root step 0 starts' : 'root steps 0 and 1 start';
  const chains =
    view.role === 'initiator'
      ? `${names.me}'s first sending chain`
      : `${names.peer}'s first chain and ${names.me}'s first sending chain`;
  return (
    `Start: the root key comes from the v1 exchange with ${names.peer}; ${names.me} is the ${view.role}, so ${first} ${chains}. ` +
    `${view.events.length} ratchet message${view.events.length === 1 ? '' : 's'} kept so far` +
    (view.events.length ? ` (${kindCount(view.events)})` : '') +
    `; ${view.rootSteps} root steps in all.`
  );
}

/** The public facts of the message at player step `step` for a presenter step (undefined at step 0). */
export function stepFacts(m: RatchetModel, step: number): RatchetStepFacts | undefined {
  const l = m.links[step - 1];
  if (!l) return undefined;
  const e = l.event;
  return {
    direction: e.direction,
    kind: e.kind,
    ...(e.chain !== null ? { chain: e.chain } : {}),
    n: e.n,
    pn: e.pn,
    ratchetKeyFingerprint: e.ratchetKey,
    ...(e.messageKey !== null ? { messageKeyFingerprint: e.messageKey } : {}),
    ...(l.eve ? { eve: l.eve } : {}),
  };
}

/**
 * What a follower reads about the presenter's message, e.g. "Alice's step 4 of 7: Alice sent message n=1 on her
 * chain 2, key fingerprint 3f9a1c0d…" — the presenter's own public facts (a member of the pair sees the same
 * fingerprint on its side of the same message).
 */
export function followedSentence(
  by: string,
  step: { index: number; total?: number },
  f: RatchetStepFacts | undefined,
): string {
  const at = `${by}'s step ${step.index + 1}${step.total ? ` of ${step.total}` : ''}`;
  if (!f) return `You are following ${by}: ${at}, the start of the pair's ratchet.`;
  const what = KIND_WORDS[f.kind];
  const verb = f.direction === 'sent' ? 'sent' : 'received';
  const chain = f.chain === undefined ? '' : ` on chain ${f.chain}`;
  const fp = f.messageKeyFingerprint ? `key fingerprint ${shortFp(f.messageKeyFingerprint)}` : 'key not kept';
  const eve = f.eve ? ` ${EVE_WORDS[f.eve]}.` : '';
  return `You are following ${by}: at ${at}, ${by} ${verb} a ${what} n=${f.n} (pn=${f.pn})${chain}, ${fp}.${eve}`;
}
