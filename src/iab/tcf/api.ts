/**
 * The CMP API (IAB TCF CMP API v2.3) answered from TC strings read by decode.ts: `ping`,
 * `getTCData`, `getInAppTCData`, `addEventListener` and `removeEventListener`, with the
 * `eventStatus` sequence of IAB's own `CmpApi` (`@iabtechlabtcf/cmpapi`), whose answers it gives
 * field for field (tests/unit/tcf-decode.property.test.ts compares them). It takes over
 * `window.__tcfapi` from the stub (src/iab/tcf/stub.ts) and answers what the stub queued.
 *
 * Why not IAB's `CmpApi` itself: it decodes the string with `@iabtechlabtcf/core`, some 13 KB
 * with the API, on every page view; a decided visitor's page needs neither. Writing a string
 * still uses IAB's encoder (string.ts), loaded only then. Differences, on purpose: `ping` says
 * `apiVersion: "2.3"` (IAB's library says "2"); `removeEventListener` answers `true`/`false` also
 * with Additional Consent configured (IAB's library then wraps it in an object); a vendor
 * callback that throws is reported and is not called a second time with `(null, false)`.
 */
import { readTcString, type TcFields } from './decode.js';
import type { TcfApi, TcfCallback } from './stub.js';

/** What the CMP tells the API. */
export interface TcfApiServer {
  /**
   * A new state: the TC string (`''` while none is written; `null` where GDPR does not apply)
   * and whether the UI is showing. The first call answers the queued calls (`tcloaded`); later
   * ones tell every listener (`cmpuishown` while the UI shows, else `useractioncomplete`).
   */
  update(tcString: string | null, uiVisible: boolean): void;
}

const COMMANDS = ['ping', 'getTCData', 'getInAppTCData', 'addEventListener', 'removeEventListener'];
/** A string not written yet (`''`): IAB's empty `TCModel`. */
const EMPTY = {
  policyVersion: 5, vendorListVersion: 0, useNonStandardTexts: false, purposeOneTreatment: false, publisherCountryCode: 'AA', restrictions: [],
} as unknown as TcFields;

type Ids = readonly number[] | undefined;
/** `{ "1": true, "2": false, … }` up to the highest id set, or for exactly the ids asked about. */
const vector = (list: Ids = [], asked?: unknown[]) => {
  const has = new Set(list);
  const out: Record<string, boolean> = {};
  if (asked) for (const id of asked) out[String(id)] = has.has(Number(id));
  else for (let id = 1; id <= (list.at(-1) ?? 0); id++) out[id] = has.has(id);
  return out;
};
/** `"0101…"` up to the highest id set (in-app TCData). */
const bits = (list: Ids = []) => {
  const has = new Set(list);
  let out = '';
  for (let id = 1; id <= (list.at(-1) ?? 0); id++) out += has.has(id) ? 1 : 0;
  return out;
};

/**
 * Publisher restrictions as TCData has them: `{ purpose: { vendor: type } }`, or in-app
 * `{ purpose: "_1_0…" }`. As IAB's library: one vendor set per purpose and type, in the order
 * first seen, up to the last vendor added to any of them.
 */
function restrictions(list: TcFields['restrictions'], inApp: boolean) {
  const sets = new Map<string, Set<number>>();
  for (const [purpose, type, vendors] of list) {
    for (const v of vendors) {
      const key = purpose + '-' + type;
      (sets.get(key) ?? sets.set(key, new Set()).get(key)!).add(v);
    }
  }
  let max = 0;
  sets.forEach((s) => (max = Math.max([...s].at(-1)!, max)));
  const out: Record<string, Record<string, number> | string[]> = {};
  sets.forEach((s, key) => {
    const [purpose, type] = key.split('-');
    if (inApp) out[purpose!] ??= Array<string>(max).fill('_');
    s.forEach((v) => {
      if (v > max) return;
      if (inApp) (out[purpose!] as string[])[v - 1] = type!;
      else ((out[purpose!] ??= {}) as Record<string, number>)[v] = Number(type);
    });
  });
  if (inApp) for (const p in out) (out as Record<string, unknown>)[p] = (out[p] as string[]).join('');
  return out;
}

/** Calls a vendor's callback; what it throws is reported, and the CMP goes on. */
const call = (callback: TcfCallback, data: unknown, success: boolean) => {
  try { callback(data, success); } catch (e) { setTimeout(() => { throw e; }); }
};

/**
 * Defines `window.__tcfapi` for the CMP `cmpId`/`cmpVersion` and answers the stub's queued calls
 * once the first `update` comes. `extra` adds fields to TCData (Google's `addtlConsent`).
 *
 * @example const api = serveTcfApi(123, 1, () => ({ addtlConsent: '2~89~dv.' })); api.update(storedString, false) // tcloaded
 * @returns the API's `update`
 */
export function serveTcfApi(cmpId: number, cmpVersion: number, extra?: () => object): TcfApiServer {
  let cmpStatus = 'loading';
  let displayStatus = 'hidden';
  let eventStatus: string | undefined;
  let gdprApplies: boolean | undefined;
  /** undefined: no update yet (calls wait); null: GDPR does not apply. */
  let model: TcFields | null | undefined;
  let tcString = '';
  let tcfPolicyVersion = 5;
  let nextListener = 0;
  const listeners = new Map<number, [TcfCallback, unknown]>();
  let queue: unknown[][] = [];
  try { queue = (window.__tcfapi?.() as unknown[][] | undefined) ?? []; } catch { /* not the stub */ }

  const tcData = (asked: unknown, listenerId: number | undefined, inApp: boolean) => {
    if (asked !== undefined && !(Array.isArray(asked) && asked.every(Number.isInteger))) return null;
    const data: Record<string, unknown> = { cmpId, cmpVersion, gdprApplies, tcfPolicyVersion, listenerId, eventStatus, cmpStatus };
    if (model) {
      const m = model;
      const v = (list: Ids, ids?: unknown[]) => (inApp ? bits(list) : vector(list, ids));
      const ids = asked as unknown[] | undefined;
      Object.assign(data, {
        tcString, isServiceSpecific: true, useNonStandardTexts: m.useNonStandardTexts, purposeOneTreatment: m.purposeOneTreatment, publisherCC: m.publisherCountryCode,
        purpose: { consents: v(m.purposeConsents), legitimateInterests: v(m.purposeLegitimateInterests) },
        vendor: { consents: v(m.vendorConsents, ids), legitimateInterests: v(m.vendorLegitimateInterests, ids), disclosedVendors: v(m.vendorsDisclosed, ids) },
        specialFeatureOptins: v(m.specialFeatureOptins),
        publisher: {
          consents: v(m.publisherConsents), legitimateInterests: v(m.publisherLegitimateInterests),
          customPurpose: { consents: v(m.publisherCustomConsents), legitimateInterests: v(m.publisherCustomLegitimateInterests) },
          restrictions: restrictions(m.restrictions, inApp),
        },
      });
    }
    return extra && !inApp ? { ...data, ...extra() } : data;
  };

  /** Answers a command once TC data is there. */
  const answer = (command: string, callback: TcfCallback, param: unknown, listenerId?: number) => {
    const out = command == 'removeEventListener' ? listeners.delete(param as number) : tcData(param, listenerId, command == 'getInAppTCData');
    call(callback, out, out !== null);
  };

  const api: TcfApi = (command, version, callback, param) => {
    if (typeof callback != 'function') throw new Error('invalid callback function');
    const v = typeof version == 'string' ? Number(version) : version;
    if (typeof command != 'string' || ![0, 2, undefined, null].includes(v) || !COMMANDS.includes(command)) call(callback, null, false);
    else if (command == 'ping') {
      call(callback, {
        cmpId, cmpVersion, gdprApplies, tcfPolicyVersion, cmpLoaded: true, cmpStatus, displayStatus, apiVersion: '2.3',
        gvlVersion: model?.vendorListVersion || undefined,
      }, true);
    } else if (model === undefined) queue.push([command, version, callback, param]);
    else if (command == 'addEventListener') {
      const id = nextListener++;
      listeners.set(id, [callback, param]);
      answer(command, callback, param, id);
    } else answer(command, callback, param);
  };
  window.__tcfapi = api;

  return {
    update(tc, uiVisible) {
      cmpStatus = 'loaded';
      [displayStatus, eventStatus] = uiVisible ? ['visible', 'cmpuishown'] : model === undefined ? ['disabled', 'tcloaded'] : ['hidden', 'useractioncomplete'];
      const first = model === undefined;
      gdprApplies = tc !== null;
      model = tc === null ? null : tc ? readTcString(tc) : EMPTY;
      if (model) {
        tcString = tc!;
        tcfPolicyVersion = model.policyVersion;
      }
      if (first) queue.splice(0).forEach((args) => (api as (...a: unknown[]) => void)(...args));
      else listeners.forEach(([callback, param], id) => answer('getTCData', callback, param, id));
    },
  };
}
