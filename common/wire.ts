// The wire contract of docs/protocol.md §2–4 as TypeScript: every type is inferred from the schemas in
// common/schema/ (so a field exists in one place), plus the Socket.IO event maps of relay and client.
import type * as z from 'zod/mini';
import type { bcastDelivery } from './schema/broadcast.js';
import type {
  CLIENT_EVENTS,
  ClientEventName,
  SERVER_EVENTS,
  ServerEventName,
  dmDelivery,
  errorAck,
  joinAck,
  msgBody,
  msgPlaintext,
  peer,
  peerKey,
  peerKeyEvent,
  peerStep,
  receiptBody,
  confirmBody,
  stepPayload,
  whoAck,
} from './schema/index.js';
import type { fileAckPlaintext, fileCancelPlaintext, fileOfferPlaintext } from './schema/files.js';
import type { clientConfig } from './schema/client-config.js';

export {
  ALL_CURVES,
  DM_ID_RE,
  DM_KIND_RE,
  ERROR_CODES,
  MEMBER_ID_RE,
  PUB_LENGTH,
  REAL_CURVES,
  RESUME_RE,
  ROOM_RE,
  STEP_PHASE_RE,
  TOY_CURVES,
  isCurveId,
  isToyCurve,
  type CurveId,
  type ErrorCode,
  type RealCurveId,
  type ToyCurveId,
} from './schema/primitives.js';

/** A member's announced public key `{ curve, pub }` (pub: base64url raw public key). */
export type PeerKey = z.infer<typeof peerKey>;
/** A member of a room as listed in the join and who acks. */
export type Peer = z.infer<typeof peer>;

/** The error half of an ack (docs/protocol.md §3); `error.limit` on `room-full`. */
export type AckError = z.infer<typeof errorAck>;
/** An ack: `{ ok: true, ...T }` or an error. */
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;
/** The callback a client passes with every event. */
export type AckFn<T extends object = object> = (ack: Ack<T>) => void;

// ---- client → server payloads ----

/** `join` ack body `{ me, peers }`. */
export type JoinAck = Omit<z.infer<typeof joinAck>, 'ok'>;
/**
 * `who` ack body (extension, docs/protocol.md "Presence refresh"): every other member of the caller's
 * room on every node, as in the join ack; `partial: true` when only this node's could be listed.
 */
export type WhoAck = Omit<z.infer<typeof whoAck>, 'ok'>;
/** `step` payload: a public visualisation step. */
export type StepPayload = z.infer<typeof stepPayload>;

// ---- server → client payloads ----

/** `peer-key`. */
export type PeerKeyEvent = z.infer<typeof peerKeyEvent>;
/** `dm` as delivered to one recipient. */
export type DmDelivery = z.infer<typeof dmDelivery>;
/** `bcast` as delivered to every other member (docs/protocol.md "v2: broadcast"); the body is checked per kind. */
export type BcastDelivery = z.infer<typeof bcastDelivery>;
/** `peer-step`. */
export type PeerStep = z.infer<typeof peerStep>;

// ---- dm bodies ----

/** Body of a `msg` dm (docs/protocol.md §5). */
export type MsgBody = z.infer<typeof msgBody>;
/** Body of a `receipt` dm. */
export type ReceiptBody = z.infer<typeof receiptBody>;
/** Body of a `confirm` dm (Extensions, "Room passphrase"). */
export type ConfirmBody = z.infer<typeof confirmBody>;
/** The plaintext JSON inside a `msg` (docs/protocol.md §5 step 5). */
export type MsgPlaintext = z.infer<typeof msgPlaintext>;
/** The plaintext sealed inside a `file` offer (docs/protocol.md Extensions, "Encrypted files"). */
export type FileOfferPlaintext = z.infer<typeof fileOfferPlaintext>;
/** The plaintext sealed inside a `file-ack`. */
export type FileAckPlaintext = z.infer<typeof fileAckPlaintext>;
/** The plaintext sealed inside a `file-cancel`. */
export type FileCancelPlaintext = z.infer<typeof fileCancelPlaintext>;
/** The instance settings of `<BASE_PATH>config.json` (docs/protocol.md Extensions, "Instance settings"). */
export type ClientConfig = z.infer<typeof clientConfig>;

// ---- Socket.IO event maps ----

/** The ok ack body of client event `E`, without `ok`. */
export type AckBody<E extends ClientEventName> = Omit<z.infer<(typeof CLIENT_EVENTS)[E]['ack']>, 'ok'>;

/** Socket.IO typing: events the client emits, with the payload the schema accepts. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (
    payload: z.input<(typeof CLIENT_EVENTS)[E]['payload']>,
    ack?: AckFn<AckBody<E>>,
  ) => void;
};

/** Socket.IO typing: events the server emits, with the payload each schema describes. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: z.infer<(typeof SERVER_EVENTS)[E]>) => void;
};
