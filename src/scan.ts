/**
 * `consent-gate/scan` (Node only): the scanner behind `npx consent-gate scan`. Crawls a site
 * in Chromium, lists what it sets before and after consent, classifies it, writes a config.
 * Needs playwright-core (an optional peer dependency) and a Chromium or Chrome.
 *
 * @example
 * import { scan, findChromium, suggestConfig } from 'consent-gate/scan';
 * const report = await scan({ url: 'https://example.com/', chromium: findChromium() });
 * report.leaks; // [{ page, pass: 'before', kind: 'cookie', name: '_ga', category: 'analytics', cause }]
 *
 * @module consent-gate/scan
 */
export { scan, UnreachableError, type ScanOptions, type PageEvent } from './scan/scan.js';
export { main } from './scan/cli.js';
export { findChromium } from './scan/chromium.js';
export { suggestConfig } from './scan/suggest.js';
export { reportHtml } from './scan/report-html.js';
export { loadCookieDatabase, createClassifier, lookupIn, type CookieDatabase, type Classifier } from './scan/classify.js';
export { siteOf, isThirdParty, pageToVisit } from './scan/site.js';
export type * from './scan/types.js';
