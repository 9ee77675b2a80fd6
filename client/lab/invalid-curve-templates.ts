// Templates of the invalid-curve lab: a point as text, and the list of curvechat's refusals.
import { html } from 'lit';
import type { Point } from '../math/weierstrass.js';
import type { InvalidCurveState, Refusal } from './model/invalid-curve.js';

/** A toy point as "(x, y)", or O spelled out. */
export const pt = (P: Point): string => (P.infinity ? 'O (the point at infinity)' : `(${P.x}, ${P.y})`);

/** The same probes fed to curvechat's own validation: refused (with the reason) or, never, accepted. */
export function refusalList(lab: InvalidCurveState, refusals: readonly (Refusal | null)[]) {
  return html`<h3>The same points sent to curvechat</h3>
    <p class="small-text">
      Each point goes through curvechat's toy key agreement, the code a member's key goes through before a
      channel is derived (<code>validatePublicPoint</code> in client/math/weierstrass.ts):
    </p>
    <ul data-testid="refusals">
      ${lab.probes.map((p, i) => {
        const r = refusals[i];
        return html`<li data-testid="refusal">
          ${pt(p.point)}:
          ${
            r === undefined
              ? html`<span class="muted">checking…</span>`
              : r === null
                ? html`<span class="err-text">accepted</span>`
                : html`<span class="ok-text">refused</span> (<code>${r.code}</code>: ${r.reason}). A member
                    sees: “${r.channelError}”`
          }
        </li>`;
      })}
    </ul>`;
}
