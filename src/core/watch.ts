/**
 * What tells a page that the state in force may have changed without anything said on it: another
 * tab's decision (its message on a `BroadcastChannel` named after the decision cookie), a cookie
 * change or the tab coming back into view (`visibilitychange`, `pageshow`, the Cookie Store API's
 * `change`), and the decision's lapse. The store (store.ts) re-reads on each; the default drop-in's
 * reader of decided visitors hands over to the store on each. Without a document: nothing is watched.
 */

/** What `watchTabs` calls. */
export interface TabEvents {
  /** Another tab wrote a decision: the record's encoded value, when the message carries one. */
  message(value: string | undefined): void;
  /** The tab came back into view, was restored from the back/forward cache, or the browser saw a cookie change. */
  back(): void;
}

/** The other tabs of a decision cookie, as watchTabs watches them. */
export interface Tabs {
  /** Tells the other tabs of a decision written here (its encoded value). */
  post(value: string): void;
  /** Stops watching (the channel closed, the listeners removed). */
  stop(): void;
}

/**
 * Watches the other tabs that keep the decision cookie `name`, and the tab's return into view.
 * @example const tabs = watchTabs('consent', { message: reread, back: reread }); tabs.post(value); tabs.stop()
 * @returns `post` and `stop`
 */
export function watchTabs(name: string, on: TabEvents): Tabs {
  const off = new AbortController();
  const hasDoc = typeof document !== 'undefined';
  const channel = hasDoc && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(`consent-gate:${name}`) : undefined;
  // The message carries the record: the other tab's cookie write may not be visible here yet, and without cookies each tab keeps its own copy.
  if (channel) channel.onmessage = ({ data }: MessageEvent) => on.message(typeof data === 'string' ? data : undefined);
  if (hasDoc) {
    const o = { signal: off.signal };
    const back = () => on.back();
    document.addEventListener('visibilitychange', back, o);
    addEventListener('pageshow', back, o);
    (globalThis as { cookieStore?: EventTarget }).cookieStore?.addEventListener('change', back, o);
  }
  return {
    post: (value) => channel?.postMessage(value),
    stop() {
      channel?.close();
      off.abort();
    },
  };
}

/**
 * Calls `fn` the moment a decision expiring at `expiresAt` (ISO, as in a snapshot) lapses, `now`
 * being the clock in milliseconds; setTimeout holds at most ~24.8 days, so a later lapse calls it
 * then (the caller looks again). Does not keep Node running.
 * @returns the timer, for `clearTimeout`
 */
export function atLapse(expiresAt: string, now: number, fn: () => void): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, Math.min(Date.parse(expiresAt) - now + 1, 2 ** 31 - 1));
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
