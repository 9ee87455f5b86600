/**
 * What the TCF and GPP stubs share (IAB's CMP API pattern, the same in both specifications): the
 * API function on `window` unless one is there already, the hidden `<name>Locator` frame that tells
 * frames this window holds the CMP, and the answer to a frame's `<name>Call` message (a JSON string
 * or an object) with `<name>Return` in the same form, through whatever `window[name]` is by then
 * (the stub, then the CMP). Each stub says what its function answers and in which order it takes
 * a call's arguments (tcf/stub.ts, gpp/stub.ts).
 */

/** An API callback: the answer and whether the call succeeded. */
export type ApiCallback = (answer: unknown, success: boolean) => void;
/** A frame's call, as `<name>Call` carries it. */
export interface FrameCall { command: string; version?: unknown; parameter?: unknown; callId?: unknown }

/**
 * Adds the (hidden, empty) locator frame `name` at once: in the `<body>`, or, while the tag runs in
 * the `<head>`, there. A frame of the page looks for it as soon as its own script runs, which, for a
 * frame of another site (another process), can be before this page has parsed its `<body>`.
 */
function addLocator(name: string): void {
  if (window.frames[name as unknown as number]) return;
  const frame = Object.assign(document.createElement('iframe'), { name, title: name, tabIndex: -1 });
  frame.setAttribute('aria-hidden', 'true');
  frame.style.display = 'none';
  (document.body ?? document.head ?? document.documentElement).append(frame);
}

/**
 * Defines `window[name]` as `api` unless a function is there already (another CMP, or a second
 * copy of the tag), with the locator frame and the answers to frames.
 *
 * @param args a frame's call → the arguments of `window[name]` (the callback given)
 * @example installApi('__gpp', stub, (c, reply) => [c.command, reply, c.parameter, c.version])
 * @returns true when this call defined it
 */
export function installApi(name: '__tcfapi' | '__gpp', api: (...args: unknown[]) => unknown, args: (call: FrameCall, reply: ApiCallback) => unknown[]): boolean {
  const w = window as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>;
  if (typeof w[name] == 'function') return false;
  w[name] = api;
  addEventListener('message', (event: MessageEvent) => {
    const asText = typeof event.data === 'string';
    let data: Record<string, FrameCall | undefined> | undefined;
    try { data = asText ? JSON.parse(event.data as string) : event.data; } catch { return; }
    const call = data?.[name + 'Call'];
    const source = event.source as Window | null;
    if (typeof call?.command !== 'string' || !source) return;
    w[name]?.(...args(call, (returnValue, success) => {
      const reply = { [name + 'Return']: { returnValue, success, callId: call.callId } };
      source.postMessage(asText ? JSON.stringify(reply) : reply, '*');
    }));
  });
  addLocator(name + 'Locator');
  return true;
}
