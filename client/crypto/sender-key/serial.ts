// One-at-a-time execution per chain: WebCrypto is async, and two messages must never use or commit the same iteration.

/** Something that owns a queue of pending operations. */
export interface Serial {
  /** The tail of the queue: resolves when every operation queued so far has finished. */
  tail: Promise<unknown>;
}

/** Run `fn` after every operation already queued on `owner`, and before any queued later. */
export function serially<T>(owner: Serial, fn: () => Promise<T>): Promise<T> {
  const run = owner.tail.then(fn, fn);
  owner.tail = run.catch(() => undefined);
  return run;
}
