/**
 * The GPP CMP API stub (IAB GPP 1.1): run synchronously by the iab drop-in tag for a config with
 * `gpp`, so that `window.__gpp` exists before any vendor script asks. Until the CMP
 * (`consent-gate.gpp.js`) has loaded it answers what the specification asks a stub to answer:
 * `ping` (`cmpStatus` "stub", `signalStatus` "not ready"), `addEventListener` (registered,
 * with a listener id) and `removeEventListener`; every other call waits in the queue. IAB's
 * `CallResponder` takes the queue (`__gpp()`) and the listeners (`__gpp('events')`) when the CMP
 * starts, and answers them. For frames: the `__gppLocator` frame marks this window as the CMP's,
 * and `__gppCall` messages are answered with `__gppReturn` through whatever `__gpp` is by then
 * (src/iab/stub.ts, shared with the TCF stub).
 */

import { installApi, type ApiCallback } from '../stub.js';

/** A GPP API callback: the answer and whether the call succeeded. */
export type GppCallback = ApiCallback;
/** `__gpp(command, callback, parameter, version)`; the stub also answers `__gpp()` / `'queue'` (the queue) and `'events'` (its listeners). */
export type GppApi = (command?: string, callback?: GppCallback, parameter?: unknown, version?: string) => unknown;

declare global {
  interface Window {
    /** The IAB GPP CMP API (1.1), defined by the iab drop-in for a config with `gpp`. */
    __gpp?: GppApi;
  }
}

/** The locator frame's name, which frames look for in their parents. */
export const GPP_LOCATOR = '__gppLocator';

/**
 * Defines the stub unless a GPP API is already there (another CMP, or a second copy of the tag).
 *
 * @example installGppStub(['7:usnat']); window.__gpp?.('ping', (p) => p.signalStatus) // 'not ready'
 * @returns true when this call defined it
 */
export function installGppStub(supportedAPIs: readonly string[] = []): boolean {
  const queue: unknown[][] = [];
  const events: { id: number; callback: GppCallback; parameter: unknown }[] = [];
  let lastId = 0;
  const pingData = () => ({
    gppVersion: '1.1', cmpStatus: 'stub', cmpDisplayStatus: 'hidden', signalStatus: 'not ready', supportedAPIs: [...supportedAPIs],
    cmpId: 0, sectionList: [], applicableSections: [], gppString: '', parsedSections: {},
  });
  return installApi('__gpp', (...args: unknown[]) => {
    const [command, callback, parameter] = args as [string | undefined, GppCallback | undefined, unknown];
    if (command === undefined || command === 'queue') return queue;
    if (command === 'events') return events;
    if (command === 'ping') callback?.(pingData(), true);
    else if (command === 'addEventListener' && typeof callback == 'function') {
      events.push({ id: ++lastId, callback, parameter });
      callback({ eventName: 'listenerRegistered', listenerId: lastId, data: true, pingData: pingData() }, true);
    } else if (command === 'removeEventListener') {
      const i = events.findIndex((e) => e.id === parameter);
      if (i >= 0) events.splice(i, 1);
      callback?.({ eventName: 'listenerRemoved', listenerId: parameter, data: i >= 0, pingData: pingData() }, true);
    } else queue.push(args);
    return undefined;
  }, (call, reply) => [call.command, reply, call.parameter ?? null, typeof call.version == 'string' ? call.version : '1.1']);
}
