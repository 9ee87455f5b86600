/**
 * The rules only <consent-banner>'s preferences dialog uses (its header and close
 * button, categories, switches, cookie tables), shipped with the dialog in prefs.ts
 * so that the first layer does not download them. Where a rule of
 * consent-banner.styles.ts reaches the same elements (p, button), these are more
 * specific, so which of the two stylesheets comes first does not matter.
 * (No backquotes in this comment: the build squeezes the whitespace of every template
 * string in this file.)
 */
export const styles = `
  :host { --consent-muted: light-dark(#4a4c55, #c4c6cf); }
  [part=header] { display: flex; align-items: start; justify-content: space-between; gap: 1rem; }
  [part=close], [role=switch] { flex: none; width: 2.75rem; }
  [part=close] {
    height: 2.75rem;
    margin: -0.5rem -0.75rem 0 0;
    border: 0;
    background: none;
    font-size: 1.25rem;
  }
  [part=category] { padding-block: 0.75rem; border-top: 1px solid var(--consent-border); }
  label {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    font-weight: 600;
  }
  [part=description], [part=required], table { color: var(--consent-muted); }
  [part=required], table { font-size: 0.875rem; }
  [part=required] { font-weight: 400; }
  [part=description], details, table { margin: 0.5rem 0 0; }
  summary { color: var(--consent-accent); }
  summary, [role=switch] { cursor: pointer; }
  [role=switch] {
    appearance: none;
    height: 1.5rem;
    margin: 0;
    border: 2px solid var(--consent-border);
    border-radius: 1rem;
    background: radial-gradient(circle at 0.6rem 50%, var(--consent-border) 0.35rem, transparent 0.4rem);
  }
  [role=switch]:checked {
    border-color: var(--consent-accent);
    background: radial-gradient(circle at calc(100% - 0.6rem) 50%, var(--consent-accent-fg) 0.35rem, transparent 0.4rem) var(--consent-accent);
  }
  [dir=rtl] [role=switch] { transform: scaleX(-1); }
  table { width: 100%; border-collapse: collapse; }
  th, td { padding: 0.25rem 0.5rem 0.25rem 0; text-align: start; vertical-align: top; }
`;
