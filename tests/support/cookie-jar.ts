/**
 * A browser's cookie jar for tests in Node: `document.cookie` with domain, host-only, path,
 * expiry (on `Date.now()`, so fake timers move it), `Secure`, the 400-day cap and the 4096-byte limit, as RFC 6265bis
 * and Chromium keep them. `install()` puts a minimal `document`, `location`, `navigator`,
 * `localStorage` and a synchronous `BroadcastChannel` on globalThis, so the store, its cookie
 * storage and erasure run their real code against it, one "page view" after another.
 */
import { vi } from 'vitest';

interface Cookie { name: string; value: string; domain: string; hostOnly: boolean; path: string; expires: number; created: number }

const MAX_AGE = 400 * 864e5;
let clock = 0;

export class CookieJar {
  cookies: Cookie[] = [];
  host = 'www.example.com';
  path = '/';

  /** The page's `document.cookie`: every cookie visible here, longest path first. */
  read(): string {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expires > now);
    return this.cookies
      .filter((c) => (c.hostOnly ? c.domain === this.host : this.host === c.domain || this.host.endsWith('.' + c.domain)) && pathMatch(this.path, c.path))
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      .map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** `document.cookie = s` on this page. */
  write(s: string): void {
    const [pair = '', ...attrs] = s.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    // RFC 6265bis: a cookie whose name and value together pass 4096 bytes is ignored.
    if (new TextEncoder().encode(name + value).length > 4096) return;
    const now = Date.now();
    let domain = '';
    let path = '';
    let expires = Infinity;
    let maxAge: number | undefined;
    for (const a of attrs) {
      const i = a.indexOf('=');
      const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
      const v = i < 0 ? '' : a.slice(i + 1).trim();
      if (k === 'domain') domain = v.replace(/^\./, '').toLowerCase();
      else if (k === 'path') path = v;
      else if (k === 'expires') expires = Date.parse(v);
      else if (k === 'max-age') maxAge = Number(v);
    }
    if (maxAge !== undefined) expires = now + maxAge * 1000;
    if (Number.isNaN(expires)) expires = Infinity;
    expires = Math.min(expires, now + MAX_AGE);
    if (domain) {
      // Not this host or a parent of it, or a public suffix: refused.
      if (!(this.host === domain || this.host.endsWith('.' + domain)) || !domain.includes('.')) return;
    } else domain = this.host;
    if (!path.startsWith('/')) path = this.path.lastIndexOf('/') > 0 ? this.path.slice(0, this.path.lastIndexOf('/')) : '/';
    const hostOnly = !attrs.some((a) => /^\s*domain=/i.test(a));
    const same = (c: Cookie) => c.name === name && c.domain === domain && c.hostOnly === hostOnly && c.path === path;
    const old = this.cookies.find(same);
    this.cookies = this.cookies.filter((c) => !same(c));
    if (expires > now) this.cookies.push({ name, value, domain, hostOnly, path, expires, created: old?.created ?? ++clock });
  }

  /** Every copy of a cookie, wherever it lives (for assertions). */
  copies(name: string): Cookie[] {
    const now = Date.now();
    return this.cookies.filter((c) => c.name === name && c.expires > now);
  }
}

const pathMatch = (req: string, p: string) => req === p || (req.startsWith(p) && (p.endsWith('/') || req[p.length] === '/'));

/** A synchronous BroadcastChannel: every open channel of a name but the sender gets each message at once. */
export class Bus {
  open = new Set<FakeChannel>();
  held: (() => void)[] = [];
  /** Hold messages (another tab busy) until `deliver()`. */
  hold = false;
  deliver() { for (const f of this.held.splice(0)) f(); }
}
class FakeChannel {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  constructor(readonly name: string, readonly bus: Bus) { bus.open.add(this); }
  postMessage(data: unknown) {
    for (const c of this.bus.open) {
      if (c === this || c.name !== this.name) continue;
      const f = () => c.onmessage?.({ data });
      if (this.bus.hold) this.bus.held.push(f); else f();
    }
  }
  close() { this.bus.open.delete(this); }
}

/** A Map-backed localStorage. */
export function fakeLocalStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() { return m.size; },
    key: (i: number) => [...m.keys()][i] ?? null,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => { m.set(k, String(v)); },
    removeItem: (k: string) => { m.delete(k); },
    clear: () => m.clear(),
  };
}

/** Installs the jar as the page's cookies (with `vi.stubGlobal`; undo with `vi.unstubAllGlobals()`). */
export function install(jar = new CookieJar(), bus = new Bus()) {
  const listeners = new Set<{ type: string; fn: () => void; signal?: AbortSignal }>();
  const env = {
    jar, bus, gpc: false, storage: fakeLocalStorage(),
    /** Fires a document event (`visibilitychange`) on every store still listening. */
    fire(type: string) { for (const l of [...listeners]) if (l.type === type && !l.signal?.aborted) l.fn(); },
  };
  vi.stubGlobal('document', {
    get cookie() { return jar.read(); },
    set cookie(s: string) { jar.write(s); },
    documentElement: { lang: 'en' },
    addEventListener(type: string, fn: () => void, o?: { signal?: AbortSignal }) { listeners.add({ type, fn, signal: o?.signal }); },
    removeEventListener() {}, dispatchEvent: () => true,
  });
  vi.stubGlobal('location', { get hostname() { return jar.host; }, get pathname() { return jar.path; }, protocol: 'https:' });
  vi.stubGlobal('navigator', { get globalPrivacyControl() { return env.gpc; }, language: 'en' });
  vi.stubGlobal('localStorage', env.storage);
  vi.stubGlobal('addEventListener', () => {});
  vi.stubGlobal('removeEventListener', () => {});
  vi.stubGlobal('BroadcastChannel', class extends FakeChannel { constructor(name: string) { super(name, bus); } });
  return env;
}
