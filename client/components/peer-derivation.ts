// The peer card's "How the shared key was derived": Z, the salt (with P in a passphrase room), the v1 key K, and on a
// v2 pair the Double Ratchet's root key RK0 from the same Z and salt (docs/protocol.md §5 and "v2: Double Ratchet").
import { html, nothing } from 'lit';
import type { DerivedView, PeerView } from '../session/types.js';
import { groupHex } from '../viz/model/format.js';

/** The derivation of the channel with `p` as a <details> block; every value is the session's own. */
export function derivation(p: PeerView, d: DerivedView) {
  const v2 = p.v2Root;
  return html`<details>
    <summary>How the shared key was derived</summary>
    <div class="kv">
      <span>${p.label}’s public key (${p.key?.curve})</span>
      <p class="hex">${groupHex(p.key?.pubHex ?? '')}</p>
    </div>
    <div class="kv">
      <span>Shared secret Z (your d × their Q, ${p.key?.curve === 'X25519' ? 'u' : 'x'}-coordinate)</span>
      <p class="hex">${groupHex(d.zHex)}</p>
    </div>
    ${passphraseRows(d)}
    <div class="kv">
      <span>
        HKDF salt = SHA-256 of both public keys, sorted${d.passphrase ? ', then the passphrase key P' : ''}
      </span>
      <p class="hex">${groupHex(d.saltHex)}</p>
    </div>
    ${
      v2
        ? html`<p class="small-text step" data-testid="v1-step">
            <strong>v1 step: the channel key K.</strong> On this v2 pair K still seals
            files${d.passphrase ? ' and the passphrase check' : ''}; chat messages and receipts use the Double
            Ratchet, whose root key is derived below from the same Z and salt.
          </p>`
        : nothing
    }
    <div class="kv">
      <span>${v2 ? 'HKDF info of K (the v1 string)' : 'HKDF info'}</span>
      <p class="hex" data-testid="k-info">${d.info}</p>
    </div>
    <div class="kv">
      <span>AES-256-GCM key ${v2 ? 'K ' : ''}fingerprint (first 8 bytes of SHA-256 of the key)</span>
      <p class="hex" data-testid="key-fingerprint">${groupHex(d.keyFingerprint, 4)}</p>
    </div>
    ${v2 ? rootRows(v2) : nothing}
  </details>`;
}

/** A v2 pair's root key RK0 and the root steps after it: the info strings the ratchet really uses. */
function rootRows(v2: NonNullable<PeerView['v2Root']>) {
  return html`<p class="small-text step"><strong>v2 step: the Double Ratchet’s root key.</strong></p>
    <div class="kv">
      <span>RK0 = HKDF-SHA256(Z above, the salt above, this info), 32 bytes</span>
      <p class="hex" data-testid="v2-root-info">${v2.info}</p>
    </div>
    <div class="kv">
      <span>
        Every root step from RK0 on: HKDF-SHA256(a new DH output, salt = the root key, this info), 64 bytes →
        the next root key and a chain key
      </span>
      <p class="hex" data-testid="v2-ratchet-info">${v2.ratchetInfo}</p>
    </div>`;
}

/** The extra derivation step of a passphrase room: how P was made, its fingerprint, the salt before P. */
function passphraseRows(d: DerivedView) {
  const p = d.passphrase;
  if (!p) return nothing;
  return html`<div class="kv" data-testid="passphrase-step">
      <span>
        Passphrase key P = PBKDF2-SHA-256(passphrase, “${p.saltText}”, ${p.iterations.toLocaleString('en')}
        rounds), fingerprint SHA-256(P)[0..8) (whoever sees it can test guesses, like a member)
      </span>
      <p class="hex">${groupHex(p.fingerprint, 4)}</p>
    </div>
    <div class="kv">
      <span
        >SHA-256 of both public keys, sorted (before P; also names this key pair in the confirmation)</span
      >
      <p class="hex">${groupHex(p.pairSaltHex)}</p>
    </div>`;
}
