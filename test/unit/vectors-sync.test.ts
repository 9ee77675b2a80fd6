// Checks that the vectors copied into test/vectors are byte-identical to the project's originals in
// ../shared/vectors; the comparison is skipped (visibly, with a reason) when they are not beside this clone.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_VECTORS_DIR, SHARED_VECTORS_DIR } from '../helpers/vectors.js';

function files(dir: string, sub = ''): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, join(sub, e.name)) : [join(sub, e.name)],
  );
}

test('the repository copy of the vectors holds the files the tests read', () => {
  const have = files(REPO_VECTORS_DIR);
  for (const f of ['rfc-vectors.md', 'wycheproof/x25519_test.json', 'wycheproof/hkdf_sha256_test.json'])
    assert.ok(have.includes(f), `${f} is missing from test/vectors`);
});

test('every copied vector file equals its original in ../shared/vectors', (t) => {
  if (!existsSync(SHARED_VECTORS_DIR)) {
    t.skip(`../shared/vectors is not beside this clone (${SHARED_VECTORS_DIR}); nothing to compare`);
    return;
  }
  for (const f of files(REPO_VECTORS_DIR)) {
    const original = join(SHARED_VECTORS_DIR, f);
    assert.ok(existsSync(original), `${f} has no original in ../shared/vectors`);
    assert.ok(readFileSync(original).equals(readFileSync(join(REPO_VECTORS_DIR, f))), `${f} differs`);
  }
});
