// What a peer card says about its channel: the badge, why there is no channel yet, a pending key announcement, a shared key.
import { html, nothing, type TemplateResult } from 'lit';
import { isToyCurve, type CurveId } from '../../common/wire.js';
import { getToyCurve } from '../math/curves.js';
import type { KeyAnnouncementView, PeerView } from '../session/types.js';

/** A badge's text and colour class. */
export interface Badge {
  text: string;
  cls: string;
}

const CHANNEL_BADGE: Record<Exclude<PeerView['channel'], 'no-key'>, Badge> = {
  'curve-mismatch': { text: 'curve mismatch', cls: 'warn' },
  deriving: { text: 'deriving…', cls: '' },
  ready: { text: 'secure channel', cls: 'ok' },
  failed: { text: 'no secure channel', cls: 'err' },
  confirming: { text: 'checking the passphrase…', cls: 'warn' },
  'passphrase-mismatch': { text: 'passphrase does not match', cls: 'err' },
};

/** A ready channel on a toy curve: it works, but anyone can break it (a warning, with a sign, not only a colour). */
export const TOY_CHANNEL_BADGE: Badge = { text: '⚠ works — toy curve, anyone can break it', cls: 'warn' };

/** The toy curve of a ready channel with `p`, if it is on one. */
function toyCurveOf(p: PeerView): CurveId | undefined {
  const curve = p.key?.curve;
  return p.channel === 'ready' && curve && isToyCurve(curve) ? curve : undefined;
}

/** The channel badge; "waiting for keys" says whose: yours, theirs, or both. A toy curve's channel is never "secure". */
export function channelBadge(p: PeerView, myCurve: CurveId | undefined): Badge {
  if (toyCurveOf(p)) return TOY_CHANNEL_BADGE;
  if (p.channel !== 'no-key') return CHANNEL_BADGE[p.channel];
  if (!myCurve && p.key) return { text: 'waiting for your key', cls: '' };
  if (myCurve && !p.key) return { text: `waiting for ${p.label}’s key`, cls: '' };
  return { text: 'waiting for both keys', cls: '' };
}

/** The badge of a ready channel while our own key is not announced yet. */
export function keyBadge(a: KeyAnnouncementView | undefined): Badge {
  return a?.state === 'failed'
    ? { text: 'your key not announced', cls: 'err' }
    : { text: 'announcing your key…', cls: 'warn' };
}

/** Why there is no channel with `p` (nothing once it is ready). */
export function explanation(p: PeerView, myCurve: CurveId | undefined): TemplateResult | typeof nothing {
  switch (p.channel) {
    case 'no-key':
      if (!myCurve)
        return html`<p class="notice small-text">
          ${p.key ? `${p.label}’s key has arrived; generate yours` : 'Generate your keys'} to talk to
          ${p.label}.
        </p>`;
      return html`<p class="notice small-text">Waiting for ${p.label} to generate keys.</p>`;
    case 'curve-mismatch':
      return html`<p class="notice warn small-text" data-testid="mismatch">
        ${p.label} uses ${p.key?.curve ?? 'another curve'} and you use ${myCurve ?? 'another curve'}. ECDH
        only works between keys on the same curve, so you cannot exchange messages. One of you should switch
        to the other’s curve.
      </p>`;
    case 'failed':
      return html`<p class="notice err small-text">
        No secure channel with ${p.label}: ${p.channelReason ?? 'the shared secret could not be derived.'}
        Messages are not sent to ${p.label}.
      </p>`;
    case 'deriving':
      return html`<p class="notice small-text">Combining your private key with ${p.label}’s public key…</p>`;
    case 'confirming':
      return html`<p class="notice warn small-text" data-testid="passphrase-wait">
        ${p.channelReason ?? `Waiting for ${p.label} to prove it knows the passphrase.`} Nothing is sent to
        ${p.label} until then.
      </p>`;
    case 'passphrase-mismatch':
      return html`<p class="notice err small-text" role="status" data-testid="passphrase-mismatch">
        ${p.channelReason ?? `${p.label} does not know the passphrase.`}
      </p>`;
    case 'ready':
      return toyChannelNotice(p);
  }
}

/** What a ready toy-curve channel gives, and what it does not: the real count of private keys to try. */
function toyChannelNotice(p: PeerView): TemplateResult | typeof nothing {
  const curve = toyCurveOf(p);
  if (!curve) return nothing;
  const keys = getToyCurve(curve).n - 1n;
  return html`<p class="notice warn small-text" data-testid="toy-channel">
    <strong>Toy curve: this channel can be broken.</strong> It works: your messages to ${p.label} are
    encrypted with the key you share. But ${curve} has only ${keys} possible private keys, so anyone in the
    room, and the relay, can try them all, find a key and read every message (the Eve tab does it). Teaching
    only.
  </p>`;
}

/** A channel derived here with our key, which the relay has not yet taken to the peer: say so, never "secure channel". */
export function keyPendingNotice(p: PeerView, a: KeyAnnouncementView | undefined): TemplateResult {
  const failed = a?.state === 'failed';
  return html`<p class="notice ${failed ? 'err' : 'warn'} small-text" data-testid="key-pending">
    ${p.label} does not have your current public key yet:
    ${
      failed
        ? 'announcing it failed. Press Try again under Your keys.'
        : `the relay has not accepted its announcement${a && a.refusals > 0 ? ` (retry ${a.refusals} of ${a.maxTries - 1})` : ''}.`
    }
    Until it has, ${p.label} cannot read what you send.
  </p>`;
}

/** Two members with one public key: flagged, since at most one of them holds its private key. */
export function sameKeyNotice(p: PeerView): TemplateResult | typeof nothing {
  if (!p.sameKeyAs?.length) return nothing;
  return html`<p class="notice err small-text" role="alert" data-testid="same-key">
    ${p.label} announced the same public key as ${p.sameKeyAs.join(' and ')}. One key pair cannot belong to
    two members: at most one of them can read what is encrypted to this key, whatever the delivery ticks say.
    Compare safety numbers with each of them.
  </p>`;
}
