/**
 * How every drop-in build's tag (tag.ts: the default, blocking and iab builds) begins: a
 * second copy on the page does nothing; chunks are imported from next to the drop-in's own URL (so a CDN path
 * works), and not before the page's first frame has been drawn (fetching and evaluating them is not in the way of the first paint);
 * the debug panel opens on `#consent-gate-debug` (looked at in a later task: not in the way of the first paint); the config is read (the tag's `data-config`, else a
 * `<script type="application/json" data-consent-config>` block), and one that is not JSON is named in the
 * console, with everything denied in Google Consent Mode.
 */
import type { erased } from '../storage/erase.js';
import type { HeldEntry } from '../block/held.js';
import { consentParts, denyAll } from '../integrations/google-consent-mode.js';
import { block } from '../gate/box.js';
import type { Tag } from './page.js';

const me = (document.currentScript ?? document.querySelector('script[src*="consent-gate"]')) as HTMLScriptElement | null;
const base = new URL('.', me?.src || location.href).href;

/**
 * Settles in the task after the page's first frame (a rendering step's `requestAnimationFrame`, then a task), or at once
 * in a page that draws no frame (hidden: a background tab, a prerender), or when it is hidden before its first frame, or
 * a second after the tag in a frame whose rendering is throttled (no frame drawn).
 * The chunks are imported only then: started in the tag, their fetch (and their evaluation, when they came before the
 * frame) stood between the HTML and the first paint (issue 20).
 */
export const painted = new Promise<void>((resolve) => {
  const go = () => resolve();
  if (document.hidden) return go();
  requestAnimationFrame(() => setTimeout(go));
  // A frame whose rendering is throttled (a cross-origin iframe out of view) draws none until it is scrolled near: a second at most.
  setTimeout(go, 1e3);
  document.addEventListener('visibilitychange', go, { once: true });
});

/** What the panel shows of the page: what blocking held, and (once the store or reader has come) what each erased. */
type Shown = () => Promise<[HeldEntry[] | undefined, ...(typeof erased | undefined)[]]>;

/** Begins: the tag's parts and the config as given; undefined when the drop-in must do nothing more. */
export function begin(shown: Shown): (Tag & { input: unknown; chunks: Record<string, Promise<unknown> | undefined> }) | undefined {
  // Included twice (CMS templates do this): the first copy gates the page; a second one would gate it again, out of order.
  if ('consentGate' in window) return;
  window.consentGate = undefined;
  /** Imports a chunk that sits next to this file, once; undefined if it cannot (a later call tries again). */
  const chunks: Record<string, Promise<unknown> | undefined> = {};
  const load = <M>(name: string) => (chunks[name] ??= painted.then(() => import(`${base}consent-gate.${name}.js`)).catch(() => {
    chunks[name] = undefined;
    console.error('consent-gate: could not load', name);
  })) as Promise<M | undefined>;
  // The debug panel, a chunk of its own: `consentGate.debug()`, or `#consent-gate-debug` in the
  // address (also with an invalid config, which leaves no `consentGate`). It reads what the page
  // holds; its import starts when asked for, and it arrives (a fetch later) when the drop-in has started.
  const debug = () => load<typeof import('../debug/chunk.js')>('debug').then(async (m) => {
    const [held, ...erased] = await shown();
    m?.open(me, held, erased);
  });
  const hash = () => { if (location.hash == '#consent-gate-debug') void debug(); };
  // Nothing the first frame needs: the address is looked at (and listened to) in a task of its own, after the tag's.
  setTimeout(() => {
    addEventListener('hashchange', hash);
    hash();
  });
  try {
    return { me, base, load, debug, block, gcmParts: consentParts, chunks, input: JSON.parse((me?.dataset.config ?? document.querySelector('script[data-consent-config]')?.textContent) || '{}') };
  } catch (e) {
    console.error('consent-gate:', String(e));
    denyAll();
  }
}
