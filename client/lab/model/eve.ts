// Eve's panel model: pick a target, break its toy key in chunks, rebuild every channel key and read the wire.
import { isToyCurve, type CurveId, type MsgPlaintext, type ToyCurveId } from '../../../common/wire.js';
import { fromBase64Url } from '../../crypto/base64url.js';
import { toHex } from '../../crypto/hex.js';
import { deriveChannelKey, type ChannelKey } from '../../crypto/kdf.js';
import { buildAad, decryptMessage } from '../../crypto/message.js';
import { getToyCurve } from '../../math/curves.js';
import {
  bruteForceDlog,
  bsgsDlog,
  measuredRate,
  type DlogMethod,
  type DlogProgress,
} from '../../math/dlog.js';
import { toyDecodePublicKey, toyDeriveSharedSecret } from '../../math/toy.js';
import { basePoint, multiply, pointsEqual, type AffinePoint } from '../../math/weierstrass.js';

/** A public key Eve saw announced (a `peer-key` or a `Peer` of the join ack). */
export interface ObservedKey {
  /** Member id (it is in the AAD of every message). */
  readonly id: string;
  /** Display name (text only). */
  readonly name: string;
  /** Curve of the key. */
  readonly curve: CurveId;
  /** Raw public key, base64url as on the wire. */
  readonly pub: string;
}

/** One encrypted `msg` Eve saw on the wire (what the relay sees). */
export interface ObservedEnvelope {
  /** Sender member id. */
  readonly from: string;
  /** Recipient member id. */
  readonly to: string;
  /** Message id. */
  readonly id: string;
  /** base64url IV. */
  readonly iv: string;
  /** base64url ciphertext ‖ tag. */
  readonly ct: string;
  /** Room name (part of the AAD and of the HKDF info). */
  readonly room: string;
}

/** A member whose toy public key decodes on the panel's curve: something Eve can attack. */
export interface EveTarget {
  readonly id: string;
  readonly name: string;
  readonly curve: ToyCurveId;
  readonly pub: string;
  readonly pubRaw: Uint8Array;
  /** The public point Q = d·G whose d Eve is after. */
  readonly Q: AffinePoint;
}

/** The members Eve can attack: keys on `curve` (a toy curve) that decode to a valid point; last key per id wins. */
export function eveTargets(curve: CurveId, keys: readonly ObservedKey[]): EveTarget[] {
  if (!isToyCurve(curve)) return [];
  const byId = new Map<string, EveTarget>();
  for (const k of keys) {
    if (k.curve !== curve) continue;
    try {
      const pubRaw = fromBase64Url(k.pub);
      byId.set(k.id, {
        id: k.id,
        name: k.name,
        curve,
        pub: k.pub,
        pubRaw,
        Q: toyDecodePublicKey(curve, pubRaw),
      });
    } catch {
      byId.delete(k.id);
    }
  }
  return [...byId.values()];
}

/** Where an attack stands. */
export type AttackStatus = 'ready' | 'running' | 'paused' | 'done' | 'cancelled';

/** Options of {@link DlogAttack}. */
export interface AttackOptions {
  /** Steps per generator chunk (default 64; 1 for slow motion). */
  readonly chunk?: number;
  /** Clock in ms (default performance.now). */
  readonly now?: () => number;
}

/**
 * One discrete-log attack on a target, advanced in small slices so a UI never freezes. Only the
 * time spent computing is counted (`computeMs`), so pauses and slow motion do not distort the rate.
 */
export class DlogAttack {
  /** Current status. */
  status: AttackStatus = 'ready';
  /** Last progress snapshot (null before the first slice). */
  progress: DlogProgress | null = null;
  /** Milliseconds spent computing so far. */
  computeMs = 0;
  /** True once d is found and d·G = Q has been re-checked. */
  verified = false;
  private readonly gen: Generator<DlogProgress, void, void>;
  private readonly now: () => number;

  /** Prepares (does not start) an attack with `method` on `target`. */
  constructor(
    readonly target: EveTarget,
    readonly method: DlogMethod,
    opts: AttackOptions = {},
  ) {
    const curve = getToyCurve(target.curve);
    const chunk = opts.chunk ?? 64;
    this.gen =
      method === 'bsgs' ? bsgsDlog(curve, target.Q, { chunk }) : bruteForceDlog(curve, target.Q, { chunk });
    this.now = opts.now ?? (() => performance.now());
  }

  /** Group operations done so far. */
  get steps(): number {
    return this.progress?.steps ?? 0;
  }

  /** The private key, once found. */
  get d(): bigint | null {
    return this.progress?.d ?? null;
  }

  /** Steps per second measured on compute time (Infinity before any time was measured). */
  get rate(): number {
    return measuredRate(this.steps, this.computeMs);
  }

  /** Runs chunks until `budgetMs` of compute is spent, `maxChunks` ran, or the attack ends. */
  advance(budgetMs: number, maxChunks = Number.POSITIVE_INFINITY): DlogProgress | null {
    if (this.status === 'done' || this.status === 'cancelled' || this.status === 'paused')
      return this.progress;
    this.status = 'running';
    const start = this.now();
    let chunks = 0;
    for (;;) {
      const r = this.gen.next();
      chunks++;
      if (r.done) {
        this.status = 'done';
        break;
      }
      this.progress = r.value;
      if (r.value.done) {
        this.status = 'done';
        this.verified = r.value.d !== null && this.check(r.value.d);
        break;
      }
      if (chunks >= maxChunks || this.now() - start >= budgetMs) break;
    }
    this.computeMs += this.now() - start;
    return this.progress;
  }

  /** Runs to the end in one go (tests, tiny curves). */
  runToEnd(): DlogProgress | null {
    while (this.status !== 'done' && this.status !== 'cancelled') {
      if (this.status === 'paused') this.resume();
      this.advance(Number.POSITIVE_INFINITY);
    }
    return this.progress;
  }

  /** Stops advancing until {@link resume}. */
  pause(): void {
    if (this.status === 'running' || this.status === 'ready') this.status = 'paused';
  }

  /** Allows advancing again after {@link pause}. */
  resume(): void {
    if (this.status === 'paused') this.status = 'running';
  }

  /** Abandons the attack for good. */
  cancel(): void {
    if (this.status !== 'done') this.status = 'cancelled';
  }

  private check(d: bigint): boolean {
    const curve = getToyCurve(this.target.curve);
    return pointsEqual(multiply(curve, d, basePoint(curve)), this.target.Q);
  }
}

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
 * design.md §4, then each observed envelope to or from a broken member decrypted with the real
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
