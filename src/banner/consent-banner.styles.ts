/**
 * The one stylesheet of <consent-banner>. Colours are --consent-* custom
 * properties with light defaults on :host and a dark set used by
 * theme="dark", or by theme="auto" under prefers-color-scheme: dark.
 * Every text colour keeps a contrast of at least 4.5:1 on its background.
 * A plain string, put in one <style> in the shadow root. (No backquotes in this
 * comment: the build squeezes the whitespace of every template string in this file.)
 */
const dark = `
  --consent-bg: #1d1e22;
  --consent-fg: #f2f2f5;
  --consent-muted: #c4c6cf;
  --consent-accent: #9bbcff;
  --consent-accent-fg: #10192e;
  --consent-border: #9497a3;
  --consent-focus: #ffd166;
  color-scheme: dark;
`;

export const styles = `
  :host {
    --consent-bg: #fff;
    --consent-fg: #1b1c20;
    --consent-muted: #4a4c55;
    --consent-accent: #1d4fc4;
    --consent-accent-fg: #fff;
    --consent-border: #767884;
    --consent-focus: #1d4fc4;
    --consent-backdrop: rgb(0 0 0 / 0.55);
    --consent-radius: 0.5rem;
    --consent-font: 1rem/1.5 system-ui, sans-serif;
    --consent-width: 36rem;
    --consent-z: 2147483000;
    color-scheme: light;
  }
  :host([theme='dark']) { ${dark} }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) { ${dark} }
  }
  .layer {
    box-sizing: border-box;
    z-index: var(--consent-z);
    max-height: 60vh;
    overflow: auto;
    padding: 1rem 1.25rem;
    background: var(--consent-bg);
    color: var(--consent-fg);
    font: var(--consent-font);
    text-align: start;
    box-shadow: 0 0 1.5rem rgb(0 0 0 / 0.3);
  }
  [class*=bar] {
    position: fixed;
    inset-inline: 0;
    bottom: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem 2rem;
    padding-inline: max(1.25rem, (100% - 72rem) / 2);
  }
  .bar-top { bottom: auto; top: 0; }
  [class*=bar] [part=content] { flex: 1 1 24rem; }
  [class*=bar] [part=buttons] { flex: 0 1 30rem; }
  .box {
    position: fixed;
    bottom: 1rem;
    inset-inline-end: 1rem;
    width: min(24rem, 100% - 2rem);
    border-radius: var(--consent-radius);
  }
  .box [part=buttons] { grid-template-columns: 1fr; }
  dialog.layer {
    width: min(var(--consent-width), 100% - 2rem);
    max-height: calc(100% - 2rem);
    border: 0;
    border-radius: var(--consent-radius);
    padding: 1.25rem 1.5rem;
  }
  dialog::backdrop { background: var(--consent-backdrop, rgb(0 0 0 / 0.55)); }
  @media (prefers-reduced-motion: no-preference) {
    [class*=bar], .box { animation: cg-in 0.25s ease-out; }
    .bar-top { --cg-from: -0.75rem; }
  }
  /* A short slide: the buttons are on screen (and usable) from the first painted frame. */
  @keyframes cg-in { from { transform: translateY(var(--cg-from, 0.75rem)); } }
  h2 { margin: 0 0 0.5rem; font-size: 1.125rem; line-height: 1.3; outline: none; }
  p { margin: 0 0 0.5rem; }
  [part=revised], [part=gpc] { font-weight: 600; }
  [part=description], [part=required], table { color: var(--consent-muted); }
  a { color: var(--consent-accent); text-decoration: underline; }
  [part=buttons] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
  button { font: inherit; color: inherit; cursor: pointer; }
  [part~=button] {
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid var(--consent-accent);
    border-radius: var(--consent-radius);
    background: var(--consent-accent);
    color: var(--consent-accent-fg);
    font-weight: 600;
  }
  :focus-visible { outline: 3px solid var(--consent-focus); outline-offset: 2px; }
  [part=header] { display: flex; align-items: start; justify-content: space-between; gap: 1rem; }
  [part=close] {
    flex: none;
    width: 2.75rem;
    height: 2.75rem;
    margin: -0.5rem -0.75rem 0 0;
    border: 0;
    border-radius: var(--consent-radius);
    background: none;
    font-size: 1.25rem;
  }
  [part=category] { padding-block: 0.75rem; border-top: 1px solid var(--consent-border); }
  label { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; font-weight: 600; }
  [part=required] { font-weight: 400; font-size: 0.875rem; }
  [part=description] { margin: 0.5rem 0 0; }
  [role=switch] {
    appearance: none;
    flex: none;
    box-sizing: border-box;
    width: 2.75rem;
    height: 1.5rem;
    margin: 0;
    border: 2px solid var(--consent-border);
    border-radius: 1rem;
    background: radial-gradient(circle at 0.6rem 50%, var(--consent-border) 0.35rem, transparent 0.4rem);
    cursor: pointer;
  }
  [role=switch]:checked {
    border-color: var(--consent-accent);
    background: radial-gradient(circle at calc(100% - 0.6rem) 50%, var(--consent-accent-fg) 0.35rem, transparent 0.4rem) var(--consent-accent);
  }
  [dir=rtl] [role=switch] { transform: scaleX(-1); }
  details { margin-top: 0.5rem; }
  summary { cursor: pointer; color: var(--consent-accent); }
  table { width: 100%; margin-top: 0.5rem; border-collapse: collapse; font-size: 0.875rem; }
  th, td { padding: 0.25rem 0.5rem 0.25rem 0; text-align: start; vertical-align: top; overflow-wrap: anywhere; }
  [part=floating] {
    position: fixed;
    z-index: var(--consent-z);
    bottom: 1rem;
    inset-inline-start: 1rem;
    display: grid;
    place-items: center;
    width: 3rem;
    height: 3rem;
    border: 2px solid var(--consent-border);
    border-radius: 50%;
    background: var(--consent-bg);
    color: var(--consent-fg);
    fill: currentColor;
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.25);
  }
`;
