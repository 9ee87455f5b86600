/**
 * `GET /consent/region`: the visitor's region, from a header the CDN or host in front of the
 * server fills (`CF-IPCountry`, `CloudFront-Viewer-Country`, `X-Vercel-IP-Country`, …), for
 * sites that cannot write it into the drop-in tag's `data-region`. The answer is private to
 * the visitor and short-lived (they travel).
 */

import { regionCode } from '../core/state.js';

/** How long a browser may reuse the answer, in seconds. */
export const REGION_MAX_AGE = 300;

/**
 * Answers `{ "region": "DE" }` from `header` (with its subdivision when a second header names
 * one, e.g. `X-Vercel-IP-Country-Region`), or `{ "region": null }` when it is missing or not a
 * region code (Cloudflare's `XX`, `T1`): the store then applies the strictest rules.
 *
 * @example regionResponse(request, 'cf-ipcountry')
 */
export function regionResponse(request: Request, header: string, subdivisionHeader?: string): Response {
  const country = regionCode(request.headers.get(header));
  const sub = subdivisionHeader && request.headers.get(subdivisionHeader);
  const region = country && country.length == 2 ? (sub && regionCode(`${country}-${sub}`)) || country : null;
  return new Response(JSON.stringify({ region }), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Per visitor: no shared cache may keep it; the browser may for a few minutes.
      'cache-control': `private, max-age=${REGION_MAX_AGE}`,
      vary: [header, subdivisionHeader].filter(Boolean).join(', '),
    },
  });
}
