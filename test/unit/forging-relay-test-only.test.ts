// The dishonest relay of the tests (test/integration/forging-relay.ts, e2e/v2-helpers.ts) is test-only: it is a
// separate Socket.IO server in front of the real relay, nothing in the shipped code imports or builds it, and the
// relay has no hook through which one could inject events.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every .ts file under `dir` (relative to the repository root). */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

test('no shipped source (server/, client/, common/) imports test code or the forging relay', () => {
  const files = ['server', 'client', 'common'].flatMap(sources);
  assert.ok(files.length > 50, `found only ${files.length} sources`);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.doesNotMatch(text, /forging-relay|forgingRelay|startForging/, f);
    assert.doesNotMatch(text, /from '(\.\.\/)+(test|e2e)\//, f);
  }
});

test('the relay build compiles only server/ and common/', () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'tsconfig.server.json'), 'utf8')) as {
    include: string[];
  };
  assert.deepEqual([...config.include].sort(), ['common', 'server']);
});
