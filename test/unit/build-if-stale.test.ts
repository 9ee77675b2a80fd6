// scripts/build-if-stale.mjs (npm start's prestart) on a temporary project: rebuild only when dist/ is missing or stale.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  INPUTS,
  STAMP_FILE,
  beginBuild,
  changedPaths,
  checkBuild,
  inputHashes,
  main,
  writeStamp,
} from '../../scripts/build-if-stale.mjs';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A small project: sources, configs and (optionally) a built dist/. */
function project(built = true): string {
  const root = mkdtempSync(path.join(tmpdir(), 'curvechat-stale-'));
  dirs.push(root);
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write('client/main.ts', 'export const a = 1;\n');
  write('client/components/x.ts', 'export const x = 1;\n');
  write('common/limits.ts', 'export const l = 1;\n');
  write('server/index.ts', 'export const s = 1;\n');
  write('public/favicon.svg', '<svg/>');
  write('vite.config.ts', 'export default {};\n');
  write('tsconfig.json', '{}');
  write('tsconfig.server.json', '{}');
  write('package.json', '{}');
  write('package-lock.json', '{}');
  write('client/node_modules/ignored.js', 'ignored');
  write('docs/readme.md', 'not an input');
  if (built) {
    write('dist/client/index.html', '<!doctype html>');
    write('dist/server/server/index.js', '');
  }
  return root;
}

/** Run main() with a recording build; returns whether it built and the line it logged. */
async function start(root: string): Promise<{ built: boolean; line: string }> {
  let built = false;
  const lines: string[] = [];
  const code = await main([], {
    root,
    build: () => {
      built = true;
      return 0;
    },
    log: (line) => lines.push(line),
  });
  assert.equal(code, 0);
  return { built, line: lines.join('\n') };
}

test('no dist: builds, saying which output is missing', async () => {
  const root = project(false);
  const { built, line } = await start(root);
  assert.equal(built, true);
  assert.match(line, /no build yet \(dist\/client\/index\.html is missing\)/);
});

test('dist without a stamp (or with a junk stamp) builds', async () => {
  const root = project();
  assert.match((await start(root)).line, /no readable build stamp/);
  writeFileSync(path.join(root, STAMP_FILE), '{not json');
  assert.equal((await start(root)).built, true);
  writeFileSync(path.join(root, STAMP_FILE), '{"files": null}');
  assert.match((await start(root)).line, /no readable build stamp/);
  writeFileSync(path.join(root, STAMP_FILE), '[]');
  assert.equal((await start(root)).built, true);
});

test('a current build is not rebuilt, even when files were touched without changes', async () => {
  const root = project();
  await main(['--stamp'], { root, build: () => assert.fail('--stamp must not build') });
  const first = await start(root);
  assert.equal(first.built, false);
  assert.match(first.line, /the build is current; not rebuilding/);
  const future = new Date(Date.now() + 3600_000);
  utimesSync(path.join(root, 'client/main.ts'), future, future);
  assert.equal((await start(root)).built, false);
  // Files outside the inputs (docs/, node_modules/) never make it stale.
  writeFileSync(path.join(root, 'docs/readme.md'), 'changed');
  writeFileSync(path.join(root, 'client/node_modules/ignored.js'), 'changed');
  assert.equal((await start(root)).built, false);
});

test('a changed, added or removed input makes it stale, named in the reason', async () => {
  const root = project();
  await writeStamp(root);
  writeFileSync(path.join(root, 'client/components/x.ts'), 'export const x = 2;\n');
  const result = await start(root);
  assert.equal(result.built, true);
  assert.match(result.line, /sources changed since the last build: client\/components\/x\.ts/);

  await writeStamp(root);
  writeFileSync(path.join(root, 'common/new.ts'), 'export {};\n');
  assert.match((await start(root)).line, /common\/new\.ts/);

  await writeStamp(root);
  rmSync(path.join(root, 'server/index.ts'));
  assert.match((await start(root)).line, /server\/index\.ts/);

  for (const config of [
    'tsconfig.server.json',
    'vite.config.ts',
    'package-lock.json',
    'public/favicon.svg',
  ]) {
    await writeStamp(root);
    writeFileSync(path.join(root, config), `${config} changed`);
    assert.match((await start(root)).line, new RegExp(config.replace(/\./g, '\\.')));
  }
});

test('many changes are summarised, and a deleted output forces a build despite a current stamp', async () => {
  const root = project();
  await writeStamp(root);
  for (let i = 0; i < 6; i++) writeFileSync(path.join(root, `client/f${i}.ts`), `${i}`);
  assert.match((await start(root)).line, /and 3 more/);
  await writeStamp(root);
  rmSync(path.join(root, 'dist/server/server/index.js'));
  assert.match((await start(root)).line, /dist\/server\/server\/index\.js is missing/);
});

test('a failing build passes its exit code on', async () => {
  const root = project(false);
  assert.equal(await main([], { root, build: () => 3, log: () => {} }), 3);
});

test('inputHashes covers the declared inputs and tsconfig*.json, sorted; changedPaths compares both ways', async () => {
  const root = project();
  const hashes = await inputHashes(root);
  const names = Object.keys(hashes);
  assert.deepEqual(names, [...names].sort());
  assert.ok(names.includes('tsconfig.server.json'));
  assert.ok(names.every((n) => INPUTS.some((i) => n === i || n.startsWith(`${i}/`)) || /^tsconfig/.test(n)));
  assert.ok(!names.some((n) => n.includes('node_modules') || n.startsWith('dist/')));
  assert.deepEqual(changedPaths({ a: '1', b: '2' }, { b: '3', c: '4' }), ['a', 'b', 'c']);
  assert.equal((await checkBuild(root, { inputs: ['client'] })).stale, true);
});

test('the command line, run from a copy in a temporary project: --stamp, then "current"', () => {
  const root = project();
  mkdirSync(path.join(root, 'scripts'));
  const script = path.join(root, 'scripts/build-if-stale.mjs');
  copyFileSync(new URL('../../scripts/build-if-stale.mjs', import.meta.url), script);
  execFileSync(process.execPath, [script, '--stamp'], { cwd: tmpdir() });
  assert.ok(existsSync(path.join(root, STAMP_FILE)));
  const out = execFileSync(process.execPath, [script], { cwd: tmpdir(), encoding: 'utf8' });
  assert.match(out, /the build is current; not rebuilding/);
});

test('a file edited while the build runs makes the next start rebuild; a failed build leaves no stamp', async () => {
  const root = project();
  await writeStamp(root);
  assert.equal((await start(root)).built, false);
  await main(['--begin'], { root, build: () => assert.fail('--begin must not build') });
  assert.ok(!existsSync(path.join(root, STAMP_FILE)), 'the old stamp is gone while building');
  // The build fails here: nothing stamps it, so the next start rebuilds.
  assert.match((await start(root)).line, /no readable build stamp/);
  await beginBuild(root);
  writeFileSync(path.join(root, 'client/main.ts'), 'export const a = 2; // saved during the build\n');
  await main(['--stamp'], { root, build: () => 0 });
  assert.match((await start(root)).line, /sources changed since the last build: client\/main\.ts/);
  assert.ok(
    !existsSync(path.join(root, 'dist/.build-stamp.pending.json')),
    'the pending hashes are used once',
  );
});
