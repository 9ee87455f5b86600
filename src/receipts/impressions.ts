/**
 * Impressions: that a layer of the banner was shown, reported once per page view
 * to the receipts server (`POST /consent/impressions`), so that it can tell rates
 * (decisions per banner shown) without tracking anyone. The report carries the
 * layer, the mode, the language, the region when known and the config's `variant`;
 * no consent id, no cookie (`credentials: 'omit'`), no page address (`no-referrer`):
 * that is why it is a keepalive `fetch` and not `sendBeacon`, which always sends the
 * site's cookies and the page's address. Fire and forget: the page never waits for
 * it, its answer is ignored, a failure is not retried.
 */
import type { Consent, Mode } from '../core/types.js';

let reported: unknown;

/**
 * Reports that `view` was shown in `language`, unless this page view already did, the
 * config has no `receipts`, or it sets `receipts.impressions: false`. Never throws.
 * The URL is `impressions` beside the receipts endpoint (`/consent/receipts` → `/consent/impressions`).
 *
 * @example reportImpression(consent, 'banner', 'de')
 */
export function reportImpression(consent: Consent, view: 'banner' | 'preferences', language: string): void {
  const { receipts, variant, mode } = consent.config;
  if (reported || !receipts?.impressions) return;
  // `region` and the mode in force come with per-region rules, when the store has them.
  const state = consent.get() as { region?: string | null; mode?: Mode };
  // A string body goes as text/plain: a cross-origin POST stays "simple" (no preflight), as a beacon's would be.
  // JSON leaves out the fields that are undefined.
  reported = fetch(new URL('impressions', new URL(receipts.endpoint, location.href)), {
    method: 'POST', keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer',
    body: JSON.stringify({ view, mode: state.mode ?? mode, language, region: state.region ?? undefined, variant }),
  }).catch(() => {});
}
