/**
 * What the iab build's chunks pass each other through the consent store they share (the drop-in,
 * the CMP chunk and the interface chunk are separate files, each with its own module copies):
 * the checked `tcf` config, and the choices the TCF interface made for a decision, which the CMP
 * writes into that decision's TC string instead of deriving them from the categories. Keys are
 * `Symbol.for` names, the same in every chunk; nothing here is enumerable or reaches the page.
 */
import type { ResolvedTcf } from './config.js';
import type { TcfChoices } from './choices.js';

const HOLD = Symbol.for('consent-gate.tcf.hold');
type Holder = { tcf?: ResolvedTcf; offered?: { at: string | null; choices: TcfChoices }; list?: [url: string, list: Promise<unknown>] };
/** What the chunks keep with a store, on the store (or on the object it was shared from: `shareTcf`). */
const hold = (consent: object): Holder => ((consent as { [HOLD]?: Holder })[HOLD] ??= {});

/** The served vendor list as parsed JSON: an object with `vendors` and `purposes` (checked by `listOf`). */
export type GvlJson = { vendors: object; purposes: object };

/** Keeps the checked `tcf` with the store (the drop-in does, once the config is valid). */
export const attachTcf = (consent: object, tcf: ResolvedTcf): void => { hold(consent).tcf = tcf; };

/**
 * Makes `to` keep what `from` keeps (the same holder): the iab drop-in's CMP runs on the page's
 * `window.consentGate` stub, and the interface on the store behind it; both see one config, one
 * vendor list and the choices the interface left.
 */
export const shareTcf = (from: object, to: object): void => { (to as { [HOLD]?: Holder })[HOLD] = hold(from); };

/**
 * The served Global Vendor List narrowed to the configured vendors (`tcf.gvl`, the site's own
 * server), fetched once per store and URL and shared by the chunks: the tag starts it on a first
 * visit, in parallel with the store's and the interface's chunks; the first layer and the CMP's
 * writer both take that one promise (each checks what it reads: `usableList`). A failed fetch is
 * forgotten, so the next call asks again.
 *
 * @example listOf(consent, tcf).then((list) => Object.keys(list.vendors).length)
 * @returns the parsed JSON; rejects when the server does not answer 200 with JSON
 */
export function listOf(consent: object, tcf: Pick<ResolvedTcf, 'gvl' | 'vendors'>): Promise<unknown> {
  const h = hold(consent);
  const url = `${tcf.gvl}/vendor-list.json?vendors=${tcf.vendors}`;
  if (h.list?.[0] != url) {
    const list = fetch(url, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(Error(`vendor list: ${r.status}`))))
      .catch((e: unknown) => {
        if (h.list?.[1] == list) delete h.list;
        throw e;
      });
    h.list = [url, list];
  }
  return h.list![1];
}

/** The list when it has vendors and purposes (what both the interface and the writer need), else an error. */
export function usableList(json: unknown): GvlJson {
  const j = json as Partial<GvlJson> | null;
  if (!j || typeof j.vendors != 'object' || typeof j.purposes != 'object') throw new Error('the vendor list has no vendors or purposes');
  return j as GvlJson;
}

/** The checked `tcf` kept with the store, if any. */
export const tcfOf = (consent: object): ResolvedTcf | undefined => hold(consent).tcf;

/**
 * Leaves the interface's choices for the decision made at `decidedAt` (the state `save` returned).
 *
 * @example offerChoices(consent, consent.save(categories, 'preferences').decidedAt, choices)
 */
export const offerChoices = (consent: object, decidedAt: string | null, choices: TcfChoices): void => { hold(consent).offered = { at: decidedAt, choices }; };

/**
 * The choices the interface left for the decision made at `decidedAt`, once (undefined for any
 * other decision: "Accept all", "Reject all", another tab's, a return visit's; a later decision
 * replaces what was left, so an offer never outlives the decision it was made for).
 */
export function takeChoices(consent: object, decidedAt: string | null): TcfChoices | undefined {
  const h = hold(consent);
  const o = h.offered;
  if (!o || decidedAt == null || o.at !== decidedAt) return undefined;
  delete h.offered;
  return o.choices;
}
