// The `stage` of an exchange `present:step`: which part of the exchange player the presenter is in, and where in it.
import * as z from 'zod/mini';
import { integer } from './steps-fields.js';

/** The parts of the exchange player, in order (docs/protocol.md "Step-level following"). */
export const EXCHANGE_PARTS = ['keys', 'walk-a', 'walk-b', 'same', 'hkdf', 'aes'] as const;

/** `stage` of an exchange `present:step`: `{ part, index, total }` with `index < total` (public positions only). */
export const exchangeStage = z
  .object({
    part: z.enum(EXCHANGE_PARTS, { error: `one of ${EXCHANGE_PARTS.join(', ')}` }),
    index: integer(0),
    total: integer(1),
  })
  .check(z.refine((s) => s.index < s.total, { path: ['index'], message: 'less than total' }));

/** One part of the exchange player. */
export type ExchangePart = (typeof EXCHANGE_PARTS)[number];
/** Where in the exchange player a presenter is. */
export type ExchangeStage = z.output<typeof exchangeStage>;
