/**
 * The blocking builds' hooks as their tag installs them (`consent-gate.block.js`, `.auto.js`:
 * src/dropin/tag.ts with blocker.block.ts or blocker.auto.ts), before the next tag is parsed and
 * before any chunk has checked the config. So they read the config as the page gives it, and fail
 * closed: every category a raw `sources` entry names (each string that compiles; a lone string as a
 * list of one), and with `autoBlock` every group of well-known services (under the category the
 * config maps it to, its own name by default; only `false` leaves a group alone), wait for a state
 * the stub learns from the reader or the store chunk. A category whose `sources` the check will
 * refuse (an entry that is no host nor a `/regex/` that compiles; not a list) holds every URL of
 * another origin: what the entry meant cannot be known, and the config is invalid (gates shut for good). Google's tags are left to Consent Mode only
 * when the tag read a valid `googleConsentMode` in mode `advanced`. Until a chunk knows the state,
 * and for good when the config turns out invalid (the stub never learns one), `has()` is false and
 * everything these patterns match is held. For a valid config they are the patterns the check
 * resolves (tests/unit/block-early.test.ts), so what the hooks hold is what the old synchronous
 * build held.
 */
import type { Consent } from '../core/types.js';
import { toPattern } from '../core/pattern.js';
import { SERVICE_CATEGORIES, SOURCE } from '../core/vocab.js';
import type { ConsentModeOptions } from '../integrations/google-consent-mode.js';
import type { Launch } from '../dropin/page.js';
import { isObj } from '../dropin/raw.js';
import type { Service } from '../services/index.js';
import { block } from './index.js';

/** What `rules()` and the blocker read of the config, from the config as given and the tag's reading of `googleConsentMode` (tests/unit/block-early.test.ts compares it with the check's). */
export function rawRules(c: Record<string, unknown>, gcm: ConsentModeOptions | undefined, services?: readonly Service[], origin = '') {
  const compiles = (s: unknown) => {
    try { return typeof s == 'string' && !!toPattern(s); } catch { return false; }
  };
  /** An entry the check accepts: a host (and path), or a `/regex/` that compiles. */
  const valid = (s: unknown) => typeof s == 'string' && (SOURCE.test(s) || (compiles(s) && toPattern(s) instanceof RegExp));
  /** What a category holds whose `sources` the check will refuse (the config is then invalid): every URL of another origin. */
  const elsewhere = `/^(?!${origin.replace(/\W/g, '\\$&')}([/?#]|$))/`;
  const ab = c.autoBlock;
  return {
    categories: Object.entries(isObj(c.categories) ? c.categories : {}).map(([id, x]) => {
      const given = isObj(x) ? x.sources : undefined;
      const list = [given || []].flat();
      const refused = given != null && (!Array.isArray(given) || !list.every(valid));
      return { id, sources: [...list.filter(compiles), ...(refused ? [elsewhere] : [])] as string[] };
    }),
    autoBlock: services && ab ? Object.fromEntries(SERVICE_CATEGORIES.map((k) => {
      const v = isObj(ab) ? ab[k] : k;
      return [k, v === false ? v : typeof v == 'string' ? v : k];
    })) : undefined,
    googleConsentMode: gcm && { mode: gcm.mode ?? 'advanced' },
    reloadOnWithdraw: c.reloadOnWithdraw !== false,
  };
}

/** Installs the hooks on the tag's stub (with `services`: autoBlock too). */
export function early(l: Launch, services?: readonly Service[]): void {
  const { api } = l.stub;
  const config = rawRules(l.input, l.gcm, services, location.origin);
  block({ config, has: api.has, get: api.get, subscribe: api.subscribe } as unknown as Consent, services);
}
