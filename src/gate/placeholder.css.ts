/**
 * The placeholder's stylesheet. Every rule sits in `:where()` (zero specificity)
 * so any site rule wins, and colours come from the same `--consent-*` custom
 * properties as `<consent-banner>` (`--consent-fg`, `--consent-border`,
 * `--consent-accent`, `--consent-accent-fg`, `--consent-radius`, `--consent-font`),
 * plus `--consent-placeholder-bg`.
 */
export const CSS = `[data-consent-blocked]{display:none!important}
:where(.consent-placeholder){box-sizing:border-box;display:flex;flex-flow:column;align-items:center;justify-content:center;gap:.75rem;aspect-ratio:16/9;min-height:10rem;padding:1rem;text-align:center;font:var(--consent-font,inherit);color:var(--consent-fg,#1b1c20);background:var(--consent-placeholder-bg,#f1f1f4);border:1px solid var(--consent-border,#767884);border-radius:var(--consent-radius,.5rem)}
:where(.consent-placeholder) p{margin:0}
:where(.consent-placeholder) button{font:inherit;cursor:pointer;padding:.5rem 1rem;color:var(--consent-accent-fg,#fff);background:var(--consent-accent,#1d4fc4);border:0;border-radius:var(--consent-radius,.5rem)}
:where(.consent-placeholder) button+button{color:inherit;background:none;text-decoration:underline}`;
