/**
 * The placeholder's box: in the task that finds a blocked iframe or video, the gate
 * hides it and puts an empty `.consent-placeholder` before it, already at its final size.
 * What goes inside (texts, buttons, colours: placeholder.ts) may come later, from a chunk
 * the drop-in fetches only then; since it sizes nothing, the page does not move when it does.
 */
import { stylesheet } from '../dom/stylesheet.js';
import { BOX } from './placeholder.css.js';

const styles = stylesheet(BOX);
let count = 0;
/** Each copy of this module (the drop-in's tag and its chunks hold one each) names its size rules apart. */
const copy = /* @__PURE__ */ Math.random().toString(36).slice(2, 6); // pure: dropped from a chunk that makes no box (the reader)

/**
 * Hides `el` (a blocked iframe or video) and puts an empty placeholder box before it:
 * with `width` and `height` attributes, the embed's size (up to the container's width), else 16:9.
 * @returns the box; remove it and call `unblock(el)` to undo.
 */
export function block(el: HTMLElement): HTMLElement {
  const ph = document.createElement('div');
  ph.className = 'consent-placeholder';
  el.before(ph);
  el.setAttribute('data-consent-blocked', '');
  const s = styles(ph);
  // Keep the embed's size: its width/height attributes become a rule of the stylesheet (no style attribute, for CSP).
  const w = el.getAttribute('width');
  const h = el.getAttribute('height');
  if (/^\d+$/.test(w!) && /^\d+$/.test(h!) && +h! > 0) {
    const id = copy + ++count;
    ph.setAttribute('data-consent-ph', id);
    s.insertRule(`:where([data-consent-ph="${id}"]){max-width:${w}px;aspect-ratio:${w}/${h}}`, s.cssRules.length);
  }
  return ph;
}

/** The box that another copy of the gate (the drop-in's tag) put before `el`, if there is one. */
export const boxOf = (el: Element): HTMLElement | undefined => {
  const ph = el.previousElementSibling;
  return el.hasAttribute('data-consent-blocked') && ph?.className == 'consent-placeholder' ? ph as HTMLElement : undefined;
};

/** Shows a blocked element again (its placeholder is removed by the caller). */
export const unblock = (el: Element): void => el.removeAttribute('data-consent-blocked');
