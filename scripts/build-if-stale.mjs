// `npm start`'s prestart: rebuild dist/ only when it is missing or its sources changed since the last build, told
// apart by a SHA-256 of every input recorded in dist/.build-stamp.json (`npm run build`: --begin, build, --stamp).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Files and directories whose contents feed `npm run build` (tsconfig*.json are added by name). */
export const INPUTS = [
  'client',
  'common',
  'server',
  'public',
  'index.html',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
];

/** Files a usable build must contain. */
export const OUTPUTS = ['dist/client/index.html', 'dist/server/server/index.js'];

/** Where the stamp of the last successful build is written. */
export const STAMP_FILE = 'dist/.build-stamp.json';

/** At most this many changed paths are named in the reason. */
const NAMED_CHANGES = 3;

async function walk(root, rel, out) {
  const full = path.join(root, rel);
  let entries;
  try {
    entries = await readdir(full, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOTDIR') {
      out.set(
        rel.split(path.sep).join('/'),
        createHash('sha256')
          .update(await readFile(full))
          .digest('hex'),
      );
      return;
    }
    if (err.code === 'ENOENT') return; // an optional input that does not exist
    throw err;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === '.DS_Store') continue;
    await walk(root, path.join(rel, entry.name), out);
  }
}

/** SHA-256 (hex) of every input file under `root`, keyed by its '/'-separated relative path, sorted. */
export async function inputHashes(root, inputs = INPUTS) {
  const tsconfigs = (await readdir(root)).filter((name) => /^tsconfig.*\.json$/.test(name));
  const out = new Map();
  for (const input of [...inputs, ...tsconfigs]) await walk(root, input, out);
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The paths whose hashes differ between two `inputHashes` results (changed, added or removed), sorted. */
export function changedPaths(before, now) {
  const names = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...names].filter((name) => before[name] !== now[name]).sort();
}

/**
 * Whether the build under `root` is stale, and why: `{ stale, reason }`. Stale when an output is missing,
 * the stamp is missing or unreadable, or any input was changed, added or removed since the stamp.
 */
export async function checkBuild(root, { inputs = INPUTS, outputs = OUTPUTS, stampFile = STAMP_FILE } = {}) {
  const missing = outputs.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length > 0) return { stale: true, reason: `no build yet (${missing[0]} is missing)` };
  let stamp;
  try {
    stamp = JSON.parse(await readFile(path.join(root, stampFile), 'utf8'));
  } catch {
    return { stale: true, reason: `no readable build stamp (${stampFile})` };
  }
  const before = stamp && typeof stamp.files === 'object' && stamp.files !== null ? stamp.files : undefined;
  if (!before) return { stale: true, reason: `no readable build stamp (${stampFile})` };
  const changed = changedPaths(before, await inputHashes(root, inputs));
  if (changed.length === 0) return { stale: false, reason: 'the build is current' };
  const named = changed.slice(0, NAMED_CHANGES).join(', ');
  const more = changed.length > NAMED_CHANGES ? ` and ${changed.length - NAMED_CHANGES} more` : '';
  return { stale: true, reason: `sources changed since the last build: ${named}${more}` };
}

/** Where `--begin` keeps the inputs as they were when the build started, until `--stamp`. */
const pendingOf = (stampFile) => stampFile.replace(/\.json$/, '.pending.json');

/**
 * A build starts: drop the old stamp (a failed build leaves none, so the next start rebuilds) and hash the
 * inputs now, so that a file edited while the build runs makes the next start rebuild.
 */
export async function beginBuild(root, { inputs = INPUTS, stampFile = STAMP_FILE } = {}) {
  await rm(path.join(root, stampFile), { force: true });
  const files = await inputHashes(root, inputs);
  await mkdir(path.dirname(path.join(root, stampFile)), { recursive: true });
  await writeFile(path.join(root, pendingOf(stampFile)), `${JSON.stringify({ files })}\n`);
}

/**
 * Record the inputs as built (run after a successful build): those hashed by `beginBuild` when there are
 * some, else the current ones.
 */
export async function writeStamp(root, { inputs = INPUTS, stampFile = STAMP_FILE } = {}) {
  const pending = path.join(root, pendingOf(stampFile));
  let files;
  try {
    files = JSON.parse(await readFile(pending, 'utf8')).files;
  } catch {
    files = undefined;
  }
  if (typeof files !== 'object' || files === null) files = await inputHashes(root, inputs);
  await mkdir(path.dirname(path.join(root, stampFile)), { recursive: true });
  await writeFile(
    path.join(root, stampFile),
    `${JSON.stringify({ builtAt: new Date().toISOString(), files })}\n`,
  );
  await rm(pending, { force: true });
}

/**
 * The command line: `--begin` hashes the inputs as a build starts, `--stamp` writes the stamp; otherwise rebuild with `build()` (default `npm run build`,
 * which stamps at its end) only when stale. Returns the exit code; `log` receives the one line saying which.
 */
export async function main(
  argv,
  { root, build, log = (line) => process.stdout.write(`${line}\n`), ...opts },
) {
  if (argv.includes('--begin')) {
    await beginBuild(root, opts);
    return 0;
  }
  if (argv.includes('--stamp')) {
    await writeStamp(root, opts);
    return 0;
  }
  const { stale, reason } = await checkBuild(root, opts);
  if (!stale) {
    log(`curvechat: ${reason}; not rebuilding (delete dist/ or run \`npm run build\` to force one).`);
    return 0;
  }
  log(`curvechat: building: ${reason}.`);
  return build();
}

function npmRunBuild(root) {
  const shell = process.platform === 'win32'; // npm is npm.cmd there
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell });
  return result.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  process.exitCode = await main(process.argv.slice(2), { root, build: () => npmRunBuild(root) });
}
