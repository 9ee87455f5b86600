/**
 * Releases gated embeds: `iframe`, `img`, `video`, `audio`, `source`, `embed`,
 * `object` (or any element) whose URLs wait in `data-src`, `data-srcset` and
 * `data-poster`, so the browser makes no request before consent. Descendants
 * that no other gated element holds (a video's `<source>`s, a picture's `<img>`)
 * are released with their parent; those inside a nested gated element wait for it.
 */
import { isSafeUrl } from '../core/url.js';

const ATTRS = ['src', 'srcset', 'poster'];

/** Moves `data-src`/`data-srcset`/`data-poster` to the real attributes; unsafe URLs are dropped. */
export function releaseEmbed(el: Element): void {
  let moved;
  for (const e of [el, ...el.querySelectorAll('[data-src],[data-srcset],[data-poster]')]) {
    // Inside (or itself) another gated element: released with that one, when its categories are granted too.
    if (e.closest('[data-consent]') !== el) continue;
    for (const a of ATTRS) {
      const v = e.getAttribute('data-' + a);
      if (v === null) continue;
      e.removeAttribute('data-' + a);
      moved = 1;
      // `javascript:` in an iframe would run in the page; srcset only ever fetches images.
      if (a === 'srcset' || isSafeUrl(v)) e.setAttribute(a === 'src' && e.localName === 'object' ? 'data' : a, v);
    }
  }
  // Media elements pick up new <source>s only when asked to load again (and only then: a playing one would restart).
  if (moved) el.closest<HTMLMediaElement>('video,audio')?.load();
}
