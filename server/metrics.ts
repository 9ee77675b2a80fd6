// Prometheus metrics on a per-server Registry (several relays can share one
// process in tests); no per-socket or per-room labels.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CLIENT_EVENT_NAMES, type ClientEventName } from '../common/schema/index.js';
import { ERROR_CODES, type ErrorCode } from '../common/wire.js';

/** Client→server events the relay knows (`who` is an extension): the wire schema's event map, a bounded label set. */
export const KNOWN_EVENTS = CLIENT_EVENT_NAMES;
/** One known event name. */
export type KnownEvent = ClientEventName;

/** The relay's metrics, registered on their own Registry. */
export interface Metrics extends MemberLimitMetrics, BroadcastMetrics {
  /** The registry to expose on /metrics. */
  registry: Registry;
  /** Currently open Socket.IO connections on this node. */
  connections: Gauge;
  /** Connections accepted since start. */
  connectionsTotal: Counter;
  /** Sockets currently joined to a room on this node. */
  joinedMembers: Gauge;
  /** Rooms with at least one member on this node (set by a collect callback). */
  rooms: Gauge;
  /** Successful joins. */
  joins: Counter;
  /** Handled client events by name (known names only); counted through `countEvent`, added up on every read. */
  events: Counter<'event'>;
  /** Count one handled event: a plain addition, moved into `events` when it is read (no label hashing per event). */
  countEvent(event: KnownEvent): void;
  /** `dm` parts relayed; counted through `countDm`, added up on every read. */
  dmParts: Counter;
  /** Bytes of serialised `dm` bodies relayed; counted through `countDm`, added up on every read. */
  dmBytes: Counter;
  /** Count one relayed `dm`: plain additions, moved into `dmParts` and `dmBytes` when they are read. */
  countDm(parts: number, bytes: number): void;
  /** Rejected events by error code. */
  rejections: Counter<'code'>;
  /** Events with an unknown name (ignored). */
  unknownEvents: Counter;
  /** Socket.IO frames over the frame limit / transport errors that closed a connection. */
  transportErrors: Counter;
  /** 1 while Redis is reachable (or not configured), 0 during an outage. */
  redisUp: Gauge;
  /** 1 while this node drains after SIGTERM. */
  draining: Gauge;
  /** Connections cut because they did not read what was sent to them, by reason (`buffer` or `stalled`). */
  slowConsumerDisconnects: Counter<'reason'>;
}

/** Create the metrics on a fresh Registry; `countRooms` is called on every scrape. */
export function createMetrics(countRooms: () => number, withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'curvechat_' });
  const registers = [registry];
  const rejections = new Counter({
    name: 'curvechat_rejections_total',
    help: 'Client events rejected, by error code',
    labelNames: ['code'] as const,
    registers,
  });
  for (const code of ERROR_CODES) rejections.inc({ code }, 0);
  // Events since the last read of `events`, by name: prom-client's labelled inc hashes its labels (~0.35 µs).
  const unread = Object.fromEntries(KNOWN_EVENTS.map((e) => [e, 0])) as Record<KnownEvent, number>;
  const events = new Counter({
    name: 'curvechat_events_total',
    help: 'Client events received, by event name (known events only)',
    labelNames: ['event'] as const,
    registers,
    collect() {
      for (const event of KNOWN_EVENTS)
        if (unread[event] > 0) {
          this.inc({ event }, unread[event]);
          unread[event] = 0;
        }
    },
  });
  for (const event of KNOWN_EVENTS) events.inc({ event }, 0);
  const slowConsumerDisconnects = new Counter({
    name: 'curvechat_slow_consumer_disconnects_total',
    help: 'Connections cut for not reading: queue over MAX_SOCKET_BUFFER_BYTES (buffer) or not moving (stalled)',
    labelNames: ['reason'] as const,
    registers,
  });
  for (const reason of ['buffer', 'stalled']) slowConsumerDisconnects.inc({ reason }, 0);
  // Relayed dm parts and bytes since the last read: prom-client's inc allocates twice per call.
  const dmUnread = { parts: 0, bytes: 0 };
  return {
    registry,
    connections: new Gauge({ name: 'curvechat_connections', help: 'Open Socket.IO connections', registers }),
    connectionsTotal: new Counter({
      name: 'curvechat_connections_total',
      help: 'Socket.IO connections accepted',
      registers,
    }),
    joinedMembers: new Gauge({
      name: 'curvechat_joined_sockets',
      help: 'Sockets joined to a room on this node',
      registers,
    }),
    rooms: new Gauge({
      name: 'curvechat_rooms',
      help: 'Rooms with at least one member on this node',
      registers,
      collect() {
        this.set(countRooms());
      },
    }),
    joins: new Counter({ name: 'curvechat_joins_total', help: 'Successful joins', registers }),
    events,
    countEvent: (event) => {
      unread[event]++;
    },
    dmParts: new Counter({
      name: 'curvechat_dm_parts_total',
      help: 'dm parts relayed',
      registers,
      collect() {
        if (dmUnread.parts > 0) this.inc(dmUnread.parts);
        dmUnread.parts = 0;
      },
    }),
    dmBytes: new Counter({
      name: 'curvechat_dm_bytes_total',
      help: 'Bytes of serialised dm bodies relayed',
      registers,
      collect() {
        if (dmUnread.bytes > 0) this.inc(dmUnread.bytes);
        dmUnread.bytes = 0;
      },
    }),
    countDm: (parts, bytes) => {
      dmUnread.parts += parts;
      dmUnread.bytes += bytes;
    },
    rejections,
    unknownEvents: new Counter({
      name: 'curvechat_unknown_events_total',
      help: 'Client events with an unknown name (ignored)',
      registers,
    }),
    transportErrors: new Counter({
      name: 'curvechat_transport_errors_total',
      help: 'Connections closed by a transport error (for example a frame over the size limit)',
      registers,
    }),
    redisUp: new Gauge({
      name: 'curvechat_redis_up',
      help: '1 while Redis is reachable or not configured, 0 during an outage',
      registers,
    }),
    draining: new Gauge({ name: 'curvechat_draining', help: '1 while this node drains', registers }),
    slowConsumerDisconnects,
    ...memberLimitMetrics(registers),
    ...broadcastMetrics(registers),
  };
}

// ---- Many sockets, one member (docs/security.md) ----

/** Metrics of the per-member, per-address and `who` limits. */
export interface MemberLimitMetrics {
  /** Room listings made (fetchSockets of a whole room, for `join`, `who` or `peer-left`). */
  roomListings: Counter;
  /** Connections refused because their client address already had MAX_CONNECTIONS_PER_ADDRESS open. */
  addressRefusals: Counter;
  /** Joins refused because the member id already had MAX_SOCKETS_PER_MEMBER sockets on this node. */
  memberSocketRefusals: Counter;
}

function memberLimitMetrics(registers: Registry[]): MemberLimitMetrics {
  return {
    roomListings: new Counter({
      name: 'curvechat_room_listings_total',
      help: 'Room member listings made (fetchSockets of a room); `who` answers share one per room per WHO_LISTING_TTL_MS',
      registers,
    }),
    addressRefusals: new Counter({
      name: 'curvechat_address_refusals_total',
      help: 'Connections refused: the client address already had MAX_CONNECTIONS_PER_ADDRESS open on this node',
      registers,
    }),
    memberSocketRefusals: new Counter({
      name: 'curvechat_member_socket_refusals_total',
      help: 'Joins refused: the member id already had MAX_SOCKETS_PER_MEMBER joined sockets on this node',
      registers,
    }),
  };
}
// ---- end of many sockets, one member ----

// ---- v2: broadcast (docs/protocol.md "v2: broadcast") ----

/** Metrics of the `bcast` extension (its event count is in `curvechat_events_total{event="bcast"}`). */
export interface BroadcastMetrics {
  /** Bytes of serialised `bcast` bodies relayed (once per bcast, not per recipient). */
  bcastBytes: Counter;
  /** Count one relayed `bcast` of `bytes` body bytes. */
  countBcast(bytes: number): void;
}

function broadcastMetrics(registers: Registry[]): BroadcastMetrics {
  const bcastBytes = new Counter({
    name: 'curvechat_bcast_bytes_total',
    help: 'Bytes of serialised bcast bodies relayed (once per bcast, whatever the room size)',
    registers,
  });
  return { bcastBytes, countBcast: (bytes) => bcastBytes.inc(bytes) };
}
// ---- end of v2: broadcast ----

/** Count one rejection. */
export function countRejection(metrics: Metrics, code: ErrorCode): void {
  metrics.rejections.inc({ code });
}
