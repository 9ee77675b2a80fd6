// Where the relay's Socket.IO endpoint is, relative to the page: the same build works under any BASE_PATH.

/**
 * The Socket.IO `path` for a page at `pageUrl` (the document's base URL): the page's directory plus
 * `socket.io`, so a page at `https://host/chat/?room=x` talks to `/chat/socket.io` and one at the root to
 * `/socket.io` (Socket.IO's default). Nothing is injected by the server: the strict CSP stays script-free.
 */
export function relaySocketPath(pageUrl: string): string {
  return new URL('socket.io', pageUrl).pathname;
}
