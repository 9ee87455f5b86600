/**
 * The stylesheet of <consent-banner>'s first layer (and floating button); the rules
 * only the preferences dialog uses come with it, in prefs.styles.ts (with the default
 * of --consent-muted, which only the dialog uses). Colours are --consent-* custom
 * properties with defaults on :host, each a light-dark() pair: the dark value is
 * used under color-scheme dark, i.e. with theme="dark", or with theme="auto" under
 * prefers-color-scheme: dark. Every text colour keeps a contrast of at least 4.5:1
 * on its background. A plain string, put in a <style> in the shadow root.
 * (No backquotes in this comment: the build squeezes the whitespace of every template
 * string in this file.)
 *
 * Layouts: bar, bar-top and box are a section (fixed, sliding in); the modal first
 * layer and the preferences are dialogs (top layer). The slide is short: the buttons
 * are on screen (and usable) from the first painted frame. A long unbroken word (a
 * policy's or category's name) wraps anywhere, so nothing scrolls sideways at 320 px
 * (WCAG 1.4.10), the preferences dialog included (it is a layer too). (CSS comments would
 * ship: this build does not strip them.)
 */
export const styles = `
  :host {
    --consent-bg: light-dark(#fff, #1d1e22);
    --consent-fg: light-dark(#1b1c20, #f2f2f5);
    --consent-accent: light-dark(#1d4fc4, #9bbcff);
    --consent-accent-fg: light-dark(#fff, #10192e);
    --consent-border: light-dark(#767884, #9497a3);
    --consent-focus: light-dark(#1d4fc4, #ffd166);
    --consent-backdrop: rgb(0 0 0 / 0.55);
    --consent-radius: 0.5rem;
    --consent-font: 1rem/1.5 system-ui, sans-serif;
    --consent-width: 36rem;
    --consent-z: 2147483000;
    color-scheme: light;
  }
  :host([theme=dark]) { color-scheme: dark; }
  :host([theme=auto]) { color-scheme: light dark; }
  .layer {
    box-sizing: border-box;
    max-height: 60vh;
    overflow: auto;
    padding: 1rem 1.25rem;
    font: var(--consent-font);
    text-align: start;
    overflow-wrap: anywhere;
    box-shadow: 0 0 1.5rem rgb(0 0 0 / 0.3);
  }
  .layer, [part=floating] {
    z-index: var(--consent-z);
    background: var(--consent-bg);
    color: var(--consent-fg);
  }
  section, [part=floating] { position: fixed; }
  [class*=bar] {
    inset: auto 0 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem 2rem;
    padding-inline: max(1.25rem, (100% - 72rem) / 2);
  }
  .bar-top { inset: 0 0 auto; --cg-from: -0.75rem; }
  [class*=bar] [part=content] { flex: 1 1 24rem; }
  [class*=bar] [part=buttons] { flex: 0 1 30rem; }
  .box {
    bottom: 1rem;
    inset-inline-end: 1rem;
    width: min(24rem, 100% - 2rem);
  }
  .box [part=buttons] { grid-template-columns: 1fr; }
  dialog.layer {
    width: min(var(--consent-width), 100% - 2rem);
    max-height: calc(100% - 2rem);
    border: 0;
    padding: 1.25rem 1.5rem;
  }
  dialog::backdrop { background: var(--consent-backdrop, rgb(0 0 0 / 0.55)); }
  .box, dialog, button { border-radius: var(--consent-radius); }
  @media (prefers-reduced-motion: no-preference) {
    section { animation: cg-in 0.25s ease-out; }
  }
  @keyframes cg-in { from { transform: translateY(var(--cg-from, 0.75rem)); } }
  h2, p { margin: 0 0 0.5rem; }
  h2 { font-size: 1.125rem; line-height: 1.3; }
  [part=revised], [part=gpc], [part~=button] { font-weight: 600; }
  a { color: var(--consent-accent); }
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
    background: var(--consent-accent);
    color: var(--consent-accent-fg);
  }
  :focus-visible { outline: 3px solid var(--consent-focus); outline-offset: 2px; }
  [part=floating] {
    bottom: 1rem;
    inset-inline-start: 1rem;
    display: grid;
    place-items: center;
    width: 3rem;
    height: 3rem;
    border: 2px solid var(--consent-border);
    border-radius: 50%;
    fill: currentColor;
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.25);
  }
`;
