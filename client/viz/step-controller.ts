// StepController: the step index, tween, presenter follow and published view state shared by the step-driven math views.
import { html, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import { tween } from './canvas.js';
import type { StepChangeDetail, StepPlayer } from './curvechat-step-player.js';
import {
  emitViewState,
  followIndex,
  type FollowStep,
  type MathStepView,
  type ViewDemo,
  type ViewStepChangeDetail,
} from './view-step.js';
import './curvechat-step-player.js';

/** What a view publishes after each update: its position and, for demo views, its public demo data. */
export interface PublishedView {
  step: ViewStepChangeDetail;
  demo?: ViewDemo;
}

/** How a step-driven view plugs into its {@link StepController}. */
export interface StepViewOptions {
  /** The public view name of presenter steps this view follows and publishes. */
  view: MathStepView;
  /** The presenter's step the host was given (its `followStep` input). */
  follow: () => FollowStep | undefined;
  /** Number of steps a followed index is clamped to; undefined when the view has nothing to step through. */
  count: () => number | undefined;
  /** Whether moving to step `index` may be animated; views without one never tween. */
  animate?: (index: number) => boolean;
  /** Redraws the canvas (each tween frame). */
  draw?: () => void;
  /** Runs after the player or a presenter moved the view to `index` (never after {@link StepController.reset}). */
  moved?: (index: number) => void;
  /** The view state to publish after each update (`view-step-change` / `view-demo-change`), or undefined. */
  publish: () => PublishedView | undefined;
}

/**
 * Owns one math view's step index, the tween between steps (`t`, 0→1), jumping to a presenter's
 * followed step and publishing the view's position after each update. Keyboard stepping, autoplay,
 * announcements and reduced motion are the <curvechat-step-player>'s, which {@link player} renders.
 */
export class StepController implements ReactiveController {
  /** Progress of the animation into the current step (1 = drawn in full). */
  t = 1;
  private current: number;
  private cancelTween: () => void = () => undefined;
  private lastFollow: FollowStep | undefined;
  private emitted = '';

  constructor(
    private readonly host: LitElement,
    private readonly opts: StepViewOptions,
  ) {
    this.current = 0;
    host.addController(this);
  }

  /** The current step (setting it re-renders the host). */
  get index(): number {
    return this.current;
  }
  set index(i: number) {
    if (i === this.current) return;
    this.current = i;
    this.host.requestUpdate();
  }

  /** Back to the first step, drawn in full (the view's data changed). */
  reset(index = 0): void {
    this.stopTween();
    this.index = index;
  }

  /** Applies a presenter's step when a new one arrived (runs after the host's willUpdate). */
  hostUpdate(): void {
    const follow = this.opts.follow();
    if (follow === this.lastFollow) return;
    this.lastFollow = follow;
    const index = followIndex(follow, this.opts.view);
    const count = this.opts.count();
    if (index === undefined || count === undefined) return;
    this.stopTween();
    this.current = Math.min(index, Math.max(0, count - 1));
    this.opts.moved?.(this.current);
  }

  /** Publishes the view's state when it changed. */
  hostUpdated(): void {
    const state = this.opts.publish();
    if (state) this.emitted = emitViewState(this.host, this.emitted, state.step, state.demo);
  }

  /** Stops a running tween. */
  hostDisconnected(): void {
    this.cancelTween();
  }

  /** Forwards a keydown on the view's canvas to its player (arrows step, Home/End jump). */
  readonly onKey = (e: KeyboardEvent): void => {
    this.playerElement?.handleKey(e);
  };

  /** Moves the player (and so the view) to step `i`. */
  go(i: number): void {
    this.playerElement?.go(i);
  }

  /** The step player for `steps`, labelled `label`, at the current step. */
  player(label: string, steps: readonly string[]): TemplateResult {
    return html`<curvechat-step-player
      label=${label}
      .steps=${steps}
      .index=${Math.min(this.current, Math.max(0, steps.length - 1))}
      @step-change=${this.onStep}
    ></curvechat-step-player>`;
  }

  private get playerElement(): StepPlayer | null {
    return this.host.renderRoot.querySelector('curvechat-step-player');
  }

  private readonly onStep = (e: CustomEvent<StepChangeDetail>): void => {
    e.stopPropagation();
    this.cancelTween();
    this.index = e.detail.index;
    this.opts.moved?.(this.current);
    const { animate, draw } = this.opts;
    if (!animate) return;
    this.cancelTween = tween(e.detail.ms, e.detail.animate && animate(this.current), (t) => {
      this.t = t;
      draw?.();
    });
  };

  private stopTween(): void {
    this.cancelTween();
    this.cancelTween = () => undefined;
    this.t = 1;
  }
}
