/** Registers the iab build's `<consent-banner>` (with the TCF layers) unless a tag of that name is already defined. */
import { TcfBanner } from './tcf-banner.js';

if (typeof customElements != 'undefined' && !customElements.get('consent-banner')) customElements.define('consent-banner', TcfBanner);
