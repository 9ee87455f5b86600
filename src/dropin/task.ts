/**
 * Ends the current task; what follows runs in a new one, so that the page can paint and answer input
 * in between. `scheduler.yield()` keeps this work ahead of other queued tasks; elsewhere a timeout.
 * (The store chunk's start and the UI chunk's first render are cut with it: issue 20, no long task.)
 */
export const nextTask = (): Promise<unknown> =>
  (globalThis as { scheduler?: { yield?(): Promise<void> } }).scheduler?.yield?.() ?? new Promise((resolve) => setTimeout(resolve));
