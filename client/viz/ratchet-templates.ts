// The Ratchet view's text parts: the table with the drawing's facts, the counters now, and Eve's explanation.
import { html, type TemplateResult } from 'lit';
import type { RatchetPairView } from '../session/ratchet-inspect.js';
import type { GlossaryEntry } from './model/ratchet-glossary.js';
import {
  EVE_WORDS,
  TOY_CAVEAT,
  kindCount,
  type EveMark,
  type RatchetModel,
  type RatchetNames,
} from './model/ratchet-model.js';

/** A mark in words; on a toy curve "cannot read" holds only for the stolen copy. */
function eveWords(mark: EveMark, toy: boolean): string {
  return EVE_WORDS[mark] + (toy && mark !== 'eve-reads' ? TOY_CAVEAT : '');
}

/** The table line where Eve copied the state. */
function theftRow(m: RatchetModel, names: RatchetNames): TemplateResult {
  return html`<tr class="theft" data-testid="theft-row">
    <td colspan="8">
      Eve copied ${names.me}'s ratchet state here, after step ${(m.eve?.theftAfterStep ?? 0) + 1}
    </td>
  </tr>`;
}

/** The text alternative of the drawing: one row per message (all of them; rows after the step are marked "not yet"). */
export function ratchetTable(m: RatchetModel, names: RatchetNames, step: number): TemplateResult {
  const eve = m.eve !== undefined;
  // The heading sits outside the scrolling box, so a phone wraps it instead of cutting it off at the box's edge.
  return html`<h4 id="ratchet-table-heading" class="table-heading" data-testid="ratchet-table-heading">
      Every message of the pair with ${names.peer}, in the order ${names.me}'s side processed it
    </h4>
    ${
      step < m.links.length
        ? html`<p class="table-note" data-testid="ratchet-table-note">
            Rows marked “not yet” come after the player's step (now ${step + 1} of ${m.links.length + 1}):
            step forward to draw them. The Step column counts as the player does (step 1 is the start).
          </p>`
        : null
    }
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="ratchet-table-heading">
      <table data-testid="ratchet-table" aria-labelledby="ratchet-table-heading">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Message</th>
            <th scope="col">Chain</th>
            <th scope="col">n</th>
            <th scope="col">pn</th>
            <th scope="col">Ratchet key (fingerprint)</th>
            <th scope="col">Message key fingerprint</th>
            ${eve ? html`<th scope="col">Eve</th>` : null}
          </tr>
        </thead>
        <tbody>
          ${m.links.map((l, i) => {
            const e = l.event;
            const theft = i === m.eve?.theftAfterStep ? theftRow(m, names) : null;
            const who =
              e.direction === 'sent' ? `${names.me} → ${names.peer}` : `${names.peer} → ${names.me}`;
            return html`${theft}
              <tr
                class=${l.step === step ? 'current' : l.step > step ? 'later' : ''}
                data-direction=${e.direction}
                data-kind=${e.kind}
                data-chain=${e.chain ?? ''}
                data-n=${e.n}
                data-eve=${l.eve ?? ''}
              >
                <td>${l.step + 1}${l.step > step ? ' (not yet)' : ''}</td>
                <td>
                  ${who}${e.kind === 'receipt' ? ', receipt' : e.kind === 'sender-key' ? ', sender key' : ''}${l.dhStep ? ', DH ratchet step' : ''}
                </td>
                <td>${e.chain ?? 'not kept'}</td>
                <td>${e.n}</td>
                <td>${e.pn}</td>
                <td class="fp" data-testid="ratchet-key" title=${e.ratchetKeyPub}>${e.ratchetKey}</td>
                <td class=${e.messageKey === null ? '' : 'fp'}>${e.messageKey ?? 'not kept'}</td>
                ${eve ? html`<td>${l.eve ? eveWords(l.eve, m.toy) : '—'}</td>` : null}
              </tr>`;
          })}
          ${m.eve && m.eve.theftAfterStep === m.links.length ? theftRow(m, names) : null}
        </tbody>
      </table>
    </div>`;
}

/** The glossary: n, pn, initiator and responder, the ratchet key and "not kept" in plain words (visible text). */
export function ratchetGlossaryList(entries: readonly GlossaryEntry[]): TemplateResult {
  return html`<section
    class="glossary"
    aria-labelledby="ratchet-glossary-heading"
    data-testid="ratchet-glossary"
  >
    <h4 id="ratchet-glossary-heading">What the words mean</h4>
    <dl>
      ${entries.map(
        (e) =>
          html`<div>
            <dt>${e.term}</dt>
            <dd>${e.meaning}</dd>
          </div>`,
      )}
    </dl>
  </section>`;
}

/** The counters of the pair now (the real Ns, Nr, PN and root steps). */
export function ratchetNow(v: RatchetPairView, names: RatchetNames): TemplateResult {
  return html`<dl class="now" data-testid="ratchet-now">
    <div>
      <dt>${names.me}'s sending chain</dt>
      <dd>
        chain ${v.sending.chain}, next n = <span data-testid="ratchet-ns">${v.sending.n}</span>, pn =
        ${v.sending.pn}
      </dd>
    </div>
    <div>
      <dt>Receiving chain (${names.peer})</dt>
      <dd>
        ${
          v.receiving.ready
            ? html`chain ${v.receiving.chain}, next n =
                <span data-testid="ratchet-nr">${v.receiving.n}</span>`
            : 'none yet'
        }
      </dd>
    </div>
    <div>
      <dt>Root steps</dt>
      <dd data-testid="ratchet-roots">${v.rootSteps}</dd>
    </div>
    <div>
      <dt>Keys stored for late messages</dt>
      <dd>${v.skipped}</dd>
    </div>
  </dl>`;
}

/** Eve's result in plain words, with the numbers counted from her real decryptions. */
export function eveExplanation(m: RatchetModel, names: RatchetNames, toy = false): TemplateResult {
  const e = m.eve;
  if (!e)
    return html`<p>
      <strong>What if a thief copied ${names.me}'s device right now?</strong> "Compromise now" plays Eve
      copying every key ${names.me} holds for this pair at this moment, then really tries to decrypt every
      message with that copy. Your real session is not touched.
    </p>`;
  const healed =
    e.healsAtStep === null
      ? html`It has <strong>not healed yet</strong>: Eve can follow the conversation until a new DH ratchet
          step brings in a ratchet key pair she never saw. Send a message and get a reply, then look again.`
      : html`From step ${e.healsAtStep + 1} on Eve reads nothing: this pair's ratchet <strong>healed</strong>,
          because a new ratchet key pair, made after her copy, entered the root chain (post-compromise
          security).`;
  return html`<div class="eve-result" role="status" data-testid="eve-result">
    <p>
      <strong>Eve copied ${names.me}'s ratchet state after step ${e.theftAfterStep + 1}.</strong>
      Of the ${e.before} ratchet message${e.before === 1 ? '' : 's'} before it
      (${kindCount(m.links.slice(0, e.before).map((l) => l.event))}) she reads ${e.beforeReadable}: their keys
      were already deleted, and a chain key only runs forward, so old keys cannot be computed back (forward
      secrecy).
    </p>
    <p>
      ${
        e.exposed + e.healed === 0
          ? html`No messages since the theft yet (<span data-testid="eve-exposed">0</span> read,
              <span data-testid="eve-healed">0</span> closed). ${healed}`
          : html`Of the ${e.exposed + e.healed} message${e.exposed + e.healed === 1 ? '' : 's'} after it she
              reads <span data-testid="eve-exposed">${e.exposed}</span> and cannot read
              <span data-testid="eve-healed">${e.healed}</span>. ${healed}`
      }
    </p>
    ${
      m.links.some((l) => l.event.kind === 'sender-key') && !m.links.some((l) => l.event.kind === 'message')
        ? html`<p data-testid="eve-sender-keys-note">
            In this room the texts travel by sender keys (one broadcast for everyone); this pair's ratchet
            carries the sender keys and the receipts. A real thief would also copy the sender keys ${names.me}
            holds.
          </p>`
        : null
    }
    ${
      toy
        ? html`<p data-testid="eve-toy-caveat">
            <strong>On this toy curve that is only half the story:</strong> this Eve has only the copy. Each
            new ratchet key here is a tiny discrete logarithm, so an Eve who also breaks keys (the Eve tab)
            computes the new ratchet keys' private keys and reads on. Healing needs a curve where that is
            infeasible.
          </p>`
        : null
    }
  </div>`;
}
