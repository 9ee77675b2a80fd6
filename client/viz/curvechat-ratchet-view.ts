// <curvechat-ratchet-view>: one v2 pair's Double Ratchet drawn from the session's real state, stepped message by message.
import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isToyCurve } from '../../common/wire.js';
import type { RatchetPairView } from '../session/ratchet-inspect.js';
import type { RoomSessionApi, SessionState } from '../session/types.js';
import {
  followedSentence,
  ratchetModel,
  stepFacts,
  type RatchetModel,
  type RatchetNames,
} from './model/ratchet-model.js';
import { currentX, ratchetSize, ratchetSvg } from './ratchet-draw.js';
import { ratchetStyles } from './ratchet-styles.js';
import { ratchetGlossary } from './model/ratchet-glossary.js';
import { eveExplanation, ratchetGlossaryList, ratchetNow, ratchetTable } from './ratchet-templates.js';
import { StepController } from './step-controller.js';
import { vizStyles } from './styles.js';
import { followIndex, type FollowStep } from './view-step.js';

/**
 * The Ratchet view: for a chosen v2 peer, the root chain, our sending and the peer's chains one link per message,
 * the DH ratchet steps and each message key's fingerprint, all read from the session (`session.ratchets`) after
 * every change. Keyboard-steppable through the shared step player; a table holds the same facts. "Compromise now"
 * plays Eve copying the state and marks what she can and cannot read, recomputed as the chat goes on.
 */
@customElement('curvechat-ratchet-view')
export class RatchetView extends LitElement {
  /** The room session's state (a new object after each change: the view reloads the pair's facts then). */
  @property({ attribute: false }) state: SessionState | undefined;
  /** The session, whose `ratchets` gives the public facts and plays the theft. */
  @property({ attribute: false }) session: RoomSessionApi | undefined;
  /** A presenter's step (presenter mode). */
  @property({ attribute: false }) followStep: FollowStep | undefined;
  @state() private peerId = '';
  @state() private data: RatchetPairView | null = null;
  @state() private busy = false;
  private model: RatchetModel | undefined;
  private loading = false;
  private again = false;
  private readonly stepper: StepController = new StepController(this, {
    view: 'ratchet',
    follow: () => this.followStep,
    count: () => this.model?.steps.length,
    publish: () => {
      const m = this.model;
      if (!m) return undefined;
      const total = m.steps.length;
      const index = Math.min(this.stepper.index, total - 1);
      const ratchet = stepFacts(m, index);
      return { step: { view: 'ratchet', index, total, ...(ratchet ? { ratchet } : {}) } };
    },
  });

  static override styles = [vizStyles, ratchetStyles];
  /** Keeps the current chain in sight when the view is shown or resized (a hidden tab has no width). */
  private readonly resize = new ResizeObserver(() => this.keepInSight());

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  /** Peers whose pair holds a ratchet, still in the room, least recently used first. */
  private get recent(): string[] {
    const known = new Set(this.state?.peers.map((p) => p.id) ?? []);
    return (this.session?.ratchets.pairs() ?? []).filter((id) => known.has(id));
  }

  /** The same peers by name, for the picker (its order does not move as messages flow). */
  private get pairIds(): string[] {
    return this.recent.sort((a, b) => this.names(a).peer.localeCompare(this.names(b).peer));
  }

  /** The chosen peer, or the one used most recently. */
  private get current(): string | undefined {
    const ids = this.recent;
    return ids.includes(this.peerId) ? this.peerId : ids.at(-1);
  }

  private names(peer: string): RatchetNames {
    const s = this.state;
    const label = s?.peers.find((p) => p.id === peer)?.label ?? s?.names[peer]?.name ?? 'the peer';
    return { me: s?.name ?? 'You', peer: label };
  }

  override updated(changed: PropertyValues<this>): void {
    this.keepInSight();
    if (changed.has('state') || changed.has('session') || changed.has('peerId' as keyof RatchetView))
      void this.load();
  }

  /** Scrolls the drawing sideways so the current message's chain is in sight (at once: no smooth scrolling). */
  private keepInSight(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.drawing');
    const m = this.model;
    const units = m ? currentX(m, this.stepper.index) : undefined;
    const drawn = box?.querySelector('svg')?.getBoundingClientRect().width ?? 0;
    if (!box || !m || units === undefined || drawn === 0) return;
    const x = (units * drawn) / ratchetSize(m).width;
    const left = box.scrollLeft;
    if (x < left + 70 || x > left + box.clientWidth - 70)
      box.scrollLeft = Math.max(0, x - box.clientWidth / 2);
  }

  /** Reloads the pair's facts; one load at a time, one more if something changed meanwhile. */
  private async load(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    try {
      do {
        this.again = false;
        const peer = this.current;
        const data = peer && this.session ? await this.session.ratchets.view(peer) : null;
        this.apply(data);
      } while (this.again);
    } finally {
      this.loading = false;
    }
  }

  /**
   * Takes new facts. A pair shown for the first time opens at its start (step 0, the drawing at its left edge), so the
   * story reads from its beginning; a player at the last step stays at the (new) last step as messages arrive.
   */
  private apply(data: RatchetPairView | null): void {
    const before = this.model?.steps.length ?? 0;
    const samePeer = data?.peer === this.data?.peer;
    this.data = data;
    this.model = data ? ratchetModel(data, this.names(data.peer)) : undefined;
    const after = this.model?.steps.length ?? 0;
    const followed = followIndex(this.followStep, 'ratchet');
    if (followed !== undefined) this.stepper.reset(Math.min(followed, Math.max(0, after - 1)));
    else if (!samePeer) this.stepper.reset(0);
    else if (this.stepper.index >= before - 1) this.stepper.reset(Math.max(0, after - 1));
  }

  private async compromise(): Promise<void> {
    const peer = this.current;
    if (!peer || !this.session) return;
    this.busy = true;
    try {
      await this.session.ratchets.compromise(peer);
      await this.load();
    } finally {
      this.busy = false;
    }
  }

  private forgive(): void {
    const peer = this.current;
    if (peer) this.session?.ratchets.forgive(peer);
    void this.load();
  }

  override render() {
    const ids = this.pairIds;
    const v = this.data;
    const m = this.model;
    if (!v || !m || ids.length === 0)
      return html`${this.followLine(m)}
        <h3>The Double Ratchet</h3>
        <p class="empty" data-testid="ratchet-empty">
          No v2 pair has a ratchet yet. Both members need a v2 client and keys on the same curve (a toy curve
          works too), and the ratchet starts with the pair's first message: send one in the Chat tab.
        </p>`;
    const names = this.names(v.peer);
    const index = Math.min(this.stepper.index, m.steps.length - 1);
    const size = ratchetSize(m);
    return html`
      ${this.followLine(m)}
      <h3>The Double Ratchet with ${names.peer}</h3>
      ${
        ids.length > 1
          ? html`<label
              >Peer
              <select @change=${(e: Event) => (this.peerId = (e.target as HTMLSelectElement).value)}>
                ${ids.map((id) => html`<option value=${id} ?selected=${id === v.peer}>${this.names(id).peer}</option>`)}
              </select></label
            >`
          : null
      }
      <p>
        Every message gets a new key: a <strong>chain</strong> moves one link per message, and each turn of
        the conversation brings a new ratchet key pair into the <strong>root chain</strong> (a DH ratchet
        step), which starts new chains. The short hex under each link is a fingerprint (a hash) of that
        message's key, not the key. ${names.me} is the ${v.role} of this pair on ${v.curve}. The words n, pn,
        initiator and responder are explained under the drawing.
      </p>
      <ul class="legend">
        <li><span class="swatch"></span>${names.me}'s sending chains</li>
        <li><span class="swatch received"></span>${names.peer}'s chains (${names.me} receives)</li>
        ${
          m.eve
            ? html`<li><span class="swatch eve"></span>Eve reads it</li>
                <li>
                  <span class="swatch safe"></span>Eve cannot read
                  it${m.toy ? ' with her copy (toy curve: she breaks keys in the Eve tab)' : ''}
                </li>`
            : null
        }
      </ul>
      <div
        class="drawing"
        tabindex="0"
        role="region"
        aria-label="Ratchet drawing"
        @keydown=${this.stepper.onKey}
      >
        <svg
          role="img"
          aria-label=${`Root chain with ${m.roots.length} root steps and ${m.links.length} messages; the table below has the same facts. Now: ${m.steps[index]}`}
          width="${size.width / 13}em"
          height="${size.height / 13}em"
          viewBox="0 0 ${size.width} ${size.height}"
        >
          ${ratchetSvg(m, names, index)}
        </svg>
      </div>
      ${this.stepper.player('Ratchet steps', m.steps)} ${ratchetNow(v, names)}
      ${ratchetGlossaryList(ratchetGlossary(v.role, names))}
      <section class="eve-panel" aria-labelledby="eve-heading">
        <h4 id="eve-heading">Compromise now: Eve steals ${names.me}'s ratchet state</h4>
        ${eveExplanation(m, names, isToyCurve(v.curve))}
        <div class="eve-buttons">
          <button @click=${() => void this.compromise()} ?disabled=${this.busy}>
            ${m.eve ? 'Compromise again now' : 'Compromise now'}
          </button>
          ${m.eve ? html`<button class="secondary" @click=${() => this.forgive()}>Forget the theft</button>` : null}
        </div>
      </section>
      ${ratchetTable(m, names, index)}
    `;
  }

  /** The presenter's message in words while following. */
  private followLine(m: RatchetModel | undefined) {
    const f = this.followStep;
    if (!f?.by || followIndex(f, 'ratchet') === undefined) return null;
    const own = m
      ? ` Below: your own ratchet, at your step ${Math.min(f.index, m.steps.length - 1) + 1} of ${m.steps.length}.`
      : '';
    const note = `${followedSentence(f.by, f, f.ratchet)}${own}`;
    return html`<p class="following" role="status" data-testid="follow-note">${note}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-ratchet-view': RatchetView;
  }
}
