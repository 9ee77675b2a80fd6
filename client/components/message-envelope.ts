// What crossed the wire for one chat message: each envelope's IV, ciphertext, tag, AAD and key fingerprint.
import { html, type TemplateResult } from 'lit';
import type { ChatMessage, WireView } from '../session/types.js';
import { groupHex } from '../viz/model/format.js';
import { hexBytes } from './format.js';
import { memberText } from './name-label.js';

/** Names by member id (SessionState.names). */
export type MemberNames = Readonly<Record<string, { name: string; suffix?: string }>>;

/** The envelope `w` of message `m` (to one recipient, or to us), drawn inside `<curvechat-message>` with its styles. */
export function messageEnvelope(m: ChatMessage, w: WireView, names: MemberNames): TemplateResult {
  return html`<section class="envelope">
    <h4>
      ${
        m.outgoing
          ? `Envelope for ${memberText(names, w.to, w.toName)}`
          : `Envelope from ${memberText(names, m.from, m.fromName)} to you`
      }
    </h4>
    ${
      w.via === 'sender-key'
        ? html`<span data-testid="iv"
            >No IV on the wire: sender keys (v2) derive the key and IV from the sender chain's message
            ${w.aad.split('\n').at(-1)}; one signed broadcast carried it to the whole room</span
          >`
        : w.ivHex === ''
          ? html`<span data-testid="iv"
              >No IV on the wire: v2 (Double Ratchet) derives the key and IV from this message's own key</span
            >`
          : html`<span>IV (${hexBytes(w.ivHex)} random bytes, new for every message)</span>
              <p class="hex" data-testid="iv">${groupHex(w.ivHex)}</p>`
    }
    <span>
      Ciphertext (${hexBytes(w.ctHex)} bytes: the text inside a small JSON envelope with its time, so a little
      longer than the message)
    </span>
    <p class="hex" data-testid="ct">${groupHex(w.ctHex)}</p>
    <span
      >Authentication tag (${hexBytes(w.tagHex)} bytes; any change to the ciphertext or AAD breaks it)</span
    >
    <p class="hex" data-testid="tag">${groupHex(w.tagHex)}</p>
    <span
      >${
        w.via === 'sender-key'
          ? 'AAD (authenticated and signed, not encrypted): marker ⏎ room ⏎ sender id ⏎ message id ⏎ chain id ⏎ message number'
          : 'AAD (authenticated, not encrypted): room ⏎ sender id ⏎ recipient id ⏎ message id'
      }</span
    >
    <p class="hex">${w.aad.split('\n').join(' ⏎ ')}</p>
    <span>The same AAD as bytes (hex)</span>
    <p class="hex" data-testid="aad">${groupHex(w.aadHex)}</p>
    <span
      >${w.via === 'sender-key' ? 'Sender chain id (the key itself never travels in a broadcast)' : 'AES-256-GCM key fingerprint'}</span
    >
    <p class="hex" data-testid="wire-fingerprint">${groupHex(w.keyFingerprint, 4)}</p>
  </section>`;
}
