// Writes docs/vectors/ratchet-*.json from ratchet-vectors.ts; run `node --import tsx test/helpers/write-ratchet-vectors.ts`.
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { VECTOR_SPECS, buildVectors, vectorPath } from './ratchet-vectors.js';

for (const { curve, passphrase } of VECTOR_SPECS) {
  const path = vectorPath(curve, passphrase);
  const options = { ...(await resolveConfig(path)), parser: 'json' };
  writeFileSync(path, await format(JSON.stringify(await buildVectors(curve, passphrase)), options));
  console.log(`wrote ${path}`);
}
