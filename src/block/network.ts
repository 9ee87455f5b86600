/**
 * Network calls to gated URLs fail without a request until their categories are granted, as a
 * network failure does: `fetch` rejects with a TypeError, `XMLHttpRequest` ends with an `error`
 * (status 0; a synchronous one throws), `navigator.sendBeacon` returns false. `new WebSocket()`
 * and `new EventSource()` succeed, as they do for a refused connection, and fail in a later
 * task: a WebSocket fires `error` then `close` (code 1006, not clean), as Chromium does for a
 * connection it refuses; an EventSource fires `error` and is CLOSED (it does not retry, as for a
 * response it cannot use). Checked at the call (for XHR at `send`, for the constructors when
 * called), so a withdrawal holds them again at once. A form a script submits to a gated URL,
 * without the visitor, is not sent; one the visitor submits is.
 */

/** Installs the hooks in window `w` (the page's, or a same-origin frame's); `blocked(url)` says whether a URL must not be requested now. */
export function holdNetwork(blocked: (url: string) => boolean, w: Window & typeof globalThis = window): void {
  const { Request, XMLHttpRequest, HTMLFormElement, Document, EventTarget, Event, CloseEvent, DOMException, URL, navigator, location } = w;
  const fetch = w.fetch;
  // Each URL is made a string once, and that string is what goes on: an object whose toString
  // answers a harmless URL to the check and a gated one to the browser gets no second call.
  w.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const url = input instanceof Request ? input.url : String(input);
    return blocked(url)
      ? Promise.reject(new TypeError('consent-gate: blocked until consent'))
      : fetch.call(this, input instanceof Request ? input : url, init);
  } as typeof fetch;

  const xhr = XMLHttpRequest.prototype;
  const open = xhr.open;
  const send = xhr.send;
  const opened = new WeakMap<XMLHttpRequest, [method: string, url: string, async: boolean]>();
  xhr.open = function (this: XMLHttpRequest, ...args: [string, string | URL, boolean?, ...unknown[]]) {
    if (args.length > 1) args[1] = String(args[1]);
    opened.set(this, [args[0], args[1] as string, args[2] ?? true]);
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
    url = String(url);
    return !blocked(url) && beacon.call(this, url, data);
  };

  // A form that a script submits to a gated URL with no action of the visitor behind it (no
  // transient user activation) is not sent (dropped, not replayed later); one the visitor
  // submits goes, as a link they follow does: it is their own act, with what they typed.
  const unasked = (url: string | null | undefined) => !navigator.userActivation?.isActive && blocked(url ?? '');
  const form = HTMLFormElement.prototype;
  const submit = form.submit;
  form.submit = function (this: HTMLFormElement) {
    if (!unasked(this.getAttribute('action'))) submit.call(this);
  };
  // The rest (requestSubmit, a script's click on a submit button) fires `submit`.
  const onSubmit = (e: SubmitEvent) => {
    if (unasked(e.submitter?.getAttribute('formaction') ?? (e.target as Element).getAttribute('action'))) e.preventDefault();
  };
  const listen = () => w.addEventListener('submit', onSubmit, true);
  listen();
  // document.open (also a write after the page has loaded) takes every listener off the window: put it back (once: the same one).
  const doc = Document.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ['open', 'write', 'writeln']) {
    const orig = doc[m]!;
    doc[m] = function (this: Document, ...a: unknown[]) {
      try { return orig.apply(this, a); } finally { listen(); }
    };
  }

  // The constructors keep their identity: `instanceof`, `WebSocket.OPEN`, `.constructor` work.
  for (const [name, closed] of [['WebSocket', 3], ['EventSource', 2]] as const) {
    const Real = w[name] as unknown as new (...a: unknown[]) => EventTarget;
    if (!Real) continue;
    const Held = function (this: unknown, ...args: [string | URL, { withCredentials?: boolean }?]) {
      if (args.length) args[0] = String(args[0]);
      if (!blocked(args[0] as string)) return Reflect.construct(Real, args, new.target);
      // An object of the type, that connects nowhere: an EventTarget with the type's prototype
      // and its own state (the prototype's getters work on real connections only). `this`, not
      // `new.target`: a function that uses `this` stays one when minified (not an arrow, no constructor).
      const t = Object.setPrototypeOf(new EventTarget(), Object.getPrototypeOf(this)) as EventTarget & Record<string, unknown>;
      let state = 0;
      const url = new URL(args[0], w.document.baseURI).href;
      const own: Record<string, unknown> = closed > 2
        ? { url: url.replace(/^http/, 'ws'), protocol: '', extensions: '', bufferedAmount: 0, binaryType: 'blob', onclose: null,
            send() { if (!state) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError'); } }
        : { url, withCredentials: !!args[1]?.withCredentials };
      Object.assign(own, { onopen: null, onmessage: null, onerror: null, close() { state ||= 2; } });
      for (const k in own) Object.defineProperty(t, k, { value: own[k], writable: true });
      Object.defineProperty(t, 'readyState', { get: () => state });
      for (const type of ['error', 'close']) t.addEventListener(type, (e) => (t['on' + type] as ((e: Event) => void) | null)?.call(t, e));
      setTimeout(() => {
        if (state >= closed) return; // an EventSource closed by the page fires nothing
        state = closed;
        t.dispatchEvent(new Event('error'));
        if (closed > 2) t.dispatchEvent(new CloseEvent('close', { code: 1006 }));
      });
      return t;
    };
    Object.setPrototypeOf(Held, Real);
    Held.prototype = Real.prototype;
    Real.prototype.constructor = Held as unknown as typeof Real;
    (w as unknown as Record<string, unknown>)[name] = Held;
  }
}
