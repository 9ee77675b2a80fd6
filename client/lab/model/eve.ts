// Eve's panel model: pick a target, break its toy key in chunks, rebuild every channel key and read the wire.
export * from './eve-targets.js';
export * from './eve-attack.js';
export * from './eve-harvest.js';
