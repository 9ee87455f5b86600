/** Registers `<consent-banner>` unless a tag of that name is already defined. */
import { ConsentBanner } from './consent-banner.component.js';

if (!customElements.get('consent-banner')) customElements.define('consent-banner', ConsentBanner);
