// <curvechat-eve-panel>: Eve brute-forces a toy public key in animation-frame slices, then reads the wire with the real pipeline.
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isToyCurve, type CurveId, type ToyCurveId } from '../../common/wire.js';
import type { DlogMethod } from '../math/dlog.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from '../components/events.js';
import {
  DlogAttack,
  eveHarvest,
  eveTargets,
  type BrokenKey,
  type EveHarvest,
  type EveTarget,
  type ObservedEnvelope,
  type ObservedKey,
} from './model/eve.js';
import { measureToyRate } from './model/eve-estimate.js';
import { INSECURE_LABEL } from './model/toy-room.js';
import { eveControls } from './eve-controls.js';
import { labStyles } from './styles.js';
import './curvechat-eve-real-curve.js';
import './curvechat-eve-results.js';

const FRAME_BUDGET_MS = 10;
const SLOW_STEP_MS = 150;

/**
 * Eve, an eavesdropper who sees every public key and ciphertext. On a toy curve she picks a member,
 * brute-forces (or baby-step giant-steps) the discrete log of the public key without freezing the page,
 * then decrypts the observed messages. On a real curve she explains why she cannot start. Emits `eve-progress`.
 */
@customElement('curvechat-eve-panel')
export class EvePanel extends LitElement {
  static override styles = [sharedStyles, labStyles];

  /** The room's curve; only toy curves can be attacked. */
  @property() curve: CurveId = 'toy-17';
  /** Public keys observed in the room (member id, name, curve, pub). */
  @property({ attribute: false }) keys: ObservedKey[] = [];
  /** Ciphertext envelopes observed on the wire. */
  @property({ attribute: false }) envelopes: ObservedEnvelope[] = [];
  /** Room name, so channel keys can be shown before any message was seen. */
  @property() room = '';

  @state() private targetId = '';
  @state() private method: DlogMethod = 'brute-force';
  @state() private slow = false;
  @state() private attack: DlogAttack | null = null;
  @state() private tick = 0;
  @state() private broken: BrokenKey[] = [];
  @state() private harvest: EveHarvest | null = null;
  @state() private announce = '';
  @state() private runRate = 0;
  private timer: number | null = null;
  private frame: number | null = null;
  private lastQuarter = -1;
  private harvestToken = 0;

  private get targets(): EveTarget[] {
    return eveTargets(this.curve, this.keys);
  }

  private get target(): EveTarget | undefined {
    const t = this.targets;
    return t.find((x) => x.id === this.targetId) ?? t[0];
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('curve')) this.reset(true);
    if ((changed.has('keys') || changed.has('envelopes') || changed.has('room')) && this.broken.length)
      void this.reharvest();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopLoop();
  }

  private stopLoop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.timer = this.frame = null;
  }

  private reset(all: boolean): void {
    this.stopLoop();
    this.attack?.cancel();
    this.attack = null;
    this.runRate = 0;
    this.announce = '';
    if (all) {
      this.broken = [];
      this.harvest = null;
      this.targetId = '';
    }
  }

  private start(): void {
    const target = this.target;
    if (!target) return;
    this.reset(false);
    this.attack = new DlogAttack(target, this.method, { chunk: this.slow ? 1 : 32 });
    this.lastQuarter = -1;
    this.say(`Eve starts ${this.methodName()} on ${target.name}'s public key.`);
    this.schedule();
  }

  private methodName(): string {
    return this.method === 'bsgs' ? 'baby-step giant-step' : 'brute force';
  }

  private schedule(): void {
    if (this.slow) this.timer = window.setTimeout(() => this.step(), SLOW_STEP_MS);
    else if (document.visibilityState === 'visible') this.frame = requestAnimationFrame(() => this.step());
    else this.timer = window.setTimeout(() => this.step(), 0);
  }

  private step(): void {
    this.timer = this.frame = null;
    const a = this.attack;
    if (!a || (a.status !== 'running' && a.status !== 'ready')) return;
    if (this.slow) a.advance(Number.POSITIVE_INFINITY, 1);
    else a.advance(FRAME_BUDGET_MS);
    this.tick++;
    this.report(a);
    if (a.progress?.done) void this.finish(a);
    else this.schedule();
  }

  private report(a: DlogAttack): void {
    const p = a.progress;
    if (!p) return;
    emit(this, 'eve-progress', {
      curve: a.target.curve,
      target: a.target.id,
      targetName: a.target.name,
      method: a.method,
      steps: p.steps,
      maxSteps: p.maxSteps,
      done: p.done,
      found: p.d !== null,
    });
    const quarter = Math.floor((4 * p.steps) / p.maxSteps);
    if (!p.done && quarter !== this.lastQuarter) {
      this.lastQuarter = quarter;
      this.say(`${p.steps} steps of at most ${p.maxSteps}.`);
    }
  }

  private async finish(a: DlogAttack): Promise<void> {
    const d = a.d;
    if (d === null || !a.verified) {
      this.say(`Eve searched every multiple of G and found no private key for ${a.target.name}.`);
      return;
    }
    this.runRate = this.rateFor(a);
    this.say(`Found it: ${a.target.name}'s private key is d = ${d}, after ${a.steps} steps.`);
    this.broken = [...this.broken.filter((b) => b.target.id !== a.target.id), { target: a.target, d }];
    await this.reharvest();
  }

  private async reharvest(): Promise<void> {
    const token = ++this.harvestToken;
    if (!isToyCurve(this.curve)) return;
    const curve: ToyCurveId = this.curve;
    const h = await eveHarvest(curve, this.broken, this.keys, this.envelopes, this.room || undefined);
    if (token === this.harvestToken) this.harvest = h;
  }

  private say(text: string): void {
    this.announce = text;
  }

  private togglePause(): void {
    const a = this.attack;
    if (!a) return;
    if (a.status === 'paused') {
      a.resume();
      this.say('Resumed.');
      this.schedule();
    } else {
      a.pause();
      this.stopLoop();
      this.say(`Paused after ${a.steps} steps.`);
    }
    this.tick++;
  }

  private cancel(): void {
    const a = this.attack;
    if (!a) return;
    a.cancel();
    this.stopLoop();
    this.say(`Cancelled after ${a.steps} steps.`);
    this.tick++;
  }

  /** True while an attack runs or is paused (its controls are locked and older results are hidden). */
  private get running(): boolean {
    const a = this.attack;
    return a !== null && (a.status === 'running' || a.status === 'ready' || a.status === 'paused');
  }

  private renderControls(targets: EveTarget[]) {
    return eveControls({
      targets,
      target: this.target,
      method: this.method,
      slow: this.slow,
      running: this.running,
      status: this.attack?.status,
      started: this.attack !== null,
      on: {
        target: (id) => (this.targetId = id),
        method: (m) => (this.method = m),
        slow: (on) => (this.slow = on),
        start: () => this.start(),
        pause: () => this.togglePause(),
        cancel: () => this.cancel(),
      },
    });
  }

  /** The run's rate, or a fresh measurement when the run was too short to time. */
  private rateFor(a: DlogAttack): number {
    if (a.computeMs >= 2 && a.steps >= 100) return a.rate;
    return measureToyRate(25);
  }

  override render() {
    const toy = isToyCurve(this.curve);
    const targets = this.targets;
    return html`<section class="card role-eve" aria-labelledby="eve-h">
      <header class="lab-head">
        <h2 id="eve-h"><span class="role-tag">Eve</span>'s panel: what an eavesdropper can do</h2>
        ${toy ? html`<span class="badge warn">${this.curve} — ${INSECURE_LABEL}</span>` : nothing}
      </header>
      <p class="lede">
        Eve sees everything that crosses the relay: every public key Q = d·G and every ciphertext. She never
        sees a private key d. To read the chat she must find d from Q — the discrete logarithm.
      </p>
      ${
        !toy
          ? html`<curvechat-eve-real-curve .curve=${this.curve}></curvechat-eve-real-curve>`
          : html`${
              targets.length
                ? this.renderControls(targets)
                : html`<p class="notice">No public key on ${this.curve} observed yet.</p>`
            }
            ${
              this.attack
                ? html`<curvechat-eve-attack-view
                    .attack=${this.attack}
                    .tick=${this.tick}
                    .rate=${this.runRate}
                  ></curvechat-eve-attack-view>`
                : nothing
            }
            ${
              this.running
                ? html`<p class="notice" data-testid="eve-results-hidden">
                    What Eve read with the keys she found before comes back when this attack ends.
                  </p>`
                : html`<curvechat-eve-results
                    .harvest=${this.harvest}
                    .brokenNames=${this.broken.map((b) => b.target.name)}
                  ></curvechat-eve-results>`
            }`
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
