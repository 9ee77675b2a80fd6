// The Host allowlist: which Host header values this relay answers, so that a DNS-rebinding page (a foreign
// name that resolves to this machine) can neither read its pages nor open a Socket.IO session.
import { X509Certificate } from 'node:crypto';
import { localAddresses } from './tls.js';

/** Decides whether a request's Host header names this relay. */
export type HostCheck = (hostHeader: string | undefined) => boolean;

// How long the machine's interface addresses are cached (they change with DHCP, Wi-Fi, VPNs).
const ADDRESSES_TTL_MS = 5000;

/** The host name of a Host header, lower-case, without port, brackets or a trailing dot; undefined if malformed. */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const m = /^(?:\[([0-9a-f:.]{2,45})\]|([a-z0-9.-]{1,253}))(?::\d{1,5})?$/i.exec(hostHeader.trim());
  if (!m) return undefined;
  const name = (m[1] ?? m[2]).toLowerCase();
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** The DNS names of a PEM certificate's subjectAltName (so TLS_CERT's names are answered by default). */
export function certificateNames(pem: string): string[] {
  const san = new X509Certificate(pem).subjectAltName ?? '';
  return san
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
}

function matches(pattern: string, name: string): boolean {
  if (!pattern.startsWith('*.')) return pattern === name;
  const suffix = pattern.slice(1); // ".example.org"
  return name.endsWith(suffix) && !name.slice(0, -suffix.length).includes('.') && name.length > suffix.length;
}

/**
 * The Host check: `extra` '*' answers every Host; otherwise localhost, 127.0.0.1, ::1, the machine's
 * current interface addresses, `names` (TLS names, the bound HOST) and the `extra` patterns are answered.
 */
export function createHostCheck(extra: readonly string[] | '*', names: readonly string[]): HostCheck {
  if (extra === '*') return () => true;
  const fixed = [
    'localhost',
    '127.0.0.1',
    '::1',
    ...names.map((n) => n.toLowerCase().replace(/^\[|\]$/g, '')),
    ...extra.map((n) => n.replace(/^\[|\]$/g, '')),
  ];
  let addresses = new Set<string>();
  let addressesAt = -Infinity;
  return (hostHeader) => {
    const name = hostName(hostHeader);
    if (name === undefined) return false;
    if (fixed.some((pattern) => matches(pattern, name))) return true;
    const now = Date.now();
    if (now - addressesAt > ADDRESSES_TTL_MS) {
      addresses = new Set(localAddresses().map((a) => a.toLowerCase()));
      addressesAt = now;
    }
    return addresses.has(name);
  };
}
