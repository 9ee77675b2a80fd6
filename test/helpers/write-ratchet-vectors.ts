// Writes docs/vectors/ratchet-*.json from ratchet-vectors.ts; run `node --import tsx test/helpers/write-ratchet-vectors.ts`.
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { VECTOR_CURVES, buildVectors, vectorPath } from './ratchet-vectors.js';

for (const curve of VECTOR_CURVES) {
  const path = vectorPath(curve);
  const options = { ...(await resolveConfig(path)), parser: 'json' };
  writeFileSync(path, await format(JSON.stringify(await buildVectors(curve)), options));
  console.log(`wrote ${path}`);
}
