import Cookies from 'js-cookie';
import type { ResolvedConfig } from '../core/types.js';
import { memoryStorage } from './memory.js';
import type { DecisionStorage } from './types.js';

/**
 * Keeps the decision in a first-party cookie through js-cookie. When the cookie
 * cannot be written or read back (cookies blocked, a sandboxed frame,
 * `document.cookie` throwing), it says so once in the console and keeps the
 * decision in memory from then on. Without a document it is memory from the start.
 *
 * @example const storage = cookieStorage(parseConfig(config).cookie)
 */
export function cookieStorage(options: ResolvedConfig['cookie']): DecisionStorage {
  if (typeof document === 'undefined') return memoryStorage();
  const { name, domain, path, sameSite, secure } = options;
  const jar = Cookies.withAttributes({
    path, domain, sameSite,
    secure: secure ?? (typeof location !== 'undefined' && location.protocol === 'https:'),
  });
  let fallback: DecisionStorage | undefined;
  const toMemory = (value?: string) => {
    console.warn('consent-gate: cookies are blocked; the consent decision is kept in memory for this page only.');
    fallback = memoryStorage(value);
  };
  return {
    get kind() { return fallback ? 'memory' : 'cookie'; },
    read() {
      if (fallback) return fallback.read();
      try { return jar.get(name); } catch { toMemory(); return undefined; }
    },
    write(value, days) {
      if (fallback) return fallback.write(value, days);
      try {
        jar.set(name, value, { expires: days });
        if (jar.get(name) === value) return;
      } catch { /* blocked: fall through to memory */ }
      toMemory(value);
    },
    clear() {
      if (fallback) return fallback.clear();
      try { jar.remove(name); } catch { toMemory(); }
    },
  };
}
