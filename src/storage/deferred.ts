import type { ResolvedConfig } from '../core/types.js';
import type { cookieStorage } from './cookie.js';
import { eraseCookies } from './erase.js';
import { blockedStorage } from './memory.js';
import type { DecisionStorage } from './types.js';

/**
 * The drop-in's decision storage. Every page view reads the decision cookie, but only a
 * page where the visitor decides writes it, so the drop-in reads it with a few lines of its
 * own and loads the js-cookie storage (`cookieStorage`, a chunk of its own) only to write.
 *
 * A decision written before that chunk has arrived counts at once (read() returns it) and
 * is stored when the chunk arrives; the previous cookie is expired on the spot, so a page
 * left in between loses the new decision (the visitor is asked again) and never keeps the
 * old one. Clearing needs no chunk: the cookie is expired wherever it may have been set.
 * Cookies blocked (`document.cookie` throwing, `navigator.cookieEnabled` false): memory.
 *
 * @param load imports `cookieStorage` (undefined when it could not); the drop-in also calls it
 *   ahead of time (with the UI), so that decisions made there are stored at once.
 */
export function deferredCookieStorage(options: ResolvedConfig['cookie'], load: () => Promise<typeof cookieStorage | undefined>): DecisionStorage {
  const { name } = options;
  /** The js-cookie storage once loaded, or memory once cookies are known to be blocked. */
  let real: DecisionStorage | undefined;
  /** A write waiting for the chunk: [value, days]. */
  let pending: [string, number] | undefined;
  let loading = false;

  /** The cookie as js-cookie reads it (%XX sequences decoded); throws when cookies are blocked. */
  const plain = (): string | undefined => {
    if (!navigator.cookieEnabled) throw 0;
    const c = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
    try { return c?.slice(name.length + 1).replace(/(%[\dA-F]{2})+/gi, decodeURIComponent); } catch { return undefined; /* malformed: no decision */ }
  };

  return {
    get kind() { return real?.kind ?? 'cookie'; },
    read() {
      if (!real && !pending) try { return plain(); } catch { real = blockedStorage(); }
      return real ? real.read() : pending?.[0];
    },
    write(value, days) {
      if (real) return real.write(value, days);
      // Until the chunk arrives (if it cannot, the decision lasts as long as the page and a
      // later write tries again), the decision counts from here and the old cookie is gone.
      pending = [value, days];
      if (!loading) {
        loading = true;
        void load().then((cookies) => {
          loading = false;
          if (!cookies) return;
          real = cookies(options);
          if (pending) real.write(...pending);
          pending = undefined;
        });
      }
      eraseCookies([name]);
    },
    clear() {
      if (real) return real.clear();
      pending = undefined;
      eraseCookies([name]);
    },
  };
}
