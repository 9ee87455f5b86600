/** The shapes of a scan: what `report.json` holds (see "Scanning a site" in the interface). */

/** A pass: no decision yet, after "Reject all", after "Accept all". */
export type Pass = 'before' | 'rejected' | 'accepted';
export const PASSES: readonly Pass[] = ['before', 'rejected', 'accepted'];

/** What a cookie, storage key or request is for; `unclassified` is left for the site owner. */
export type ScanCategory = 'necessary' | 'functional' | 'analytics' | 'marketing' | 'unclassified';

/** What the classification says about one item. */
export interface Classification {
  category: ScanCategory;
  platform?: string;
  description?: string;
  retention?: string;
  /** The database row's name when it matched as a prefix (a wildcard row: `_ga_` for `_ga_XYZ`). */
  wildcard?: string;
  /** Why: `open-cookie-database`, `services`, `consent-gate` (its own cookie or queue), `site-config`. */
  source?: string;
}

export interface CookieItem extends Classification {
  name: string;
  domain: string;
  path: string;
  /** ISO time, or `session`. */
  expires: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: string;
  thirdParty: boolean;
  /** The URL whose response's `Set-Cookie` set it, or the script that wrote `document.cookie`; null when unseen. */
  setBy: string | null;
  setVia: 'header' | 'script' | null;
  passes: Pass[];
}

export interface StorageItem extends Classification {
  name: string;
  area: 'localStorage' | 'sessionStorage';
  /** The script that called `setItem`, when seen. */
  setBy: string | null;
  passes: Pass[];
}

export interface RequestItem extends Classification {
  url: string;
  host: string;
  /** The resource type Chromium gives (script, image, xhr, fetch, document, …). */
  type: string;
  /** The script behind the request (from the DevTools initiator), or the page for markup. */
  initiator: string | null;
  passes: Pass[];
}

export interface Leak {
  page: string;
  pass: Pass;
  kind: 'cookie' | 'storage' | 'request';
  /** The cookie or key name, or the request URL. */
  name: string;
  category: ScanCategory;
  /** An absolute URL: what set the cookie or key, or the script behind the request (the page when unknown). */
  cause: string;
}

export interface PageFailure { page: string; pass: Pass; error: string }

/** What consent-gate the scan found on a page (through `window.consentGate`). */
export interface ConsentGateInfo {
  mode: string;
  cookieName: string;
  categories: { id: string; required: boolean; cookies: string[]; storage: string[]; sources: string[] }[];
}

export interface ScanReport {
  url: string;
  scannedAt: string;
  pages: string[];
  leaks: Leak[];
  cookies: CookieItem[];
  storage: StorageItem[];
  requests: RequestItem[];
  /** Pages that could not be scanned in a pass (time limit, network error, not HTML). */
  failures: PageFailure[];
  /** consent-gate as found on the first page running it (or the `--config` file), else null. */
  consentGate: ConsentGateInfo | null;
  /** How long the scan took, in milliseconds. */
  durationMs: number;
}
