/**
 * Runs gated `<script type="text/plain" data-consent>` elements.
 *
 * Each is replaced in place by a real script carrying every attribute (and the
 * hidden `nonce`, read from the property). External and module scripts are inserted
 * at once with `async = false`, so the browser fetches them in parallel and runs
 * them in insertion order; an inline classic script (which would run at insertion)
 * waits for the `load`/`error` of the ordered external script before it, which
 * fires right after that script ran and before the next one runs.
 */

/** Returns `release(script)`; call it for each gated script, in document order. */
export function scriptRunner(): (old: HTMLScriptElement) => void {
  /** The last ordered external script that has not run yet, and what waits for it. */
  let last: HTMLScriptElement | undefined;
  let waiting: (() => void)[] = [];
  return (old) => {
    const s = document.createElement('script');
    for (const a of old.attributes) if (a.name !== 'type') s.setAttribute(a.name, a.value);
    s.nonce = old.nonce ?? '';
    const type = old.getAttribute('data-type');
    if (type) s.type = type;
    s.text = old.text;
    s.async = old.hasAttribute('async');
    const go = () => old.replaceWith(s);
    const ext = s.hasAttribute('src');
    if (!ext && type !== 'module') {
      if (last) waiting.push(go);
      else go();
      return;
    }
    go();
    if (ext && !s.async) {
      const mine: (() => void)[] = (waiting = []);
      last = s;
      const done = () => {
        if (last === s) last = undefined;
        for (const f of mine.splice(0)) f();
      };
      s.addEventListener('load', done);
      s.addEventListener('error', done);
    }
  };
}
