// A serial job for a view that recomputes on every input change: one run at a time, requests coalesced into one rerun.

/**
 * Runs one async job at a time: requests made while a run is in flight coalesce into one more run after it, and every
 * run not cancelled is delivered (even one that requests overtook), so a steady stream of requests cannot starve the view.
 */
export class SerialJob<T> {
  private running = false;
  private again = false;
  private generation = 0;

  /** `job` computes from the current inputs; `deliver` receives each result that was not cancelled meanwhile. */
  constructor(
    private readonly job: () => Promise<T>,
    private readonly deliver: (value: T) => void,
  ) {}

  /** The inputs changed: run now, or once more after the run in flight. */
  request(): void {
    if (this.running) this.again = true;
    else void this.loop();
  }

  /** Forget any result in flight and any rerun asked for (e.g. the inputs were reset): it is not delivered. */
  cancel(): void {
    this.generation++;
    this.again = false;
  }

  /** True while a run is in flight (tests). */
  get busy(): boolean {
    return this.running;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        const at = this.generation;
        try {
          const value = await this.job();
          if (at === this.generation) this.deliver(value);
        } catch {
          // A failed run delivers nothing; the next request runs again.
        }
      } while (this.again);
    } finally {
      this.running = false;
    }
  }
}
