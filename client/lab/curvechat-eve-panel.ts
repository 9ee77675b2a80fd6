// <curvechat-eve-panel>: Eve brute-forces a toy public key in animation-frame slices, then reads the wire with the real pipeline.
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isToyCurve, type CurveId } from '../../common/wire.js';
import type { PresentEveDetail } from '../../common/schema/steps.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from '../components/events.js';
import {
  eveHarvest,
  eveTargets,
  type BrokenKey,
  type EveHarvest,
  type EveTarget,
  type ObservedEnvelope,
  type ObservedKey,
} from './model/eve.js';
import { measureToyRate } from './model/eve-estimate.js';
import { eveControls } from './eve-controls.js';
import { EveLoop } from './eve-loop.js';
import { eveFollowingNote, eveHeader, eveReadSoFar, eveStage, eveStageStyles } from './eve-stage.js';
import { EveRun, MODE_NAMES, runFor, sameRun, type EveMode } from './model/eve-run.js';
import { labStyles } from './styles.js';
import { SerialJob } from './model/serial-job.js';
import './curvechat-eve-real-curve.js';

const FRAME_BUDGET_MS = 10;

/**
 * Eve, an eavesdropper who sees every public key and ciphertext. On a toy curve she picks a member,
 * brute-forces (or baby-step giant-steps) the discrete log of the public key without freezing the page,
 * then decrypts the observed messages. On a real curve she explains why she cannot start. Emits `eve-progress`.
 */
@customElement('curvechat-eve-panel')
export class EvePanel extends LitElement {
  static override styles = [sharedStyles, labStyles, eveStageStyles];

  /** The room's curve; only toy curves can be attacked. */
  @property() curve: CurveId = 'toy-17';
  /** Public keys observed in the room (member id, name, curve, pub). */
  @property({ attribute: false }) keys: ObservedKey[] = [];
  /** Ciphertext envelopes observed on the wire, and older v2 ones kept to follow the ratchets (not listed). */
  @property({ attribute: false }) envelopes: readonly ObservedEnvelope[] = [];
  @property({ attribute: false }) anchors: readonly ObservedEnvelope[] = [];
  /** Room name, so channel keys can be shown before any message was seen. */
  @property() room = '';
  /** The followed presenter's `present:eve` (their name in `followName`): this panel reruns it. */
  @property({ attribute: false }) followed: PresentEveDetail | undefined;
  /** Name of the presenter followed. */
  @property() followName = '';

  @state() private targetId = '';
  @state() private mode: EveMode = 'brute-force';
  @state() private slow = false;
  @state() private run: EveRun | null = null;
  /** The run replays a presenter's (its steps come from `followed`, not from this page's clock). */
  @state() private replaying = false;
  @state() private tick = 0;
  @state() private broken: BrokenKey[] = [];
  @state() private harvest: EveHarvest | null = null;
  @state() private announce = '';
  @state() private runRate = 0;
  private loop = new EveLoop(this, () => this.step());
  private lastQuarter = -1;
  /** Eve's harvest, recomputed once per burst of new envelopes (one run in flight, each shown as it finishes). */
  private harvester = new SerialJob(
    async () => {
      const { curve, broken, keys, envelopes, anchors, room } = this;
      return isToyCurve(curve)
        ? eveHarvest(curve, broken, keys, envelopes, room || undefined, anchors)
        : null;
    },
    (h) => (this.harvest = h),
  );

  private get targets(): EveTarget[] {
    return eveTargets(this.curve, this.keys);
  }

  private get target(): EveTarget | undefined {
    const t = this.targets;
    return t.find((x) => x.id === this.targetId) ?? t[0];
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('curve')) this.reset(true);
    if (changed.has('followed') || changed.has('keys')) this.replay();
    const seen = ['keys', 'envelopes', 'anchors', 'room'].some((k) => changed.has(k));
    if (seen && this.broken.length) this.harvester.request();
  }

  private reset(all: boolean): void {
    this.loop.stop();
    this.run?.cancel();
    this.run = null;
    this.replaying = false;
    this.runRate = 0;
    this.announce = '';
    if (all) {
      this.broken = [];
      this.harvest = null;
      this.harvester.cancel();
      this.targetId = '';
    }
  }

  /** Starts a run; `paused`: ready for "One step" instead of running. */
  private start(paused = false): EveRun | null {
    const target = this.target;
    if (!target) return null;
    this.reset(false);
    const run = new EveRun(target, this.mode);
    this.run = run;
    this.lastQuarter = -1;
    this.say(`Eve starts ${MODE_NAMES[this.mode]} on ${target.name}'s public key.`);
    if (paused) run.pause();
    else this.loop.schedule(this.slow);
    return run;
  }

  /** Follows a presenter: the same attack on the same public key, replayed here up to their step count. */
  private replay(): void {
    const f = this.followed;
    if (!f && this.replaying) {
      // The presenter stopped (or is no longer followed): what was replayed stays, as this page's own run.
      this.run?.cancel();
      this.replaying = false;
    }
    if (!f || f.curve !== this.curve) return;
    const target = this.targets.find((t) => t.id === f.target);
    if (!target) return;
    if (!this.replaying || !sameRun(this.run, f)) {
      this.reset(false);
      this.run = runFor(target, f);
      this.replaying = true;
      this.targetId = target.id;
      this.mode = this.run.mode;
      this.say(
        `${this.followName || 'The presenter'} runs ${MODE_NAMES[this.mode]} on ${target.name}'s key.`,
      );
    }
    const run = this.run;
    if (!run) return;
    run.replayTo(f);
    this.tick++;
    if (run.over) void this.finish(run);
  }

  private step(): void {
    const run = this.run;
    if (!run || this.replaying || run.over) return;
    if (run.paused) return;
    run.tick(FRAME_BUDGET_MS, this.slow);
    this.tick++;
    this.report(run);
    if (run.over) void this.finish(run);
    else this.loop.schedule(this.slow);
  }

  /** One group operation: of the paused run, or of a new run started paused. */
  private oneStep(): void {
    const run = this.run && !this.run.over && !this.replaying ? this.run : this.start(true);
    if (!run) return;
    run.resume();
    run.tick(0, true);
    if (!run.over) run.pause();
    this.tick++;
    this.report(run);
    if (run.over) void this.finish(run);
  }

  private report(run: EveRun): void {
    const p = run.primary.progress;
    if (!p) return;
    emit(this, 'eve-progress', run.detail());
    const quarter = Math.floor((4 * p.steps) / p.maxSteps);
    if (!p.done && quarter !== this.lastQuarter) {
      this.lastQuarter = quarter;
      this.say(`${p.steps} steps of at most ${p.maxSteps}.`);
    }
  }

  private async finish(run: EveRun): Promise<void> {
    const a = run.attacks.find((x) => x.d !== null && x.verified);
    const d = a?.d ?? null;
    if (!a || d === null) {
      this.say(`Eve's attack ended without a private key for ${run.target.name}.`);
      return;
    }
    if (this.broken.some((b) => b.target.id === run.target.id && b.d === d)) return;
    this.runRate = this.replaying ? measureToyRate(25) : this.rateFor(a);
    this.say(`Found it: ${run.target.name}'s private key is d = ${d}, after ${a.steps} steps.`);
    this.broken = [...this.broken.filter((b) => b.target.id !== run.target.id), { target: run.target, d }];
    this.harvester.request();
  }

  private say(text: string): void {
    this.announce = text;
  }

  private togglePause(): void {
    const run = this.run;
    if (!run) return;
    if (run.paused) {
      run.resume();
      this.say('Resumed.');
      this.loop.schedule(this.slow);
    } else {
      run.pause();
      this.loop.stop();
      this.say(`Paused after ${run.primary.steps} steps. "One step" moves on by one operation.`);
    }
    this.tick++;
  }

  private cancel(): void {
    const run = this.run;
    if (!run) return;
    run.cancel();
    this.loop.stop();
    this.say(`Cancelled after ${run.primary.steps} steps.`);
    this.tick++;
  }

  /** True while an attack runs or is paused (its controls are locked and older results are hidden). */
  private get running(): boolean {
    return this.run !== null && !this.run.over;
  }

  private renderControls(targets: EveTarget[]) {
    return eveControls({
      targets,
      target: this.target,
      mode: this.mode,
      slow: this.slow,
      running: this.running,
      status: this.run?.paused ? 'paused' : this.run?.primary.status,
      started: this.run !== null,
      on: {
        target: (id) => (this.targetId = id),
        mode: (m) => (this.mode = m),
        slow: (on) => (this.slow = on),
        start: () => void this.start(),
        pause: () => this.togglePause(),
        step: () => this.oneStep(),
        cancel: () => this.cancel(),
      },
    });
  }

  /** The run's rate, or a fresh measurement when the run was too short to time. */
  private rateFor(a: EveRun['primary']): number {
    return a.computeMs >= 2 && a.steps >= 100 ? a.rate : measureToyRate(25);
  }

  override render() {
    const targets = this.targets;
    return html`<section class="card role-eve" aria-labelledby="eve-h">
      ${eveHeader(this.curve)}
      ${this.replaying && this.run ? eveFollowingNote(this.run, this.followName) : nothing}
      ${
        !isToyCurve(this.curve)
          ? html`<curvechat-eve-real-curve .curve=${this.curve}></curvechat-eve-real-curve>`
          : html`${
              targets.length
                ? this.renderControls(targets)
                : html`<p class="notice">No public key on ${this.curve} observed yet.</p>`
            }
            ${
              this.run
                ? eveStage(this.run, {
                    tick: this.tick,
                    rate: this.runRate,
                    // BSGS's rows are read out one by one only when they come slowly enough to hear.
                    slow: this.slow || this.run.paused,
                  })
                : nothing
            }
            ${eveReadSoFar(
              this.running,
              this.harvest,
              this.broken.map((b) => b.target.name),
            )}`
      }
      <p class="visually-hidden" aria-live="polite" data-testid="eve-live">${this.announce}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-eve-panel': EvePanel;
  }
}
