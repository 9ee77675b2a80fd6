// The curve-independent key-agreement interface, and a registry so toy curves (BigInt) can plug in.
import type { CurveId } from '../../common/wire.js';

/** One key pair able to agree on a shared secret Z with a peer's raw public key. */
export interface KeyAgreement {
  /** Curve id as on the wire. */
  readonly curve: CurveId;
  /** Own raw public key exactly as announced on the wire. */
  readonly publicRaw: Uint8Array;
  /** Private scalar d in hex (X25519: the 32 raw bytes), for the reveal button only. */
  readonly privateHex: string;
  /** Field size in bits, for display. */
  readonly bits: number;
  /** Z with the peer's raw public key; rejects with NoSecureChannelError, never falls back. */
  derive(peerRaw: Uint8Array): Promise<Uint8Array>;
}

/** Generates key pairs on one curve. */
export interface KeyAgreementProvider {
  /** Curve id this provider handles. */
  readonly curve: CurveId;
  /** Field size in bits, for display. */
  readonly bits: number;
  /** A fresh key pair. */
  generate(): Promise<KeyAgreement>;
}

const providers = new Map<CurveId, KeyAgreementProvider>();

/** Register (or replace) the provider for a curve, e.g. a BigInt toy curve from client/math. */
export function registerKeyAgreementProvider(provider: KeyAgreementProvider): void {
  providers.set(provider.curve, provider);
}

/** The registered provider for `curve`, if any. */
export function getKeyAgreementProvider(curve: CurveId): KeyAgreementProvider | undefined {
  return providers.get(curve);
}

/** True when a provider has been registered for `curve`. */
export function hasKeyAgreementProvider(curve: CurveId): boolean {
  return providers.has(curve);
}
