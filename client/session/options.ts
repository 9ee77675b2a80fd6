// RoomSessionOptions: how a RoomSession connects and behaves (all optional in the browser).
import type { CurveId } from '../../common/wire.js';
import type { Limits } from '../../common/limits.js';
import type { AckRetryPolicy } from './acked-emit.js';
import type { InboundFileLimits } from './file-incoming.js';
import type { InboundRate } from './flood.js';
import type { RetryPolicy } from './outbox.js';
import type { ReceiptRate } from './receipt-budget.js';
import type { RelaySocketOptions } from './relay-socket.js';
import type { ResumeClaim } from './resume-claim.js';
import type { ResumeStorage } from './resume.js';
import type { LogEntry } from './types.js';

/** How a RoomSession connects and behaves; everything is optional in the browser. */
export interface RoomSessionOptions {
  /** Relay URL; omit in the browser to use the page's own origin (same-origin Socket.IO). */
  url?: string;
  /** Extra socket.io-client options (merged over websocket-only transport and quick reconnects). */
  socketOptions?: RelaySocketOptions;
  /** Where the per-tab `resume` lives: sessionStorage by default, a MemoryStorage in Node. */
  storage?: ResumeStorage;
  /**
   * Claims the resume against other live tabs before joining (a duplicated tab gets a fresh one):
   * by default the tab's BroadcastChannel claim when `storage` is the default sessionStorage;
   * `null` turns it off.
   */
  resumeClaim?: Pick<ResumeClaim, 'claim'> | null;
  /** Limits enforced before sending (default docs/protocol.md §6). */
  limits?: Limits;
  /** Receipt waits and tries (default DEFAULT_RETRY). */
  retry?: Partial<RetryPolicy>;
  /** Initial curve selection (default P-256). */
  curve?: CurveId;
  /** How long to wait for an ack (default 10 s). */
  ackTimeoutMs?: number;
  /** Clock (ms since epoch), for tests. */
  now?: () => number;
  /** Time between presence refreshes (`who`) while joined, ms (default PRESENCE_INTERVAL_MS). */
  presenceIntervalMs?: number;
  /** Messages the chat keeps; older ones leave with a note, pending outgoing ones stay (default MAX_MESSAGES). */
  maxMessages?: number;
  /** Inbound messages accepted per sender: sustained rate and burst (default DEFAULT_INBOUND_RATE). */
  inboundRate?: Partial<InboundRate>;
  /** Receipts sent at most, for all senders together: sustained rate and burst (default DEFAULT_RECEIPT_RATE). */
  receiptRate?: Partial<ReceiptRate>;
  /** Room passphrase: how long to wait for a peer's key confirmation before naming it (default CONFIRM_WAIT_MS). */
  confirmWaitMs?: number;
  /** How a refused `key` announcement is retried (default DEFAULT_ACK_RETRY). */
  announceRetry?: Partial<AckRetryPolicy>;
  /** Encrypted files: the size limit (default 25 MB) and the bounds on what others can make us hold. */
  files?: Partial<InboundFileLimits>;
  /** Protocol versions announced and negotiated (default BROWSER_CLIENT_VERSIONS = [1, 2]; [1] = a v1 client). */
  protocolVersions?: readonly number[];

  /** Lines the activity log starts with: the composition root's start-up notes (e.g. relay settings it could not read). */
  startLog?: readonly Pick<LogEntry, 'level' | 'text'>[];
}
