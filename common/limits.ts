// Default limits of docs/protocol.md §6. The server reads overrides from the
// environment (server/config.ts); the client uses the defaults to refuse
// oversize input before it is sent.

/** Limits enforced by the relay. */
export interface Limits {
  /** Members per room. */
  maxRoomMembers: number;
  /** Bytes of one serialised `dm` part body. */
  maxDmBody: number;
  /** Bytes of a whole Socket.IO frame (`maxHttpBufferSize`). */
  maxFrame: number;
  /** Sustained events per second per socket (token bucket refill). */
  eventsPerSecond: number;
  /** Token bucket size: the largest burst. */
  eventBurst: number;
  /** Bytes of serialised `step.detail`. */
  maxStepDetail: number;
}

/** docs/protocol.md §6 defaults. */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxRoomMembers: 100,
  maxDmBody: 64 * 1024,
  maxFrame: 1024 * 1024,
  eventsPerSecond: 30,
  eventBurst: 60,
  maxStepDetail: 4 * 1024,
};

/** Longest display name, in characters after NFC normalisation (docs/protocol.md §2). */
export const MAX_NAME_CHARS = 32;
