// Composition root: which key-agreement providers the app registers with client/crypto, at start-up.
import { TOY_CURVES } from '../common/wire.js';
import { registerKeyAgreementProvider } from './crypto/key-agreement.js';
import { toyKeyAgreementProvider } from './math/toy.js';

/**
 * Registers the BigInt toy-curve provider (client/math/toy.ts) for every toy curve, so a toy room runs
 * the same HKDF/AES-GCM pipeline as a real one (docs/protocol.md, Toy curves). Call once at start-up;
 * calling again replaces the providers with equal ones.
 */
export function registerToyKeyAgreements(): void {
  for (const id of TOY_CURVES) registerKeyAgreementProvider(toyKeyAgreementProvider(id));
}
