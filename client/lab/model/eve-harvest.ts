// Eve's harvest: channel keys rebuilt from broken private keys, and the observed messages she can read.
import type { MsgPlaintext, ToyCurveId } from '../../../common/wire.js';
import { toHex } from '../../crypto/hex.js';
import { ratchetKeyFingerprint } from '../../crypto/ratchet/key-fingerprint.js';
import { deriveChannelKey, type ChannelKey } from '../../crypto/kdf.js';
import { buildAad, decryptMessage } from '../../crypto/message.js';
import { toyDeriveSharedSecret } from '../../math/toy.js';
import { ratchetReceiptPlaintext } from '../../../common/schema/ratchet.js';
import { parsePlaintext } from '../../crypto/message.js';
import { replayRatchetPair, type BrokenRatchetKey } from './eve-ratchet.js';
import { readBroadcast, stolenDistribution, type StolenSenderChain } from './eve-sender-keys.js';
import {
  envelopeKey,
  envelopeTo,
  eveTargets,
  type EveTarget,
  type ObservedEnvelope,
  type ObservedKey,
  type ObservedRatchetEnvelope,
} from './eve-targets.js';

/** A private key Eve has recovered. */
export interface BrokenKey {
  readonly target: EveTarget;
  readonly d: bigint;
}

/** A channel Eve rebuilt between a broken member and another member. */
export interface RecoveredChannel {
  /** The member whose d Eve knows. */
  readonly brokenId: string;
  readonly brokenName: string;
  /** The other end. */
  readonly peerId: string;
  readonly peerName: string;
  readonly room: string;
  /** Z in hex (what the two members computed in private). */
  readonly zHex: string;
  /** The channel key K with fingerprint and HKDF inputs. */
  readonly key: ChannelKey;
}

/** One observed envelope after Eve's attempt to read it. */
export interface EveReading {
  readonly envelope: ObservedEnvelope;
  readonly fromName: string;
  /** The recipient's name, or "the room" for a sender-keys broadcast. */
  readonly toName: string;
  /** 'read': decrypted and the tag verified; 'no-key': Eve has no key for it; 'failed': see `reason`. */
  readonly status: 'read' | 'no-key' | 'failed';
  /** What the envelope carried, once read: a chat message, an authenticated receipt or a sender key. */
  readonly what?: 'message' | 'receipt' | 'sender-key';
  /** The chat text (a message only). */
  readonly plaintext?: MsgPlaintext;
  /** One line about what else Eve learnt (a receipt's verdict, a stolen sender key, a broadcast's signature). */
  readonly note?: string;
  readonly reason?: string;
  /** Fingerprint of the key used, when one was derived. */
  readonly keyFingerprint?: string;
}

/** Everything Eve can do with the keys she has broken. */
export interface EveHarvest {
  readonly channels: RecoveredChannel[];
  readonly readings: EveReading[];
  /**
   * Toy ratchet keys Eve broke to follow v2 pairs (forward secrecy needs a hard discrete logarithm), each with its
   * fingerprint as the Ratchet view shows it (`ratchetKeyFingerprint`).
   */
  readonly ratchetKeys: (BrokenRatchetKey & { ownerName: string; peerName: string; fingerprint: string })[];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The readable meaning of a decrypted v2 pairwise plaintext. */
function ratchetMeaning(
  env: ObservedRatchetEnvelope,
  plaintext: Uint8Array,
): Pick<EveReading, 'what' | 'plaintext' | 'note'> & { chain?: StolenSenderChain } {
  if (env.kind === 'skdist') {
    const chain = stolenDistribution(env.from, env.to, plaintext);
    if (!chain) return { what: 'sender-key', note: 'a distribution that is not valid.' };
    return {
      what: 'sender-key',
      chain,
      note: `the sender key itself: chain ${chain.chain}, from message ${chain.n} on.`,
    };
  }
  try {
    const receipt = ratchetReceiptPlaintext.parse(JSON.parse(new TextDecoder().decode(plaintext)));
    const of = receipt.id.length > 10 ? `${receipt.id.slice(0, 10)}…` : receipt.id;
    const verdict = receipt.ok ? 'delivered' : 'failed';
    return { what: 'receipt', note: `an encrypted receipt: "${verdict}" for message ${of} (same id).` };
  } catch {
    return { what: 'message', plaintext: parsePlaintext(plaintext) };
  }
}

/**
 * With every broken d: Z with each other member (from their public key), K with the real HKDF of
 * docs/protocol.md §5, then each observed envelope to or from a broken member decrypted with the real
 * AES-GCM and AAD (channels are listed for every room seen, plus `room`). v2 pairs are replayed from the
 * same Z (eve-ratchet.ts, breaking each toy ratchet key), and the sender keys read there open the broadcasts
 * (eve-sender-keys.ts). `extra` are envelopes kept only to follow the ratchets (key changes, distributions),
 * not shown. Only the tag decides: a reading is 'read' exactly when decryption verified.
 */
export async function eveHarvest(
  curve: ToyCurveId,
  broken: readonly BrokenKey[],
  keys: readonly ObservedKey[],
  envelopes: readonly ObservedEnvelope[],
  room?: string,
  extra: readonly ObservedEnvelope[] = [],
): Promise<EveHarvest> {
  const members = eveTargets(curve, keys);
  const byId = new Map(members.map((m) => [m.id, m]));
  const nameOf = (id: string): string => byId.get(id)?.name ?? keys.find((k) => k.id === id)?.name ?? id;
  const brokenById = new Map(broken.map((b) => [b.target.id, b]));
  const cache = new Map<string, Promise<RecoveredChannel>>();
  const channel = (b: BrokenKey, peer: EveTarget, room: string): Promise<RecoveredChannel> => {
    const k = `${b.target.id}\n${peer.id}\n${room}`;
    let p = cache.get(k);
    if (!p) {
      p = (async () => {
        const z = toyDeriveSharedSecret(curve, b.d, peer.pubRaw);
        const key = await deriveChannelKey(z, b.target.pubRaw, peer.pubRaw, curve, room);
        return {
          brokenId: b.target.id,
          brokenName: b.target.name,
          peerId: peer.id,
          peerName: peer.name,
          room,
          zHex: toHex(z),
          key,
        };
      })();
      cache.set(k, p);
    }
    return p;
  };
  const rooms = new Set(envelopes.map((e) => e.room));
  if (room !== undefined) rooms.add(room);
  const channels: RecoveredChannel[] = [];
  const seen = new Set<string>();
  for (const b of broken)
    for (const peer of members)
      for (const room of rooms) {
        const pair = [b.target.id, peer.id].sort().join('\n') + `\n${room}`;
        if (peer.id !== b.target.id && !seen.has(pair)) {
          seen.add(pair);
          try {
            channels.push(await channel(b, peer, room));
          } catch {
            // an invalid pairing has no channel to show
          }
        }
      }
  const ends = (from: string, to: string) => {
    const b = brokenById.get(from) ?? brokenById.get(to);
    const otherId = b && (b.target.id === from ? to : from);
    const other = otherId === undefined ? undefined : byId.get(otherId);
    return b && other ? { b, other } : undefined;
  };
  const v2 = await replayPairs(curve, [...envelopes, ...extra], ends);
  const readings: EveReading[] = [];
  for (const env of envelopes) {
    const to = envelopeTo(env);
    const base = { envelope: env, fromName: nameOf(env.from), toName: to === null ? 'the room' : nameOf(to) };
    if (env.kind === 'skmsg') {
      const r = await readBroadcast(v2.senderChains, env);
      if (r.status !== 'read') readings.push({ ...base, status: r.status, reason: r.reason });
      else {
        const signed = r.signed
          ? `${nameOf(env.from)}'s signature checks out`
          : 'the signature does not check out';
        const note = `sender key of ${nameOf(env.from)}, read in the pair with ${nameOf(r.chain.via)}; ${signed}.`;
        readings.push({ ...base, status: 'read', what: 'message', plaintext: r.plaintext, note });
      }
      continue;
    }
    const pair = ends(env.from, env.to);
    if (!pair) {
      readings.push({ ...base, status: 'no-key' });
      continue;
    }
    if (env.kind !== 'msg') {
      const got = v2.results.get(envelopeKey(env));
      if (got?.status !== 'read') {
        readings.push({ ...base, status: 'failed', reason: got?.reason ?? 'not replayed.' });
        continue;
      }
      try {
        const { chain: _chain, ...meaning } = ratchetMeaning(env, got.plaintext);
        const note = `${meaning.note ?? ''} Its key came from the chain of root step ${got.rootStep}.`.trim();
        readings.push({ ...base, status: 'read', ...meaning, note });
      } catch (e) {
        // The tag verified, so the sender wrote it: a member's junk plaintext is shown as such, not as a message.
        const reason = `decrypted (the tag verified), but ${errorText(e)}`;
        readings.push({ ...base, status: 'failed', reason });
      }
      continue;
    }
    let ch: RecoveredChannel | undefined;
    try {
      ch = await channel(pair.b, pair.other, env.room);
      const plaintext = await decryptMessage(ch.key.key, buildAad(env.room, env.from, env.to, env.id), {
        iv: env.iv,
        ct: env.ct,
      });
      readings.push({
        ...base,
        status: 'read',
        what: 'message',
        plaintext,
        keyFingerprint: ch.key.fingerprint,
      });
    } catch (e) {
      readings.push({ ...base, status: 'failed', reason: errorText(e), keyFingerprint: ch?.key.fingerprint });
    }
  }
  const ratchetKeys = await Promise.all(
    v2.keys.map(async (k) => ({
      ...k,
      ownerName: nameOf(k.owner),
      peerName: nameOf(k.peer),
      fingerprint: await ratchetKeyFingerprint(k.pub),
    })),
  );
  return { channels, readings, ratchetKeys };
}

/** What the replay of its pair did with one pairwise envelope. */
type PairResult =
  { status: 'read'; plaintext: Uint8Array; rootStep: number } | { status: 'failed'; reason: string };

/** Every v2 pair with a broken end, replayed: each pairwise envelope's result, the keys broken, the sender keys read. */
async function replayPairs(
  curve: ToyCurveId,
  all: readonly ObservedEnvelope[],
  ends: (from: string, to: string) => { b: BrokenKey; other: EveTarget } | undefined,
): Promise<{
  results: Map<string, PairResult>;
  keys: BrokenRatchetKey[];
  senderChains: StolenSenderChain[];
}> {
  const groups = new Map<string, ObservedRatchetEnvelope[]>();
  const unique = new Set<string>();
  for (const env of all) {
    if (env.kind !== 'ratchet' && env.kind !== 'skdist') continue;
    const k = envelopeKey(env);
    if (unique.has(k) || !ends(env.from, env.to)) continue;
    unique.add(k);
    const g = `${[env.from, env.to].sort().join('\n')}\n${env.room}`;
    const list = groups.get(g);
    if (list) list.push(env);
    else groups.set(g, [env]);
  }
  const results = new Map<string, PairResult>();
  const keys: BrokenRatchetKey[] = [];
  const senderChains: StolenSenderChain[] = [];
  for (const list of groups.values()) {
    const { b, other } = ends(list[0].from, list[0].to)!;
    const pair = {
      curve,
      room: list[0].room,
      broken: { id: b.target.id, pubRaw: b.target.pubRaw, d: b.d },
      other: { id: other.id, pubRaw: other.pubRaw },
    };
    const replay = await replayRatchetPair(pair, list);
    keys.push(...replay.keys);
    for (const o of replay.opened) {
      results.set(envelopeKey(o.envelope), { status: 'read', plaintext: o.plaintext, rootStep: o.rootStep });
      const chain = o.envelope.kind === 'skdist' ? ratchetMeaning(o.envelope, o.plaintext).chain : undefined;
      if (chain) senderChains.push(chain);
    }
    for (const f of replay.failed)
      results.set(envelopeKey(f.envelope), { status: 'failed', reason: f.reason });
  }
  return { results, keys, senderChains };
}
