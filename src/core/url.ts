/**
 * Is this URL safe to put in an `href` or `src` from configuration or markup?
 * Only http(s), protocol-relative and relative URLs pass; `javascript:`, `data:`
 * and every other scheme fail, as do strings with control characters.
 *
 * @example isSafeUrl('/privacy') // true
 * @example isSafeUrl('javascript:alert(1)') // false
 */
export function isSafeUrl(url: string): boolean {
  // Not empty, no control characters or backslashes; no scheme, or http(s).
  // eslint-disable-next-line no-control-regex
  return typeof url === 'string' && /^[^\u0000-\u001f\u007f\\]+$/.test(url) && /^(?![a-z][a-z\d+.-]*:)|^https?:/i.test(url.trim());
}
