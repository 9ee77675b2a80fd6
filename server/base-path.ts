// BASE_PATH: the URL prefix the relay serves everything under (app, assets, Socket.IO, probes, metrics).

/** The longest BASE_PATH accepted, in characters (after normalisation). */
export const MAX_BASE_PATH_LENGTH = 200;

// One path segment: unreserved URL characters only, so the prefix never needs escaping anywhere
// (URLs, the Socket.IO path, nginx, the CSP) and cannot smuggle `..`, `%`, `?`, `#` or a second slash.
const SEGMENT_RE = /^[A-Za-z0-9._~-]+$/;

/**
 * The normalised form of a BASE_PATH value (`chat` → `/chat/`, `/a/b` → `/a/b/`; empty or `/` → `/`),
 * or an Error whose message says what is wrong and what is accepted.
 */
export function normaliseBasePath(raw: string | undefined): string | Error {
  const text = raw?.trim() ?? '';
  if (text === '' || text === '/') return '/';
  const bad = (why: string): Error =>
    new Error(
      `BASE_PATH must be a URL path such as /chat/ (segments of letters, digits and . _ ~ - between single slashes): ${why} (got "${raw}")`,
    );
  const inner = text.replace(/^\//, '').replace(/\/$/, '');
  const segments = inner.split('/');
  for (const segment of segments) {
    if (segment === '') return bad('empty segment (//)');
    if (segment === '.' || segment === '..') return bad(`"${segment}" is not allowed as a segment`);
    if (!SEGMENT_RE.test(segment)) return bad(`"${segment}" has a character outside A-Z a-z 0-9 . _ ~ -`);
  }
  const normalised = `/${segments.join('/')}/`;
  if (normalised.length > MAX_BASE_PATH_LENGTH) return bad(`longer than ${MAX_BASE_PATH_LENGTH} characters`);
  return normalised;
}

/** BASE_PATH read for loadConfig: the normalised prefix, or `/` with a line pushed onto `problems`. */
export function readBasePath(raw: string | undefined, problems: string[]): string {
  const result = normaliseBasePath(raw);
  if (result instanceof Error) {
    problems.push(result.message);
    return '/';
  }
  return result;
}

/** The Socket.IO (Engine.IO) `path` option for a normalised base path: `/socket.io` at the root. */
export function socketIoPath(basePath: string): string {
  return `${basePath}socket.io`;
}
