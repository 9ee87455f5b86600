/**
 * The default drop-in's reader chunk (`dist/consent-gate.reader.js`): what a decided visitor runs
 * instead of the store. No config check: the stored record is read with core's `readDecided`,
 * which answers only for a record written under this very config (its fingerprint, which the store
 * writes only for a config that passed the check), current and in force. Then the stub answers from
 * that state, Consent Mode is updated and the gate releases what the decision allows (startPage),
 * and what refused categories declared is erased again, as the store does (by a chunk of its own,
 * fetched only then). The reader and the gate are one file, no chunk of it shared with the store's.
 * No store, no writer, no UI: the first call that needs them, a message from another tab, a changed cookie when the tab comes
 * back, the decision's expiry, or "Cookie settings" hovered or focused fetches the store chunk, which
 * takes over. When the reader has no answer, the store chunk is fetched at once (and the UI only if
 * a decision is due), and every gate stays shut until it answers.
 */
import { cookieValues, readWith } from '../core/reader.js';
import type { Regional } from '../core/regional.js';
import { toPattern } from '../core/pattern.js';
import type { ResolvedConfig } from '../core/types.js';
import { fingerprint } from '../core/fingerprint.js';
import { checked, receiptsQueued, startPage, type Launch } from './page.js';

type Erase = typeof import('../storage/erase.js');

/** What was erased on this page, for the debug panel: the erasure chunk's record once this page view's erasure is done (at once undefined when there is nothing to erase). */
export let erasing: Promise<Erase['erased'] | undefined> = Promise.resolve(undefined);

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The config as the check would resolve what the gate, the placeholders, Consent Mode and the erasure
 * read of it. Read only for a config the fingerprint vouches for (it passed the check when the record was written).
 */
function resolved(c: Obj, l: Launch): ResolvedConfig {
  const categories = Object.entries(c.categories as Obj).map(([id, x]: [string, Obj]) => ({
    ...x, id, required: !!x.required, label: x.label ?? id, cookies: (x.cookies ?? []).map(toPattern), storage: (x.storage ?? []).map(toPattern),
  }));
  const texts = Object.fromEntries(Object.entries(c.texts ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return { ...c, mode: c.mode ?? 'opt-in', cookie: { ...c.cookie, name: l.names[0], formerNames: l.names.slice(1) }, categories, texts, language: c.language ?? 'auto', reloadOnWithdraw: c.reloadOnWithdraw ?? true, googleConsentMode: l.gcm, raw: c } as unknown as ResolvedConfig;
}

/**
 * Starts the page for a decided visitor, or fetches the store chunk when the reader has no answer. A config with `regions`
 * waits for the regions chunk (the tag fetched it beside this one), which finds the region's rules: a config without
 * them downloads none of that code. Without it (it could not be loaded), the store decides.
 */
export async function read(l: Launch): Promise<void> {
  const regions = l.input.regions ? await l.load<{ inRegion: Regional }>('regions') : undefined;
  if (l.input.regions && !regions) return l.full();
  readOn(l, regions?.inRegion);
}

function readOn(l: Launch, regional: Regional | undefined): void {
  const names = l.names;
  const region = l.me?.dataset.region;
  // The config's fingerprint, once for the page view (it is JSON text hashed; the config is not changed after the tag read it).
  const print = fingerprint(l.input);
  // One read of `document.cookie` for every name (in Chromium each read is a synchronous call to the network service).
  const now = () => readWith(regional, l.input, cookieValues(document.cookie, names), {
    now: Date.now(), region, gpc: (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true, fingerprint: print,
  });
  // Only under a config that this origin's store chunk has checked (the record's fingerprint alone can be forged), and
  // without receipts still queued from an earlier page view (the store's receipts client sends them), nor a click on the
  // page's actions made already (stub.ts): each needs the store, and the gate waits for it (a "Reject all" clicked before
  // the gate started is in force before the gate releases anything).
  const state = checked().includes(l.checkedAs ?? print) ? now() : undefined;
  if (!state || l.stub.early.length || (l.input.receipts && receiptsQueued())) return l.full();
  let config: ResolvedConfig;
  try {
    config = resolved(l.input, l);
  } catch {
    // (A pattern that does not compile: the config cannot have passed the check. The store decides.)
    return l.full();
  }
  let fetching = false;
  const channel = new BroadcastChannel(`consent-gate:${names[0]}`);
  const fetch = () => {
    if (fetching) return;
    fetching = true;
    // The store takes over; the gate and Consent Mode's updates go on, through the stub.
    l.full();
  };
  /** The state told to the stub. */
  let told = state;
  // Another tab decided, the cookie changed while the tab was away, or the decision lapses: the store is needed, and until it
  // comes (or for good, when it cannot be loaded) the stub grants only what both the state told and the cookie read now
  // grant (when the reader has no answer for it: the required categories alone). Never more than before: a "no" seen is in
  // force at once (Consent Mode, the gate), a "yes" waits for the store. Read on until the store has come (the stub then
  // hears nothing more from the reader).
  const change = () => {
    const fresh = now();
    told = { ...(fresh ?? told), categories: Object.fromEntries(config.categories.map((c) => [c.id, told.categories[c.id] && (fresh ? fresh.categories[c.id] : c.required)])) } as typeof state;
    l.stub.know(told, config, fetch);
    fetch();
  };
  l.stub.know(state, config, fetch);
  startPage(l);
  // What a refused category declared is erased again on every page view (a tracker may have written it back), as the store
  // does: by a chunk of its own (`consent-gate.erase.js`), fetched only when there is something to erase, after the gate's first release.
  const refused = config.categories.filter((c) => !c.required && !state.categories[c.id]);
  const cookies = refused.flatMap((c) => c.cookies);
  const storage = refused.flatMap((c) => c.storage);
  if (cookies.length || storage.length) {
    erasing = l.load<Erase>('erase').then((m) => {
      if (!m) return;
      m.eraseCookies(cookies, names);
      m.eraseStorage(storage);
      return m.erased;
    });
  }
  channel.onmessage = change;
  const again = () => { if (JSON.stringify(now()) !== JSON.stringify(state)) change(); };
  // Read again when the tab is shown, or the page comes back from the back/forward cache; not for the tab being hidden, nor
  // for the `pageshow` of this very load (the state was just read): a read of the cookie and a decoding spared on every page view.
  document.addEventListener('visibilitychange', () => document.hidden || again());
  addEventListener('pageshow', (e) => e.persisted && again());
  (globalThis as { cookieStore?: EventTarget }).cookieStore?.addEventListener('change', again);
  // About to ask for the preferences ("Cookie settings" hovered or focused): the store, and the UI, ahead of the click.
  const soon = (e: Event) => { if (!fetching && (e.target as Element).closest?.('[data-consent-open]')) { fetch(); void l.load('ui'); } };
  document.addEventListener('pointerover', soon);
  document.addEventListener('focusin', soon);
  if (state.expiresAt) setTimeout(change, Math.min(Date.parse(state.expiresAt) - Date.now() + 1, 2 ** 31 - 1));
}
