// The contract between the room session (protocol + crypto, no DOM) and the Lit
// components that display it. Components read `RoomSessionApi.state` snapshots
// and call its methods; they never touch sockets or keys directly.
import type { CurveId, PeerStep } from '../../common/wire.js';
import type { FileView } from './file-types.js';
import type { RatchetInspectApi } from './ratchet-inspect.js';
import type { ToyWireListener } from './toy-wire.js';
import type { SenderKeysView } from './sender-keys-view.js';

/** The file transfer views (file-types.ts), re-exported with the other session types. */
export type { FileState, FileView, FileWireView } from './file-types.js';

/** Connection to the relay. */
export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** This member's own key pair as shown in the UI (private part only on request). */
export interface MyKeyView {
  curve: CurveId;
  /** Raw public key, base64url as on the wire. */
  pub: string;
  /** Raw public key in hex. */
  pubHex: string;
  /** X and Y coordinates in hex (Weierstrass curves), or `u` for X25519. */
  coords: { x: string; y?: string };
  /** Field size in bits (256, 384, 521, 255 for X25519, small for toys). */
  bits: number;
  /** Private scalar d in hex (X25519: the 32 raw bytes); the UI masks it until revealed. */
  privateHex: string;
  /** When the pair was generated (ms since epoch). */
  createdAt: number;
}

/**
 * Where the announcement of our public key (`key`) stands: `announcing` (first try in flight), `retrying` (the
 * relay refused it; tried again with back-off), `waiting` (not on a joined socket: the re-join announces it),
 * `failed` (given up: the user may try again), `announced` (the relay accepted it, so the room has it).
 */
export interface KeyAnnouncementView {
  state: 'announcing' | 'retrying' | 'waiting' | 'failed' | 'announced';
  /** Tries the relay refused so far. */
  refusals: number;
  /** Tries in all before giving up. */
  maxTries: number;
  /** Plain-language reason of the last refusal. */
  reason?: string;
}

/** State of the secure channel with one peer. */
export type ChannelState =
  | 'no-key' // we or they have not announced a key yet
  | 'curve-mismatch' // both have keys, on different curves
  | 'deriving'
  | 'ready'
  | 'failed' // import/derivation failed: no secure channel, never a fallback
  | 'confirming' // passphrase room: derived, waiting for the peer's key confirmation
  | 'passphrase-mismatch'; // the peer's confirmation failed (or never came): it does not share our passphrase

/** What was derived with one peer (local only; never sent). */
export interface DerivedView {
  /** Shared secret Z (ECDH x-coordinate / X25519 u) in hex. */
  zHex: string;
  /** HKDF salt = SHA-256(lo ‖ hi) in hex. */
  saltHex: string;
  /** HKDF info string. */
  info: string;
  /** Short fingerprint of the AES key K: hex of SHA-256(K)[0..8). */
  keyFingerprint: string;
  /** 12 groups of 5 digits. */
  safetyNumber: string[];
  /** In a passphrase room: how P was made and mixed into the salt (never P itself); absent otherwise. */
  passphrase?: PassphraseDerivationView;
}

/** The extra step of a passphrase room (docs/protocol.md Extensions, "Room passphrase"): public facts about P. */
export interface PassphraseDerivationView {
  /** PBKDF2-SHA-256 iteration count. */
  iterations: number;
  /** PBKDF2 salt text ("curvechat/v1 passphrase <room>"). */
  saltText: string;
  /** Hex of SHA-256(P)[0..8). */
  fingerprint: string;
  /** The v1 salt SHA-256(lo ‖ hi), before P is appended. */
  pairSaltHex: string;
}

/** One member of the room other than us. */
export interface PeerView {
  id: string;
  /** The name the member chose, never rewritten. */
  name: string;
  /** `name`, plus its member-id suffix when it needs telling apart (look-alike.ts): use it wherever a name is text. */
  label: string;
  /** The suffix ("#3f2a") shown after a name that looks like another or is suspicious on its own. */
  suffix?: string;
  /** Why the suffix is shown, in one plain sentence. */
  lookAlike?: string;
  key?: { curve: CurveId; pub: string; pubHex: string };
  channel: ChannelState;
  /** Plain-language reason when `channel` is `failed` or `curve-mismatch`. */
  channelReason?: string;
  derived?: DerivedView;
  /**
   * Names of the other members (or "you") who announced the very same public key: one key pair cannot honestly
   * belong to two members, so at most one of them can read what is encrypted to it (docs/security.md).
   */
  sameKeyAs?: string[];
  /** The user marked the current channel verified after comparing safety numbers (verification.ts). */
  verified: boolean;
  /** The peer's key changed after a channel existed: a loud warning until the user verifies the new channel. */
  keyChanged?: { wasVerified: boolean };
  /** How many messages to this peer are held after a key change, waiting for the user's choice. */
  held?: number;
  /** The pair's negotiated protocol and why ("v2 · Double Ratchet — both speak v2"), once the peer announced a key. */
  protocol?: string;
  /**
   * Sender keys with this peer (docs/protocol.md "v2: sender keys"): `ours` — our current chain was sent to it
   * (`sent`) or it acknowledged it (`held`: our messages reach it by `bcast`); `theirs` — we hold its chain.
   */
  senderKey?: { ours?: 'sent' | 'held'; theirs: boolean };
  /**
   * A v2 pair with a channel: its Double Ratchet's root key RK0 = HKDF-SHA256(Z, the channel's salt, `info`), and
   * the KDF_RK info of every root step after it (docs/protocol.md "v2: Double Ratchet", Root key). The v1 key K
   * (`derived.info`) is still derived on such a pair: it seals files and the passphrase check, not chat messages.
   */
  v2Root?: { info: string; ratchetInfo: string };
}

export type { SenderKeysView };

/** Per-recipient delivery of an outgoing message. */
export type DeliveryState = 'sending' | 'sent' | 'delivered' | 'failed' | 'held';

/** What crossed the wire for one recipient of one message (all hex except aad). */
export interface WireView {
  to: string;
  toName: string;
  ivHex: string;
  /** Ciphertext without the tag. */
  ctHex: string;
  tagHex: string;
  /** AAD as text (room \n from \n to \n id) and in hex. */
  aad: string;
  aadHex: string;
  keyFingerprint: string;
  /**
   * `sender-key`: one `bcast` for the room (docs/protocol.md "v2: sender keys"); `keyFingerprint` is then the
   * sender chain id in hex and `aad` the signed header text.
   */
  via?: 'sender-key';
}

/** A chat message, sent or received, only ever shown after the tag verified. */
export interface ChatMessage {
  id: string;
  from: string;
  fromName: string;
  text: string;
  /** Author's timestamp from the plaintext (a finite integer; not necessarily a plausible time). */
  ts: number;
  /**
   * Incoming only, set when `ts` is out of range (docs/protocol.md §5 step 6): when the message arrived,
   * shown instead of `ts` with a marker.
   */
  arrivedAt?: number;
  outgoing: boolean;
  /** Outgoing: one entry per recipient; incoming: the one envelope we received. */
  wire: WireView[];
  /** Outgoing only: delivery per recipient id, and whether that recipient's channel was verified when encrypted. */
  delivery: Record<
    string,
    {
      state: DeliveryState;
      reason?: string;
      verified?: boolean;
      /** The receipt came as a plain v1 `receipt` (a v1 peer): a relay could have forged it (docs/security.md). */
      unauthenticated?: boolean;
    }
  >;
  /** Incoming: the channel it arrived on was verified when it was opened (outgoing: see `delivery`). */
  verified?: boolean;
  /** A line from the session itself rather than a member (a key change); `text` says it, `from` is the peer. */
  system?: 'key-changed' | 'passphrase';
  /** An encrypted file or image (docs/protocol.md Extensions, "Encrypted files"); `text` is empty then. */
  file?: FileView;
}

/** One line of the activity log. */
export interface LogEntry {
  seq: number;
  ts: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/**
 * The room lock (docs/protocol.md "Room lock") as the relay last said it: `locked` with who locked it, or
 * `pending` while this tab's own lock or unlock request is on its way.
 */
export type RoomLockView =
  | { locked: true; by: string; byName: string; mine: boolean; pending: boolean }
  | { locked: false; pending: true };

/** Everything the UI shows; a fresh object after every change. */
export interface SessionState {
  connection: ConnectionStatus;
  room?: string;
  name?: string;
  /** We joined with a room passphrase (docs/protocol.md Extensions, "Room passphrase"); never the passphrase. */
  passphrase?: boolean;
  /** Our member id, and our name's suffix when a member's name looks like ours. */
  me?: { id: string; suffix?: string };
  /** Every known member's name and suffix by member id (ours included), to show authors and recipients alike. */
  names: Readonly<Record<string, { name: string; suffix?: string }>>;
  /** The curve the user has selected for the next key generation. */
  curve: CurveId;
  myKey?: MyKeyView;
  /** The announcement of `myKey` to the room; until `announced`, peers may not have it (docs/security.md). */
  keyAnnouncement?: KeyAnnouncementView;
  peers: PeerView[];
  messages: ChatMessage[];
  /** How many older messages were removed from `messages` to bound memory (shown as a note in the chat). */
  removedMessages: number;
  log: LogEntry[];
  /** The room lock, while the room is locked or a change is on its way (none: open to anyone with its name). */
  lock?: RoomLockView;
  /** Whether our messages go out with sender keys, and our chain's id and iteration. */
  senderKeys: SenderKeysView;

  /** The largest file sent or accepted, in bytes (docs/protocol.md Extensions, "Encrypted files"). */
  maxFileBytes?: number;
}

/** Browser support for each curve (defined with the feature detection in client/crypto/curves.ts). */
export type { CurveSupport } from '../crypto/curves.js';

/** Receives another member's visualisation step: the relay's `peer-step` plus the sender's display name. */
export type PeerStepListener = (step: PeerStep & { fromName: string }) => void;

/**
 * Visualisation steps shared with the room (docs/protocol.md §4 `step` / `peer-step`). Step details are
 * public data only: the relay and every member of the room see them. The guard (checkStepDetail
 * in steps.ts) checks each detail before it is sent and refuses private property names, our
 * private scalar or a derived secret in hex or base64url, and details over the size limit.
 */
export interface StepChannel {
  /**
   * Publishes a step with public data only; the guard checks `detail` first. Rejects with a plain
   * reason when the guard or the relay refuses it, or when not in a room.
   */
  publishStep(phase: string, detail: Record<string, unknown>): Promise<void>;
  /**
   * Subscribes to other members' steps (public data, checked by the sender's guard; treat as
   * untrusted input); returns an unsubscribe function.
   */
  onPeerStep(listener: PeerStepListener): () => void;
}

/** The session the UI drives. Emits `change` (plain Event) after every state change, `peer-step` for steps. */
export interface RoomSessionApi extends EventTarget, StepChannel {
  readonly state: SessionState;
  /**
   * Joins; rejects with an Error whose message is a plain-language reason. A non-empty `passphrase` makes
   * every channel need the peer's key confirmation (docs/protocol.md Extensions, "Room passphrase").
   */
  join(room: string, name: string, passphrase?: string): Promise<void>;
  leave(): Promise<void>;
  /** Selects the curve for the next generateKeys(). */
  setCurve(curve: CurveId): void;
  /** Generates a key pair on the selected curve, announces it and re-derives with every peer. */
  generateKeys(): Promise<void>;
  /** Announces our current key again, from the first try (after the announcement failed). */
  announceKey(): void;
  /** Encrypts `text` to every ready peer in one `dm`; rejects with a plain reason. */
  send(text: string): Promise<void>;
  /** Marks the current channel with peer `id` verified (the user compared safety numbers) or not. */
  setVerified(id: string, verified: boolean): void;
  /** Messages held for peer `id` after its key changed: re-encrypt them to the new key (`send`) or discard them. */
  decideHeld(id: string, send: boolean): void;
  /** Locks (true) or unlocks (false) the room for new member ids; rejects with a plain reason. */
  setLocked(locked: boolean): Promise<void>;

  /** Encrypts a file once and sends it to every ready peer in chunks; rejects with a plain reason (too large, nobody). */
  sendFile(file: { name: string; type: string; bytes: Uint8Array }): Promise<void>;
  /** Cancels file transfer `fileId` (ours to everyone, or one we are receiving from `from`). */
  cancelFile(from: string, fileId: string): void;
  /** Sender keys in a room smaller than SENDER_KEYS_FROM_MEMBERS too (on), or only from that size on (off). */
  setSenderKeysOnDemand(on: boolean): void;
  /** The Ratchet view: public facts of each v2 pair's Double Ratchet and "Compromise now" (ratchet-inspect.ts). */
  readonly ratchets: RatchetInspectApi;
  /** Our v2 envelopes as the relay sees them, in a toy room only, for the class's Eve; returns the unsubscribe. */
  onToyWire(listener: ToyWireListener): () => void;
}
