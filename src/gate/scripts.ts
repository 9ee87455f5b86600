/**
 * Runs gated `<script type="text/plain" data-consent>` elements.
 *
 * Each runs as itself: its type becomes its `data-type` (`module`) or plain JavaScript, and it
 * is put back in its place, so every attribute, its text and its hidden `nonce` stay as the site
 * wrote them (and under Trusted Types its text, set by the HTML parser, is still trusted).
 * Scripts run one after another in document order: an external one (not `async`) is fetched at
 * once (a preload), so they download in parallel, but it is put back only when the scripts before
 * it have run, and the scripts after it wait for its `load` or `error`. Nothing waiting is handed
 * to the browser unchecked: `allowed(script)` is asked again just before each one runs, so a
 * refusal while a slow script loads cancels everything behind it (they stay gated). External
 * scripts the browser will not run (`nomodule`, a `data-type` that is not JavaScript) fire no
 * `load` and are not waited for. An `async` external script is handed to the browser at once.
 *
 * While an inline script runs, `document.write` writes its HTML in place (before the script;
 * scripts in it run), instead of opening a new document over the page as it would once the page
 * is parsed. The queue runs in slices of a few milliseconds that yield to input in between.
 */

/** The types a browser runs; anything else (`application/ld+json`, `text/x-template`) fires no `load`. */
const JS = /^(module|(text|application)\/(x-)?(java|ecma)script)?$/i;

/** Longest slice of work, in ms, before yielding to input. */
export const SLICE = 8;

/**
 * Returns `release(script)`; call it for each gated script, in document order.
 * @param allowed asked just before a waiting script runs; false drops it (it stays gated)
 * @param own every node the runner inserts (the scripts it puts back, the preloads' links) is added
 *   to it: the gate's observer knows a batch of those for its own and does not look again
 */
export function scriptRunner(allowed: (script: HTMLScriptElement) => boolean, own: WeakSet<Node> = new WeakSet()): (script: HTMLScriptElement) => void {
  /** Scripts released and not yet run, in order: the script, its type, whether the ones after it wait for its `load`. */
  const queue: [HTMLScriptElement, string, boolean][] = [];
  /** An external script is loading (the queue waits), or a slice has ended (the queue resumes in a later task). */
  let busy = false;
  const resume = () => { busy = false; pump(); };
  const pump = () => {
    const start = performance.now();
    for (let job; !busy && (job = queue.shift());) {
      const [s, type, waits] = job;
      if (!allowed(s)) continue;
      if (waits) {
        busy = true;
        s.addEventListener('load', resume);
        s.addEventListener('error', resume);
      }
      put(s, type);
      if (!busy && performance.now() - start > SLICE) {
        busy = true;
        setTimeout(resume);
      }
    }
  };
  /** Preloads not yet in the document: the scripts released in one task get theirs in one append, at the end of it. */
  let links: DocumentFragment | undefined;
  const put = (s: HTMLScriptElement, type: string) => {
    own.add(s);
    run(s, type);
  };
  return (s) => {
    const type = s.getAttribute('data-type')?.trim() ?? '';
    const module = type == 'module';
    const src = s.hasAttribute('src') && s.src;
    // The attribute: `s.async` is true for every script the parser left unrun.
    const async = s.hasAttribute('async');
    const waits = !!src && !async && !s.noModule && JS.test(type);
    // Fetch now, in parallel with the others; run in turn (from the preload). A script run at once (nothing before it
    // waiting) fetches itself: no preload.
    if (waits && (busy || queue.length)) {
      if (!links) {
        links = document.createDocumentFragment();
        queueMicrotask(() => { document.head.append(links!); links = undefined; });
      }
      const link = Object.assign(document.createElement('link'), { rel: module ? 'modulepreload' : 'preload', as: 'script', href: src, nonce: s.nonce, crossOrigin: s.crossOrigin, integrity: s.integrity, referrerPolicy: s.referrerPolicy });
      own.add(link);
      links.append(link);
    }
    if (src && async) put(s, type);
    else {
      queue.push([s, type, waits]);
      pump();
    }
  };
}

/** Runs `s` as `type`: puts it back in its place, with `document.write` writing before it meanwhile. */
function run(s: HTMLScriptElement, type: string): void {
  const d = document;
  const { write, writeln } = d;
  const [parent, next] = [s.parentNode!, s.nextSibling];
  s.removeAttribute('type');
  if (type) s.type = type;
  d.write = d.writeln = (...html: string[]) => s.before(d.createRange().createContextualFragment(html.join('')));
  s.remove();
  parent.insertBefore(s, next);
  Object.assign(d, { write, writeln });
}
