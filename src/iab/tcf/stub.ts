/**
 * The CMP API stub (IAB TCF CMP API v2): run synchronously by the iab drop-in tag, so that
 * `window.__tcfapi` exists before any vendor script asks. Until the CMP (`consent-gate.tcf.js`)
 * has loaded, calls are queued (`ping` is answered at once, `cmpStatus: "stub"`); IAB's `CmpApi`
 * takes the queue by calling `__tcfapi()` without arguments, and answers them. For frames: the
 * `__tcfapiLocator` frame marks this window as the CMP's, and `__tcfapiCall` messages are
 * answered with `__tcfapiReturn` through whatever `__tcfapi` is by then (the stub, then the CMP).
 */

/** A CMP API callback: the answer and whether the call succeeded. */
export type TcfCallback = (answer: unknown, success: boolean) => void;
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

/** Adds the (hidden, empty) locator frame as soon as there is a `<body>`. */
function addLocator(): void {
  if (window.frames[LOCATOR as unknown as number]) return;
  if (!document.body) {
    document.addEventListener('DOMContentLoaded', addLocator, { once: true });
    return;
  }
  const frame = document.createElement('iframe');
  frame.name = LOCATOR;
  frame.title = 'IAB TCF locator';
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  frame.style.display = 'none';
  document.body.append(frame);
}

/** Answers a frame's `__tcfapiCall` (a JSON string or an object) with `__tcfapiReturn`, in the same form. */
function onMessage(event: MessageEvent): void {
  const asText = typeof event.data === 'string';
  let data: { __tcfapiCall?: { command?: unknown; version?: unknown; parameter?: unknown; callId?: unknown } } | undefined;
  try { data = asText ? JSON.parse(event.data as string) : event.data; } catch { return; }
  const call = data?.__tcfapiCall;
  if (!call || typeof call.command !== 'string' || !event.source) return;
  const source = event.source as Window;
  window.__tcfapi?.(call.command, call.version as number, (returnValue, success) => {
    const reply = { __tcfapiReturn: { returnValue, success, callId: call.callId } };
    source.postMessage(asText ? JSON.stringify(reply) : reply, '*');
  }, call.parameter);
}

/**
 * Defines the stub unless a CMP API is already there (another CMP, or a second copy of the tag).
 *
 * @example installStub(); window.__tcfapi?.('ping', 2, (p) => p.cmpStatus) // 'stub'
 * @returns true when this call defined it
 */
export function installStub(): boolean {
  if (typeof window.__tcfapi == 'function') return false;
  const queue: unknown[][] = [];
  window.__tcfapi = (...args: unknown[]) => {
    if (!args.length) return queue;
    if (args[0] === 'ping') (args[2] as TcfCallback | undefined)?.({ cmpLoaded: false, cmpStatus: 'stub', displayStatus: 'hidden', apiVersion: '2.3' }, true);
    else queue.push(args);
  };
  window.addEventListener('message', onMessage);
  addLocator();
  return true;
}
