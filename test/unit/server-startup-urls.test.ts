// The start-up URL list (server/startup-urls.ts): local URL, LAN addresses per bound HOST, the HTTPS hint.
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import { normalizeBasePath, pageUrl, startupBanner, startupUrls } from '../../server/startup-urls.js';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: `${address}/24`,
});
const v6 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: 'ffff:ffff:ffff:ffff::',
  family: 'IPv6',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: `${address}/64`,
  scopeid: 0,
});

const interfaces = {
  lo: [v4('127.0.0.1', true), v6('::1', true)],
  eth0: [v4('192.168.1.20'), v6('fd00::20'), v6('fe80::1234:5678%eth0')],
  wlan0: [v4('10.0.0.7')],
  down: undefined,
};

test('all interfaces over HTTP: localhost, each LAN address (IPv6 bracketed), and the WebCrypto hint', () => {
  const urls = startupUrls({ https: false, host: undefined, port: 3000, interfaces });
  assert.equal(urls.local, 'http://localhost:3000/');
  assert.deepEqual(urls.lan, [
    'http://192.168.1.20:3000/',
    'http://[fd00::20]:3000/',
    'http://10.0.0.7:3000/',
  ]);
  assert.equal(urls.webCryptoHint, true);
  const text = startupBanner(urls).join('\n');
  assert.match(text, /on this machine: +http:\/\/localhost:3000\//);
  assert.match(text, /on your network: +http:\/\/\[fd00::20\]:3000\//);
  assert.match(text, /WebCrypto only on localhost or over HTTPS/);
  assert.match(text, /TLS_SELF_SIGNED=1/);
  assert.match(text, /docs\/deploy\.md/);
});

test('internal and link-local addresses are never listed (a fe80:: URL needs a zone id browsers refuse)', () => {
  const urls = startupUrls({ https: false, host: '::', port: 3000, interfaces });
  for (const url of urls.lan) {
    assert.doesNotMatch(url, /127\.0\.0\.1|\[::1\]|fe80/);
  }
  assert.equal(urls.lan.length, 3);
});

test('HOST=0.0.0.0 listens on IPv4 only, so only IPv4 addresses are listed', () => {
  const urls = startupUrls({ https: false, host: '0.0.0.0', port: 8080, interfaces });
  assert.deepEqual(urls.lan, ['http://192.168.1.20:8080/', 'http://10.0.0.7:8080/']);
});

test('HTTPS: https URLs, no WebCrypto hint, and the default port 443 is left out', () => {
  const urls = startupUrls({ https: true, host: undefined, port: 443, interfaces });
  assert.equal(urls.local, 'https://localhost/');
  assert.ok(urls.lan.every((u) => u.startsWith('https://')));
  assert.ok(urls.lan.includes('https://192.168.1.20/'));
  assert.equal(urls.webCryptoHint, false);
  assert.doesNotMatch(startupBanner(urls).join('\n'), /WebCrypto/);
});

test('HOST naming one address: that address only; the hint only when it is not loopback', () => {
  const loop = startupUrls({ https: false, host: '127.0.0.1', port: 4000, interfaces });
  assert.deepEqual(loop, { local: 'http://127.0.0.1:4000/', lan: [], webCryptoHint: false });
  const ip6 = startupUrls({ https: false, host: '::1', port: 4000, interfaces });
  assert.equal(ip6.local, 'http://[::1]:4000/');
  assert.equal(ip6.webCryptoHint, false);
  const lan = startupUrls({ https: false, host: '192.168.1.20', port: 4000, interfaces });
  assert.deepEqual(lan, { local: 'http://192.168.1.20:4000/', lan: [], webCryptoHint: true });
  const name = startupUrls({ https: true, host: 'chat.example.org', port: 4000, interfaces });
  assert.deepEqual(name, { local: 'https://chat.example.org:4000/', lan: [], webCryptoHint: false });
});

test('no LAN interfaces: no network lines and no hint', () => {
  const urls = startupUrls({ https: false, host: undefined, port: 3000, interfaces: { lo: interfaces.lo } });
  assert.deepEqual(urls, { local: 'http://localhost:3000/', lan: [], webCryptoHint: false });
  assert.equal(startupBanner(urls).length, 2);
});

test('a base path prefixes every URL, with one leading and one trailing slash', () => {
  assert.equal(normalizeBasePath(undefined), '/');
  assert.equal(normalizeBasePath(''), '/');
  assert.equal(normalizeBasePath('/'), '/');
  assert.equal(normalizeBasePath('chat'), '/chat/');
  assert.equal(normalizeBasePath('/chat/'), '/chat/');
  assert.equal(normalizeBasePath('//a/b//'), '/a/b/');
  const urls = startupUrls({ https: false, host: undefined, port: 3000, basePath: '/chat', interfaces });
  assert.equal(urls.local, 'http://localhost:3000/chat/');
  assert.ok(urls.lan.every((u) => u.endsWith(':3000/chat/')));
  assert.equal(pageUrl(false, 'fd00::20', 80, '/x/'), 'http://[fd00::20]/x/');
});
