/**
 * `consent-gate/banner`: defines `<consent-banner>`. Languages other than English
 * load on demand as separate chunks of your bundle.
 *
 * @example
 * import 'consent-gate/banner';
 * document.querySelector('consent-banner').consent = createConsent(config);
 *
 * @module consent-gate/banner
 */
import { ConsentBanner } from './banner/consent-banner.component.js';
import { load } from './i18n/load.js';
import { actions } from './gate/actions.js';
import './banner/define.js';

ConsentBanner.loader ??= load;
ConsentBanner.actions ??= actions;

export { ConsentBanner };
export type { BannerEventDetail, BannerLayout, BannerTheme } from './banner/consent-banner.component.js';
export { LANGS, resolveLanguage, type Texts } from './i18n/index.js';
