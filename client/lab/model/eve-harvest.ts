// Eve's harvest: channel keys rebuilt from broken private keys, and the observed messages she can read.
import type { MsgPlaintext, ToyCurveId } from '../../../common/wire.js';
import { toHex } from '../../crypto/hex.js';
import { deriveChannelKey, type ChannelKey } from '../../crypto/kdf.js';
import { buildAad, decryptMessage } from '../../crypto/message.js';
import { toyDeriveSharedSecret } from '../../math/toy.js';
import { eveTargets, type EveTarget, type ObservedEnvelope, type ObservedKey } from './eve-targets.js';

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

/** One observed message after Eve's attempt to read it. */
export interface EveReading {
  readonly envelope: ObservedEnvelope;
  readonly fromName: string;
  readonly toName: string;
  /** 'read': decrypted and the tag verified; 'no-key': neither end is broken; 'failed': see `reason`. */
  readonly status: 'read' | 'no-key' | 'failed';
  readonly plaintext?: MsgPlaintext;
  readonly reason?: string;
  /** Fingerprint of the key used, when one was derived. */
  readonly keyFingerprint?: string;
}

/** Everything Eve can do with the keys she has broken. */
export interface EveHarvest {
  readonly channels: RecoveredChannel[];
  readonly readings: EveReading[];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * With every broken d: Z with each other member (from their public key), K with the real HKDF of
 * docs/protocol.md §5, then each observed envelope to or from a broken member decrypted with the real
 * AES-GCM and AAD (channels are listed for every room seen, plus `room`). Only the tag decides: a reading is 'read' exactly when decryption verified.
 */
export async function eveHarvest(
  curve: ToyCurveId,
  broken: readonly BrokenKey[],
  keys: readonly ObservedKey[],
  envelopes: readonly ObservedEnvelope[],
  room?: string,
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
  const readings: EveReading[] = [];
  for (const env of envelopes) {
    const base = { envelope: env, fromName: nameOf(env.from), toName: nameOf(env.to) };
    const b = brokenById.get(env.from) ?? brokenById.get(env.to);
    const otherId = b && (b.target.id === env.from ? env.to : env.from);
    const other = otherId === undefined ? undefined : byId.get(otherId);
    if (!b || !other) {
      readings.push({ ...base, status: 'no-key' });
      continue;
    }
    let ch: RecoveredChannel | undefined;
    try {
      ch = await channel(b, other, env.room);
      const plaintext = await decryptMessage(ch.key.key, buildAad(env.room, env.from, env.to, env.id), {
        iv: env.iv,
        ct: env.ct,
      });
      readings.push({ ...base, status: 'read', plaintext, keyFingerprint: ch.key.fingerprint });
    } catch (e) {
      readings.push({ ...base, status: 'failed', reason: errorText(e), keyFingerprint: ch?.key.fingerprint });
    }
  }
  return { channels, readings };
}
