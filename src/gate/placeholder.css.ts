/**
 * The placeholder's styles, in two sheets. Every rule sits in `:where()` (zero
 * specificity) so any site rule wins, and colours come from the same `--consent-*`
 * custom properties as `<consent-banner>` (`--consent-fg`, `--consent-border`,
 * `--consent-accent`, `--consent-accent-fg`, `--consent-radius`, `--consent-font`),
 * plus `--consent-placeholder-bg`.
 */

/**
 * The box (box.ts, in the gate): everything that decides its outer size, so that an empty
 * placeholder takes its final room at once: 16:9, at least 10rem tall, padding and border
 * counted inside (so they may come later). The embed's own width/height, when it has them,
 * are a rule per placeholder, added by box.ts.
 */
export const BOX = `[data-consent-blocked]{display:none!important}
:where(.consent-placeholder){box-sizing:border-box;aspect-ratio:16/9;min-height:10rem}`;

/**
 * What the placeholder module (placeholder.ts, loaded later) adds when it fills the box:
 * its padding and border (inside the box), the layout of its content, colours, fonts.
 * Nothing here may change the box's outer size (width, height, min-/max-, aspect-ratio,
 * box-sizing, margins), or the page would move when it arrives.
 */
export const CSS = `:where(.consent-placeholder){display:flex;flex-flow:column;align-items:center;justify-content:center;gap:.75rem;padding:1rem;text-align:center;font:var(--consent-font,inherit);color:var(--consent-fg,#1b1c20);background:var(--consent-placeholder-bg,#f1f1f4);border:1px solid var(--consent-border,#767884);border-radius:var(--consent-radius,.5rem)}
:where(.consent-placeholder) p{margin:0}
:where(.consent-placeholder) button{font:inherit;cursor:pointer;padding:.5rem 1rem;color:var(--consent-accent-fg,#fff);background:var(--consent-accent,#1d4fc4);border:0;border-radius:var(--consent-radius,.5rem)}
:where(.consent-placeholder) button+button{color:inherit;background:none;text-decoration:underline}`;
