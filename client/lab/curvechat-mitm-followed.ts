// <curvechat-mitm-followed>: a presenter's man-in-the-middle lab as a follower sees it, recomputed from the public keys.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PresentLabMitm } from '../../common/schema/steps-labs.js';
import { clip } from '../components/format.js';
import { sharedStyles } from '../styles/shared.js';
import { keyText } from './model/key-text.js';
import { followedMitm, type FollowedMitm } from './model/mitm-follow.js';
import { ROLE_NAMES, type LabRole } from './model/mitm.js';
import { labStyles } from './styles.js';
import './curvechat-mitm-safety.js';

/**
 * The followed presenter's demo keys, the swap, their messages, and the safety numbers this browser
 * computes from the public keys (a detail whose keys are not valid points is not shown). The private
 * keys stay with the presenter, so the messages are shown as the lab's rules decide them.
 */
@customElement('curvechat-mitm-followed')
export class MitmFollowed extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      .people {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(15em, 100%), 1fr));
        gap: 0.8em;
      }
      .person {
        border-top: 0.3em solid var(--role);
      }
      .person h3 {
        color: var(--role);
      }
    `,
  ];

  /** The presenter's name. */
  @property() name = '';
  /** The presenter's `present:lab` detail. */
  @property({ attribute: false }) detail: PresentLabMitm | undefined;

  @state() private view: FollowedMitm | null | undefined;
  private token = 0;

  override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has('detail')) return;
    const token = ++this.token;
    const detail = this.detail;
    if (!detail) return void (this.view = undefined);
    void followedMitm(detail).then((v) => {
      if (token === this.token) this.view = v;
    });
  }

  private person(role: LabRole, v: FollowedMitm) {
    const own = { alice: v.aliceHex, bob: v.bobHex, mallory: v.malloryHex }[role];
    const held = role === 'alice' ? v.aliceHoldsHex : role === 'bob' ? v.bobHoldsHex : null;
    return html`<div class=${`card person role-${role}`} data-testid=${`followed-${role}`}>
      <h3>${ROLE_NAMES[role]}</h3>
      <p class="small-text muted">Own public key</p>
      <p class="hex" data-testid="own-key">${clip(keyText(v.curve, own), 36)}</p>
      ${
        held !== null
          ? html`<p class="small-text muted">Holds as ${role === 'alice' ? "Bob's" : "Alice's"} key</p>
              <p class="hex">${clip(keyText(v.curve, held), 36)}</p>
              <p class="small-text">
                ${
                  v.swap
                    ? html`<span class="err-text">That is Mallory's key.</span>`
                    : html`<span class="ok-text">The real one.</span>`
                }
              </p>`
          : html`<p class="small-text" data-testid="followed-swap">
              ${v.swap ? "Swapped each victim's key for her own." : 'Passes the keys on unchanged.'}
            </p>`
      }
    </div>`;
  }

  override render() {
    const v = this.view;
    return html`<p class="notice" data-testid="mitm-following">
        Following ${this.name}: their demo keys on ${this.detail?.curve ?? '…'},
        ${this.detail?.swap ? 'Mallory swaps the keys' : 'Mallory does not swap the keys'}. The safety numbers
        below are computed in this browser from those public keys; the private keys stay in ${this.name}'s
        browser.
      </p>
      ${
        v === null
          ? html`<p class="notice err" role="alert">
              ${this.name}'s lab keys are not valid public keys: not shown.
            </p>`
          : v === undefined
            ? html`<p class="muted" role="status">Computing…</p>`
            : html`<div class="people">
                  ${this.person('alice', v)}${this.person('mallory', v)}${this.person('bob', v)}
                </div>
                <div aria-live="polite">
                  ${v.runs.map(
                    (r, i) =>
                      html`<p
                        class=${`callout ${r.malloryReads !== null ? 'err' : 'ok'}`}
                        data-testid="followed-run"
                      >
                        <strong>${i === 0 ? 'Last message' : 'Earlier'}:</strong> Alice says
                        <q data-testid="followed-said">${r.said}</q>.
                        ${
                          r.malloryReads !== null
                            ? html`Mallory reads it and passes on <q>${r.bobReads}</q>.`
                            : html`Mallory sees only ciphertext.`
                        }
                        Bob reads <q data-testid="followed-bob-reads">${r.bobReads}</q>.
                      </p>`,
                  )}
                  ${v.runs.length === 0 ? html`<p class="muted">No message sent yet.</p>` : nothing}
                </div>
                <h3>Safety numbers, compared side by side</h3>
                <curvechat-mitm-safety .alice=${v.aliceSafety} .bob=${v.bobSafety}></curvechat-mitm-safety>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-mitm-followed': MitmFollowed;
  }
}
