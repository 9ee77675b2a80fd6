// One room member as seen from here: curve, key, shared secret, safety number, or why there is no channel.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isToyCurve, type CurveId } from '../../common/wire.js';
import type { CurveSupport, KeyAnnouncementView, PeerView } from '../session/types.js';
import { keyPending } from '../session/views.js';
import { sharedStyles } from '../styles/shared.js';
import { nameLabel } from './name-label.js';
import { channelBadge, explanation, keyBadge, keyPendingNotice, sameKeyNotice } from './peer-notices.js';
import { PendingRequest } from './pending-request.js';
import { derivation } from './peer-derivation.js';
import './curvechat-key-warning.js';
import './curvechat-peer-verify.js';
import './curvechat-safety-number.js';

/** A card for one peer; purely a view of `PeerView`. */
@customElement('curvechat-peer')
export class CurvechatPeer extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      article {
        display: grid;
        gap: 0.6rem;
        padding: 0.8rem 0.9rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      h3 {
        font-size: 1.05rem;
        overflow-wrap: anywhere;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.15rem 0.8rem;
        margin: 0;
        font-size: 0.9375rem;
      }
      dt {
        color: var(--cc-muted);
      }
      dd {
        margin: 0;
      }
      .sn-head {
        font-weight: 600;
        margin-bottom: 0.25rem;
      }
      details summary {
        cursor: pointer;
        color: var(--cc-accent);
        font-weight: 600;
        font-size: 0.9375rem;
        border-radius: 4px;
      }
      details[open] summary {
        margin-bottom: 0.4rem;
      }
      .kv {
        display: grid;
        gap: 0.15rem;
        margin-bottom: 0.4rem;
        font-size: 0.875rem;
      }
      .step {
        margin: 0.6rem 0 0.3rem;
        padding-top: 0.4rem;
        border-top: 1px solid var(--cc-border);
      }
      .badges {
        display: inline-flex;
        flex-wrap: wrap;
        gap: 0.3rem;
      }
      .switch {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 0.8rem;
      }
    `,
  ];

  /** The peer to show. */
  @property({ attribute: false }) peer!: PeerView;
  /** Where the announcement of our own key stands: until the relay accepts it, the peer may not have it. */
  @property({ attribute: false }) announcement?: KeyAnnouncementView;
  /** The curve of our own current key, if we have one. */
  @property() myCurve?: CurveId;
  /** Browser curve support (for the one-click switch to the peer's curve). */
  @property({ attribute: false }) support?: CurveSupport;

  /** The pending one-click switch to the peer's curve. */
  private switching = new PendingRequest(this);
  /** A toy curve the user asked to switch to, waiting for the explicit confirmation of what is lost. */
  @state() private confirming: CurveId | undefined;

  override render() {
    const p = this.peer;
    const pending = p.channel === 'ready' && keyPending(this.announcement);
    const badge = pending ? keyBadge(this.announcement) : channelBadge(p, this.myCurve);
    return html`
      <article aria-label=${p.label} data-peer-id=${p.id}>
        <header>
          <h3 data-testid="peer-name">${nameLabel(p.name, p.suffix)}</h3>
          <span class="badges">
            <span class="badge ${badge.cls}" data-testid="channel">${badge.text}</span>
            ${
              p.channel === 'ready'
                ? html`<span class="badge ${p.verified ? 'ok' : ''}" data-testid="peer-verified"
                    >${p.verified ? '✓ verified' : 'unverified'}</span
                  >`
                : nothing
            }
          </span>
        </header>
        ${p.keyChanged ? html`<curvechat-key-warning .peer=${p}></curvechat-key-warning>` : nothing}
        <dl>
          <dt>Curve</dt>
          <dd data-testid="peer-curve">${p.key ? p.key.curve : 'none yet'}</dd>
          <dt>Public key</dt>
          <dd>${p.key ? 'arrived' : 'not announced yet'}</dd>
          <dt>Shared secret</dt>
          <dd>${p.derived ? 'derived' : 'not derived'}</dd>
          ${
            p.protocol
              ? html`<dt>Protocol</dt>
                  <dd data-testid="peer-protocol">${p.protocol}</dd>`
              : nothing
          }
        </dl>
        ${
          p.lookAlike
            ? html`<p class="notice warn small-text" data-testid="look-alike">${p.lookAlike}</p>`
            : nothing
        }
        ${sameKeyNotice(p)} ${pending ? keyPendingNotice(p, this.announcement) : explanation(p, this.myCurve)}
        ${this.renderSwitch(p)} ${p.derived ? this.renderDerived(p) : nothing}
      </article>
    `;
  }

  /** "Use <curve> like <name>": shown while the peer's key is on a curve other than ours. */
  private renderSwitch(p: PeerView) {
    const curve = p.key?.curve;
    if (!curve || curve === this.myCurve) return nothing;
    const off = this.support !== undefined && !this.support[curve];
    return html`<div class="switch">
        <button
          class="small"
          data-testid="use-curve"
          ?disabled=${this.switching.busy || off}
          @click=${() => this.useCurve(curve)}
        >
          ${this.switching.busy ? 'Generating…' : `Use ${curve} like ${p.label}`}
        </button>
        <span class="small-text muted">
          ${
            off
              ? `This browser cannot use ${curve}.`
              : `Makes you a new key pair on ${curve}${isToyCurve(curve) ? ' (insecure — teaching only)' : ''}.`
          }
        </span>
        ${this.switching.error ? html`<p class="notice err small-text" role="alert">${this.switching.error}</p>` : nothing}
      </div>
      ${this.confirming === curve ? this.renderDowngrade(curve) : nothing}`;
  }

  /** A switch from a real curve (or none) to a toy curve is a downgrade: say what is lost, and ask. */
  private isDowngrade(curve: CurveId): boolean {
    return isToyCurve(curve) && !(this.myCurve && isToyCurve(this.myCurve));
  }

  /** The explicit confirmation of a downgrade to a toy curve (the safe choice first, and focused). */
  private renderDowngrade(curve: CurveId) {
    const from = this.myCurve ?? 'a real curve';
    return html`<div
      class="notice warn small-text"
      role="group"
      aria-labelledby="downgrade"
      data-testid="downgrade"
    >
      <p id="downgrade">
        <strong>Switch to ${curve}? It is insecure.</strong> Toy curves are broken on purpose: anyone in the
        room, and the relay, can recover a toy private key in milliseconds and read every message sent with
        it. Your ${from} key is replaced, and members who stay on ${from} can no longer talk to you until you
        switch back.
      </p>
      <div class="switch">
        <button class="small" data-testid="downgrade-cancel" @click=${() => (this.confirming = undefined)}>
          Keep ${from}
        </button>
        <button class="small" data-testid="downgrade-confirm" @click=${() => this.confirmDowngrade(curve)}>
          Switch to ${curve} (insecure)
        </button>
      </div>
    </div>`;
  }

  private useCurve(curve: CurveId): void {
    if (this.isDowngrade(curve)) {
      this.confirming = curve;
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="downgrade-cancel"]')?.focus(),
      );
      return;
    }
    this.switching.send('use-curve', (reply) => ({ curve, reply }));
  }

  private confirmDowngrade(curve: CurveId): void {
    this.confirming = undefined;
    this.switching.send('use-curve', (reply) => ({ curve, reply }));
  }

  private renderDerived(p: PeerView) {
    const d = p.derived!;
    return html`
      <div>
        <p class="sn-head">Safety number</p>
        <curvechat-safety-number .groups=${d.safetyNumber} .peerName=${p.label}></curvechat-safety-number>
        <p class="small-text muted">
          ${p.label} sees the same 60 digits exactly when each of you holds the other’s real public key.
          Compare them out loud: if they differ, someone is in the middle.
        </p>
        <curvechat-peer-verify .peer=${p}></curvechat-peer-verify>
      </div>
      ${derivation(p, d)}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-peer': CurvechatPeer;
  }
}
