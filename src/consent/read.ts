/**
 * `readConsent`: the consent state on a server, from the request's `Cookie` header. The same
 * computation as the browser's store (src/core/state.ts), so both give the same snapshot.
 */
import { newest } from '../core/record.js';
import { cookieValues } from '../core/reader.js';
import { inForce, regionCode, snapshot } from '../core/state.js';
import type { ConsentConfig, ConsentConfigJson, ConsentState, ResolvedConfig } from '../core/types.js';
import { resolved } from './config.js';

/** Options of `readConsent`. */
export interface ReadOptions {
  /** The visitor's region (`DE`, `US-CA`), e.g. from the CDN's geo header; default the config's `region`, else unknown (the strictest rules). */
  region?: string;
  /** The clock in milliseconds; default `Date.now()`. */
  now?: number;
  /** Global Privacy Control is on: pass `request.headers.get('sec-gpc') === '1'`. Default false. */
  gpc?: boolean;
}

/**
 * Reads the consent state from a `Cookie` header, with no DOM: the snapshot `consent.get()`
 * gives in a browser with that cookie and config. Anything unreadable is "undecided".
 * Throws a `ConfigError` for an invalid config, as `createConsent` does.
 *
 * @example
 * const state = readConsent(request.headers.get('cookie'), config, { region: request.headers.get('cf-ipcountry') ?? undefined })
 * if (state.categories.analytics) html += analyticsTag
 * if (!state.decided) html += '<consent-banner></consent-banner>'
 * @returns a frozen snapshot: `{ decided, categories, policies, id, decidedAt, expiresAt, source, region, mode, … }`
 */
export function readConsent(cookieHeader: string | null | undefined, config: ConsentConfig | ConsentConfigJson | ResolvedConfig, options: ReadOptions = {}): ConsentState {
  const c = resolved(config);
  const now = options.now ?? Date.now();
  const region = regionCode(options.region) ?? regionCode(c.region);
  // The newest decision among the copies, as the store takes it.
  const record = newest(cookieValues(cookieHeader, [c.cookie.name, ...c.cookie.formerNames]), now);
  const state = snapshot(inForce(c, region), record, { now, gpc: options.gpc === true, storage: 'cookie', region });
  // Plain objects again for `categories` and `policies`: React Server Components refuse to pass an
  // object without a prototype to a client component (Next.js rendered its error page). Every
  // configured id is an own key, so none of them reads as a built-in.
  return Object.freeze({ ...state, categories: Object.freeze({ ...state.categories }), policies: Object.freeze({ ...state.policies }) });
}
