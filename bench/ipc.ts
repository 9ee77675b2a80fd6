// Child-process plumbing for the process benches: start a TypeScript child with an IPC channel and ask it
// questions ({ id, cmd } → { id, result | error }); the child side answers with `serve`.
import { fork, type ChildProcess } from 'node:child_process';

/** A running child that answers commands over IPC. */
export interface Child {
  /** Process id (for the report and /proc). */
  pid: number;
  /** Send `cmd` with `args` and resolve with the child's answer. */
  ask<T>(cmd: string, args?: object): Promise<T>;
  /** Ask the child to exit and wait until it has. */
  close(): Promise<void>;
}

interface Answer {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * Start `file` (a .ts module) under tsx with `--expose-gc` and the given extra Node flags, and resolve once it
 * reports `ready` (what it sends with that, for example its URL, is returned).
 */
export async function startChild(
  file: string,
  args: string[],
  nodeFlags: string[] = [],
): Promise<{ child: Child; ready: unknown }> {
  const proc: ChildProcess = fork(new URL(file, import.meta.url).pathname, args, {
    execArgv: ['--expose-gc', '--import', 'tsx', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { res: (v: unknown) => void; rej: (e: Error) => void }>();
  let next = 1;
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  const ready = await new Promise<unknown>((res, rej) => {
    proc.once('error', rej);
    proc.once('exit', (code) => rej(new Error(`${file} exited with ${code} before it was ready`)));
    proc.on('message', (m: Answer & { ready?: unknown }) => {
      if ('ready' in m) return res(m.ready);
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.error !== undefined) w.rej(new Error(`${file}: ${m.error}`));
      else w.res(m.result);
    });
  });
  const child: Child = {
    pid: proc.pid!,
    ask: <T>(cmd: string, a: object = {}) =>
      new Promise<T>((res, rej) => {
        const id = next++;
        waiting.set(id, { res: res as (v: unknown) => void, rej });
        proc.send({ id, cmd, ...a });
      }),
    close: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.send({ id: 0, cmd: 'exit' });
      await Promise.race([exited, new Promise((res) => setTimeout(res, 5000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
  return { child, ready };
}

/** Child side: answer commands with `handlers` (plus `exit`), after telling the parent it is `ready`. */
export function serve(
  handlers: Record<string, (args: Record<string, unknown>) => unknown>,
  ready: unknown,
): void {
  process.on('message', (m: { id: number; cmd: string } & Record<string, unknown>) => {
    if (m.cmd === 'exit') {
      void Promise.resolve(handlers.exit?.({})).finally(() => process.exit(0));
      return;
    }
    const handler = handlers[m.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${m.cmd}`);
        return handler(m);
      })
      .then(
        (result: unknown) => process.send?.({ id: m.id, result }),
        (err: unknown) =>
          process.send?.({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
      );
  });
  // A parent that dies leaves no orphan behind.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready });
}

/** CPU time the process has used so far (user + system, all threads), in microseconds. */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Heap in use after two full collections (needs --expose-gc; without it, the heap as it is). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}
