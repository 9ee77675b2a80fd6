// Container HEALTHCHECK: GET [BASE_PATH]healthz on this node over loopback (HTTP or HTTPS per the TLS env vars); exit 0 when 200.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { normaliseBasePath } from './base-path.js';

const env = process.env;
const tls = Boolean(env.TLS_CERT) || ['1', 'true'].includes(env.TLS_SELF_SIGNED ?? '');
const host = env.HOST && !['0.0.0.0', '::'].includes(env.HOST) ? env.HOST : '127.0.0.1';
const port = Number(env.PORT || 3000);
const request = tls ? httpsRequest : httpRequest;
// Under BASE_PATH the probe lives under the prefix too (an invalid one stops the server anyway).
const basePath = normaliseBasePath(env.BASE_PATH);
const probe = `${basePath instanceof Error ? '/' : basePath}healthz`;
// Loopback check of our own certificate, which may be self-signed: no verification needed here.
const req = request({ host, port, path: probe, timeout: 2500, rejectUnauthorized: false }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => process.exit(1));
req.end();
