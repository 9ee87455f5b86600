/**
 * Registers `<consent-banner>` unless a tag of that name is already defined, and only where
 * custom elements exist: importing this on a server (Node, server rendering) does nothing.
 */
import { ConsentBanner } from './consent-banner.component.js';

if (typeof customElements != 'undefined' && !customElements.get('consent-banner')) customElements.define('consent-banner', ConsentBanner);
