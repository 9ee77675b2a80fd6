// The wire schema of docs/protocol.md, one import point: every payload, ack, event and dm body as a
// zod/mini schema (small in the client bundle; the relay uses the same ones). Types derive in ../wire.ts.
export * from './primitives.js';
export * from './fields.js';
export * from './client-events.js';
export * from './server-events.js';
export * from './bodies.js';
export * from './files.js';
// ---- step details (`present:*`, docs/protocol.md "Presenter steps") ----
export * from './steps.js';
// ---- curvechat/v2 extensions (docs/protocol.md "v2: version negotiation", "v2: broadcast") ----
export * from './versions.js';
export * from './broadcast.js';
export * from './sender-key.js';
export * from './ratchet.js';

// ---- instance settings served at <BASE_PATH>config.json (docs/protocol.md "Instance settings") ----
export * from './client-config.js';
