/**
 * Listeners and their notification, for the store (store.ts): nanostores' shape, where
 * `subscribe` is `add` after a first call and `listen` is `add`. A listener that throws is
 * reported (as an uncaught error would be) and the others still run. No DOM here.
 */
import type { Unsubscribe } from './types.js';

/** Calls one listener with `v`; one that throws is reported and the caller goes on. */
export const call = <T>(fn: (v: T) => void, v: T): void => {
  try {
    fn(v);
  } catch (e) {
    (globalThis.reportError || console.error)(e);
  }
};

/** A list of listeners of `T`. */
export interface Listeners<T> {
  /** Adds `fn`; returns the function that removes it. */
  add(fn: (v: T) => void): Unsubscribe;
  /** Calls every listener with `v`, in the order added (one removed or added meanwhile: as the list stood before). */
  tell(v: T): void;
  /** Removes every listener. */
  clear(): void;
}

/**
 * An empty list of listeners.
 * @example
 * const changes = listeners<ConsentState>(); const off = changes.add(render); changes.tell(state); off()
 * @returns `add`, `tell` and `clear`
 */
export function listeners<T>(): Listeners<T> {
  const list: ((v: T) => void)[] = [];
  return {
    add(fn) {
      list.push(fn);
      return () => { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); };
    },
    tell(v) { for (const fn of list.slice()) call(fn, v); },
    clear() { list.length = 0; },
  };
}
