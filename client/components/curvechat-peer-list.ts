// The live list of room members other than us, newest state first drawn by <curvechat-peer>.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { isToyCurve, type CurveId } from '../../common/wire.js';
import type { CurveSupport, KeyAnnouncementView, PeerView } from '../session/types.js';
import { keyPending } from '../session/views.js';
import { blockSectionHost } from '../styles/host.js';
import { sharedStyles } from '../styles/shared.js';
import './curvechat-peer.js';

/** Lists the peers in the room, or says plainly that nobody else is here yet. */
@customElement('curvechat-peer-list')
export class CurvechatPeerList extends LitElement {
  static override styles = [
    sharedStyles,
    blockSectionHost,
    css`
      section {
        gap: 0.75rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      .count {
        font-weight: 400;
        color: var(--cc-muted);
      }
    `,
  ];

  /** Everyone in the room except us. */
  @property({ attribute: false }) peers: PeerView[] = [];
  /** Where the announcement of our key stands: until the relay accepts it, no card says "secure channel". */
  @property({ attribute: false }) announcement?: KeyAnnouncementView;
  /** Our current key's curve, if any. */
  @property() myCurve?: CurveId;
  /** Browser curve support, handed to each card. */
  @property({ attribute: false }) support?: CurveSupport;

  override render() {
    const ready = this.peers.filter((p) => p.channel === 'ready').length;
    return html`
      <section class="card" aria-labelledby="peers-title">
        <h2 id="peers-title">
          People in this room <span class="count">(${this.peers.length + 1} with you)</span>
        </h2>
        <p class="small-text muted" aria-live="polite">
          ${
            this.peers.length === 0
              ? 'Nobody else is here yet. Share the invite link: whoever joins appears here.'
              : keyPending(this.announcement)
                ? `Keys derived with ${ready} of ${this.peers.length}; they get your public key once its announcement goes through.`
                : this.myCurve && isToyCurve(this.myCurve)
                  ? `Working channel with ${ready} of ${this.peers.length}, on ${this.myCurve}: a toy curve anyone can break.`
                  : `Secure channel with ${ready} of ${this.peers.length}.`
          }
        </p>
        <ul aria-label="Peers">
          ${repeat(
            this.peers,
            (p) => p.id,
            (p) =>
              html`<li>
                <curvechat-peer
                  .peer=${p}
                  .announcement=${this.announcement}
                  .myCurve=${this.myCurve}
                  .support=${this.support}
                ></curvechat-peer>
              </li>`,
          )}
        </ul>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-peer-list': CurvechatPeerList;
  }
}
