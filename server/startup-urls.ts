// Where to open curvechat, printed once at start-up: the local URL, each LAN address when HOST binds all
// interfaces, and the secure-context hint for plain HTTP on a LAN. Pure: the interfaces are passed in.
import { isIP } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';

/** What the URL list is computed from: the listener as bound and the machine's interfaces. */
export interface StartupUrlInput {
  /** True when this process itself serves HTTPS (TLS_CERT/TLS_KEY or TLS_SELF_SIGNED). */
  https: boolean;
  /** The bound HOST; undefined, '0.0.0.0' or '::' mean all interfaces. */
  host: string | undefined;
  /** The port actually bound. */
  port: number;
  /** Path prefix the app is served under ('/chat/'); default '/'. */
  basePath?: string;
  /** The machine's interfaces, as os.networkInterfaces() returns them. */
  interfaces: Readonly<Record<string, readonly NetworkInterfaceInfo[] | undefined>>;
}

/** The URLs to print: one for this machine, one per LAN address, and whether to print the HTTPS hint. */
export interface StartupUrls {
  /** The URL to open on this machine (or the bound address, when HOST names one). */
  local: string;
  /** One URL per non-internal interface address, when HOST binds all interfaces; IPv6 bracketed. */
  lan: string[];
  /** True when a LAN URL is plain HTTP: browsers allow WebCrypto only on localhost or HTTPS. */
  webCryptoHint: boolean;
}

/** A base path as '/' or '/prefix/': one leading and one trailing slash. */
export function normalizeBasePath(basePath: string | undefined): string {
  const trimmed = (basePath ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** The URL for `address` (a name or an IP; IPv6 gets brackets), with the default port left out. */
export function pageUrl(https: boolean, address: string, port: number, basePath?: string): string {
  const hostPart = isIP(address) === 6 ? `[${address}]` : address;
  const url = new URL(`${https ? 'https' : 'http'}://${hostPart}:${port}`);
  url.pathname = normalizeBasePath(basePath);
  return url.href;
}

const ALL_INTERFACES = new Set(['0.0.0.0', '::']);
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/i;

// fe80::/10: link-local IPv6 needs a zone id (%eth0), which browsers do not accept in a URL.
const isLinkLocal6 = (address: string): boolean => /^fe[89ab][0-9a-f]:/i.test(address);

/** The URLs to print for a listener bound as `input` describes. */
export function startupUrls(input: StartupUrlInput): StartupUrls {
  const { https, host, port, basePath } = input;
  const all = host === undefined || ALL_INTERFACES.has(host);
  if (!all) {
    const local = pageUrl(https, host, port, basePath);
    return { local, lan: [], webCryptoHint: !https && !LOOPBACK.test(host) };
  }
  // '0.0.0.0' listens on IPv4 only; unset HOST and '::' listen on both families (dual stack).
  const families = host === '0.0.0.0' ? new Set(['IPv4']) : new Set(['IPv4', 'IPv6']);
  const lan = new Set<string>();
  for (const list of Object.values(input.interfaces)) {
    for (const entry of list ?? []) {
      if (entry.internal || !families.has(entry.family)) continue;
      const address = entry.address.split('%')[0];
      if (isLinkLocal6(address)) continue;
      lan.add(pageUrl(https, address, port, basePath));
    }
  }
  return {
    local: pageUrl(https, 'localhost', port, basePath),
    lan: [...lan],
    webCryptoHint: !https && lan.size > 0,
  };
}

/** The human-readable lines printed on stdout at start-up (no trailing newlines). */
export function startupBanner(urls: StartupUrls): string[] {
  const lines = ['curvechat is running. Open it in a browser:', `  on this machine:  ${urls.local}`];
  for (const url of urls.lan) lines.push(`  on your network:  ${url}`);
  if (urls.webCryptoHint)
    lines.push(
      'Note: browsers allow WebCrypto only on localhost or over HTTPS, so the network addresses above',
      'will not work over plain HTTP. For a classroom LAN start with TLS_SELF_SIGNED=1 (and',
      "TLS_HOSTNAMES=<this machine's name>) or TLS_CERT/TLS_KEY; see docs/deploy.md.",
    );
  return lines;
}
