import type { DecisionStorage } from './types.js';

/**
 * Keeps the decision in memory: for tests, servers, and pages where cookies are
 * blocked. It lasts as long as the page.
 *
 * @example const storage = memoryStorage(); storage.write('1|…', 365)
 */
export function memoryStorage(initial?: string): DecisionStorage {
  let value = initial;
  return {
    kind: 'memory',
    read: () => value,
    write: (v) => { value = v; },
    clear: () => { value = undefined; },
  };
}
