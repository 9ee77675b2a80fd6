// Structured logging with pino. Log event names, codes, counts and hashed room
// names only: never names, keys, bodies, step details or any other payload.
import { createHmac, randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

/** The logger type used across the relay. */
export type Log = Logger;

/** Create the relay's JSON logger writing to stdout. */
export function createLogger(level: LogLevel): Log {
  return pino({ level, base: { service: 'curvechat-relay' } });
}

/**
 * A short tag for `room` under `salt` (HMAC-SHA-256, 60 bits shown): without the salt, a guessed room
 * name cannot be checked against it.
 */
export function roomTagWith(salt: Uint8Array, room: string): string {
  return createHmac('sha256', salt).update(room).digest('base64url').slice(0, 10);
}

// Drawn once per process and never logged: tags correlate within one process's log, not across processes.
const ROOM_TAG_SALT = randomBytes(32);

/** A short tag for a room so one process's logs correlate events without naming (or revealing) the room. */
export function roomTag(room: string): string {
  return roomTagWith(ROOM_TAG_SALT, room);
}

/** The class name of a thrown value (or its type), for logs: never its message, which may quote a payload. */
export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
