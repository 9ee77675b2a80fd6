// Public facts of one pair's Double Ratchet for the Ratchet view (docs/protocol.md "v2: Double Ratchet"): no key, only fingerprints.
import type { Exposure } from '../crypto/ratchet/compromise.js';
import type { TranscriptEntry } from '../crypto/ratchet/ratchet.js';
import type { RatchetRole } from '../crypto/ratchet/state.js';
import type { RatchetSnapshot } from '../crypto/ratchet/snapshot.js';
import type { CurveId } from '../../common/wire.js';
import { toBase64Url } from '../crypto/base64url.js';
import { ratchetKeyFingerprint } from '../crypto/ratchet/key-fingerprint.js';

/** One processed message of the pair (ours or the peer's) as public facts, in this side's processing order. */
export interface RatchetEventFacts {
  /** Position in this side's processing order (0-based, never reused). */
  readonly index: number;
  /** Whether we sent or received it. */
  readonly direction: 'sent' | 'received';
  /** A chat message, or an authenticated delivery receipt (same dm id as the message it answers). */
  readonly kind: 'message' | 'receipt' | 'sender-key';
  /** Header n: message number in its chain (0-based). */
  readonly n: number;
  /** Header pn: length of the sender's previous sending chain. */
  readonly pn: number;
  /** The chain (root step that started it), null when its link is no longer kept. */
  readonly chain: number | null;
  /** Fingerprint (hex of SHA-256[0..8)) of the sender's ratchet public key in the header (`ratchetKeyFingerprint`). */
  readonly ratchetKey: string;
  /** That public key itself, base64url as in the header's `dh` (public: it travels in every message). */
  readonly ratchetKeyPub: string;
  /** Fingerprint of the message key, as computed when the key was derived; null when no longer kept. */
  readonly messageKey: string | null;
}

/** One root-chain step (KDF_RK): the chain it started and the two ratchet public keys that met (fingerprints). */
export interface RatchetRootFacts {
  /** Root step number (0-based); equals the number of the chain it started. */
  readonly step: number;
  /** Our sending chain or the peer's (our receiving) chain. */
  readonly starts: 'sending' | 'receiving';
  /** Fingerprint of our ratchet public key in the DH. */
  readonly ownKey: string;
  /** Fingerprint of the peer's ratchet public key in the DH. */
  readonly peerKey: string;
}

/** Eve's verdict on one event after "Compromise now", computed by really decrypting (compromise.ts). */
export interface RatchetVerdictFacts {
  /** The event's index. */
  readonly index: number;
  /** Whether Eve's decryption verified. */
  readonly readable: boolean;
  /** Why (forward secrecy, stolen chain, healed, …). */
  readonly why: Exposure;
}

/** The result of "Compromise now" against the pair's transcript as it is now. */
export interface RatchetCompromiseFacts {
  /** Index of the first event processed after the theft. */
  readonly stolenAt: number;
  /** First index from which every event is unreadable for Eve (null: not healed yet). */
  readonly healsAt: number | null;
  /** One verdict per event kept. */
  readonly verdicts: readonly RatchetVerdictFacts[];
}

/** Everything the Ratchet view shows about the pair with one peer (public values only). */
export interface RatchetPairView {
  /** The peer's member id. */
  readonly peer: string;
  /** Room curve. */
  readonly curve: CurveId;
  /** Our role in the pair. */
  readonly role: RatchetRole;
  /** Our sending chain now: its number, Ns, PN, our ratchet key fingerprint. */
  readonly sending: {
    readonly chain: number;
    readonly n: number;
    readonly pn: number;
    readonly ratchetKey: string;
  };
  /** Our receiving chain now: its number (−1 none), Nr, the peer's ratchet key fingerprint. */
  readonly receiving: {
    readonly chain: number;
    readonly n: number;
    readonly ready: boolean;
    readonly ratchetKey: string;
  };
  /** Root steps done so far. */
  readonly rootSteps: number;
  /** Message keys stored for messages that have not arrived yet. */
  readonly skipped: number;
  /** Root-chain steps kept, oldest first. */
  readonly roots: readonly RatchetRootFacts[];
  /** Processed messages kept, oldest first. */
  readonly events: readonly RatchetEventFacts[];
  /** After "Compromise now": Eve's verdicts (absent: no theft played for this pair). */
  readonly compromise?: RatchetCompromiseFacts;
}

/** What a transcript entry carried: by its plaintext's type, else a receipt when its id went the other way first. */
function kindOf(t: TranscriptEntry, answersOther: boolean): RatchetEventFacts['kind'] {
  if (t.type === 'receipt') return 'receipt';
  if (t.type === 'sender-key') return 'sender-key';
  if (t.type === 'text') return 'message';
  return answersOther ? 'receipt' : 'message';
}

/** Fingerprint of a base64url public key, memoised per call of {@link pairFacts}. */
function fingerprinter(): (b64: string) => Promise<string> {
  const memo = new Map<string, Promise<string>>();
  return (b64) => {
    let fp = memo.get(b64);
    if (!fp) memo.set(b64, (fp = ratchetKeyFingerprint(b64)));
    return fp;
  };
}

/**
 * The public facts of a pair from its snapshot and transcript: each message is joined to the chain link that
 * derived its key (same direction, ratchet key and n; the latest such link wins), receipts are told from messages
 * by their dm id (a receipt carries the id of the message it answers, which went the other way before it).
 */
export async function pairFacts(
  peer: string,
  snap: RatchetSnapshot,
  transcript: readonly TranscriptEntry[],
  compromise?: RatchetCompromiseFacts,
): Promise<RatchetPairView> {
  const fp = fingerprinter();
  const links = new Map<string, { chain: number; mk: string }>();
  for (const l of snap.links)
    links.set(`${l.direction} ${l.ratchetKey} ${l.n}`, { chain: l.chain, mk: l.messageKeyFingerprint });
  const seen = { sent: new Set<string>(), received: new Set<string>() };
  const events: RatchetEventFacts[] = [];
  for (const t of transcript) {
    const dh = toBase64Url(t.header.dh);
    const link = links.get(`${t.direction === 'sent' ? 'sending' : 'receiving'} ${dh} ${t.header.n}`);
    const other = t.direction === 'sent' ? seen.received : seen.sent;
    events.push({
      index: t.index,
      direction: t.direction,
      kind: kindOf(t, other.has(t.binding.id)),
      n: t.header.n,
      pn: t.header.pn,
      chain: link?.chain ?? null,
      ratchetKey: await fp(dh),
      ratchetKeyPub: dh,
      messageKey: link?.mk ?? null,
    });
    seen[t.direction].add(t.binding.id);
  }
  const roots: RatchetRootFacts[] = [];
  for (const r of snap.rootLinks)
    roots.push({ step: r.step, starts: r.starts, ownKey: await fp(r.ownKey), peerKey: await fp(r.peerKey) });
  return {
    peer,
    curve: snap.curve,
    role: snap.role,
    sending: { ...snap.sending, ratchetKey: await fp(snap.sending.ratchetKey) },
    receiving: { ...snap.receiving, ratchetKey: await fp(snap.receiving.ratchetKey) },
    rootSteps: snap.rootSteps,
    skipped: snap.skipped.length,
    roots,
    events,
    ...(compromise ? { compromise } : {}),
  };
}
