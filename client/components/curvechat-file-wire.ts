// "What crossed the wire" for a file: the one-size chunks and their IVs, and the file key wrapped once per peer.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FileWireView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { groupHex } from '../viz/model/format.js';

/** The wire view of one file transfer; every number comes from the transfer itself. */
@customElement('curvechat-file-wire')
export class CurvechatFileWire extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: grid;
        gap: 0.35rem;
        margin-top: 0.5rem;
        padding-top: 0.5rem;
        border-top: 1px dashed var(--cc-border);
        font-size: 0.875rem;
      }
      h4 {
        margin: 0.3rem 0 0;
        font-size: 0.9375rem;
      }
      ol.flow {
        margin: 0;
        padding-inline-start: 1.2rem;
        display: grid;
        gap: 0.2rem;
      }
      table {
        border-collapse: collapse;
        font-size: 0.8125rem;
      }
      th,
      td {
        text-align: start;
        padding: 0.15rem 0.5rem 0.15rem 0;
        vertical-align: top;
      }
      td.hex {
        font-size: 0.8125rem;
      }
      .box {
        border: 1px solid var(--cc-border);
        border-radius: 8px;
        padding: 0.4rem 0.6rem;
        background: var(--cc-surface);
      }
    `,
  ];

  /** The file's wire data. */
  @property({ attribute: false }) wire!: FileWireView;
  /** Chunk count. */
  @property({ type: Number }) chunks = 0;
  /** File size in bytes. */
  @property({ type: Number }) size = 0;
  /** True for our own file (one wrap per recipient), false for a received one (the wrap to us). */
  @property({ type: Boolean }) outgoing = false;

  override render() {
    const w = this.wire;
    const pad = w.chunkBytes - w.lastChunkData;
    return html`
      <h4>How this file travelled</h4>
      <ol class="flow" data-testid="file-flow">
        <li>
          A fresh random <strong>file key</strong> (AES-256-GCM, fingerprint
          <span class="mono">${groupHex(w.fileKeyFingerprint, 4)}</span>) was made for this file only.
        </li>
        <li>
          The file (${this.size} bytes) was cut into
          <strong data-testid="file-chunk-count">${this.chunks}</strong> chunks of ${w.chunkBytes} bytes and
          each chunk encrypted <strong>once</strong> under the file key.
        </li>
        <li>
          The file key, name, type, size and SHA-256 were <strong>wrapped</strong> for each peer: sealed with
          the channel key that pair already shares (the ECDH → HKDF key of the Math tab).
        </li>
        <li>
          The relay forwarded the same chunk ciphertext to every recipient; only holders of a wrap can open
          it.
        </li>
      </ol>
      <h4>Chunks (one size class)</h4>
      <p class="box" data-testid="file-chunk-sizes">
        ${this.chunks} × ${w.bodyBytes} bytes of JSON body each on the wire (${w.ctBytes} bytes of ciphertext
        ‖ 16-byte tag). The last chunk holds ${w.lastChunkData} bytes of the file and ${pad} bytes of zero
        padding, so the relay sees only the chunk count (the size rounded up to ${w.chunkBytes} bytes) and the
        timing, not the exact size.
      </p>
      <span
        >IVs: 8-byte random nonce ‖ chunk index (big-endian). Never repeated: the key is new for every
        file.</span
      >
      <table data-testid="file-ivs">
        <thead>
          <tr>
            <th scope="col">chunk</th>
            <th scope="col">IV (hex)</th>
          </tr>
        </thead>
        <tbody>
          ${w.ivs.map(
            (iv) =>
              html`<tr>
                <td>${iv.index}</td>
                <td class="hex">${groupHex(iv.hex)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <span
        >Chunk AAD: curvechat/v1 file-chunk ⏎ file id ⏎ index ⏎ chunk count (a chunk cannot move or be cut
        off).</span
      >
      <span>SHA-256 of the whole file, checked by the receiver before the file is offered:</span>
      <p class="hex" data-testid="file-sha256">${groupHex(w.sha256Hex)}</p>
      <h4>File key wrap ${this.outgoing ? 'per peer' : 'to you'}</h4>
      ${w.wraps.map(
        (k) =>
          html`<div class="box" data-testid="file-wrap">
            <strong>${this.outgoing ? `For ${k.toName}` : 'For you'}:</strong> ${k.ctBytes} bytes sealed under
            the channel key <span class="mono">${groupHex(k.keyFingerprint, 4)}</span> with IV
            <span class="mono">${groupHex(k.ivHex)}</span>. AAD:
            <span class="mono">${k.aad.split('\n').join(' ⏎ ')}</span>
          </div>`,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-file-wire': CurvechatFileWire;
  }
}
