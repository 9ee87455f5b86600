/** The iab drop-in's CMP chunk (`dist/consent-gate.tcf.js`), fetched once the config is valid. */
export { startCmp } from './cmp.js';
