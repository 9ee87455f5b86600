/** The iab drop-in's GPP chunk (`dist/consent-gate.gpp.js`), fetched once a config with `gpp` is valid; its section classes are chunks beside it. */
export { startGpp } from './cmp.js';
// What every section's class is built of, here rather than in a small shared chunk (one request fewer for any section).
export { EncodableBoolean, EncodableFixedIntegerList } from '@iabgpp/cmpapi';
