// Container HEALTHCHECK: GET /healthz on this node over loopback (HTTP or HTTPS per the TLS env vars); exit 0 when 200.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const env = process.env;
const tls = Boolean(env.TLS_CERT) || ['1', 'true'].includes(env.TLS_SELF_SIGNED ?? '');
const host = env.HOST && !['0.0.0.0', '::'].includes(env.HOST) ? env.HOST : '127.0.0.1';
const port = Number(env.PORT || 3000);
const request = tls ? httpsRequest : httpRequest;
// Loopback check of our own certificate, which may be self-signed: no verification needed here.
const req = request({ host, port, path: '/healthz', timeout: 2500, rejectUnauthorized: false }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => process.exit(1));
req.end();
