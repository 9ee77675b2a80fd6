// The Ratchet view's window on the session's pairs: public facts per v2 pair, and "Compromise now" on a copy.
import { generateKeyAgreement } from '../crypto/ecdh.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import { attackerReads } from '../crypto/ratchet/compromise.js';
import type { DoubleRatchet, StolenState } from '../crypto/ratchet/ratchet.js';
import { MAX_RATCHET_PAIRS, type PairSessions } from './ratchet-channel.js';
import { pairFacts, type RatchetCompromiseFacts, type RatchetPairView } from './ratchet-facts.js';

export type * from './ratchet-facts.js';

/** What the Ratchet view may ask of the session (RoomSessionApi.ratchets). */
export interface RatchetInspectApi {
  /** Member ids of the peers whose v2 pair holds a ratchet now (a pair starts it with its first message). */
  pairs(): string[];
  /** Public facts of the pair with `peer` (null: no ratchet for it). */
  view(peer: string): Promise<RatchetPairView | null>;
  /**
   * "Compromise now": Eve copies our whole ratchet state for the pair with `peer` at this moment. The copy is a
   * separate object, used only to compute what Eve can read; the live session is untouched. False: no ratchet.
   */
  compromise(peer: string): Promise<boolean>;
  /** Forget the theft played for `peer` (the view shows the pair without Eve again). */
  forgive(peer: string): void;
}

/** What the inspector needs from the session. */
export interface RatchetInspectHost {
  /** The session's pair sessions (only what is read: the kept ratchets). */
  readonly pairs: Pick<PairSessions, 'existing' | 'ids'>;
  /** Display name of member `id` (for the log line). */
  name(id: string): string;
  /** Append an activity line. */
  log(level: 'info' | 'warn', text: string): void;
  /** The visible state changed. */
  changed(): void;
}

/** A theft played for one pair: the ratchet it was taken from, and Eve's copy. */
interface Theft {
  readonly ratchet: DoubleRatchet;
  readonly stolen: StolenState;
  /** Eve's result for the transcript length it was computed for. */
  cache?: { readonly key: string; readonly facts: Promise<RatchetCompromiseFacts> };
}

/** Public facts of the pairs and the teaching attacker; thefts are bounded by MAX_RATCHET_PAIRS, reset on leave. */
export class RatchetInspector implements RatchetInspectApi {
  private readonly thefts = new Map<string, Theft>();

  /** `generate` makes Eve's own (useless) key pairs on the room's curve. */
  constructor(
    private readonly host: RatchetInspectHost,
    private readonly generate: (curve: KeyAgreement['curve']) => Promise<KeyAgreement> = generateKeyAgreement,
    private readonly max = MAX_RATCHET_PAIRS,
  ) {}

  /** Member ids whose pair holds a ratchet. */
  pairs(): string[] {
    return this.host.pairs.ids();
  }

  /** Public facts of the pair with `peer`, with Eve's verdicts when a theft was played on this ratchet. */
  async view(peer: string): Promise<RatchetPairView | null> {
    const ratchet = await this.host.pairs.existing(peer)?.catch(() => undefined);
    if (!ratchet) return null;
    const snap = ratchet.snapshot();
    const transcript = ratchet.transcript();
    const theft = this.thefts.get(peer);
    let compromise: RatchetCompromiseFacts | undefined;
    if (theft && theft.ratchet === ratchet) {
      const key = `${transcript.length} ${transcript.at(-1)?.index ?? -1}`;
      if (theft.cache?.key !== key) {
        const generate = () => this.generate(ratchet.curve);
        const facts = attackerReads(theft.stolen, transcript, generate).then((r) => ({
          stolenAt: r.stolenAt,
          healsAt: r.healsAt,
          verdicts: r.verdicts.map((v) => ({ index: v.index, readable: v.readable, why: v.why })),
        }));
        theft.cache = { key, facts };
      }
      compromise = await theft.cache.facts;
    } else if (theft) this.thefts.delete(peer);
    return pairFacts(peer, snap, transcript, compromise);
  }

  /** Eve copies the state now (a deep copy: the live ratchet never sees her). */
  async compromise(peer: string): Promise<boolean> {
    const ratchet = await this.host.pairs.existing(peer)?.catch(() => undefined);
    if (!ratchet) return false;
    const stolen = await ratchet.compromiseWhenIdle();
    this.thefts.delete(peer);
    this.thefts.set(peer, { ratchet, stolen });
    while (this.thefts.size > this.max) this.thefts.delete(this.thefts.keys().next().value!);
    this.host.log(
      'info',
      `Ratchet view: Eve now holds a copy of your ratchet state with ${this.host.name(peer)} (a teaching copy; your session is unchanged).`,
    );
    this.host.changed();
    return true;
  }

  /** Drop the theft for `peer`. */
  forgive(peer: string): void {
    if (this.thefts.delete(peer)) this.host.changed();
  }

  /** Forget every theft (leaving the room). */
  reset(): void {
    this.thefts.clear();
  }

  /** Thefts kept (tests of the bound). */
  get size(): number {
    return this.thefts.size;
  }
}
