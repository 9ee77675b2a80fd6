// Test helper: load the public test vectors. The files the tests use are copied
// from ../shared/vectors into test/vectors (so a clone works on its own);
// $VECTORS_DIR points elsewhere, and vectors-sync.test.ts checks the copy.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's copy of the vectors used by the tests. */
export const REPO_VECTORS_DIR = fileURLToPath(new URL('../vectors/', import.meta.url));
/** The project-wide originals, beside the repository (absent in a lone clone). */
export const SHARED_VECTORS_DIR = fileURLToPath(new URL('../../../shared/vectors/', import.meta.url));
/** Directory holding rfc-vectors.md and wycheproof/. */
export const VECTORS_DIR = process.env.VECTORS_DIR ? resolve(process.env.VECTORS_DIR) : REPO_VECTORS_DIR;

/** One Wycheproof test case (fields vary by schema). */
export interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  result: 'valid' | 'invalid' | 'acceptable';
  [field: string]: any;
}

/** One Wycheproof test group. */
export interface WycheproofGroup {
  type: string;
  tests: WycheproofTest[];
  [field: string]: any;
}

/** A Wycheproof file. */
export interface WycheproofFile {
  algorithm: string;
  numberOfTests: number;
  testGroups: WycheproofGroup[];
}

/** Parse a file from wycheproof/. */
export function loadWycheproof(name: string): WycheproofFile {
  return JSON.parse(readFileSync(join(VECTORS_DIR, 'wycheproof', name), 'utf8')) as WycheproofFile;
}

/** Every test of a Wycheproof file with its group. */
export function wycheproofCases(file: WycheproofFile): { group: WycheproofGroup; test: WycheproofTest }[] {
  return file.testGroups.flatMap((group) => group.tests.map((test) => ({ group, test })));
}

/**
 * A hex value from rfc-vectors.md: the table row of `section` whose first cell
 * starts with `label`; all back-quoted hex chunks of its value cell joined.
 */
export function rfcHex(section: string, label: string): string {
  const md = readFileSync(join(VECTORS_DIR, 'rfc-vectors.md'), 'utf8');
  const start = md.indexOf(section);
  if (start < 0) throw new Error(`section ${section} not in rfc-vectors.md`);
  const next = md.indexOf('\n## ', start + 1);
  const nextSub = md.indexOf('\n### ', start + section.length);
  const end = Math.min(...[next, nextSub, md.length].filter((i) => i > start));
  for (const line of md.slice(start, end).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 3 || !cells[1]!.startsWith(label)) continue;
    const chunks = [...cells[2]!.matchAll(/`([0-9a-f]+)`/g)].map((m) => m[1]);
    if (chunks.length) return chunks.join('');
  }
  throw new Error(`row ${label} not in ${section}`);
}
