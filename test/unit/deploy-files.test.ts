// deploy/compose.yaml and deploy/nginx.conf checked against each other and the relay's own config (no Docker
// engine here: docs/deploy.md). The nginx file itself runs for real in e2e/nginx.spec.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { MARKERS, NGINX_CONF, renderNginxConf } from '../../e2e/nginx-conf.js';
import { normaliseBasePath } from '../../server/base-path.js';
import { loadConfig } from '../../server/config.js';
import { parseComposeYaml, type Yaml } from './compose-yaml.js';

const compose = parseComposeYaml(readFileSync(new URL('../../deploy/compose.yaml', import.meta.url), 'utf8'));
const nginx = readFileSync(NGINX_CONF, 'utf8');
const RELAYS = ['relay1', 'relay2', 'relay3'];

/** `value` as a mapping (asserting it is one). */
function map(value: Yaml | undefined, what: string): Record<string, Yaml> {
  assert.ok(value && typeof value === 'object' && !Array.isArray(value), `${what} is a mapping`);
  return value;
}
const services = map(map(compose, 'compose.yaml').services, 'services');
/** Compose's `${NAME:-default}` / `${NAME:?message}` with the values a deployer puts in deploy/.env. */
const interpolate = (s: string): string =>
  s.replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_m, name: string, fallback?: string) =>
    name === 'CURVECHAT_METRICS_TOKEN' ? 'a-long-random-metrics-token' : (fallback ?? ''),
  );

describe('the YAML subset parser', () => {
  test('parses mappings, sequences, quoted scalars and flow lists, and refuses the rest', () => {
    assert.deepEqual(parseComposeYaml("a:\n  b: 'x # y' # c\n  c: ['p', \"q r\"]\n  d:\n    - '1:2'\n"), {
      a: { b: 'x # y', c: ['p', 'q r'], d: ['1:2'] },
    });
    for (const bad of ['a: &x 1\n', 'a: *x\n', 'a: |\n  x\n', 'a:\n\tb: 1\n', 'a: {b: 1}\n', 'a: 1\na: 2\n'])
      assert.throws(() => parseComposeYaml(bad), /compose\.yaml:/, bad);
  });
});

describe('deploy/compose.yaml', () => {
  test('three relays, Redis and nginx, and nothing else', () => {
    assert.deepEqual(Object.keys(services).sort(), ['nginx', 'redis', ...RELAYS].sort());
  });

  for (const name of RELAYS)
    test(`${name}: built from the repository, on Redis, under BASE_PATH /chat/, trusting exactly nginx`, () => {
      const relay = map(services[name], name);
      assert.deepEqual(relay.build, { context: '..' });
      assert.equal(relay.image, 'curvechat:latest');
      const env = map(relay.environment, `${name}.environment`);
      assert.equal(env.BASE_PATH, '/chat/');
      assert.equal(env.TRUST_PROXY, '1');
      assert.equal(env.TLS_PROXY, '1');
      assert.equal(env.REDIS_URL, 'redis://redis:6379');
      assert.match(
        String(env.METRICS_TOKEN),
        /:\?/,
        'no default metrics token: compose refuses to start without one',
      );
      // The relay itself accepts this environment (what `docker compose up` would give it).
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v))]));
      const config = loadConfig(resolved);
      assert.equal(config.basePath, '/chat/');
      assert.deepEqual(config.trustProxy, { mode: 'hops', hops: 1 });
      assert.deepEqual(config.http.allowedHosts, ['chat.example.org']);
      // docker stops a container after stop_grace_period: longer than the relay's own drain bound.
      const grace = Number(/^(\d+)s$/.exec(String(relay.stop_grace_period))?.[1]) * 1000;
      assert.ok(grace > config.drainTimeoutMs, 'stop_grace_period > DRAIN_TIMEOUT_MS');
      assert.deepEqual(map(relay.depends_on, 'depends_on').redis, { condition: 'service_healthy' });
    });

  test('nginx runs deploy/nginx.conf with its certificates, after every relay is healthy', () => {
    const proxy = map(services.nginx, 'nginx');
    const command = proxy.command as string[];
    assert.deepEqual(command.slice(0, 1), ['nginx']);
    assert.equal(command[command.indexOf('-c') + 1], '/etc/nginx/nginx.conf');
    assert.ok(command.includes('-p') && command.includes('daemon off;'));
    assert.deepEqual(proxy.volumes, ['./nginx.conf:/etc/nginx/nginx.conf:ro', './certs:/etc/nginx/certs:ro']);
    assert.ok((proxy.ports as string[]).includes('443:443'));
    const deps = map(proxy.depends_on, 'nginx.depends_on');
    for (const r of RELAYS) assert.deepEqual(deps[r], { condition: 'service_healthy' });
  });
});

describe('deploy/nginx.conf', () => {
  test('forwards to the three relays on the port the image listens on', () => {
    const servers = [...nginx.matchAll(/^\s*server (\S+) /gm)].map((m) => m[1]);
    assert.deepEqual(
      servers,
      RELAYS.map((r) => `${r}:3000`),
    );
    assert.match(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'), /PORT=3000/);
  });

  test('serves the relays’ BASE_PATH with the WebSocket upgrade and one X-Forwarded-For hop', () => {
    const basePath = String(map(map(services.relay1, 'relay1').environment, 'environment').BASE_PATH);
    assert.equal(normaliseBasePath(basePath), basePath);
    const location =
      new RegExp(`location ${basePath.replace(/[/.]/g, '\\$&')} \\{([^}]*)\\}`).exec(nginx)?.[1] ?? '';
    assert.match(location, /proxy_pass http:\/\/curvechat;/, 'the URI passes through unchanged');
    assert.match(location, /proxy_http_version 1\.1;/);
    assert.match(location, /proxy_set_header Upgrade \$http_upgrade;/);
    assert.match(location, /proxy_set_header Connection \$connection_upgrade;/);
    assert.match(location, /proxy_set_header Host \$http_host;/);
    assert.match(location, /proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    assert.match(nginx, /listen 443 ssl/);
    assert.match(nginx, /ssl_certificate\s+\/etc\/nginx\/certs\/fullchain\.pem;/);
    assert.equal((nginx.match(/\{/g) ?? []).length, (nginx.match(/\}/g) ?? []).length, 'balanced braces');
  });

  test('the test rendering changes only the marked lines, and refuses a file without its markers', () => {
    const values = {
      upstreams: ['127.0.0.1:1', '127.0.0.1:2'],
      httpPort: 8080,
      httpsPort: 8443,
      certFile: '/tmp/c.pem',
      keyFile: '/tmp/k.pem',
    };
    const rendered = renderNginxConf(values, nginx).split('\n');
    const unmarked = nginx.split('\n').filter((l) => !/# test: /.test(l));
    assert.deepEqual(
      rendered.filter((l) => unmarked.includes(l)),
      unmarked,
    );
    assert.equal(rendered.length, unmarked.length + 2 + MARKERS.length - 1);
    for (const marker of MARKERS)
      assert.throws(
        () => renderNginxConf(values, nginx.replace(new RegExp(`# test: ${marker}\\n`, 'g'), '\n')),
        /expected/,
      );
    assert.throws(
      () => renderNginxConf({ ...values, certFile: '/tmp/x; include /etc/passwd' }, nginx),
      /unsafe/,
    );
  });
});
