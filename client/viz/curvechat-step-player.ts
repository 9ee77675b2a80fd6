// <curvechat-step-player>: play/pause/step/speed/position controls shared by every math view.
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { emit } from '../components/events.js';
import { prefersReducedMotion } from './canvas.js';
import { DockWatch } from './dock-watch.js';
import { icon } from './step-icons.js';
import { stepPlayerStyles } from './step-player-styles.js';
import { vizStyles } from './styles.js';

/** Detail of `step-change`: the new step index and whether the view may animate into it. */
export interface StepChangeDetail {
  index: number;
  /** False under reduced motion and for jumps (slider, first/last): draw the end state at once. */
  animate: boolean;
  /** Suggested animation length in milliseconds. */
  ms: number;
}

/** Playback speeds; 16× and 64× walk a 256-row key in seconds instead of minutes. */
const SPEEDS = [0.5, 1, 2, 4, 16, 64] as const;
const BASE_MS = 1400;

/**
 * Step controls: first, back, play/pause, forward, last, a speed choice and a
 * position slider. Arrow keys step, Home/End jump. The current step's text is
 * shown and announced in an aria-live region. Under prefers-reduced-motion
 * autoplay is off and steps are drawn without animation. Emits `step-change`.
 */
@customElement('curvechat-step-player')
export class StepPlayer extends LitElement {
  /** Text description of each step; its length is the number of steps. */
  @property({ attribute: false }) steps: readonly string[] = [];
  /** Current step (0-based). */
  @property({ type: Number }) index = 0;
  /** Accessible name of the control group, e.g. "Addition steps". */
  @property() label = 'Steps';
  @state() private playing = false;
  @state() private speed = 1;
  @state() private reduced = prefersReducedMotion();
  private timer: ReturnType<typeof setInterval> | undefined;
  private mql: MediaQueryList | undefined;
  /** On a phone: the canvas is in view, this player is not — its text docks at the bottom of the window. */
  private readonly dock = new DockWatch(this);

  static override styles = [vizStyles, stepPlayerStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKey);
    this.mql = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
    this.mql?.addEventListener('change', this.onMotion);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKey);
    this.mql?.removeEventListener('change', this.onMotion);
    this.stop();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('steps') || changed.has('index')) {
      const max = Math.max(0, this.steps.length - 1);
      if (this.index > max || this.index < 0 || !Number.isInteger(this.index)) {
        this.index = Math.min(max, Math.max(0, Math.trunc(this.index) || 0));
      }
      if (this.playing && this.index >= max) this.stop();
    }
  }

  /** Milliseconds one step takes at the current speed. */
  get stepMs(): number {
    return BASE_MS / this.speed;
  }

  /** Goes to step `i` (clamped) and emits `step-change`. */
  go(i: number, animate = false): void {
    const max = Math.max(0, this.steps.length - 1);
    const next = Math.min(max, Math.max(0, i));
    if (next === this.index) return;
    this.index = next;
    const detail: StepChangeDetail = {
      index: next,
      animate: animate && !this.reduced,
      ms: Math.round(this.stepMs * 0.7),
    };
    emit(this, 'step-change', detail);
  }

  /** One step forward (animated). */
  next(): void {
    this.go(this.index + 1, true);
  }
  /** One step back. */
  prev(): void {
    this.go(this.index - 1, false);
  }
  /** Starts or pauses autoplay (never starts under reduced motion). */
  toggle(): void {
    if (this.playing) this.stop();
    else this.play();
  }

  /** Handles arrow/Home/End keys; views forward their canvas keydowns here. Returns true when used. */
  handleKey(e: KeyboardEvent): boolean {
    const keys: Record<string, () => void> = {
      ArrowRight: () => this.next(),
      ArrowDown: () => this.next(),
      ArrowLeft: () => this.prev(),
      ArrowUp: () => this.prev(),
      Home: () => this.go(0),
      End: () => this.go(this.steps.length - 1),
    };
    const act = keys[e.key];
    if (!act || e.altKey || e.ctrlKey || e.metaKey) return false;
    e.preventDefault();
    this.stop();
    act();
    return true;
  }

  private play(): void {
    if (this.reduced || this.steps.length < 2) return;
    if (this.index >= this.steps.length - 1) this.go(0);
    this.playing = true;
    this.restartTimer();
  }

  private stop(): void {
    this.playing = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private restartTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (this.index >= this.steps.length - 1) this.stop();
      else this.next();
      if (this.index >= this.steps.length - 1) this.stop();
    }, this.stepMs);
  }

  private onKey = (e: KeyboardEvent): void => {
    const path = e.composedPath();
    const t = path[0];
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement) return;
    this.handleKey(e);
  };

  private onMotion = (): void => {
    this.reduced = this.mql?.matches ?? false;
    if (this.reduced) this.stop();
  };

  private onSpeed(e: Event): void {
    this.speed = Number((e.target as HTMLSelectElement).value) || 1;
    if (this.playing) this.restartTimer();
  }

  private onSlider(e: Event): void {
    this.stop();
    this.go(Number((e.target as HTMLInputElement).value), false);
  }

  override render() {
    const n = this.steps.length;
    const last = Math.max(0, n - 1);
    const text = n ? this.steps[this.index] : 'Nothing to show yet.';
    return html`
      <div class="bar" role="group" aria-label=${this.label}>
        <button
          @click=${() => this.go(0)}
          aria-disabled=${this.index === 0 ? 'true' : 'false'}
          aria-label="First step"
        >
          ${icon('first')}
        </button>
        <button
          @click=${() => this.prev()}
          aria-disabled=${this.index === 0 ? 'true' : 'false'}
          aria-label="Step back"
        >
          ${icon('prev')}
        </button>
        <button
          class="play"
          @click=${() => this.toggle()}
          ?disabled=${this.reduced || n < 2}
          aria-pressed=${this.playing ? 'true' : 'false'}
        >
          ${this.playing ? html`${icon('pause')} Pause` : html`${icon('play')} Play`}
        </button>
        <button
          @click=${() => this.next()}
          aria-disabled=${this.index >= last ? 'true' : 'false'}
          aria-label="Step forward"
        >
          ${icon('next')}
        </button>
        <button
          @click=${() => this.go(last)}
          aria-disabled=${this.index >= last ? 'true' : 'false'}
          aria-label="Last step"
        >
          ${icon('last')}
        </button>
        <label
          >Speed
          <select @change=${this.onSpeed} aria-label="Playback speed">
            ${SPEEDS.map((s) => html`<option value=${s} ?selected=${s === this.speed}>${s}×</option>`)}
          </select>
        </label>
        <input
          type="range"
          min="0"
          max=${last}
          .value=${String(this.index)}
          @input=${this.onSlider}
          aria-label="Step position"
          aria-valuetext=${n ? `Step ${this.index + 1} of ${n}` : 'No steps'}
          ?disabled=${n < 2}
        />
        <span class="pos" aria-hidden="true">${n ? `${this.index + 1} / ${n}` : '0 / 0'}</span>
      </div>
      ${
        this.reduced
          ? html`<div class="note">
              Autoplay is off because your system asks for reduced motion; step with the buttons or arrow
              keys.
            </div>`
          : null
      }
      <p class="caption" role="status" aria-live="polite" aria-atomic="true">
        <span class="visually-hidden">${n ? `Step ${this.index + 1} of ${n}: ` : ''}</span>${text}
      </p>
      ${this.dock.docked ? this.renderDock(text, n, last) : null}
    `;
  }

  /** The step text fixed at the bottom of a narrow window (CSS hides it on wide ones), with back and forward. */
  private renderDock(text: string | undefined, n: number, last: number) {
    return html`<div
      class="dock"
      data-testid="step-dock"
      role="group"
      aria-label=${`${this.label}: current step`}
    >
      <button
        @click=${() => this.prev()}
        aria-disabled=${this.index === 0 ? 'true' : 'false'}
        aria-label="Previous step"
      >
        ${icon('prev')}
      </button>
      <p><span class="dock-pos">${n ? `${this.index + 1} / ${n}` : '0 / 0'}</span> ${text}</p>
      <button
        @click=${() => this.next()}
        aria-disabled=${this.index >= last ? 'true' : 'false'}
        aria-label="Next step"
      >
        ${icon('next')}
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-step-player': StepPlayer;
  }
}
