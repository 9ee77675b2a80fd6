// The room lock as this tab sees it (docs/protocol.md "Room lock"): the `room-lock` event, the join ack's `lock`, and `lock`.
import type * as z from 'zod/mini';
import type { Limits } from '../../common/limits.js';
import type { roomLock } from '../../common/schema/index.js';
import { describeFailure, readAck } from './ack-errors.js';
import { onRelayEvent, request, type RelaySocket } from './relay-socket.js';
import type { LogEntry, RoomLockView } from './types.js';

/** A lock state as the relay says it (`room-lock` event, join ack `lock`). */
export type RoomLockEvent = z.infer<typeof roomLock>;

/** What the lock needs from the session. */
export interface RoomLockHost {
  /** The current socket and whether it is joined, and our member id. */
  membership(): { socket?: RelaySocket; joined: boolean; me?: string };
  /** Members' labels as the rest of the UI shows them (with a suffix when a name looks like another). */
  peers: { name(id: string): string; labels(): ReadonlyMap<string, unknown> };
  log(level: LogEntry['level'], text: string): void;
  changed(): void;
  /** Limits for plain-language errors. */
  limits: Pick<Limits, 'maxRoomMembers'>;
  ackTimeoutMs: number;
}

/** The room's lock for the UI: set by the relay's word only, never by a guess of this tab. */
export class RoomLock {
  private current?: RoomLockEvent;
  private pending = false;

  /** Create the lock state of a session; unlocked until the relay says otherwise. */
  constructor(private readonly host: RoomLockHost) {}

  /** The view for SessionState: present only while the room is locked or a change is on its way. */
  get view(): RoomLockView | undefined {
    const c = this.current;
    if (!c?.locked && !this.pending) return undefined;
    if (!c?.locked) return { locked: false, pending: true };
    return {
      locked: true,
      by: c.by,
      byName: this.byName(c),
      mine: c.by === this.host.membership().me,
      pending: this.pending,
    };
  }

  /** Listen to `room-lock` on a new socket while `live()`. */
  bind(socket: RelaySocket, live: () => boolean): void {
    onRelayEvent(
      socket,
      'room-lock',
      (event) => live() && this.apply(event, true),
      (line) => {
        if (!live()) return;
        this.host.log('warn', line);
        this.host.changed();
      },
    );
  }

  /** A join ack arrived: its `lock` (absent means unlocked) is how the room stands now. */
  joined(lock: RoomLockEvent | undefined): void {
    const was = this.current?.locked ?? false;
    this.current = lock;
    if (lock?.locked && !was)
      this.host.log('info', `The room is locked by ${this.byName(lock)}: new people cannot join.`);
    else if (!lock?.locked && was) this.host.log('info', 'The room is no longer locked.');
  }

  /** Ask the relay to lock (true) or unlock (false) the room; rejects with a plain reason. */
  async set(locked: boolean): Promise<void> {
    const { socket, joined } = this.host.membership();
    if (!socket || !joined)
      throw new Error('You are not in a room (the connection may have dropped); join again.');
    this.pending = true;
    this.host.changed();
    try {
      const ack = readAck(await request(socket, 'lock', { locked }, this.host.ackTimeoutMs));
      if (!ack.ok) throw new Error(describeFailure(ack.failure, this.host.limits.maxRoomMembers));
    } finally {
      this.pending = false;
      this.host.changed();
    }
  }

  /** The membership ended. */
  reset(): void {
    this.current = undefined;
    this.pending = false;
  }

  private apply(event: RoomLockEvent, announce: boolean): void {
    this.current = event;
    if (announce) {
      const name = this.byName(event);
      const who = name === 'you' ? 'You' : name;
      this.host.log(
        'info',
        event.locked ? `${who} locked the room: new people cannot join.` : `${who} unlocked the room.`,
      );
    }
    this.host.changed();
  }

  /** "you", the member's label, or (a member who already left) the name the relay gave. */
  private byName(event: RoomLockEvent): string {
    if (event.by === this.host.membership().me) return 'you';
    const { peers } = this.host;
    return peers.labels().has(event.by) ? peers.name(event.by) : event.name;
  }
}
