// Sub-templates of <curvechat-keygen-steps>: the engine-vs-WebCrypto check, clamping note, work strip, bit table and shadow run.
import { html, type TemplateResult } from 'lit';
import { TOY_CURVES, type ToyCurveId } from '../../common/wire.js';
import { equationText, getToyCurve } from '../math/curves.js';
import { legend } from './legend.js';
import { groupHex, shortHex } from './model/format.js';
import { checkText, clampingLines, patternText, rowBlocks, type KeygenModel } from './model/keygen-model.js';
import { PALETTE } from './model/palette.js';
import './curvechat-curve-grid.js';

/** The check box: green only when the engine's Q equals WebCrypto's exported public key. */
export function verifyCheck(m: KeygenModel): TemplateResult {
  const v = m.verify;
  return html`<div class="check ${v.ok ? 'ok' : 'bad'}" role="status" data-ok=${v.ok ? 'true' : 'false'}>
    <span class="mark" aria-hidden="true">${v.ok ? '✓' : '✗'}</span>
    <div>
      <strong>${checkText(m)}</strong>
      <dl>
        <dt>Engine: Q = d×G${m.curve === 'X25519' ? ' (u, little-endian)' : ' (04 ‖ X ‖ Y)'}</dt>
        <dd class="mono">${v.gotHex ? groupHex(v.gotHex) : '(not computed)'}</dd>
        <dt>WebCrypto's exported public key</dt>
        <dd class="mono">${groupHex(v.expectedHex)}</dd>
      </dl>
    </div>
  </div>`;
}

/** X25519's clamping of the 32 random bytes, bit by bit (nothing on the Weierstrass curves). */
export function clampingNote(m: KeygenModel): TemplateResult | null {
  return m.clamping.length
    ? html`<p>X25519 first clamps the 32 random bytes (RFC 7748), forcing five bits:</p>
        <ul class="clamping">
          ${clampingLines(m.clamping).map((line) => html`<li>${line}</li>`)}
        </ul>`
    : null;
}

/** The "work done per bit" section: the strip canvas (drawn by strip-draw.ts), its legend and the pattern in words. */
export function workStrip(m: KeygenModel): TemplateResult {
  return html`<section>
    <h3>Work done per bit</h3>
    <div class="strip-box">
      <canvas class="strip" role="img" aria-label=${patternText(m)}></canvas>
    </div>
    ${legend([
      { colour: PALETTE.curve, shape: 'square', text: 'one doubling (lower block)' },
      { colour: PALETTE.orbit, shape: 'square', text: 'one addition (upper block)' },
      { colour: PALETTE.text, shape: 'line', text: 'the current row' },
    ])}
    <p>${patternText(m)}</p>
  </section>`;
}

/** The rows in collapsible blocks of 16; block `i` is open when in `open` or when it holds row `index`. */
export function bitTable(
  m: KeygenModel,
  index: number,
  open: ReadonlySet<number>,
  onToggle: (i: number, e: Event) => void,
): TemplateResult[] {
  const blocks = rowBlocks(m.rows);
  const blockOfIndex = Math.floor(index / 16);
  return blocks.map(
    (b, i) =>
      html`<details
        class="block"
        ?open=${open.has(i) || i === blockOfIndex}
        @toggle=${(e: Event) => onToggle(i, e)}
      >
        <summary>
          Bits ${b.highBit}–${b.lowBit}: ${b.bits.replace(/(.{4})/g, '$1 ').trim()} (${b.ones} additions)
        </summary>
        <table>
          <thead>
            <tr>
              <th scope="col">bit</th>
              <th scope="col">value</th>
              <th scope="col">operation</th>
              <th scope="col">R after (x)</th>
            </tr>
          </thead>
          <tbody>
            ${m.rows.slice(b.start, b.end).map((r, j) => {
              const idx = b.start + j;
              return html`<tr
                class=${idx === index ? 'current' : ''}
                aria-current=${idx === index ? 'step' : 'false'}
              >
                <td>${r.bitIndex}</td>
                <td>${r.bit}</td>
                <td class=${r.op === 'D+A' ? 'op-da' : ''}>${r.op === 'ladder' ? 'add + double' : r.op}</td>
                <td class="mono">${r.xHex === 'O' ? 'O' : shortHex(BigInt(`0x${r.xHex}`), 8)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </details>`,
  );
}

/** The shadow run: the key's bits replayed on a chosen toy curve by <curvechat-curve-grid>. */
export function shadowRun(
  m: KeygenModel,
  curve: ToyCurveId,
  onCurve: (id: ToyCurveId) => void,
): TemplateResult {
  return html`<section>
    <h3>Shadow run: the same bits on a toy curve</h3>
    <p>
      A real point has ${m.rows.length}-bit coordinates — nothing to see. Here every bit of your d drives the
      same double-and-add on a toy curve, so R visibly moves.
    </p>
    <label
      >Toy curve
      <select @change=${(e: Event) => onCurve((e.target as HTMLSelectElement).value as ToyCurveId)}>
        ${TOY_CURVES.filter((id) => id !== 'toy-65521').map((id) => html`<option value=${id} ?selected=${id === curve}>${equationText(getToyCurve(id))}</option>`)}
      </select>
    </label>
    <curvechat-curve-grid fixed-curve .curve=${curve} .replay=${m.k} heading=""></curvechat-curve-grid>
  </section>`;
}
