// Sub-templates of <curvechat-exchange-view>: the toy pair of grids, the real-curve Z check and the HKDF / AES-GCM boxes.
import { html, type TemplateResult } from 'lit';
import type { RealCurveId } from '../../common/wire.js';
import { equationText } from '../math/curves.js';
import type { PeerView, SessionState, WireView } from '../session/types.js';
import { realSharedCheck, toyZHex, type HkdfRecheck, type ToyExchange } from './model/exchange-model.js';
import { WALK_BASE } from './exchange-draw.js';
import { reached, sideDone, walkAt, type ExchangePlan } from './model/exchange-stages.js';
import { fmtMultiple, fmtPoint, groupHex } from './model/format.js';

/** A ✓/✗ badge for an independent recheck (nothing while it is pending). */
export const mark = (ok: boolean | undefined) =>
  ok === undefined ? null : html`<span class=${ok ? 'ok' : 'bad'}>${ok ? '✓ matches' : '✗ differs'}</span>`;

/** Both sides of a toy exchange (a canvas each: the walk while it runs, S once it ended) and the status line. */
export function toyPair(
  ex: ToyExchange,
  plan: ExchangePlan,
  index: number,
  zCheck: boolean | undefined,
): TemplateResult {
  const big = ex.curve.id === 'toy-65521';
  const walking = walkAt(plan, index);
  const same = reached(plan, index, 'same');
  return html`
    <div class="pair">
      ${[ex.a, ex.b].map((side, i) => {
        const base = WALK_BASE[i]!;
        const done = sideDone(plan, index, i as 0 | 1);
        const step = walking?.side === i && !done ? walking.step : undefined;
        const now = step
          ? `, walking: R = ${fmtMultiple(step.multiple, base)} = ${fmtPoint(step.R)}`
          : done
            ? `, result S = ${fmtPoint(side.S)}`
            : '';
        return html`<div>
          <h4>${side.name}: ${side.d} × ${base} = ${side.d} × ${fmtPoint((i === 0 ? ex.b : ex.a).Q)}</h4>
          ${
            big
              ? html`<p>(65 521 × 65 521 grid: too large to draw; the steps below say every point.)</p>`
              : html`<div class="grid-box">
                  <canvas
                    role="img"
                    aria-label=${`${side.name}'s view on ${equationText(ex.curve)}: public key ${fmtPoint(side.Q)}${now}`}
                  ></canvas>
                </div>`
          }
          <p>
            ${step ? html`R = <strong>${fmtMultiple(step.multiple, base)} = ${fmtPoint(step.R)}</strong>` : html`S = <strong>${done ? fmtPoint(side.S) : '…'}</strong>`}
          </p>
        </div>`;
      })}
    </div>
    <p class=${ex.same ? 'ok' : 'bad'} role="status">
      ${same ? (ex.same ? `✓ Both land on ${fmtPoint(ex.a.S)} (checked by the engine).` : '✗ The two results differ.') : ''}
      ${same && zCheck !== undefined ? html` Z = x(S) = ${toyZHex(ex, ex.a.S)} ${mark(zCheck)} with the session's Z.` : null}
    </p>
  `;
}

/**
 * The engine's row label: Z is the x-coordinate of d_A × Q_B on the Weierstrass curves, but X25519
 * works on the Montgomery curve's u-coordinate alone (RFC 7748), so there it is u.
 */
export function coordName(curve: RealCurveId): string {
  return curve === 'X25519' ? 'Engine: u of' : 'Engine: x of';
}

/** Why Z is one coordinate on a real curve: x of S on the NIST curves, u alone for X25519. */
export function xOnlyReal(curve: RealCurveId): string {
  return curve === 'X25519'
    ? 'Why only u: X25519 works on a Montgomery curve with the u-coordinate alone — its ladder never computes v — so Z is u of d_A × Q_B, 32 bytes little-endian.'
    : 'Why only x: S = (x, y), and −S = (x, −y) has the same x; y follows from x up to its sign, so Z keeps x alone (SEC 1 ECDH).';
}

/** On a real curve: our Z recomputed by the engine next to WebCrypto's, and the peer's side explained. */
export function realPair(s: SessionState, peer: PeerView, index: number): TemplateResult {
  const v = realSharedCheck(
    s.myKey!.curve as RealCurveId,
    s.myKey!.privateHex,
    peer.key!.pubHex,
    peer.derived!.zHex,
  );
  return html`<div class="pair">
    <div class="box ${index === 0 ? 'current' : ''}">
      <h4>Our side: d_A × Q_B (${s.myKey!.curve})</h4>
      <dl>
        <dt>${coordName(s.myKey!.curve as RealCurveId)} d_A × Q_B</dt>
        <dd class="mono">${groupHex(v.gotHex || '(not computed)')}</dd>
        <dt>WebCrypto deriveBits (Z)</dt>
        <dd class="mono">${groupHex(v.expectedHex)}</dd>
      </dl>
      <p class=${v.ok ? 'ok' : 'bad'} data-ok=${v.ok ? 'true' : 'false'}>
        ${v.ok ? '✓ The engine and WebCrypto agree on Z.' : `✗ ${v.reason ?? 'they differ'}`}
      </p>
      <p data-testid="x-only">${xOnlyReal(s.myKey!.curve as RealCurveId)}</p>
    </div>
    <div class="box">
      <h4>${peer.label}'s side: d_B × Q_A</h4>
      <p>
        Computed on ${peer.label}'s device with their private key, which never leaves it. If nobody swapped
        the keys on the way, it is the same point; compare the safety number with ${peer.label} to be sure:
      </p>
      <p class="mono">${peer.derived!.safetyNumber.join(' ')}</p>
    </div>
  </div>`;
}

/** The HKDF box (salt, info, key fingerprint with rechecks) and the AES-GCM box for the latest message. */
export function pipelineBoxes(
  peer: PeerView | undefined,
  wire: WireView | undefined,
  h: HkdfRecheck | undefined,
  index: number,
  stepCount: number,
): TemplateResult {
  const d = peer?.derived;
  const fpOk = wire && d ? wire.keyFingerprint === d.keyFingerprint : undefined;
  return html`<div class="boxes">
    <div class="box ${index === stepCount - 2 ? 'current' : ''}">
      <h4>HKDF-SHA256 → AES key K</h4>
      ${
        d
          ? html`<dl>
              ${
                d.passphrase
                  ? html`<dt>
                        P = PBKDF2-SHA-256(passphrase, “${d.passphrase.saltText}”,
                        ${d.passphrase.iterations.toLocaleString('en')} rounds): fingerprint SHA-256(P)[0..8)
                      </dt>
                      <dd class="mono" data-testid="passphrase-fingerprint">
                        ${groupHex(d.passphrase.fingerprint, 4)}
                      </dd>
                      <dt>SHA-256(lo ‖ hi) ${mark(h?.salt.ok)}</dt>
                      <dd class="mono">${groupHex(d.passphrase.pairSaltHex)}</dd>
                      <dt>salt = SHA-256(lo ‖ hi ‖ P) (not rechecked here: P stays in the session)</dt>`
                  : html`<dt>salt = SHA-256(lo ‖ hi) ${mark(h?.salt.ok)}</dt>`
              }
              <dd class="mono">${groupHex(d.saltHex)}</dd>
              <dt>info ${mark(h?.info.ok)}</dt>
              <dd class="mono">${d.info}</dd>
              <dt>K's fingerprint SHA-256(K)[0..8) ${mark(h?.fingerprint?.ok)}</dt>
              <dd class="mono">${groupHex(d.keyFingerprint, 4)}</dd>
            </dl>`
          : html`<p class="empty">Join a room with a peer on the same curve to see the real values.</p>`
      }
    </div>
    <div class="box ${index === stepCount - 1 ? 'current' : ''}">
      <h4>AES-256-GCM: the latest message ${wire ? html`to/from ${peer?.name}` : ''}</h4>
      ${
        wire
          ? html`<dl>
              <dt>IV (12 random bytes)</dt>
              <dd class="mono">${groupHex(wire.ivHex)}</dd>
              <dt>ciphertext (${wire.ctHex.length / 2} bytes)</dt>
              <dd class="mono">${groupHex(wire.ctHex.slice(0, 96))}${wire.ctHex.length > 96 ? ' …' : ''}</dd>
              <dt>tag (16 bytes)</dt>
              <dd class="mono">${groupHex(wire.tagHex)}</dd>
              <dt>AAD</dt>
              <dd class="mono">${wire.aad.replace(/\n/g, ' ⏎ ')}</dd>
              <dt>key fingerprint ${mark(fpOk)}</dt>
              <dd class="mono">${groupHex(wire.keyFingerprint, 4)}</dd>
            </dl>`
          : html`<p class="empty">Send a message: its IV, ciphertext and tag appear here.</p>`
      }
    </div>
  </div>`;
}
