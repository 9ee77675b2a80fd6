// The key panel: curve choice, the Generate keys button, the three steps, and the resulting key pair.
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isToyCurve } from '../../common/wire.js';
import type { CurveId } from '../../common/wire.js';
import type { CurveSupport, KeyAnnouncementView, MyKeyView } from '../session/types.js';
import { emit } from './events.js';
import { blockSectionHost } from '../styles/host.js';
import { sharedStyles } from '../styles/shared.js';
import { PendingRequest } from './pending-request.js';
import { hexBytes } from './format.js';
import { groupHex } from '../viz/model/format.js';
import { keyPanelStyles } from './key-panel-styles.js';
import { getWeierstrassCurve } from '../math/curves.js';
import { specialKeyNote } from '../math/special-key.js';
import './curvechat-curve-picker.js';

/** Shows this member's key pair and how it was made; emits `generate-keys` and (via the picker) `curve-change`. */
@customElement('curvechat-key-panel')
export class CurvechatKeyPanel extends LitElement {
  static override styles = [sharedStyles, blockSectionHost, keyPanelStyles];

  /** The generated key pair, if any. */
  @property({ attribute: false }) key?: MyKeyView;
  /** Where the announcement of `key` to the room stands. */
  @property({ attribute: false }) announcement?: KeyAnnouncementView;
  /** Curve selected for the next generation. */
  @property() curve: CurveId = 'P-256';
  /** Browser curve support from feature detection. */
  @property({ attribute: false }) support?: CurveSupport;

  @state() private revealed = false;
  /** The pending Generate keys request. */
  private request = new PendingRequest(this);

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const old = changed.get('key') as MyKeyView | undefined;
    if (changed.has('key') && old?.createdAt !== this.key?.createdAt) this.revealed = false;
  }

  override render() {
    const k = this.key;
    const x25519 = (k?.curve ?? this.curve) === 'X25519';
    return html`
      <section class="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Your keys</h2>
        <curvechat-curve-picker
          .curve=${this.curve}
          .support=${this.support}
          ?disabled=${this.request.busy}
        ></curvechat-curve-picker>
        <div class="row">
          <button @click=${this.generate} ?disabled=${this.request.busy} aria-describedby="gen-hint">
            ${this.request.busy ? 'Generating…' : 'Generate keys'}
          </button>
          <span id="gen-hint" class="small-text muted">
            ${k ? 'Makes a new pair and replaces the current one.' : 'Makes your key pair with WebCrypto.'}
          </span>
        </div>
        ${
          k && k.curve !== this.curve
            ? html`<p class="notice warn small-text">
                Your current key is on ${k.curve}. Press Generate keys to switch to ${this.curve}.
              </p>`
            : nothing
        }
        ${
          k && isToyCurve(k.curve)
            ? html`<p class="notice warn small-text">
                Your key is on a tiny teaching curve: anyone can recover d by trying every number. Use it to
                learn, never for a real secret.
              </p>`
            : nothing
        }
        ${this.request.error ? html`<p class="notice err" role="alert">${this.request.error}</p>` : nothing}
        ${k ? this.renderAnnouncement(this.announcement) : nothing}
        <ol class="steps" aria-label="How a key pair is made">
          <li class=${k ? 'done' : ''}>
            <span class="num" aria-hidden="true">${k ? '✓' : '1'}</span>
            <span class="step-title">Private scalar d chosen</span>
            <span class="step-text">
              ${k && isToyCurve(k.curve) ? 'The browser picks' : 'WebCrypto picks'} a random number d: your
              private key. It never leaves this browser.
            </span>
          </li>
          <li class=${k ? 'done' : ''}>
            <span class="num" aria-hidden="true">${k ? '✓' : '2'}</span>
            <span class="step-title">Public point Q = d×G computed</span>
            <span class="step-text">
              Adding the curve’s base point G to itself d times
              (${x25519 ? 'by the Montgomery ladder' : 'by double-and-add'}) lands on Q. Getting d back from Q
              is the hard problem that keeps d secret.
            </span>
          </li>
          <li class=${k ? 'done' : ''}>
            <span class="num" aria-hidden="true">${k ? '✓' : '3'}</span>
            <span class="step-title">Keys shown</span>
            <span class="step-text">
              Q is your public key, announced to the room automatically. Peers combine it with their own d.
            </span>
          </li>
        </ol>
        ${k ? this.renderKey(k, x25519) : nothing}
      </section>
    `;
  }

  /** Whether the room has our public key yet: pending tries, with the retry count, or a failure with Try again. */
  private renderAnnouncement(a: KeyAnnouncementView | undefined) {
    if (!a || a.state === 'announced') return nothing;
    if (a.state === 'failed')
      return html`<div class="notice err" role="alert" data-testid="key-announcement" data-state=${a.state}>
        <p>
          Your public key could not be announced: ${a.reason ?? 'the relay did not accept it.'} Members do not
          have it, so they cannot read what you send.
        </p>
        <button class="small" data-testid="announce-retry" @click=${() => emit(this, 'announce-key', {})}>
          Try again
        </button>
      </div>`;
    const text =
      a.state === 'waiting'
        ? 'Your public key is announced once the connection to the relay is back.'
        : a.refusals > 0
          ? `Announcing your key… (retry ${a.refusals} of ${a.maxTries - 1}). The relay refused it: ${a.reason ?? ''}`
          : 'Announcing your key…';
    return html`<p
      class="notice warn small-text"
      role="status"
      data-testid="key-announcement"
      data-state=${a.state}
    >
      ${text}
    </p>`;
  }

  private renderKey(k: MyKeyView, x25519: boolean) {
    const privBytes = hexBytes(k.privateHex);
    return html`
      <div class="key" data-testid="private-key">
        <div class="key-head">
          <span class="key-label" id="priv-label"
            >Private key d
            <span class="muted small-text"
              >(${privBytes} byte${privBytes === 1 ? '' : 's'}, keep secret)</span
            ></span
          >
          <button
            class="secondary small"
            aria-expanded=${this.revealed ? 'true' : 'false'}
            aria-controls="priv-value"
            @click=${() => (this.revealed = !this.revealed)}
          >
            ${this.revealed ? 'Hide' : 'Reveal'}
          </button>
        </div>
        <p class="hex ${this.revealed ? '' : 'masked'}" id="priv-value">
          ${this.revealed ? groupHex(k.privateHex) : maskedHex(k.privateHex)}
        </p>
      </div>
      <div class="key" data-testid="public-key">
        <div class="key-head">
          <span class="key-label">Public key Q</span>
          <span class="badge">${k.curve} · ${k.bits}-bit · ${hexBytes(k.pubHex)} bytes</span>
        </div>
        ${
          isToyCurve(k.curve)
            ? html`<div class="coord" data-testid="toy-point">
                <b>(x, y)</b>
                <p class="hex">
                  (${BigInt(`0x${k.coords.x}`)}, ${BigInt(`0x${k.coords.y ?? '0'}`)})
                  <span class="muted small-text">hex ${k.coords.x} ${k.coords.y ?? ''}</span>
                </p>
              </div>`
            : x25519
              ? html`<div class="coord">
                  <b>u</b>
                  <p class="hex">${groupHex(k.coords.x)}</p>
                </div>`
              : html`
                  <div class="coord">
                    <b>X</b>
                    <p class="hex">${groupHex(k.coords.x)}</p>
                  </div>
                  <div class="coord">
                    <b>Y</b>
                    <p class="hex">${groupHex(k.coords.y ?? '')}</p>
                  </div>
                `
        }
        ${x25519 ? nothing : specialKey(k)}
        <p class="small-text muted">
          ${
            x25519
              ? 'X25519 keys are just the u-coordinate of Q: 32 bytes.'
              : `On the wire: 04 ‖ X ‖ Y = ${hexBytes(k.pubHex)} bytes (the 04 means “uncompressed point”).`
          }
        </p>
      </div>
    `;
  }

  private generate(): void {
    this.request.send('generate-keys', (reply) => ({ reply }));
  }
}

/** A one-line note when the real key is d = 1 (Q = G) or d = n − 1 (Q = −G) on a Weierstrass curve. */
function specialKey(k: MyKeyView) {
  if (k.coords.y === undefined) return nothing;
  const note = specialKeyNote(getWeierstrassCurve(k.curve), BigInt(`0x${k.privateHex}`), {
    x: BigInt(`0x${k.coords.x}`),
    y: BigInt(`0x${k.coords.y}`),
  });
  return note ? html`<p class="notice warn small-text" data-testid="special-key">${note}</p>` : nothing;
}

/** Dots in place of hex digits, grouped like the real value so its length is still visible. */
function maskedHex(hex: string): string {
  return groupHex(hex.replace(/[0-9a-f]/gi, '•'));
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-key-panel': CurvechatKeyPanel;
  }
}
