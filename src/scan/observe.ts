/**
 * Observing pages in one pass: a fresh browser context (its own cookie jar and storage), one
 * tab, the DevTools protocol for requests (with their initiators), `Set-Cookie` headers and the
 * cookie jar, and an init script that reports which script wrote `document.cookie`, called
 * `setItem` or set an image's `src`.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type { ConsentGateInfo } from './types.js';

/** A cookie as the browser's jar holds it (DevTools `Network.Cookie`). */
export interface JarCookie {
  name: string; value: string; domain: string; path: string; expires: number; session: boolean;
  httpOnly: boolean; secure: boolean; sameSite?: string;
}

/** Who set a cookie or storage key: a response (`header`) or a script (`script`), by URL. */
export interface Setter { url: string; via: 'header' | 'script' }

export interface SeenRequest {
  url: string; type: string; initiator: string | null;
  /** True when the initiator came from a script's stack; else it is the document (or frame) that asked. */
  fromStack?: boolean;
}

/** What one page showed: its final URL, links, consent-gate (if any), the jar, storage and requests. */
export interface PageVisit {
  url: string;
  links: { href: string; download: boolean }[];
  consentGate: (ConsentGateInfo & { decided: boolean; granted: Record<string, boolean> }) | null;
  cookies: JarCookie[];
  storage: { name: string; area: 'localStorage' | 'sessionStorage'; value: string }[];
  requests: SeenRequest[];
  /** Names of the cookies this visit wrote (by script or header), since its decision if it made one. */
  written: Set<string>;
}

export interface PassOptions {
  /** Time limit for loading one page, in ms. */
  timeoutMs: number;
  /** The settle rule: wait for network idle (500 ms without requests), at most this long after `load`. */
  settleMs: number;
  /** A consent-gate config (JSON text) to put on the drop-in's tag instead of the page's own. */
  configOverride?: string;
}

export interface PassSession {
  /** Visits `url`; with `decide`, records that decision through `window.consentGate` (when not already made) and reloads. */
  visit(url: string, decide?: 'acceptAll' | 'rejectAll'): Promise<PageVisit>;
  /** Who set each cookie (by name) and storage key (`area:name`) during this pass, last writer winning. */
  readonly cookieSetters: Map<string, Setter>;
  readonly storageSetters: Map<string, Setter>;
  close(): Promise<void>;
}

const BINDING = '__consentGateScan';

/**
 * Runs in every document before its own scripts: wraps the `document.cookie` setter,
 * `cookieStore.set` and `Storage#setItem` to report the calling script (the first URL on the
 * stack; an inline script shows as its page), and, with a config override, sets it on the drop-in's tag before it runs
 * (mutation observers are delivered before the parser runs a script).
 */
function initScript(configOverride: string | undefined): string {
  return `(() => {
  const queue = [];
  const send = (...args) => {
    queue.push(args);
    const report = window[${JSON.stringify(BINDING)}];
    if (typeof report === 'function') while (queue.length) report(...queue.shift()).catch(() => {});
  };
  const caller = () => {
    const urls = String(new Error().stack).match(/(?:https?|file):\\/\\/[^\\s()]+?(?=:\\d+:\\d+)/g);
    return urls ? urls[0] : null;
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true, enumerable: cookie.enumerable,
    get() { return cookie.get.call(this); },
    set(value) { send('cookie', String(value).split(';')[0].split('=')[0].trim(), caller()); cookie.set.call(this, value); },
  });
  // The Cookie Store API writes cookies without document.cookie: cookieStore.set(name, value) or set({ name, … }).
  if (window.CookieStore) {
    const set = CookieStore.prototype.set;
    CookieStore.prototype.set = function (first, ...rest) {
      send('cookie', String(first && typeof first === 'object' ? first.name : first), caller());
      return set.call(this, first, ...rest);
    };
  }
  // Chromium credits an image request to the document, not to the script that set its src (a tracking pixel's).
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
  Object.defineProperty(HTMLImageElement.prototype, 'src', {
    configurable: true, enumerable: src.enumerable,
    get() { return src.get.call(this); },
    set(value) { try { send('src', new URL(String(value), document.baseURI).href, caller()); } catch {} src.set.call(this, value); },
  });
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    let area = 'sessionStorage';
    try { if (this === window.localStorage) area = 'localStorage'; } catch {}
    send(area, String(key), caller());
    return setItem.call(this, key, value);
  };
  const config = ${JSON.stringify(configOverride ?? null)};
  if (config) new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeName === 'SCRIPT' && /consent-gate(\\.block|\\.auto)?(\\.min)?\\.js($|[?#])/.test(n.src || '')) n.setAttribute('data-config', config);
    }
  }).observe(document, { childList: true, subtree: true });
})();`;
}

/** The script behind a request: the innermost frame with a URL on the initiator's stack, else its URL (the page for markup). */
function scriptBehind(initiator: { url?: string; stack?: Stack }): { initiator: string | null; fromStack?: boolean } {
  for (let stack = initiator.stack; stack; stack = stack.parent) {
    const frame = stack.callFrames.find((f) => f.url);
    if (frame) return { initiator: frame.url, fromStack: true };
  }
  return { initiator: initiator.url ?? null };
}
interface Stack { callFrames: { url: string }[]; parent?: Stack }

/** Thrown when the page stopped answering (its main thread busy): the visit fails, the tab is replaced. */
class HungPage extends Error {}

const LATE = Symbol('late');
/** `operation`'s result, or LATE when it takes longer than `ms`. */
async function within<T>(operation: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([operation, new Promise<typeof LATE>((r) => { timer = setTimeout(() => r(LATE), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** The settle rule: network idle, or `ms` at most. */
async function settle(page: Page, ms: number): Promise<void> {
  await within(page.waitForLoadState('networkidle', { timeout: ms }).catch(() => {}), ms);
}

/** Opens a pass: a fresh context with the init script and a tab watched through the DevTools protocol. */
export async function openPass(browser: Browser, options: PassOptions): Promise<PassSession> {
  const context: BrowserContext = await browser.newContext({ serviceWorkers: 'block' });
  const cookieSetters = new Map<string, Setter>();
  const storageSetters = new Map<string, Setter>();
  /** Image URL → the script that set it as an image's `src`. */
  const imageSetters = new Map<string, string>();
  let written = new Set<string>();
  await context.exposeBinding(BINDING, (_source, kind: string, name: string, url: string | null) => {
    if (kind === 'cookie') written.add(name);
    if (!url) return;
    if (kind === 'cookie') cookieSetters.set(name, { url, via: 'script' });
    else if (kind === 'src') imageSetters.set(name, url);
    else storageSetters.set(`${kind}:${name}`, { url, via: 'script' });
  });
  await context.addInitScript(initScript(options.configOverride));

  let requests: SeenRequest[] = [];
  const urlOf = new Map<string, string>();
  const setCookieOf = new Map<string, string>();
  /** The tab and its DevTools session; replaced when a page stops answering (see `bounded`). */
  let page: Page;
  let cdp: CDPSession;
  const openTab = async () => {
    const tab = await context.newPage();
    const session = await context.newCDPSession(tab);
    await session.send('Network.enable');
    session.on('Network.requestWillBeSent', (e) => {
      urlOf.set(e.requestId, e.request.url);
      requests.push({ url: e.request.url, type: (e.type ?? 'Other').toLowerCase(), ...scriptBehind(e.initiator as never) });
    });
    session.on('Network.responseReceivedExtraInfo', (e) => {
      const header = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'set-cookie')?.[1];
      if (typeof header === 'string') setCookieOf.set(e.requestId, header);
    });
    // Frames of other sites run in their own processes, outside this DevTools session: their requests from Playwright.
    tab.on('request', (r) => {
      if (r.frame() !== tab.mainFrame()) requests.push({ url: r.url(), type: r.resourceType(), initiator: r.frame().url() || null });
    });
    page = tab;
    cdp = session;
  };
  await openTab();

  /**
   * Every operation on the page, bounded by the time limit: a page that keeps its main thread busy
   * (a loop after `load`) never answers an evaluate. Past the limit the visit fails, and the tab,
   * its renderer stopped, is replaced by a fresh one in the same context (the jar and storage kept),
   * so the next page is visited as if nothing happened.
   */
  const bounded = async <T>(operation: Promise<T>): Promise<T> => {
    const result = await within(operation, options.timeoutMs);
    if (result !== LATE) return result as T;
    operation.catch(() => {});
    await replaceTab();
    throw new HungPage(`page: no answer within ${options.timeoutMs} ms (the page kept its main thread busy)`);
  };
  const replaceTab = async () => {
    const [hung, hungSession] = [page, cdp];
    // The renderer is stopped from its IO thread (the main thread is the one that is busy), then the tab closed.
    await within(hungSession.send('Page.crash').catch(() => {}).then(() => hung.close({ runBeforeUnload: false })).catch(() => {}), 5_000);
    await openTab();
  };

  /** Reads the `Set-Cookie` headers seen so far into `cookieSetters` (by name, with the response's URL). */
  const readSetCookies = () => {
    for (const [id, header] of setCookieOf) {
      const url = urlOf.get(id);
      if (!url) continue;
      for (const line of header.split('\n')) {
        const name = line.split(';')[0]!.split('=')[0]!.trim();
        if (name) { cookieSetters.set(name, { url, via: 'header' }); written.add(name); }
      }
      setCookieOf.delete(id);
    }
  };

  const load = async (url: string | undefined) => {
    let response;
    try {
      response = url ? await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs }) : await page.reload({ waitUntil: 'load', timeout: options.timeoutMs });
    } catch (e) {
      // A load past the limit may be a page busy before `load`: the next page gets a fresh tab.
      if ((e as Error).name === 'TimeoutError') await replaceTab();
      throw e;
    }
    if (!response) throw new Error('no response');
    if (response.status() >= 400) throw new Error(`HTTP ${response.status()}`);
    const type = (await bounded(response.headerValue('content-type'))) ?? '';
    if (type && !/html/i.test(type)) throw new Error(`not an HTML page (${type})`);
    await settle(page, options.settleMs);
  };

  // The default drop-in's stub has a config once one of its chunks has checked it: waited for, up to half the time
  // limit. An invalid config removes `window.consentGate` (the page counts as one without consent-gate).
  const readConsentGate = () => bounded(page.evaluate(async (wait) => {
    type Cat = { id: string; required?: boolean; cookies?: unknown[]; storage?: unknown[]; sources?: unknown[] };
    type Api = { config?: { mode: string; cookie: { name: string }; categories: Cat[] }; get(): { decided: boolean; categories: Record<string, boolean> } };
    const api = () => (window as unknown as { consentGate?: Api }).consentGate;
    for (const end = Date.now() + wait; api() && !api()!.config && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
    const c = api();
    if (!c?.config) return null;
    const state = c.get();
    return {
      mode: c.config.mode, cookieName: c.config.cookie.name, decided: state.decided, granted: state.categories,
      categories: c.config.categories.map((x) => ({ id: x.id, required: !!x.required, cookies: (x.cookies ?? []).map(String), storage: (x.storage ?? []).map(String), sources: (x.sources ?? []).map(String) })),
    };
  }, Math.round(options.timeoutMs / 2)));

  return {
    cookieSetters,
    storageSetters,
    async visit(url, decide) {
      requests = [];
      written = new Set();
      await load(url);
      let consentGate = await readConsentGate();
      if (decide && consentGate) {
        const want = decide === 'acceptAll';
        // `granted` is the page's: a category id like `constructor` is looked up as its own key only.
        const granted = consentGate.granted;
        const done = consentGate.decided && consentGate.categories.every((c) => c.required || (Object.hasOwn(granted, c.id) && granted[c.id] === want));
        if (!done) {
          // The decision may reload the page itself (a withdrawal does): then the call's context is gone, which is fine.
          await bounded(page.evaluate((d) => (window as unknown as { consentGate: Record<string, () => void> }).consentGate[d]!(), decide).catch(() => {}));
          // A reload the decision started itself would abort ours: let it begin, and try ours twice (not after a hung page).
          await new Promise((r) => setTimeout(r, 150));
          readSetCookies();
          requests = [];
          written = new Set();
          await load(undefined).catch((e) => { if (e instanceof HungPage) throw e; return load(undefined); });
          consentGate = await readConsentGate();
        }
      }
      const links = await bounded(page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => ({ href: (a as HTMLAnchorElement).href, download: a.hasAttribute('download') }))));
      const storage = await bounded(page.evaluate(() => {
        const out: { name: string; area: 'localStorage' | 'sessionStorage'; value: string }[] = [];
        for (const area of ['localStorage', 'sessionStorage'] as const) {
          try {
            const s = window[area];
            for (let i = 0; i < s.length; i++) out.push({ name: s.key(i)!, area, value: (s.getItem(s.key(i)!) ?? '').slice(0, 256) });
          } catch { /* storage blocked on this page */ }
        }
        return out;
      }));
      const { cookies } = (await bounded(cdp.send('Network.getAllCookies'))) as { cookies: JarCookie[] };
      readSetCookies();
      const seen = requests.map((r) => (r.fromStack ? r : { ...r, initiator: imageSetters.get(r.url) ?? r.initiator }));
      return { url: page.url(), links, consentGate, cookies, storage, requests: seen, written };
    },
    // Bounded too: the scan ends even if the browser does not answer (it is closed with the browser).
    close: async () => { await within(context.close(), options.timeoutMs); },
  };
}
