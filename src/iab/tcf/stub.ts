/**
 * The CMP API stub (IAB TCF CMP API v2): run synchronously by the iab drop-in tag, so that
 * `window.__tcfapi` exists before any vendor script asks. Until the CMP (`consent-gate.tcf.js`)
 * has loaded, calls are queued (`ping` is answered at once, `cmpStatus: "stub"`); IAB's `CmpApi`
 * takes the queue by calling `__tcfapi()` without arguments, and answers them. For frames: the
 * `__tcfapiLocator` frame marks this window as the CMP's, and `__tcfapiCall` messages are
 * answered with `__tcfapiReturn` through whatever `__tcfapi` is by then (the stub, then the CMP):
 * the frame and the messages are src/iab/stub.ts's, shared with the GPP stub.
 */

import { installApi, type ApiCallback } from '../stub.js';

/** A CMP API callback: the answer and whether the call succeeded. */
export type TcfCallback = ApiCallback;
/** `__tcfapi(command, version, callback, parameter)`; without arguments (the stub only) it returns the queue. */
export type TcfApi = (command?: string, version?: number, callback?: TcfCallback, parameter?: unknown) => unknown;

declare global {
  interface Window {
    /** The IAB TCF CMP API (v2), defined by the iab drop-in. */
    __tcfapi?: TcfApi;
  }
}

/** The locator frame's name, which frames look for in their parents. */
export const LOCATOR = '__tcfapiLocator';

/**
 * Defines the stub unless a CMP API is already there (another CMP, or a second copy of the tag).
 *
 * @example installStub(); window.__tcfapi?.('ping', 2, (p) => p.cmpStatus) // 'stub'
 * @returns true when this call defined it
 */
export function installStub(): boolean {
  const queue: unknown[][] = [];
  return installApi('__tcfapi', (...args: unknown[]) => {
    if (!args.length) return queue;
    if (args[0] === 'ping') (args[2] as TcfCallback | undefined)?.({ cmpLoaded: false, cmpStatus: 'stub', displayStatus: 'hidden', apiVersion: '2.3' }, true);
    else queue.push(args);
  }, (call, reply) => [call.command, call.version, reply, call.parameter]);
}
