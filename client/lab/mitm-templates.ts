// Templates of the man-in-the-middle lab: one hop of a message, as a list item.
import { html, nothing } from 'lit';
import { clip } from '../components/format.js';
import { ROLE_NAMES, type Hop } from './model/mitm.js';

const ACTIONS: Readonly<Record<Hop['action'], string>> = {
  encrypt: 'encrypts',
  intercept: 'intercepts and decrypts',
  're-encrypt': 're-encrypts',
  forward: 'forwards',
  decrypt: 'decrypts',
};

/** One hop: who did what, whether the tag verified, the note, the key fingerprint and the envelope. */
export function hopItem(h: Hop) {
  return html`<li class=${`role-${h.actor}`}>
    <span class="role-tag">${ROLE_NAMES[h.actor]}</span> ${ACTIONS[h.action]}
    ${h.text !== undefined ? html`<q class="said">${h.text}</q>` : nothing}
    <span class=${h.ok ? 'ok-text' : 'err-text'}>${h.ok ? '✓' : '✗ cannot decrypt: the tag fails'}</span>
    <br /><span class="small-text">${h.note}</span> <br /><span class="small-text mono"
      >key ${h.keyFingerprint}${h.ctHex ? html` · IV ${h.ivHex} · ct ${clip(h.ctHex, 20)}` : nothing}</span
    >
  </li>`;
}
