// BASE_PATH: normalisation and validation (server/base-path.ts, server/config.ts) and the client's
// Socket.IO path derived from the page address (client/session/base-path.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { relaySocketPath } from '../../client/session/base-path.js';
import { MAX_BASE_PATH_LENGTH, normaliseBasePath, socketIoPath } from '../../server/base-path.js';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('BASE_PATH normalisation', () => {
  test('unset, empty and / mean the root, exactly as without the variable', () => {
    assert.equal(loadConfig({}).basePath, '/');
    for (const raw of [undefined, '', '  ', '/']) assert.equal(normaliseBasePath(raw), '/');
    assert.equal(socketIoPath('/'), '/socket.io');
  });

  test('a leading and a trailing slash are added', () => {
    for (const raw of ['chat', '/chat', 'chat/', '/chat/', ' /chat/ '])
      assert.equal(normaliseBasePath(raw), '/chat/');
    assert.equal(normaliseBasePath('a/b-c/d_e.f~g'), '/a/b-c/d_e.f~g/');
    assert.equal(loadConfig({ BASE_PATH: 'chat' }).basePath, '/chat/');
    assert.equal(socketIoPath('/chat/'), '/chat/socket.io');
  });

  test('junk is refused at start-up with a message naming BASE_PATH and the problem', () => {
    const cases: [string, RegExp][] = [
      ['//chat', /empty segment/],
      ['/a//b/', /empty segment/],
      ['/../etc/', /"\.\." is not allowed/],
      ['/./', /"\." is not allowed/],
      ['/chat?x=1', /character outside/],
      ['/chat#x', /character outside/],
      ['/ch%61t/', /character outside/],
      ['/chät/', /character outside/],
      ['/a b/', /character outside/],
      ['https://example.org/chat/', /character outside/],
      ['\\chat\\', /character outside/],
      [`/${'a'.repeat(MAX_BASE_PATH_LENGTH)}/`, /longer than/],
    ];
    for (const [raw, why] of cases) {
      assert.ok(normaliseBasePath(raw) instanceof Error, raw);
      assert.throws(
        () => loadConfig({ BASE_PATH: raw }),
        (err: unknown) =>
          err instanceof ConfigError &&
          /BASE_PATH must be a URL path/.test(err.message) &&
          why.test(err.message),
        raw,
      );
    }
  });
});

describe('the client finds Socket.IO next to the page', () => {
  test('at the root it is Socket.IO’s default /socket.io', () => {
    assert.equal(relaySocketPath('http://localhost:3000/'), '/socket.io');
    assert.equal(relaySocketPath('http://localhost:3000/?room=maths#x'), '/socket.io');
    assert.equal(relaySocketPath('https://h/index.html?room=a'), '/socket.io');
  });

  test('under any prefix, without a rebuild', () => {
    assert.equal(relaySocketPath('https://example.org/chat/?room=maths'), '/chat/socket.io');
    assert.equal(relaySocketPath('https://example.org/chat/index.html'), '/chat/socket.io');
    assert.equal(relaySocketPath('https://example.org/school/room-1/#lab'), '/school/room-1/socket.io');
  });
});
