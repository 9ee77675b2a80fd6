// One async job at a time for a view that recomputes on every input change: requests made while a run is in flight
// collapse into one more run, and every run not cancelled is delivered, so a steady stream of requests cannot starve the view.
export class LatestOnly<T> {
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
