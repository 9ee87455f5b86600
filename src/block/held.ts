/**
 * What blocking without markup held on this page, for the debug panel (src/debug/): each element
 * (or network call: no `el` nor `attr`: `fetch`, XHR, a beacon, a WebSocket, an EventSource or a
 * form), the attribute its URL was in, the URL (a string or a Trusted Types value), the categories
 * it waits for. On every page view of a blocking build, so kept cheap: the holds themselves, as
 * the blocker keeps them, the first `HELD_MAX` only.
 */
export interface HeldEntry { el?: Element; attr?: string; value: unknown; cats: string[] }

export const HELD_MAX = 500;

export const held: HeldEntry[] = [];

/** Notes one hold; returns it. */
export const noteHeld = <T extends HeldEntry>(entry: T): T => {
  if (held.length < HELD_MAX) held.push(entry);
  return entry;
};
