/**
 * The gate: nothing marked `data-consent` runs or loads before every category it
 * names (space-separated), and every category of every gated element around it, is granted.
 * Scripts run once, in document order; embeds get their URLs back; blocked iframes and videos
 * show a placeholder. Elements added later (also while the page is still being parsed) are
 * found by a MutationObserver. Releasing works in slices of a few milliseconds that yield to
 * input; one element that fails (under Trusted Types, an `embed`'s or `object`'s URL is
 * refused) is reported in the console and never stops the others.
 */
import type { Consent } from '../core/types.js';
import type { Loader } from '../i18n/index.js';
import { actions } from './actions.js';
import { releaseEmbed } from './embeds.js';
import { block, boxOf, unblock } from './box.js';
import { fill } from './placeholder.js';
import { scriptRunner, SLICE } from './scripts.js';
import { withdrawal } from './withdraw.js';

export interface GateOptions {
  /** Where to look for gated elements and actions; default `document`. */
  root?: ParentNode;
  /** Reload the page after a withdrawal so scripts that already ran stop; default: the config's (true). */
  reloadOnWithdraw?: boolean;
  /**
   * Loads a built-in language's texts for the placeholders when the page is in another
   * language than English (`<html lang>` or the config's `language`) and the config's `texts`
   * don't set them all: the drop-in fetches `dist/i18n/<code>.js`; with npm, pass the
   * banner's loader (`ConsentBanner.loader` from `consent-gate/banner`). Default: English.
   */
  texts?: Loader | undefined;
}

/** The placeholders of blocked iframes and videos: their boxes, and what fills them. */
export interface Placeholders {
  /** Puts the empty box before a blocked embed (box.ts `block`: the drop-in hands over its tag's, so the chunks hold no second copy). */
  box: (el: HTMLElement) => HTMLElement;
  /** Fetches what fills the boxes (placeholder.ts): the drop-in loads it as a chunk by URL (undefined if it could not). */
  fill: () => Promise<{ fill: typeof fill } | undefined>;
}

/**
 * The categories `el` needs: its own and those of every gated element around it
 * (an empty `data-consent` needs the unknown category `''`, so it is never released).
 */
function needs(el: Element): string[] {
  const cats: string[] = [];
  for (let e = el.closest('[data-consent]'); e; e = e.parentElement?.closest('[data-consent]') ?? null) cats.push(...e.getAttribute('data-consent')!.trim().split(/\s+/));
  return [...new Set(cats)];
}

/** While the parser is still adding an element's content, nothing after it exists yet. */
const parsed = (el: Node | null): boolean => {
  for (; el; el = el.parentNode) if (el.nextSibling) return true;
  return document.readyState !== 'loading';
};

/**
 * Starts gating `root` (default: the whole document) for `consent`.
 * Call it as early as possible (in the `<head>`), after `googleConsentMode(consent)`.
 *
 * @example
 * const consent = createConsent(config)
 * googleConsentMode(consent)
 * const stop = gate(consent)
 * @returns `stop()`: stops watching and removes the placeholders
 */
export function gate(consent: Consent, options: GateOptions = {}): () => void {
  return gateWith(consent, options, { box: block, fill: () => Promise.resolve({ fill }) });
}

/**
 * `gate()` with the placeholders' boxes made by `placeholder.box` and their contents from
 * `placeholder.fill`, asked for only when an iframe or video is blocked. The boxes are put in
 * place at once (box.ts), so nothing moves when the contents arrive. Internal: the drop-in's
 * entry, not exported by the package.
 */
export function gateWith(consent: Consent, options: GateOptions, placeholder: Placeholders): () => void {
  if (typeof document === 'undefined') return () => {};
  const root = options.root ?? document;
  /** Elements this gate has handled for good (scripts released, embeds released). */
  const done = new WeakSet<Element>();
  const used = new Set<string>();
  const allowed = (cats: string[]) => !stopped && cats.every((c) => consent.has(c));
  // A waiting script whose categories are no longer all granted stays gated (and may be released again later).
  /** The nodes the gate's script runner inserted itself (the scripts it put back, its preloads). */
  const own = new WeakSet<Node>();
  const run = scriptRunner((el) => {
    if (allowed(needs(el))) return true;
    done.delete(el);
    return false;
  }, own);
  const placeholders = new Map<HTMLElement, HTMLElement>();
  const withdrawn = withdrawal(consent, used, options.reloadOnWithdraw ?? consent.config.reloadOnWithdraw);
  let queued = false;
  let stopped = false;
  /** The next slice is due (a timer): scans before it would run in the task that just ended its slice. */
  let paused: unknown;

  const scan = () => {
    queued = false;
    if (paused || stopped || withdrawn()) return;
    for (const [el, ph] of placeholders) if (!el.isConnected) { ph.remove(); placeholders.delete(el); }
    const start = performance.now();
    for (const el of root.querySelectorAll<HTMLElement>('[data-consent]')) {
      const script = el.localName === 'script';
      if (done.has(el) || (script && el.getAttribute('type') !== 'text/plain') || !parsed(el)) continue;
      try {
        release(el, script);
      } catch (e) {
        console.error('consent-gate: could not release', el, e);
      }
      if (performance.now() - start > SLICE) {
        // The rest in a later task, so that input is handled in between.
        paused = setTimeout(() => { paused = 0; scan(); });
        return;
      }
    }
  };
  /** Releases `el` if everything it needs is granted, else gives a blocked iframe or video its placeholder. */
  const release = (el: HTMLElement, script: boolean) => {
    const cats = needs(el);
    if (allowed(cats)) {
      done.add(el);
      for (const c of cats) used.add(c);
      const ph = placeholders.get(el) ?? boxOf(el);
      if (ph) {
        placeholders.delete(el);
        unblock(el);
        const focused = ph.contains(document.activeElement);
        ph.remove();
        if (focused) el.focus();
      }
      if (script) run(el as HTMLScriptElement);
      else releaseEmbed(el);
    } else if (/^(iframe|video)$/.test(el.localName) && !placeholders.has(el)) {
      // The box now, in the task that found the embed (so before the next frame), its contents when they come.
      // A chunk that fails to load is reported by the browser; the box stays, empty.
      // (The drop-in's tag may have put the box there already, before its chunks came: it is taken over.)
      const ph = boxOf(el) ?? placeholder.box(el);
      placeholders.set(el, ph);
      void placeholder.fill().then((m) => m?.fill(ph, el, consent, cats, options.texts));
    }
  };
  // Listeners of the store run synchronously (Google Consent Mode's update among them);
  // releasing in a microtask puts every one of them, and `consent-change`, first.
  const later = () => {
    if (!queued) { queued = true; queueMicrotask(scan); }
  };
  const observer = new MutationObserver((records) => {
    // A batch that only puts back the scripts this gate released (and adds its preloads) changes nothing to look at:
    // no scan. Anything else in it (what a script wrote, a node of the page's) and the document is looked at again.
    let others = false;
    for (const r of records) {
      for (const n of r.removedNodes) others ||= !own.has(n);
      for (const n of r.addedNodes) {
        if (own.has(n)) continue;
        others = true;
        // Added inside an embed container released already (a feed, comments): that container is looked at again.
        const held = (n as Element).closest?.('[data-consent]');
        if (held && held.localName != 'script') done.delete(held);
      }
    }
    if (others) later();
  });
  observer.observe(root, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', later);
  const off = [consent.subscribe(later), actions(consent, root)];
  return () => {
    stopped = true;
    observer.disconnect();
    document.removeEventListener('DOMContentLoaded', later);
    for (const f of off) f();
    for (const [el, ph] of placeholders) { ph.remove(); unblock(el); }
    placeholders.clear();
  };
}
