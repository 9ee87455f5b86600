/**
 * The well-known services list (placeholder until issue 12 lands its full list; that version
 * replaces this file). Patterns use the `sources` syntax: "host[/path-prefix]" or "/regex/".
 */
export type ServiceCategory = 'analytics' | 'marketing' | 'functional';

/** A well-known third-party service and the URLs it is loaded from. */
export interface Service { id: string; name: string; category: ServiceCategory; patterns: string[] }

export const SERVICES: readonly Service[] = [
  { id: 'google-analytics', name: 'Google Analytics', category: 'analytics', patterns: ['google-analytics.com', 'googletagmanager.com/gtag/js'] },
  { id: 'facebook-pixel', name: 'Meta Pixel', category: 'marketing', patterns: ['connect.facebook.net'] },
  { id: 'youtube', name: 'YouTube', category: 'functional', patterns: ['youtube.com/embed', 'youtube-nocookie.com/embed'] },
];

/** True when `url` matches a pattern: a host (and its subdomains, any port) with an optional path prefix, or a /regex/. */
function matches(pattern: string, url: URL): boolean {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) return new RegExp(pattern.slice(1, -1)).test(url.href);
  const slash = pattern.indexOf('/');
  const host = slash < 0 ? pattern : pattern.slice(0, slash);
  const path = slash < 0 ? '' : pattern.slice(slash);
  return (url.hostname === host || url.hostname.endsWith(`.${host}`)) && url.pathname.startsWith(path);
}

/** The first service whose patterns match `url`, or undefined (also for a URL that cannot be parsed). */
export function matchService(url: string): Service | undefined {
  let u: URL;
  try { u = new URL(url); } catch { return undefined; }
  return SERVICES.find((s) => s.patterns.some((p) => matches(p, u)));
}
