/**
 * The scan: crawl breadth-first in the `before` pass, then replay the pages running
 * consent-gate after "Reject all" and after "Accept all", each pass in a fresh context;
 * gather cookies, storage keys and third-party requests with the passes they appeared in;
 * classify them; list the leaks.
 */
import type { Browser } from 'playwright-core';
import { createClassifier, loadCookieDatabase, type Classifier, type CookieDatabase } from './classify.js';
import { openPass, type PageVisit, type PassSession } from './observe.js';
import { isThirdParty, pageToVisit } from './site.js';
import type { ConsentGateInfo, CookieItem, Leak, Pass, PageFailure, RequestItem, ScanReport, StorageItem } from './types.js';

export interface ScanOptions {
  /** The first page (http or https). */
  url: string;
  /** At most this many pages (default 20). */
  pages?: number;
  /** The browser executable (see `findChromium`). */
  chromium: string;
  /** A consent-gate config to scan with instead of the pages' own (put on the drop-in's tag). */
  config?: Record<string, unknown>;
  /**
   * Time limit in ms for each operation on a page (its load, each read, the decision; default 15 000): a page past
   * it (one that busy-loops keeps every read waiting) is a failure and the crawl goes on. And the settle limit after a load (default 2 000).
   */
  timeoutMs?: number;
  settleMs?: number;
  /** Called after each page of each pass. */
  onPage?: (event: PageEvent) => void;
  /** The derived Open Cookie Database (default: the one shipped beside the scanner). */
  database?: CookieDatabase;
}

export interface PageEvent { pass: Pass; index: number; total: number; url: string; ms: number; error?: string }

/** Thrown when the first page cannot be loaded: the site is unreachable (exit status 2). */
export class UnreachableError extends Error {}

/** Loads playwright-core, an optional peer dependency, with a message saying how to install it. */
async function playwright(): Promise<typeof import('playwright-core')> {
  try {
    return await import('playwright-core');
  } catch {
    throw new Error('the scanner needs playwright-core: npm install --save-dev playwright-core');
  }
}

/** The site's config as the scanner needs it, from a `--config` object. */
export function siteFromConfig(config: Record<string, unknown>): ConsentGateInfo {
  const cats = (config.categories ?? {}) as Record<string, { required?: boolean; cookies?: unknown[]; storage?: unknown[]; sources?: unknown[] }>;
  return {
    mode: typeof config.mode === 'string' ? config.mode : 'opt-in',
    cookieName: ((config.cookie as { name?: string } | undefined)?.name) ?? 'consent',
    categories: Object.entries(cats).map(([id, c]) => ({ id, required: !!c.required, cookies: (c.cookies ?? []).map(String), storage: (c.storage ?? []).map(String), sources: (c.sources ?? []).map(String) })),
  };
}

/** Gathers what the passes saw, keyed so that each cookie, key and request is listed once. */
class Findings {
  readonly cookies = new Map<string, CookieItem>();
  readonly storage = new Map<string, StorageItem>();
  readonly requests = new Map<string, RequestItem>();
  readonly leaks: Leak[] = [];
  classify!: Classifier;

  /** What each pass's jar and storage held after the last page (`key` → value and expiry), to tell what a page wrote. */
  private readonly held = new Map<Pass, Map<string, string>>();
  /** Cookies another site set while a page had left this site (key → state then), per pass: not listed while unchanged. */
  private readonly foreign = new Map<Pass, Map<string, string>>();
  /** The keys already listed as leaks, per pass. */
  private readonly leaked = new Map<Pass, Set<string>>();

  /**
   * Adds one page's observations in `pass`; `session` knows who set what. A cookie or key that
   * this page wrote (new, with a new value or expiry, or written again by a script or header) in a pass that forbids its category
   * is a leak, listed once per pass at the first page that wrote it.
   */
  add(pass: Pass, page: string, visit: PageVisit, session: PassSession, offsite = false): void {
    const host = new URL(page).hostname;
    const forbids = pass === 'rejected' || (pass === 'before' && (!visit.consentGate || visit.consentGate.mode === 'opt-in'));
    const held = this.held.get(pass) ?? new Map<string, string>();
    this.held.set(pass, held);
    const leaked = this.leaked.get(pass) ?? new Set<string>();
    this.leaked.set(pass, leaked);
    const foreign = this.foreign.get(pass) ?? new Map<string, string>();
    this.foreign.set(pass, foreign);
    /** Records `item` as seen in `pass` and `signature` as its state now; a leak when this page wrote it and the pass forbids it. */
    const seen = (item: { passes: Pass[]; category: CookieItem['category'] }, kind: Leak['kind'], key: string, signature: string, name: string, cause: string | null, rewrote = false) => {
      if (!item.passes.includes(pass)) item.passes.push(pass);
      const wrote = rewrote || held.get(key) !== signature;
      held.set(key, signature);
      if (wrote && forbids && item.category !== 'necessary' && item.category !== 'unclassified' && !leaked.has(key)) {
        leaked.add(key);
        this.leaks.push({ page, pass, kind, name, category: item.category, cause: cause ?? page });
      }
    };
    for (const c of visit.cookies) {
      const key = `${c.name}|${c.domain}|${c.path}`;
      // A page that landed on another site: what that site set is not this site's, but it is now in the
      // jar, so it moves the baseline (the next page of this site is not blamed for it). What this
      // site's own responses set on the way (the redirect's Set-Cookie) is judged as usual.
      const state = `${c.value}|${c.expires}`;
      if (offsite && isThirdParty(c.domain, host)) {
        held.set(`cookie:${key}`, state);
        foreign.set(key, state);
        continue;
      }
      // Still as that other site left it: not this site's finding.
      if (foreign.get(key) === state) continue;
      const setter = session.cookieSetters.get(c.name);
      let item = this.cookies.get(key);
      if (!item) {
        item = {
          name: c.name, domain: c.domain, path: c.path,
          expires: c.session || c.expires < 0 ? 'session' : new Date(c.expires * 1000).toISOString(),
          httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite ?? '',
          ...this.classify.cookie(c.name, c.domain),
          thirdParty: isThirdParty(c.domain, host),
          setBy: setter?.url ?? null, setVia: setter?.via ?? null, passes: [],
        };
        this.cookies.set(key, item);
      } else if (!item.setBy && setter) Object.assign(item, { setBy: setter.url, setVia: setter.via });
      seen(item, 'cookie', `cookie:${key}`, state, c.name, setter?.url ?? null, visit.written.has(c.name));
    }
    // Another site's storage and requests are that site's, not this one's.
    if (offsite) return;
    for (const s of visit.storage) {
      const key = `${s.area}:${s.name}`;
      const setter = session.storageSetters.get(key);
      let item = this.storage.get(key);
      if (!item) {
        item = { name: s.name, area: s.area, ...this.classify.storage(s.name), setBy: setter?.url ?? null, passes: [] };
        this.storage.set(key, item);
      } else if (!item.setBy && setter) item.setBy = setter.url;
      seen(item, 'storage', key, s.value, s.name, setter?.url ?? null);
    }
    for (const r of visit.requests) {
      let url: URL;
      try { url = new URL(r.url); } catch { continue; }
      if (!/^(https?|wss?):$/.test(url.protocol) || !isThirdParty(url.hostname, host)) continue;
      // One entry per address without its query: pixels vary theirs on every hit.
      const key = url.origin + url.pathname;
      let item = this.requests.get(key);
      if (!item) {
        item = { url: r.url, host: url.host, type: r.type, initiator: r.initiator, ...this.classify.request(r.url), passes: [] };
        this.requests.set(key, item);
      }
      // Every page that asks makes the request again: a signature that changes on each page.
      seen(item, 'request', key, page, r.url, r.initiator);
    }
  }
}

/**
 * Scans a site and returns the report (see `ScanReport`). Throws `UnreachableError` when the
 * first page cannot be loaded; any other page that fails is listed in `failures`.
 *
 * @example const report = await scan({ url: 'http://127.0.0.1:8080/', chromium: findChromium() });
 */
export async function scan(options: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  const start = pageToVisit(options.url, new URL(options.url).origin);
  if (!start) throw new Error(`not a page to scan: ${options.url}`);
  // The site crawled: where the first page lands (http → https, example.com → www.example.com).
  let origin = new URL(start).origin;
  const limit = options.pages ?? 20;
  const passOptions = { timeoutMs: options.timeoutMs ?? 15_000, settleMs: options.settleMs ?? 2_000, configOverride: options.config && JSON.stringify(options.config) };
  const db = options.database ?? loadCookieDatabase();
  const findings = new Findings();
  const failures: PageFailure[] = [];
  const visits: { pass: Pass; page: string; visit: PageVisit; session: PassSession; offsite?: boolean }[] = [];
  let site: ConsentGateInfo | null = options.config ? siteFromConfig(options.config) : null;

  const { chromium } = await playwright();
  const browser: Browser = await chromium.launch({
    executablePath: options.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    /**
     * Visits `page` in `session`; records a failure instead of throwing. (The `before` pass keeps the visit once it
     * knows where the page landed.) Pages are judged by where they land: one that a redirect took to another site
     * (any page but the first, whose landing sets the site) is not this site's page, and is listed as a failure.
     */
    const visitOne = async (session: PassSession, pass: Pass, page: string, index: number, total: number, decide?: 'acceptAll' | 'rejectAll') => {
      const t = Date.now();
      try {
        const visit = await session.visit(page, decide);
        const first = pass === 'before' && index === 1;
        if (!first && isThirdParty(URL.canParse(visit.url) ? new URL(visit.url).hostname : '', new URL(origin).hostname)) {
          visits.push({ pass, page, visit, session, offsite: true });
          throw new Error(`left the site: redirected to ${visit.url}`);
        }
        if (pass !== 'before') visits.push({ pass, page: pageToVisit(visit.url, new URL(visit.url).origin) ?? page, visit, session });
        options.onPage?.({ pass, index, total, url: page, ms: Date.now() - t });
        return visit;
      } catch (e) {
        const error = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
        failures.push({ page, pass, error });
        options.onPage?.({ pass, index, total, url: page, ms: Date.now() - t, error });
        return undefined;
      }
    };

    // `before`: breadth-first from the first page, same origin only.
    const pages: string[] = [];
    const gated: string[] = [];
    const queue = [start];
    const queued = new Set(queue);
    const before = await openPass(browser, passOptions);
    for (let i = 0; queue.length && i < limit; i++) {
      const page = queue.shift()!;
      const visit = await visitOne(before, 'before', page, i + 1, Math.min(limit, i + 1 + queue.length), undefined);
      if (!visit) {
        if (i === 0) throw new UnreachableError(`${page}: ${failures[0]?.error ?? 'could not be loaded'}`);
        continue;
      }
      // Where it landed after redirects (on this site): the page as scanned. One that lands on a page already
      // scanned (or queued) is not scanned twice; the first one's landing sets the origin crawled.
      const landed = pageToVisit(visit.url, new URL(visit.url).origin) ?? page;
      if (i === 0) origin = new URL(landed).origin;
      // (Its findings still count, so that what the next page writes is told apart from what this one did.)
      visits.push({ pass: 'before', page: landed, visit, session: before });
      if (landed !== page) {
        if (pages.includes(landed)) continue;
        if (queue.includes(landed)) queue.splice(queue.indexOf(landed), 1);
        queued.add(landed);
      }
      pages.push(landed);
      if (visit.consentGate) {
        gated.push(landed);
        const { mode, cookieName, categories } = visit.consentGate;
        site = site ? mergeSites(site, visit.consentGate) : { mode, cookieName, categories };
      }
      for (const link of visit.links) {
        const next = pageToVisit(link.href, origin, link.download);
        if (next && !queued.has(next)) { queued.add(next); queue.push(next); }
      }
    }
    await before.close();

    // `rejected` and `accepted`: the pages running consent-gate, each pass in a fresh context.
    for (const [pass, decide] of [['rejected', 'rejectAll'], ['accepted', 'acceptAll']] as const) {
      if (!gated.length) break;
      const session = await openPass(browser, passOptions);
      for (const [i, page] of gated.entries()) await visitOne(session, pass, page, i + 1, gated.length, decide);
      await session.close();
    }

    findings.classify = createClassifier(db, site);
    for (const v of visits) findings.add(v.pass, v.page, v.visit, v.session, v.offsite);
    const order = (a: { passes: Pass[] }, b: { passes: Pass[] }) => rank(a.passes) - rank(b.passes);
    return {
      url: start,
      scannedAt: new Date(started).toISOString(),
      pages,
      leaks: findings.leaks,
      cookies: [...findings.cookies.values()].sort(order),
      storage: [...findings.storage.values()].sort(order),
      requests: [...findings.requests.values()].sort(order),
      failures,
      consentGate: site,
      durationMs: Date.now() - started,
    };
  } finally {
    await browser.close();
  }
}

/**
 * What several pages' configs declare together (the first page's mode and cookie name; each
 * category's cookie, storage and source patterns from every page), so a classification holds site-wide.
 */
function mergeSites(a: ConsentGateInfo, b: ConsentGateInfo): ConsentGateInfo {
  const categories = a.categories.map((c) => ({ ...c, cookies: [...c.cookies], storage: [...c.storage] }));
  for (const c of b.categories) {
    const same = categories.find((x) => x.id === c.id);
    if (!same) categories.push({ ...c });
    else for (const f of ['cookies', 'storage', 'sources'] as const) same[f] = [...new Set([...same[f], ...c[f]])];
  }
  return { ...a, categories };
}

/** Sorts what appears earliest (before consent) first. */
const rank = (passes: Pass[]) => (passes.includes('before') ? 0 : passes.includes('rejected') ? 1 : 2);
