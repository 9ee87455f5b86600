/**
 * The iab build's UI chunk (dist/consent-gate.iab-ui.js), which the iab drop-in loads where the
 * other builds load consent-gate.ui.js: the same banner and `mount`, with `<consent-banner>`
 * registered as the TCF one first (./define.js runs before the banner's own define, which then
 * finds the name taken). Its preferences module is layer2.ts (the TCF second layer), and the
 * TCF interface's words in other languages are `i18n/tcf-<code>.js` beside it.
 */
import './define.js';

export { mount } from '../../dropin/ui.js';
