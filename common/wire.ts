// The wire contract of docs/protocol.md §2–4, defined once: event names, payload types
// and acks shared by the relay (server/) and the browser client (client/).

/** Curves usable for real key exchange (docs/protocol.md §5). */
export const REAL_CURVES = ['P-256', 'P-384', 'P-521', 'X25519'] as const;
/** A real curve id. */
export type RealCurveId = (typeof REAL_CURVES)[number];

/**
 * Toy curve ids (extension, docs/protocol.md): small Weierstrass curves of
 * docs/protocol.md §5, for teaching only. The id goes into the HKDF `info` string.
 */
export const TOY_CURVES = [
  'toy-17',
  'toy-61',
  'toy-97-a3',
  'toy-97-b7',
  'toy-263',
  'toy-65521',
  'toy-97-cofactor',
] as const;
/** A toy curve id. */
export type ToyCurveId = (typeof TOY_CURVES)[number];

/** Any curve id accepted on the wire. */
export type CurveId = RealCurveId | ToyCurveId;
/** Every curve id accepted on the wire, in display order. */
export const ALL_CURVES: readonly CurveId[] = [...REAL_CURVES, ...TOY_CURVES];

/** Raw public key length in bytes for each curve (WebCrypto `raw` export or toy encoding). */
export const PUB_LENGTH: Readonly<Record<CurveId, number>> = {
  'P-256': 65,
  'P-384': 97,
  'P-521': 133,
  X25519: 32,
  'toy-17': 3,
  'toy-61': 3,
  'toy-97-a3': 3,
  'toy-97-b7': 3,
  'toy-263': 5,
  'toy-65521': 5,
  'toy-97-cofactor': 3,
};

/** True when `id` is a curve id this protocol knows. */
export function isCurveId(id: unknown): id is CurveId {
  return typeof id === 'string' && (ALL_CURVES as readonly string[]).includes(id);
}

/** True for the insecure teaching curves. */
export function isToyCurve(id: CurveId): id is ToyCurveId {
  return (TOY_CURVES as readonly string[]).includes(id);
}

/** Room names: docs/protocol.md §2. */
export const ROOM_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Member ids: base64url of 16 bytes, 22 characters (docs/protocol.md §2). */
export const MEMBER_ID_RE = /^[A-Za-z0-9_-]{22}$/;
/** `resume` on `join`: base64url (no padding) of 32 bytes, 43 characters. */
export const RESUME_RE = /^[A-Za-z0-9_-]{43}$/;
/** `dm` message ids the relay accepts (extension): 1–128 printable ASCII characters, no space. */
export const DM_ID_RE = /^[\x21-\x7e]{1,128}$/;
/** `dm` kinds the relay accepts (extension): `msg`, `receipt` and any later kind of this shape. */
export const DM_KIND_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** `step` phases the relay accepts (extension): 1–64 printable ASCII characters. */
export const STEP_PHASE_RE = /^[\x20-\x7e]{1,64}$/;

/** Error codes an ack may carry (docs/protocol.md §4). */
export const ERROR_CODES = [
  'bad-request',
  'too-large',
  'rate-limited',
  'room-full',
  'not-joined',
  'already-joined',
  'unsupported-curve',
  'internal',
] as const;
/** One error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error half of an ack. */
export interface AckError {
  ok: false;
  error: { code: ErrorCode; message: string };
}
/** An ack: `{ ok: true, ...T }` or an error. */
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;
/** The callback a client passes with every event. */
export type AckFn<T extends object = object> = (ack: Ack<T>) => void;

/** A member's announced public key. */
export interface PeerKey {
  curve: CurveId;
  /** base64url (no padding) raw public key. */
  pub: string;
}

/** A member of a room as listed in the join ack. */
export interface Peer {
  id: string;
  name: string;
  key?: PeerKey;
}

/** Known `dm` kinds; `msg` and `receipt` are the v1 contract's (docs/protocol.md §4), others are extensions. */
export type DmKind = 'msg' | 'receipt';

// ---- client → server payloads ----

/** `join` payload. */
export interface JoinPayload {
  room: string;
  name: string;
  /** base64url of 32 random bytes, created once per tab. */
  resume: string;
}
/** `join` ack body. */
export interface JoinAck {
  me: { id: string };
  peers: Peer[];
}
/** `who` payload (extension, docs/protocol.md): nothing; any fields are ignored. */
export type WhoPayload = Record<string, never>;
/**
 * `who` ack body (extension, docs/protocol.md): every other member of the caller's room on every
 * node, as in the join ack. `partial: true` when the relay could not reach the other nodes and
 * listed its own only — a client must not conclude from such a list that anyone is gone.
 */
export interface WhoAck {
  peers: Peer[];
  partial?: true;
}
/** `key` payload. */
export type KeyPayload = PeerKey;
/** One addressed part of a `dm`. */
export interface DmPart {
  to: string;
  body: unknown;
}
/** `dm` payload: one message id fanned out to several members. */
export interface DmPayload {
  id: string;
  kind: string;
  parts: DmPart[];
}
/** `step` payload: a public visualisation step. */
export interface StepPayload {
  phase: string;
  detail: Record<string, unknown>;
}

// ---- server → client payloads ----

/** `peer-joined`. */
export interface PeerJoined {
  id: string;
  name: string;
}
/** `peer-left`. */
export interface PeerLeft {
  id: string;
}
/** `peer-key`. */
export interface PeerKeyEvent extends PeerKey {
  from: string;
}
/** `dm` as delivered to one recipient. */
export interface DmDelivery {
  from: string;
  id: string;
  kind: string;
  body: unknown;
}
/** `peer-step`. */
export interface PeerStep {
  from: string;
  phase: string;
  detail: Record<string, unknown>;
}

/**
 * `relay-draining` (extension, docs/protocol.md): this relay node is shutting
 * down; connect again (the load balancer picks another node) and rejoin with
 * the same `resume`. The node disconnects every socket within `graceMs`.
 */
export interface RelayDraining {
  graceMs: number;
}

/** Body of a `msg` dm (docs/protocol.md §5). */
export interface MsgBody {
  iv: string;
  ct: string;
}
/** Body of a `receipt` dm. */
export interface ReceiptBody {
  ok: boolean;
  reason?: string;
}
/** The plaintext JSON inside a `msg` (docs/protocol.md §5 step 5). */
export interface MsgPlaintext {
  type: 'text';
  text: string;
  ts: number;
}

/** Socket.IO typing: events the client emits. */
export interface ClientToServerEvents {
  join: (payload: JoinPayload, ack?: AckFn<JoinAck>) => void;
  leave: (payload: Record<string, never>, ack?: AckFn) => void;
  key: (payload: KeyPayload, ack?: AckFn) => void;
  dm: (payload: DmPayload, ack?: AckFn) => void;
  step: (payload: StepPayload, ack?: AckFn) => void;
  who: (payload: WhoPayload, ack?: AckFn<WhoAck>) => void;
}

/** Socket.IO typing: events the server emits. */
export interface ServerToClientEvents {
  'peer-joined': (p: PeerJoined) => void;
  'peer-left': (p: PeerLeft) => void;
  'peer-key': (p: PeerKeyEvent) => void;
  dm: (p: DmDelivery) => void;
  'peer-step': (p: PeerStep) => void;
  'relay-draining': (p: RelayDraining) => void;
}
