// Open connections per client address on this node (docs/security.md, "Many sockets, one member"), with TRUST_PROXY;
// the address it logs on a refusal is the same one (X-Forwarded-For only with TRUST_PROXY).
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { type Config, type TrustProxy, normalizeAddress } from './config.js';
import type { RelayServer } from './types.js';

/**
 * The client address of a request: the TCP peer, unless TRUST_PROXY says to believe X-Forwarded-For.
 * With `hops: n` the address n entries from the right of [...X-Forwarded-For, peer] (the one the outermost
 * of n trusted proxies saw); with a proxy list, the rightmost entry that is not a listed proxy. An entry
 * that is not an IP address (a misconfigured proxy, or a forged header past the trusted hops) counts as
 * the TCP peer.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  const peer = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
  if (trust.mode === 'off') return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .slice(-64) // only the last entries can matter; bounds the work on a huge header
    .map((s) => normalizeAddress(s))
    .filter((s) => s.length > 0);
  const chain = [...forwarded, peer];
  let picked: string;
  if (trust.mode === 'hops') {
    picked = chain[Math.max(0, chain.length - 1 - trust.hops)] ?? peer;
  } else {
    let i = chain.length - 1;
    while (i > 0 && trust.proxies.includes(chain[i] ?? '')) i--;
    picked = chain[i] ?? peer;
  }
  return isIP(picked) === 0 ? peer : picked;
}

/** Counts open connections per client address and refuses those past the cap. */
export interface AddressLimiter {
  /** True when `address` may open one more connection now. */
  allows(address: string): boolean;
  /** Count a connection of `address` as open; false (nothing counted) when it is over the cap. */
  open(address: string): boolean;
  /** A connection of `address` counted by `open` closed. */
  close(address: string): void;
  /**
   * Note a refusal of `address`: true only for the first one since it was last under the cap, so a log line per
   * episode (not per attempt) names it. Remembered only while the address holds open connections.
   */
  refuse(address: string): boolean;
  /** Addresses with an open connection (for tests). */
  readonly size: number;
}

/**
 * A limiter allowing `max` open connections per address. Its Map has one entry per address with at
 * least one open connection (removed when the last closes): never more entries than open connections.
 */
export function createAddressLimiter(max: number): AddressLimiter {
  const open = new Map<string, number>();
  // Addresses refused since they were last under the cap: a subset of `open`'s keys.
  const reported = new Set<string>();
  return {
    allows: (address) => (open.get(address) ?? 0) < max,
    open(address) {
      const n = open.get(address) ?? 0;
      if (n >= max) return false;
      open.set(address, n + 1);
      return true;
    },
    close(address) {
      const n = (open.get(address) ?? 0) - 1;
      if (n > 0) open.set(address, n);
      else open.delete(address);
      if (n < max) reported.delete(address);
    },
    refuse(address) {
      if (reported.has(address)) return false;
      if (open.has(address)) reported.add(address);
      return true;
    },
    get size() {
      return open.size;
    },
  };
}

/**
 * Count every engine connection against its client address (MAX_CONNECTIONS_PER_ADDRESS, per node) until it
 * closes. allowRequest refuses most connections past the cap cleanly; this closes the few that raced past it.
 */
export function limitConnectionsPerAddress(
  io: RelayServer,
  addresses: AddressLimiter,
  config: Pick<Config, 'trustProxy'>,
  refused: (address: string) => void,
): void {
  io.engine.on(
    'connection',
    (raw: { request: IncomingMessage; once(ev: 'close', fn: () => void): void; close(): void }) => {
      const address = clientAddress(raw.request, config.trustProxy);
      if (!addresses.open(address)) {
        refused(address);
        raw.close();
        return;
      }
      raw.once('close', () => addresses.close(address));
    },
  );
}
