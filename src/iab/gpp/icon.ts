/**
 * California's opt-out icon (the California Privacy Protection Agency's "Your Privacy Choices"
 * toggle: a pill, a blue check on white, a white cross on blue), drawn here as inline SVG to its
 * published shape, so nothing is fetched. A site opts in per link:
 * `<a href="/privacy#choices" data-consent-open data-consent-icon="privacy-choices">Your Privacy Choices</a>`:
 * the icon goes before the link's text (hidden from screen readers: the text names the link),
 * and `data-consent-open` opens the preferences in one step. Built with DOM calls (no HTML
 * parsing), so it works under Trusted Types too.
 */
const NS = 'http://www.w3.org/2000/svg';
const BLUE = '#06f';
const SHAPES: [string, Record<string, string>][] = [
  ['rect', { x: '.5', y: '.5', width: '29', height: '13', rx: '6.5', fill: '#fff', stroke: BLUE }],
  ['path', { d: 'M16.5.5H23a6.5 6.5 0 0 1 0 13h-9.5z', fill: BLUE }],
  ['path', { d: 'M5.6 7.1l2.3 2.3 4.4-4.7', fill: 'none', stroke: BLUE, 'stroke-width': '1.7', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }],
  ['path', { d: 'M19.3 4.6l4.8 4.8m0-4.8l-4.8 4.8', stroke: '#fff', 'stroke-width': '1.7', 'stroke-linecap': 'round' }],
];

/** The icon as an `<svg>` element (30 × 14, scaled to the text's height). */
export function privacyChoicesIcon(): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 30 14', width: '30', height: '14', 'aria-hidden': 'true', focusable: 'false', 'data-consent-icon-svg': '' })) svg.setAttribute(k, v);
  svg.style.cssText = 'height:1em;width:auto;vertical-align:-.125em;margin-inline-end:.35em';
  for (const [tag, attrs] of SHAPES) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  }
  return svg;
}

const MARKED = '[data-consent-icon="privacy-choices"]';

/** Puts the icon before the text of every `[data-consent-icon="privacy-choices"]` element in `root` (itself included) that has none yet. */
export function addPrivacyChoicesIcons(root: ParentNode = document): void {
  const marked = [...root.querySelectorAll(MARKED)];
  if ((root as Element).matches?.(MARKED)) marked.push(root as Element);
  for (const el of marked) if (!el.querySelector('[data-consent-icon-svg]')) el.prepend(privacyChoicesIcon());
}

/**
 * The icons now, and on every marked element added later (a menu drawn by a script, a footer
 * loaded late) or marked later: one MutationObserver on the document that looks only at what was
 * added or re-marked, never at the whole page again.
 *
 * @example const stop = watchPrivacyChoicesIcons()
 * @returns the function that stops watching
 */
export function watchPrivacyChoicesIcons(root: Document = document): () => void {
  addPrivacyChoicesIcons(root);
  const watcher = new MutationObserver((records) => {
    for (const r of records) {
      // What was added or re-marked; and a marked element whose content was redrawn (its icon gone with it).
      const nodes = r.type == 'attributes' || (r.target as Element).matches?.(MARKED) ? [r.target] : r.addedNodes;
      for (const node of nodes) if (node.nodeType == 1) addPrivacyChoicesIcons(node as Element);
    }
  });
  watcher.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-consent-icon'] });
  return () => watcher.disconnect();
}
