// <curvechat-eve-results>: what Eve rebuilt with the broken keys — every channel key and the plaintexts she read off the wire.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { clip } from '../components/format.js';
import { sharedStyles } from '../styles/shared.js';
import type { EveHarvest, EveReading, ObservedEnvelope } from './model/eve.js';
import { labStyles } from './styles.js';

/** "Alice's private key", "Alice's and Bob's private keys", "Alice's, Bob's and Carol's private keys". */
export function keysOf(names: readonly string[]): string {
  const owners = names.map((n) => `${n}'s`);
  const list =
    owners.length < 2 ? (owners[0] ?? '') : `${owners.slice(0, -1).join(', ')} and ${owners.at(-1)}`;
  return `${list} private key${names.length === 1 ? '' : 's'}`;
}

/** What each envelope kind is, in a student's words. */
const KIND_LABEL: Record<ObservedEnvelope['kind'], string> = {
  msg: 'v1 message',
  ratchet: 'v2 Double Ratchet message',
  skdist: 'v2 sender-key distribution',
  skmsg: 'v2 sender-keys broadcast',
};

/** The kind of a reading's envelope; a read `ratchet` envelope says whether it held a message or a receipt. */
function kindLabel(r: EveReading): string {
  if (r.envelope.kind === 'ratchet' && r.what === 'receipt') return 'v2 receipt (in the ratchet)';
  return KIND_LABEL[r.envelope.kind];
}

/** Shows Eve's recovered channels (Z, K fingerprint) and each observed message with what she could read. */
@customElement('curvechat-eve-results')
export class EveResults extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      :host {
        display: grid;
        gap: 1.1em;
      }
      h3 {
        margin-bottom: 0.4em;
      }
      .plain {
        font-weight: 600;
        font-size: 1.05em;
      }
      .locked {
        color: var(--cc-muted);
      }
      .nowrap {
        white-space: nowrap;
      }
      .note {
        display: block;
        color: var(--cc-muted);
      }
      .wrap {
        overflow-x: auto;
      }
    `,
  ];

  /** The harvest to show (null: nothing broken yet). */
  @property({ attribute: false }) harvest: EveHarvest | null = null;
  /** Names of broken members, for the headline. */
  @property({ attribute: false }) brokenNames: string[] = [];

  private ratchetKeys(h: EveHarvest) {
    return html`<div class="wrap">
      <h3>Ratchet keys Eve broke</h3>
      <p class="muted">
        On a toy curve forward secrecy does not help: every new ratchet key is another small discrete
        logarithm, so Eve breaks each one as it appears and follows the root chain. (Root step 0 comes from
        the two static keys, the v1 exchange: she has it as soon as she broke one of them.) Each public key is
        shown by its fingerprint, the first 16 hex digits of its SHA-256, as in the Math tab's Double Ratchet
        view; the whole key (base64url, as in the message header) is the cell's tooltip.
      </p>
      <table data-testid="eve-ratchet-keys">
        <thead>
          <tr>
            <th scope="col">Whose key (pair)</th>
            <th scope="col">Root step</th>
            <th scope="col">Public key (fingerprint)</th>
            <th scope="col">d found</th>
            <th scope="col">BSGS steps</th>
          </tr>
        </thead>
        <tbody>
          ${h.ratchetKeys.map(
            (k) =>
              html`<tr>
                <td>${k.ownerName} (with ${k.peerName})</td>
                <td>${k.rootStep}</td>
                <td class="mono nowrap" title=${k.pub}>${k.fingerprint}</td>
                <td class="mono">${k.d.toString()}</td>
                <td>${k.steps}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private reading(r: EveReading) {
    const env = r.envelope;
    let cell;
    if (r.status === 'read')
      cell = html`<span class="ok-text">Read:</span> ${
          r.plaintext ? html`<q class="plain" data-testid="eve-plaintext">${r.plaintext.text}</q>` : nothing
        }
        ${r.note ? html`<span class="note" data-testid="eve-note">${r.note}</span>` : nothing}`;
    else if (r.status === 'no-key')
      cell = html`<span class="locked"
        >Cannot read: ${r.reason ?? `Eve has not broken ${r.fromName}'s or ${r.toName}'s key.`}</span
      >`;
    else cell = html`<span class="err-text">Failed:</span> ${r.reason}`;
    return html`<tr data-status=${r.status} data-kind=${env.kind}>
      <td>${r.fromName} → ${r.toName}<br /><span class="muted">${kindLabel(r)}</span></td>
      <td>${cell}</td>
      <td class="mono nowrap" title=${env.id}>${clip(env.id, 10)}</td>
      <td class="mono nowrap" title=${env.ct}>${clip(env.ct, 16)}</td>
    </tr>`;
  }

  override render() {
    const h = this.harvest;
    if (!h) return nothing;
    const read = h.readings.filter((r) => r.status === 'read').length;
    return html`
      <div class="callout err" role="status">
        With ${keysOf(this.brokenNames)} Eve computes every shared secret Z
        ${this.brokenNames.length === 1 ? 'that key takes' : 'those keys take'} part in, runs the same HKDF as
        the members, replays every v2 Double Ratchet she can follow, and decrypts with the real AES-GCM:
        <strong>${read} of ${h.readings.length}</strong> observed
        envelope${h.readings.length === 1 ? '' : 's'} read.
      </div>
      ${h.ratchetKeys.length ? this.ratchetKeys(h) : nothing}
      ${
        h.channels.length
          ? html`<div class="wrap">
              <h3>Channel keys Eve rebuilt</h3>
              <table data-testid="eve-channels">
                <thead>
                  <tr>
                    <th scope="col">Between</th>
                    <th scope="col">Z (shared x-coordinate)</th>
                    <th scope="col">HKDF info</th>
                    <th scope="col">K fingerprint</th>
                  </tr>
                </thead>
                <tbody>
                  ${h.channels.map(
                    (c) =>
                      html`<tr>
                        <td>${c.brokenName} and ${c.peerName}</td>
                        <td class="mono">${c.zHex}</td>
                        <td class="mono">${c.key.info}</td>
                        <td class="mono">${c.key.fingerprint}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }
      <div class="wrap">
        <h3>Messages seen on the wire</h3>
        ${
          h.readings.length
            ? html`<table>
                <thead>
                  <tr>
                    <th scope="col">From → to (what)</th>
                    <th scope="col">What Eve gets</th>
                    <th scope="col">Id</th>
                    <th scope="col">Ciphertext</th>
                  </tr>
                </thead>
                <tbody>
                  ${h.readings.map((r) => this.reading(r))}
                </tbody>
              </table>`
            : html`<p class="muted">No messages observed yet.</p>`
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-eve-results': EveResults;
  }
}
