// Presence refresh (`who` extension): drop members whose relay node died without a `peer-left`, heal missed joins.
import { whoAck } from '../../common/schema/index.js';
import type { Peer, WhoAck } from '../../common/wire.js';
import { readAck } from './ack-errors.js';
import type { MembershipState } from './membership.js';
import { request } from './relay-socket.js';

/** Default time between two presence refreshes while joined, ms (docs/protocol.md, Extensions). */
export const PRESENCE_INTERVAL_MS = 25_000;

/** The log line, and the reason of failed message parts, when a member is dropped as unreachable. */
export function unreachableReason(name: string): string {
  return `${name} is no longer reachable (their relay node went away)`;
}

/**
 * Ask the relay who is in the room (`who`); undefined unless the same joined socket answers well.
 * `malformed` runs when the answer does not match the schema.
 */
export async function askWho(
  membership: Readonly<MembershipState>,
  ackTimeoutMs: number,
  malformed: () => void,
): Promise<WhoAck | undefined> {
  const { socket, joined, epoch } = membership;
  if (!socket || !joined) return undefined;
  const ack = readAck(await request(socket, 'who', {}, ackTimeoutMs), whoAck);
  if (membership.socket !== socket || membership.epoch !== epoch) return undefined;
  if (!ack.ok && ack.failure.code === 'malformed') malformed();
  return ack.ok ? ack.value : undefined;
}

/**
 * The pruning rule: a member present locally but absent from TWO consecutive complete lists is gone.
 * A partial list (the relay could not reach the other nodes) never counts an absence; a member listed
 * in any list, partial or not, starts again from zero.
 */
export class AbsenceRule {
  private misses = new Map<string, number>();

  /** Apply one `who` list; `known` = ids present locally. Returns the ids to remove now. */
  observe(listed: ReadonlySet<string>, known: Iterable<string>, partial: boolean): string[] {
    if (partial) {
      for (const id of listed) this.misses.delete(id);
      return [];
    }
    const next = new Map<string, number>();
    const gone: string[] = [];
    for (const id of known) {
      if (listed.has(id)) continue;
      const misses = (this.misses.get(id) ?? 0) + 1;
      if (misses >= 2) gone.push(id);
      else next.set(id, misses);
    }
    this.misses = next;
    return gone;
  }

  /** Forget every count (a fresh join ack is a fresh start). */
  reset(): void {
    this.misses.clear();
  }
}

/** What the presence refresh needs from the session. */
export interface PresenceHost {
  /** Ask the relay `who` (ack checked against the wire schema); undefined when there is no usable answer (not joined, error, superseded). */
  who(): Promise<WhoAck | undefined>;
  /** Ids of the members currently present locally (never our own). */
  present(): string[];
  /** Our own member id. */
  me(): string | undefined;
  /** A listed member unknown locally: add it (heals a missed `peer-joined`), with its key if listed. */
  add(peer: Peer): void;
  /** A member absent from two complete lists: remove it and fail its pending message parts. */
  remove(id: string): void;
}

/** Refreshes presence every `intervalMs` while joined, and at once after a re-join. */
export class Presence {
  private readonly rule = new AbsenceRule();
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight = false;
  /** Bumped by start() and stop() so answers of an older schedule are dropped. */
  private generation = 0;

  /** Create a stopped refresher. */
  constructor(
    private readonly host: PresenceHost,
    private readonly intervalMs = PRESENCE_INTERVAL_MS,
  ) {}

  /** A join ack was applied: restart the schedule from now; `now` (after a reconnect) refreshes at once. */
  start(now: boolean): void {
    this.stop();
    if (now) void this.refresh();
    else this.schedule();
  }

  /** Stop refreshing (the membership ended). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.generation++;
    this.inFlight = false;
    this.rule.reset();
  }

  /** Ask `who` once and apply the answer; the next refresh is scheduled afterwards. */
  async refresh(): Promise<void> {
    if (this.inFlight) return;
    const generation = this.generation;
    this.inFlight = true;
    const before = new Set(this.host.present());
    let ack: WhoAck | undefined;
    try {
      ack = await this.host.who();
    } finally {
      if (generation === this.generation) this.inFlight = false;
    }
    if (generation !== this.generation) return;
    if (ack) this.apply(ack, before);
    this.schedule();
  }

  private apply(ack: WhoAck, before: ReadonlySet<string>): void {
    const me = this.host.me();
    const peers = ack.peers.filter((p) => p.id !== me);
    const listed = new Set(peers.map((p) => p.id));
    const present = new Set(this.host.present());
    // Not present before the request nor now: a missed join. (Present before, gone now: it left meanwhile.)
    for (const p of peers) if (!present.has(p.id) && !before.has(p.id)) this.host.add(p);
    for (const id of this.rule.observe(listed, present, ack.partial === true)) this.host.remove(id);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const generation = this.generation;
    this.timer = setTimeout(() => {
      if (generation === this.generation) void this.refresh();
    }, this.intervalMs);
  }
}
