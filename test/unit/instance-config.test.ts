// Unit tests of MAX_FILE_BYTES: the relay's parsing (junk refused, naming the variable), the config.json schema,
// and the client's start-up loader with its fallbacks (docs/protocol.md Extensions, "Instance settings").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_CLIENT_CONFIG,
  MAX_FILE_BYTES_CAP,
  clientConfig,
} from '../../common/schema/client-config.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../common/schema/files.js';
import { defaultInboundFileLimits } from '../../client/session/file-incoming.js';
import {
  type FetchLike,
  instanceConfigUrl,
  loadInstanceConfig,
} from '../../client/session/instance-config.js';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('MAX_FILE_BYTES (server/config.ts)', () => {
  test('default: the client default, 25 MB, from the one shared constant', () => {
    assert.equal(DEFAULT_MAX_FILE_BYTES, 25_000_000);
    assert.equal(loadConfig({}).maxFileBytes, DEFAULT_MAX_FILE_BYTES);
    assert.equal(defaultInboundFileLimits().maxFileBytes, DEFAULT_MAX_FILE_BYTES);
    assert.equal(loadConfig({ MAX_FILE_BYTES: '  ' }).maxFileBytes, DEFAULT_MAX_FILE_BYTES, 'blank = unset');
  });

  test('a positive whole number of bytes up to the 1 GiB cap is taken as is', () => {
    assert.equal(loadConfig({ MAX_FILE_BYTES: '1' }).maxFileBytes, 1);
    assert.equal(loadConfig({ MAX_FILE_BYTES: ' 100000 ' }).maxFileBytes, 100_000);
    assert.equal(MAX_FILE_BYTES_CAP, 1024 ** 3);
    assert.equal(loadConfig({ MAX_FILE_BYTES: String(MAX_FILE_BYTES_CAP) }).maxFileBytes, MAX_FILE_BYTES_CAP);
  });

  for (const junk of [
    '0',
    '-5',
    '1.5',
    '25MB',
    'abc',
    'NaN',
    'Infinity',
    String(MAX_FILE_BYTES_CAP + 1),
    '1e12',
  ])
    test(`junk "${junk}" stops the relay with an error naming MAX_FILE_BYTES and its range`, () => {
      assert.throws(
        () => loadConfig({ MAX_FILE_BYTES: junk }),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.message.includes(
            `MAX_FILE_BYTES must be an integer from 1 to ${MAX_FILE_BYTES_CAP} (got "${junk}")`,
          ),
      );
    });

  test('a bad MAX_FILE_BYTES is listed with the other problems, not instead of them', () => {
    assert.throws(
      () => loadConfig({ MAX_FILE_BYTES: 'lots', PORT: 'x' }),
      (err: unknown) =>
        err instanceof ConfigError && /MAX_FILE_BYTES/.test(err.message) && /PORT/.test(err.message),
    );
  });
});

describe('config.json schema (common/schema/client-config.ts)', () => {
  test('accepts 1 … cap, strips unknown fields (a newer relay may add some)', () => {
    assert.deepEqual(clientConfig.parse({ maxFileBytes: 1 }), { maxFileBytes: 1 });
    assert.deepEqual(clientConfig.parse({ maxFileBytes: MAX_FILE_BYTES_CAP, theme: 'x' }), {
      maxFileBytes: MAX_FILE_BYTES_CAP,
    });
    assert.deepEqual(clientConfig.parse(DEFAULT_CLIENT_CONFIG), { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
  });

  for (const junk of [
    null,
    [],
    'big',
    {},
    { maxFileBytes: 0 },
    { maxFileBytes: -1 },
    { maxFileBytes: 1.5 },
    { maxFileBytes: '1000' },
    { maxFileBytes: MAX_FILE_BYTES_CAP + 1 },
    { maxFileBytes: Number.MAX_VALUE },
    { maxFileBytes: Number.POSITIVE_INFINITY },
  ])
    test(`refuses ${JSON.stringify(junk)}`, () => {
      assert.equal(clientConfig.safeParse(junk).success, false);
    });
});

/** A fetch stand-in answering `status` with `body` (a function body that throws stands for junk JSON). */
function answering(status: number, body: () => unknown, seen: string[] = []): FetchLike {
  return async (url, init) => {
    seen.push(url);
    assert.equal(init.cache, 'no-store');
    return { ok: status >= 200 && status < 300, status, json: async () => body() };
  };
}

describe('loadInstanceConfig (client start-up)', () => {
  test('config.json is fetched next to the page, so any BASE_PATH works', async () => {
    const seen: string[] = [];
    const got = await loadInstanceConfig(
      'https://example.org/chat/?room=x',
      answering(200, () => ({ maxFileBytes: 5000 }), seen),
    );
    assert.deepEqual(seen, ['https://example.org/chat/config.json']);
    assert.deepEqual(got, { settings: { maxFileBytes: 5000 }, notes: [] });
    assert.equal(instanceConfigUrl('http://h:1/'), 'http://h:1/config.json');
  });

  const fallbacks: [string, FetchLike, string][] = [
    ['HTTP 404', answering(404, () => ({})), 'the relay answered HTTP 404'],
    [
      'junk JSON',
      answering(200, () => {
        throw new SyntaxError('junk');
      }),
      'not JSON',
    ],
    ['a limit of 0', answering(200, () => ({ maxFileBytes: 0 })), 'not valid settings'],
    ['a limit past the cap', answering(200, () => ({ maxFileBytes: 2 ** 40 })), 'not valid settings'],
    ['a string limit', answering(200, () => ({ maxFileBytes: '1000' })), 'not valid settings'],
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch')), 'no answer'],
  ];
  for (const [what, fetchImpl, why] of fallbacks)
    test(`${what}: the 25 MB default and one warning line saying why`, async () => {
      const got = await loadInstanceConfig('http://localhost/', fetchImpl);
      assert.deepEqual(got.settings, { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
      assert.equal(got.notes.length, 1);
      assert.equal(got.notes[0]!.level, 'warn');
      assert.equal(
        got.notes[0]!.text,
        `Could not read this relay's settings (config.json: ${why}); using the defaults: files up to 25.0 MB.`,
      );
    });

  test('a relay that never answers: the timeout gives the defaults', async () => {
    const hang: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal.addEventListener('abort', () => reject(init.signal.reason)),
      );
    const got = await loadInstanceConfig('http://localhost/', hang, 20);
    assert.deepEqual(got.settings, { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    assert.match(got.notes[0]!.text, /no answer/);
  });
});

describe('RoomSession takes what the composition root read', () => {
  test('maxFileBytes sets the limit its state shows (the composer reads it); startLog lines open the activity log', async () => {
    const { RoomSession } = await import('../../client/session/room-session.js');
    const { MemoryStorage } = await import('../../client/session/resume.js');
    const note = { level: 'warn' as const, text: 'settings note' };
    const session = new RoomSession({
      storage: new MemoryStorage(),
      resumeClaim: null,
      files: { maxFileBytes: 100_000 },
      startLog: [note],
    });
    assert.equal(session.state.maxFileBytes, 100_000);
    assert.deepEqual(
      session.state.log.map((e) => ({ level: e.level, text: e.text })),
      [note],
    );
  });
});
