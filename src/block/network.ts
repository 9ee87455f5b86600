/**
 * Network calls to gated URLs fail without a request until their categories are granted, as a
 * network failure does: `fetch` rejects with a TypeError, `XMLHttpRequest` ends with an `error`
 * (status 0; a synchronous one throws), `navigator.sendBeacon` returns false. Checked at the
 * call (for XHR at `send`), so a withdrawal holds them again at once.
 */

/** Installs the hooks; `blocked(url)` says whether a URL must not be requested now. */
export function holdNetwork(blocked: (url: string) => boolean): void {
  const w = window;
  const fetch = w.fetch;
  w.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    return blocked(input instanceof Request ? input.url : String(input))
      ? Promise.reject(new TypeError('consent-gate: blocked until consent'))
      : fetch.call(this, input, init);
  } as typeof fetch;

  const xhr = XMLHttpRequest.prototype;
  const open = xhr.open;
  const send = xhr.send;
  const opened = new WeakMap<XMLHttpRequest, [method: string, url: string, async: boolean]>();
  xhr.open = function (this: XMLHttpRequest, ...args: [string, string | URL, boolean?, ...unknown[]]) {
    opened.set(this, [args[0], String(args[1]), args[2] ?? true]);
    return (open as (...a: unknown[]) => void).apply(this, args);
  } as typeof open;
  xhr.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const o = opened.get(this);
    // Re-opened on a blob: URL that does not exist: the browser's own network error, no request.
    if (o && blocked(o[1])) open.call(this, o[0], `blob:${location.origin}/consent-gate-blocked`, o[2]);
    return send.call(this, body);
  };

  const beacon = navigator.sendBeacon;
  if (beacon) navigator.sendBeacon = function (this: Navigator, url: string | URL, data?: BodyInit | null) {
    return !blocked(String(url)) && beacon.call(this, url, data);
  };
}
