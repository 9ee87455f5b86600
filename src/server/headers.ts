/**
 * The grammars of what the server writes into response headers, so that a value sent by a
 * visitor (or set by the site) is checked before it goes in: refused with a 400 (or, for the
 * site's own options, an error at start), never thrown by `Headers` (a 500) nor echoed raw.
 */

/** RFC 9110 `token`: a header name, a cookie name, a `Vary` entry. */
export const TOKEN = /^[!#$%&'*+.^_`|~\dA-Za-z-]+$/;

/** RFC 6265 `cookie-value` (unquoted): `cookie-octet`s only, printable ASCII without space, `"` `,` `;` `\`. */
export const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/** RFC 9110 `field-value` as this server writes them: visible ASCII, space and tab, nothing else (no obs-text, no controls). */
export const FIELD_VALUE = /^[\t\x20-\x7E]*$/;

/** Is this an origin as browsers serialise it in `Origin` (`https://example.com`, `http://127.0.0.1:8080`, or `null`)? */
export const isOrigin = (v: string): boolean => v === 'null' || (FIELD_VALUE.test(v) && URL.canParse(v) && new URL(v).origin === v);
