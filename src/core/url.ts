/**
 * Is this URL safe to put in an `href` or `src` from configuration or markup?
 * Only http(s), protocol-relative and relative URLs pass; `javascript:`, `data:`
 * and every other scheme fail, as do strings with control characters.
 *
 * @example isSafeUrl('/privacy') // true
 * @example isSafeUrl('javascript:alert(1)') // false
 */
export function isSafeUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (typeof url !== 'string' || url === '' || /[\u0000-\u001f\u007f\\]/.test(url)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  return !scheme || /^https?$/i.test(scheme[1] ?? '');
}
