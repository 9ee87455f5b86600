/**
 * Sites and links: what counts as another site (another registrable domain, by the public
 * suffix list through tldts) and which links a crawl follows.
 */
import { getDomain } from 'tldts';

/**
 * The site a host belongs to: its registrable domain (`news.example.co.uk` → `example.co.uk`),
 * or the host itself when it has none (an IP address, `localhost`), so 127.0.0.1 and localhost
 * are two sites.
 */
export function siteOf(host: string): string {
  const bare = host.replace(/^\./, '').toLowerCase();
  return getDomain(bare, { allowPrivateDomains: true }) ?? bare;
}

/** True when `host` belongs to another site than `pageHost`. */
export const isThirdParty = (host: string, pageHost: string): boolean => siteOf(host) !== siteOf(pageHost);

const DOWNLOAD = /\.(pdf|zip|gz|tgz|bz2|xz|7z|rar|dmg|exe|msi|pkg|deb|rpm|apk|iso|csv|xlsx?|docx?|pptx?|odt|ods|mp3|mp4|m4a|mov|avi|webm|ogg|wav|jpe?g|png|gif|webp|avif|svg|ico|json|xml|rss|txt)$/i;
const LOGOUT = /(^|[/_.?&=-])(log-?out|log-?off|sign-?out|sign-?off|abmelden|deconnexion|déconnexion|uitloggen)([/_.?&=-]|$)/i;

/**
 * The page a link leads to, normalised (no fragment), when a crawl from `origin` should visit
 * it; undefined for other origins, non-http(s) schemes (`mailto:`, `tel:`, `javascript:`),
 * downloads (a `download` attribute or a file extension) and obvious logout links.
 */
export function pageToVisit(href: string, origin: string, download = false): string | undefined {
  let url: URL;
  try { url = new URL(href, origin); } catch { return undefined; }
  if (download || url.origin !== origin || !/^https?:$/.test(url.protocol)) return undefined;
  if (DOWNLOAD.test(url.pathname) || LOGOUT.test(url.pathname + url.search)) return undefined;
  url.hash = '';
  return url.href;
}
