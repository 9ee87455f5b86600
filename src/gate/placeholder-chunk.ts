/**
 * The drop-in's placeholder chunk (dist/consent-gate.placeholder.js), fetched only on pages
 * with a blocked iframe or video: `fill` with the page's language file taken from
 * `i18n/<code>.js` next to this file, the one the banner loads (one request for both).
 */
import type { Texts } from '../i18n/index.js';
import { fill as fillWith } from './placeholder.js';

export const fill: typeof fillWith = (ph, el, consent, categories) => fillWith(ph, el, consent, categories,
  (code) => import(new URL(`i18n/${code}.js`, import.meta.url).href).then((m: { default: Texts }) => m.default));
