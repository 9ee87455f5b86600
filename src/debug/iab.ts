/**
 * What the page's IAB APIs answer, for the debug panel: `window.__tcfapi` (TCF v2: `ping`, and
 * the TCData that `addEventListener` gives at once) and `window.__gpp` (GPP 1.1: `ping`). Any
 * CMP's, consent-gate's own (`consent-gate.iab.js`) or another's: only the public API is used.
 *
 * Field-by-field decoding of the strings is a seam: `decoders.tc` / `decoders.gpp` turn a TC or
 * GPP string into `[field, value]` rows, which the panel shows under each string. `tc` is the
 * iab build's own TC string reader (src/iab/tcf/decode.ts, a chunk of the panel's own, loaded only
 * for a page with a TC string); `gpp` is IAB's own GPP library (gpp-decode.ts, likewise a chunk,
 * loaded only for a page with a GPP string). `setDecoder` replaces either.
 */

type Callback = (data: unknown, success: boolean) => void;
type TcfApi = (command: string, version: number, callback: Callback, parameter?: unknown) => void;
type GppApi = (command: string, callback: Callback, parameter?: unknown, version?: string) => void;

/** A string decoded field by field: `[field, value]` rows, in the spec's order. */
export type Decoder = (encoded: string) => [field: string, value: unknown][] | Promise<[field: string, value: unknown][]>;

/** A TC string's fields in the specification's order (times as ISO dates), as the iab build reads it. */
const tcRows: Decoder = async (encoded) => {
  const fields = (await import('../iab/tcf/decode.js')).readTcString(encoded);
  return Object.entries(fields).map(([k, v]) => [k, k === 'created' || k === 'lastUpdated' ? new Date(v as number).toISOString() : v]);
};

/** A GPP string's fields, section by section, as IAB's `@iabgpp/cmpapi` decodes them. */
const gppRows: Decoder = async (encoded) => (await import('./gpp-decode.js')).gppRows(encoded);

/** The decoders in use: TC strings read by the iab build's reader, GPP strings by IAB's library. */
export const decoders: { tc?: Decoder; gpp?: Decoder } = { tc: tcRows, gpp: gppRows };

/** Wires a decoder for TC strings (`tc`) or GPP strings (`gpp`). */
export function setDecoder(kind: 'tc' | 'gpp', decoder: Decoder | undefined): void {
  decoders[kind] = decoder;
}

export interface IabReport {
  tcf?: { ping?: unknown; tcData?: unknown; tcString?: string; decoded?: [string, unknown][]; error?: string };
  gpp?: { ping?: unknown; gppString?: string; decoded?: [string, unknown][]; error?: string };
}

/** Calls `call(callback)` and resolves with the first answer, or undefined after `ms` (an API may never call back). */
function first(call: (cb: Callback) => void, ms: number): Promise<{ data: unknown; success: boolean } | undefined> {
  return new Promise((resolve) => {
    setTimeout(() => resolve(undefined), ms);
    try {
      call((data, success) => resolve({ data, success }));
    } catch {
      resolve(undefined);
    }
  });
}

const decode = async (d: Decoder | undefined, s: string | undefined) => {
  if (!d || !s) return undefined;
  try { return await d(s); } catch (e) { return [['error', String(e)]] as [string, unknown][]; }
};

/** Asks the page's `__tcfapi` and `__gpp` (when present) what they answer now. */
export async function readIab(w: Window = window, ms = 1000): Promise<IabReport> {
  const out: IabReport = {};
  const tcfapi = (w as unknown as { __tcfapi?: TcfApi }).__tcfapi;
  if (typeof tcfapi === 'function') {
    const ping = await first((cb) => tcfapi('ping', 2, cb), ms);
    let listener: unknown;
    const tc = await first((cb) => tcfapi('addEventListener', 2, (data, success) => {
      listener = (data as { listenerId?: unknown } | null)?.listenerId;
      cb(data, success);
    }), ms);
    if (listener !== undefined) try { tcfapi('removeEventListener', 2, () => {}, listener); } catch { /* an API without it */ }
    const tcString = (tc?.data as { tcString?: unknown } | undefined)?.tcString;
    out.tcf = {
      ping: ping?.data, tcData: tc?.data, tcString: typeof tcString === 'string' ? tcString : undefined,
      ...(!ping && { error: '__tcfapi("ping") did not call back within a second' }),
    };
    out.tcf.decoded = await decode(decoders.tc, out.tcf.tcString);
  }
  const gppapi = (w as unknown as { __gpp?: GppApi }).__gpp;
  if (typeof gppapi === 'function') {
    // GPP 1.1 returns the answer and also calls back; a 1.0 stub only calls back.
    let returned: unknown;
    const ping = await first((cb) => { returned = gppapi('ping', cb); }, ms);
    const data = ping?.data ?? returned;
    const gppString = (data as { gppString?: unknown } | undefined)?.gppString;
    out.gpp = { ping: data, gppString: typeof gppString === 'string' ? gppString : undefined, ...(!data && { error: '__gpp("ping") gave no answer within a second' }) };
    out.gpp.decoded = await decode(decoders.gpp, out.gpp.gppString);
  }
  return out;
}
