// HTTPS for a classroom LAN: load TLS_CERT/TLS_KEY, or generate a self-signed certificate at start-up.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { generate } from 'selfsigned';
import type { TlsConfig } from './config.js';

/** Certificate and key for the HTTPS server, with the certificate's SHA-256 fingerprint. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint256: string;
  selfSigned: boolean;
}

/** IPv4/IPv6 addresses of this machine's network interfaces (for the self-signed certificate's names). */
export function localAddresses(): string[] {
  const out = new Set<string>(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) out.add(a.address.split('%')[0]);
  return [...out];
}

/** Generate a self-signed P-256 certificate valid for `hostnames` and every local IP address, for 90 days. */
export async function selfSignedCertificate(hostnames: string[]): Promise<TlsMaterial> {
  const now = Date.now();
  const result = await generate([{ name: 'commonName', value: hostnames[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 90 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...hostnames.map((value) => ({ type: 2 as const, value })),
          ...localAddresses().map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return {
    cert: result.cert,
    key: result.private,
    fingerprint256: new X509Certificate(result.cert).fingerprint256,
    selfSigned: true,
  };
}

/** Load or generate the TLS material for `tls`; undefined when TLS is off. Throws with a clear message on bad files. */
export async function loadTls(tls: TlsConfig): Promise<TlsMaterial | undefined> {
  if (tls.mode === 'off') return undefined;
  if (tls.mode === 'self-signed') return selfSignedCertificate(tls.hostnames);
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(tls.certFile, 'utf8');
    key = readFileSync(tls.keyFile, 'utf8');
  } catch (err) {
    throw new Error(`cannot read TLS_CERT/TLS_KEY: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  let fingerprint256: string;
  try {
    fingerprint256 = new X509Certificate(cert).fingerprint256;
  } catch (err) {
    throw new Error(`TLS_CERT ${tls.certFile} is not a PEM certificate`, { cause: err });
  }
  return { cert, key, fingerprint256, selfSigned: false };
}
