/**
 * The TCF first layer's rules, beside the banner's (consent-banner.styles.ts): the lists of
 * purposes and special features, the notes, and the partner count, a button that reads as a link.
 * (No backquotes in this comment: the build squeezes the whitespace of every template string in this file.)
 */
export const styles = `
  [part=tcf-use], [part=tcf-note] { display: block; margin-top: 0.5rem; }
  [part=tcf-use] { font-weight: 600; }
  [part=tcf-list] { display: block; margin: 0.25rem 0 0; padding-inline-start: 1.25rem; }
  [part=tcf-item] { display: list-item; list-style: disc; }
  [part=tcf-stack] { display: block; font-size: 0.875rem; }
  [part=tcf-partners] {
    padding: 0;
    border: 0;
    background: none;
    color: var(--consent-accent);
    font-weight: 600;
    text-decoration: underline;
  }
`;
