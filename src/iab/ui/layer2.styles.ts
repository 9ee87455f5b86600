/**
 * The TCF second layer's rules, beside the banner's dialog rules (prefs.styles.ts, adopted with
 * them): headings of sections and items, the counts, the partner list, its search and each
 * partner's facts. (No backquotes in this comment: the build squeezes the whitespace of every
 * template string in this file.)
 */
export const styles = `
  h3 { margin: 1rem 0 0.25rem; font-size: 1rem; }
  h4 { margin: 0 0 0.25rem; font-size: 1rem; }
  [part~=tcf-purpose] { padding-block: 0.75rem; border-top: 1px solid var(--consent-border); }
  [part~=tcf-purpose] label + label { margin-top: 0.5rem; }
  [part=tcf-count], [part=tcf-days], [part=tcf-facts] { color: var(--consent-muted); font-size: 0.875rem; }
  [part=tcf-count] { margin: 0.5rem 0; }
  [part=tcf-disclosed], [part=tcf-vendor-list] { margin: 0; padding: 0; list-style: none; }
  [part=tcf-disclosed] li, [part=tcf-vendor] { padding-block: 0.5rem; border-top: 1px solid var(--consent-border); }
  [part=tcf-vendor] label { margin-top: 0.5rem; }
  [part~=tcf-vendors] > summary { font-weight: 600; padding-block: 0.5rem; }
  [part~=tcf-search-label] { margin-block: 0.5rem; }
  [part=tcf-search] {
    flex: 1 1 12rem;
    min-width: 0;
    min-height: 2.75rem;
    padding: 0.25rem 0.5rem;
    border: 2px solid var(--consent-border);
    border-radius: var(--consent-radius);
    background: var(--consent-bg);
    color: var(--consent-fg);
    font: inherit;
    font-weight: 400;
  }
  [part=tcf-facts] { margin: 0.5rem 0 0; }
  [part=tcf-facts] dt { margin-top: 0.5rem; font-weight: 600; color: var(--consent-fg); }
  [part=tcf-facts] dd { margin: 0; }
  [part=tcf-facts] ul { margin: 0; padding-inline-start: 1.25rem; }
  [part~=tcf-more] { width: 100%; margin-top: 0.5rem; }
`;
