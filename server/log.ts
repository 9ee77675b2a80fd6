// Structured logging with pino. Log event names, codes, counts and hashed room
// names only: never names, keys, bodies, step details or any other payload.
import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

/** The logger type used across the relay. */
export type Log = Logger;

/** Create the relay's JSON logger writing to stdout. */
export function createLogger(level: LogLevel): Log {
  return pino({ level, base: { service: 'curvechat-relay' } });
}

/** A short, non-reversible tag for a room so logs can correlate events without naming the room. */
export function roomTag(room: string): string {
  return createHash('sha256').update('curvechat-log ').update(room).digest('base64url').slice(0, 10);
}

/** The class name of a thrown value (or its type), for logs: never its message, which may quote a payload. */
export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
