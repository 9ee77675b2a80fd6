// Types of scripts/build-if-stale.mjs, for the tests that import it.

/** Where the inputs, outputs and stamp are, relative to the root (defaults: the real build's). */
export interface BuildPaths {
  inputs?: readonly string[];
  outputs?: readonly string[];
  stampFile?: string;
}

/** Files and directories whose contents feed `npm run build` (tsconfig*.json are added by name). */
export const INPUTS: readonly string[];
/** Files a usable build must contain. */
export const OUTPUTS: readonly string[];
/** Where the stamp of the last successful build is written. */
export const STAMP_FILE: string;
/** SHA-256 (hex) of every input file under `root`, keyed by its '/'-separated relative path, sorted. */
export function inputHashes(root: string, inputs?: readonly string[]): Promise<Record<string, string>>;
/** The paths whose hashes differ between two `inputHashes` results, sorted. */
export function changedPaths(before: Record<string, string>, now: Record<string, string>): string[];
/** Whether the build under `root` is stale, and why. */
export function checkBuild(root: string, paths?: BuildPaths): Promise<{ stale: boolean; reason: string }>;
/** A build starts: drop the old stamp and hash the inputs as they are now. */
export function beginBuild(root: string, paths?: Omit<BuildPaths, 'outputs'>): Promise<void>;
/** Record the inputs as built: those hashed by beginBuild when there are some, else the current ones. */
export function writeStamp(root: string, paths?: Omit<BuildPaths, 'outputs'>): Promise<void>;
/** The command line; returns the exit code. */
export function main(
  argv: readonly string[],
  options: BuildPaths & { root: string; build: () => number | Promise<number>; log?: (line: string) => void },
): Promise<number>;
