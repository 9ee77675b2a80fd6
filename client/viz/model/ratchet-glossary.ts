// The Ratchet view's words for students: what n, pn, initiator, responder, the ratchet key and "not kept" mean (no DOM).
import { MAX_TRANSCRIPT } from '../../crypto/ratchet/ratchet.js';
import { MAX_HISTORY, type RatchetRole } from '../../crypto/ratchet/state.js';
import type { RatchetNames } from './ratchet-model.js';

/** One entry of the glossary: the term as the view writes it, and what it means in plain words. */
export interface GlossaryEntry {
  readonly term: string;
  readonly meaning: string;
}

/** How many chain links and messages the ratchet keeps for the view, from the ratchet's own bounds. */
export function keptSentence(): string {
  return (
    `The ratchet keeps its last ${MAX_HISTORY} chain links and its last ${MAX_TRANSCRIPT} messages for this view; ` +
    'an older message says "not kept" instead of a made-up value.'
  );
}

/**
 * The glossary under the drawing (docs/protocol.md "v2: Double Ratchet"): each term the drawing, the table and the
 * counters use, for the pair in which `names.me` plays `role`.
 */
export function ratchetGlossary(role: RatchetRole, names: RatchetNames): readonly GlossaryEntry[] {
  return [
    {
      term: 'n',
      meaning:
        "The message's number in its chain, counting from 0: the first message on a chain has n = 0, the next " +
        "n = 1, and so on. Every message carries it in its header, so the receiver knows which link's key opens it.",
    },
    {
      term: 'pn',
      meaning:
        'How many messages the sender had sent on its previous sending chain, before this turn began. If some of ' +
        'them are still on their way, the receiver computes their keys up to pn and keeps them until they arrive.',
    },
    {
      term: 'initiator and responder',
      meaning:
        'The two roles in a pair, settled without sending anything: the initiator is the member whose v1 public key ' +
        'comes first in byte order, the other is the responder. The initiator sends its first chain from the v1 ' +
        'shared secret alone (root step 0); the responder receives on that chain and, at once, makes a fresh ' +
        'ratchet key for its own first sending chain (root step 1). Either may send first. ' +
        `Here ${names.me} is the ${role} and ${names.peer} the ${role === 'initiator' ? 'responder' : 'initiator'}.`,
    },
    {
      term: 'ratchet key',
      meaning:
        "The sender's current ratchet public key, sent in every message's header (the initiator's first one is its " +
        'v1 public key); each turn brings a new one (a DH ratchet step). It is shown by its fingerprint, the first 16 hex digits of its SHA-256, the same form the ' +
        "Eve tab uses for the ratchet keys she breaks; the whole key is the table cell's tooltip.",
    },
    {
      term: 'not kept',
      meaning: keptSentence(),
    },
  ];
}
