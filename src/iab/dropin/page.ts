/**
 * What the iab drop-in's reader and store chunks share (with the default drop-in's page.ts; the
 * store chunk imports it from the reader chunk): the key under which the iab store notes a checked config,
 * and the CMPs started on the page's `window.consentGate` stub once `tcf` and `gpp` are known to
 * be valid. Until then `__tcfapi` and `__gpp` are the tag's stubs: calls wait in their queues, and
 * nothing answers a consent.
 */
import { fingerprint } from '../../core/fingerprint.js';
import type { Launch } from '../../dropin/page.js';
import type { ResolvedTcf } from '../tcf/config.js';
import type { ResolvedGpp } from '../gpp/config.js';
import { attachTcf, listOf } from '../tcf/link.js';

/**
 * Where the iab store notes the configs it checked (`consent-gate:checked`, page.ts): apart from
 * the default build's, whose check knows neither `tcf` nor `gpp` (a config it passed, without
 * them, is invalid here; one the iab check passed, with them, is invalid there).
 */
export const iabChecked = (l: Launch): string => (l.checkedAs = 'iab.' + fingerprint(l.input));

const RESOLVED = 'consent-gate:iab';

/**
 * `tcf` and `gpp` as the iab store's check resolved them for the config noted under `key`: kept
 * (with `resolved`) beside the list of checked configs, so that the reader resolves nothing (the
 * check's ~1.5 KB stay out of a decided visitor's download); anything else read: undefined.
 */
export function resolvedIab(key: string, resolved?: [ResolvedTcf | undefined, ResolvedGpp | undefined]): [ResolvedTcf | undefined, ResolvedGpp | undefined] | undefined {
  try {
    if (resolved) localStorage.setItem(RESOLVED, JSON.stringify([key, ...resolved]));
    const [k, tcf, gpp] = JSON.parse(localStorage.getItem(RESOLVED)!) as [string, ResolvedTcf | null, ResolvedGpp | null];
    if (k === key && (tcf || gpp)) return [tcf ?? undefined, gpp ?? undefined];
  } catch { /* storage blocked, or not ours: the store checks */ }
}

/** Starts the TCF CMP (`consent-gate.tcf.js`) and the GPP CMP (`consent-gate.gpp.js`) on the stub, for a config whose `tcf` and `gpp` passed the check. */
export function startIab(l: Launch, tcf?: ResolvedTcf, gpp?: ResolvedGpp): void {
  const api = l.stub.api;
  if (tcf) {
    // The TCF interface (consent-gate.iab-ui.js) reads the checked config from the store, which shares this holder (store.ts).
    attachTcf(api, tcf);
    // A decision is due where TCF applies: the vendor list now, beside the interface's chunk (on a
    // first visit the tag has started it already: the same URL is one request).
    api.onView((v) => { if (v && api.get().mode == 'opt-in') listOf(api, tcf).catch(() => {}); });
    void l.load<typeof import('../tcf/chunk.js')>('tcf').then((m) => m?.startCmp(api, tcf));
  }
  if (gpp) void l.load<typeof import('../gpp/chunk.js')>('gpp').then((m) => m?.startGpp(api, gpp, { tcf: !!tcf }));
}
