// Under the composer: the bytes this client puts on the wire for your last message to the room as it is now,
// pairwise (n−1 ciphertexts) vs sender keys (1 + signature), the one-off distribution, and which one it uses.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { PUB_LENGTH, type CurveId } from '../../common/wire.js';
import {
  REFERENCE_TEXT_CHARS,
  SENDER_KEYS_FROM_MEMBERS,
  messagePlaintextBytes,
  mixedCost,
  type MixedCost,
} from '../crypto/sender-key/cost.js';
import { sendMode } from '../session/send-mode.js';
import type { SessionState } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { clip } from './format.js';

/** Bytes as text, "1,096 B". */
const bytes = (n: number): string => `${n.toLocaleString('en-US')} B`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The text whose cost is shown: the last chat message we sent, or the reference text before we sent any. */
function shownText(state: SessionState): { text: string; last: boolean } {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i]!;
    if (m.outgoing && !m.system && !m.file) return { text: m.text, last: true };
  }
  return { text: 'x'.repeat(REFERENCE_TEXT_CHARS), last: false };
}

/** One line with both byte counts and the mode; Details opens the breakdown and how it is counted. Nothing without peers. */
@customElement('curvechat-send-cost')
export class CurvechatSendCost extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        font-size: 0.875rem;
      }
      .line {
        margin: 0;
      }
      .line .what {
        font-weight: 600;
      }
      /* A phone: the shortest line that still says both numbers (the dialog says which message). */
      @media (max-width: 30rem) {
        .wide {
          display: none;
        }
      }
      .line button {
        margin-inline-start: 0.4rem;
        padding-block: 0;
        min-height: 0;
        line-height: 1.4;
      }
      dialog {
        max-width: min(46rem, calc(100vw - 2rem));
        background: var(--cc-surface);
        color: var(--cc-text);
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        padding: 1rem 1.25rem;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 45%);
      }
      dialog h2 {
        margin: 0;
        font-size: 1.125rem;
      }
      dialog form {
        margin-top: 0.5rem;
        text-align: end;
      }
      .body {
        display: grid;
        gap: 0.5rem;
        padding: 0.5rem 0 0.25rem;
      }
      .body p {
        margin: 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 0.3rem 0.5rem 0.3rem 0;
        border-top: 1px solid var(--cc-border);
      }
      th {
        font-weight: 600;
      }
      td.num {
        font-family: var(--cc-mono);
        text-align: end;
        white-space: nowrap;
      }
      /* A bar per row, as long as its byte count (the longest fills the column). */
      meter {
        display: block;
        width: 100%;
        min-width: 5rem;
        height: 0.5rem;
        margin-top: 0.25rem;
      }
      meter::-webkit-meter-bar {
        background: var(--cc-surface-2);
        border: none;
      }
      meter::-webkit-meter-optimum-value {
        background: var(--cc-accent);
      }
      meter.sk::-webkit-meter-optimum-value {
        background: var(--cc-ok);
      }
      .used {
        font-weight: 600;
      }
    `,
  ];

  /** The session snapshot: its peers (and their negotiated protocol), our key's curve and our messages. */
  @property({ attribute: false }) state?: SessionState;
  @query('dialog') private dialog?: HTMLDialogElement;
  /** The Details button, focused again when the dialog closes. */
  @query('button[aria-haspopup]') private opener?: HTMLButtonElement;

  /** The last cost computed and its inputs: a snapshot arrives with every message, the inputs change rarely. */
  private cached?: { key: string; cost: MixedCost };

  /** mixedCost for these inputs, computed again only when one of them changed. */
  private cost(v2: number, v1: number, text: string, curve: CurveId): MixedCost {
    const key = `${v2} ${v1} ${curve} ${text}`;
    if (this.cached?.key !== key) this.cached = { key, cost: mixedCost(v2, v1, text, curve) };
    return this.cached.cost;
  }

  /** Open the breakdown as a modal dialog (Escape or Close shuts it). */
  private readonly open = (): void => {
    this.dialog?.showModal();
  };

  override render() {
    const st = this.state;
    const curve = st?.myKey?.curve;
    if (!st || !curve) return nothing;
    const mode = sendMode(st);
    if (mode.v2 + mode.v1 === 0) return nothing;
    const { text, last } = shownText(st);
    const c = this.cost(mode.v2, mode.v1, text, curve);
    const n = mode.v2 + mode.v1;
    const max = Math.max(c.pairwise, c.senderKeys, 1);
    const used = (m: 'pairwise' | 'sender-keys') =>
      mode.mode === m ? html` <span class="used">(in use)</span>` : nothing;
    const inUse = (m: 'pairwise' | 'sender-keys') =>
      mode.mode === m ? html` <span data-testid="cost-in-use">(in use)</span>` : nothing;
    const what = last ? 'your last message' : `a ${REFERENCE_TEXT_CHARS}-character message`;
    return html`
      <p class="line" data-testid="send-cost">
        <span class="what">On the wire</span><span class="wide"> for ${what}</span>: pairwise
        <strong data-testid="cost-pairwise">${bytes(c.pairwise)}</strong>${inUse('pairwise')} · sender keys
        <strong data-testid="cost-senderkeys">${bytes(c.senderKeys)}</strong>${inUse('sender-keys')}
        <button type="button" class="secondary small" aria-haspopup="dialog" @click=${this.open}>
          Details
        </button>
      </p>
      <dialog aria-labelledby="cost-title" @close=${() => this.opener?.focus()}>
        <h2 id="cost-title">Bytes you send per message</h2>
        <div class="body">
          <p>
            ${last ? html`Your last message “${clip(text, 40)}”` : html`A ${REFERENCE_TEXT_CHARS}-character message`}
            (${bytes(messagePlaintextBytes(text))} of plaintext JSON) to the ${plural(n, 'member')} you have a
            secure channel with now: ${mode.v2} on v2, ${mode.v1} on v1.
          </p>
          <table>
            <caption class="visually-hidden">
              Bytes you send per message, pairwise and with sender keys
            </caption>
            <tr>
              <th scope="row">Pairwise: ${plural(n, 'ciphertext')}${used('pairwise')}</th>
              <td class="num" data-testid="cost-pairwise-detail">
                ${bytes(c.pairwise)}<meter max=${max} .value=${c.pairwise} aria-hidden="true"></meter>
              </td>
              <td>
                ${mode.v2 > 0 ? html`a <code>ratchet</code> dm, one part (header + ciphertext) per v2 member` : nothing}
                ${mode.v2 > 0 && mode.v1 > 0 ? html`, and ` : nothing}
                ${mode.v1 > 0 ? html`a <code>msg</code> dm, one part (IV + ciphertext) per v1 member` : nothing}
              </td>
            </tr>
            <tr>
              <th scope="row">Sender keys: 1 ciphertext + signature${used('sender-keys')}</th>
              <td class="num" data-testid="cost-senderkeys-detail">
                ${bytes(c.senderKeys)}<meter
                  class="sk"
                  max=${max}
                  .value=${c.senderKeys}
                  aria-hidden="true"
                ></meter>
              </td>
              <td>
                ${mode.v2 > 0 ? html`one <code>bcast</code> for every v2 member` : html`no v2 member to broadcast to`}${mode.v1 > 0 ? html`, plus the same <code>msg</code> dm for the v1 members` : nothing}
                (${c.ratio.toFixed(2)}× pairwise)
              </td>
            </tr>
            <tr>
              <th scope="row">Sender keys, once per chain</th>
              <td class="num" data-testid="cost-distribution">${bytes(c.distribution)}</td>
              <td>
                the chain key to each v2 member inside its ratchet (a <code>skdist</code> dm), again after
                anyone leaves
              </td>
            </tr>
          </table>
          <p data-testid="send-mode">
            <strong>This client sends ${mode.mode === 'pairwise' ? 'pairwise' : 'with sender keys'}</strong>:
            ${mode.why}.
          </p>
          ${
            mode.policy === 'pairwise' && mode.v2 > 0 && c.senderKeys < c.pairwise
              ? html`<p data-testid="cost-below-threshold">
                  Here sender keys would already send fewer bytes: each ratchet part carries the sender's
                  ${PUB_LENGTH[curve]}-byte ratchet public key, more than the signature adds. The threshold of
                  ${SENDER_KEYS_FROM_MEMBERS} members was set against v1 parts, and also weighs the one-off
                  distribution.
                </p>`
              : nothing
          }
          <p class="muted">
            Counted as the WebSocket message Socket.IO sends, <code>42&lt;ack&gt;["dm",{…}]</code>, from the
            real payload shapes (checked against real ciphertexts in the unit tests). The ack number and the
            ratchet counters are counted as one digit: on the wire each extra digit adds one byte.
          </p>
        </div>
        <form method="dialog"><button>Close</button></form>
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-send-cost': CurvechatSendCost;
  }
}
