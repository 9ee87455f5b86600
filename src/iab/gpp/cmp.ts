/**
 * The GPP CMP: IAB Tech Lab's `CallResponder` and `EventListenerQueue` (from `@iabgpp/cmpapi`)
 * answer `__gpp` (`ping`, `addEventListener`, `removeEventListener`, `hasSection`, `getSection`,
 * `getField`) over the sections the visitor's region needs, which the consent store fills.
 * Built into the iab drop-in's chunk `consent-gate.gpp.js` and exported by `consent-gate/iab`.
 *
 * - `applicableSections`: `[2]` (`tcfeuv2`, the TC string of `__tcfapi`) where TCF applies,
 *   `[7]` (`usnat`) or a state's own section in US regions, `[-1]` elsewhere (sections.ts).
 * - Every change (a decision, GPC, the region, the TC string): `signalStatus` "not ready", then
 *   `sectionChange` with the section's name, then "ready". `tcfeuv2` is ready only with a TC
 *   string (a decision); the US sections at once (their laws let processing run until an opt-out).
 * - Section classes are chunks of their own (us-national.ts, us-states.ts, tcfeuv2.ts): a
 *   visitor downloads only the one that applies.
 */
import { CallResponder, EventListenerQueue, type CmpApiContext, type EncodableSection } from '@iabgpp/cmpapi';
import type { Consent } from '../../core/types.js';
import type { ResolvedGpp } from './config.js';
import { usFields } from './fields.js';
import { SectionModel, encodeGpp, section, type SectionClass } from './model.js';
import { applicableSection, sectionId, supportedApis } from './sections.js';
import { installGppStub } from './stub.js';
import { watchPrivacyChoicesIcons } from './icon.js';

export interface GppOptions {
  /** The config has `tcf`: where TCF applies, `tcfeuv2` mirrors the TC string that `__tcfapi` gives. */
  tcf?: boolean;
}

/** The running GPP CMP. */
export interface Gpp {
  /** The current GPP string ('' before the first sections are set). */
  readonly gppString: string;
  /** The current `applicableSections`. */
  readonly applicableSections: readonly number[];
  /** Settles after every update asked for so far has reached `__gpp`. */
  settled(): Promise<void>;
}

/** Loads a section's class (each group a chunk of its own). */
const load = async (name: string): Promise<SectionClass> => {
  const C = name == 'usnat' ? (await import('./us-national.js')).default
    : name == 'tcfeuv2' ? (await import('./tcfeuv2.js')).default
      : (await import('./us-states.js')).default[name];
  if (!C) throw new Error(`no section ${name}`);
  return C as SectionClass;
};

const gpcSignal = () => typeof navigator != 'undefined' && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;

/**
 * Starts the GPP CMP for `consent` (the store) and the checked `gpp` config. Defines
 * `window.__gpp` first when no stub did.
 *
 * @example const gpp = startGpp(createConsent(config), checkGpp(config.gpp, ['marketing']).gpp!)
 * @returns the running CMP (its current string and sections)
 */
export function startGpp(consent: Consent, gpp: ResolvedGpp, options: GppOptions = {}): Gpp {
  const tcf = !!options.tcf;
  installGppStub(supportedApis(gpp.sections, tcf));
  const model = new SectionModel();
  // The library's context, with this model where its GppModel would be (model.ts says why).
  const ctx = {
    gppVersion: '1.1', supportedAPIs: supportedApis(gpp.sections, tcf), cmpStatus: 'loading', cmpDisplayStatus: 'hidden',
    signalStatus: 'not ready', applicableSections: [] as number[], gppModel: model, cmpId: gpp.cmpId, cmpVersion: gpp.cmpVersion,
  } as unknown as CmpApiContext & { eventQueue: EventListenerQueue };
  // Takes the stub's listeners, then (CallResponder) its queue, and answers `__gpp` from now on; but
  // what asks about sections (hasSection, getSection, getField, and any other command) waits, as in
  // the stub, until the sections that apply are set.
  ctx.eventQueue = new EventListenerQueue(ctx);
  const held = ((window.__gpp?.('queue') as unknown[][] | undefined) ?? []).splice(0);
  new CallResponder(ctx);
  const api = window.__gpp!;
  window.__gpp = (...args: unknown[]) => {
    if (ctx.cmpStatus == 'loaded' || ['ping', 'addEventListener', 'removeEventListener'].includes(args[0] as string)) return api(...(args as Parameters<typeof api>));
    held.push(args);
    return undefined;
  };
  const fire = (name: string, data: unknown) => ctx.eventQueue.exec(name, data);
  const signal = (status: 'ready' | 'not ready') => {
    if (ctx.signalStatus == status) return;
    ctx.signalStatus = status as CmpApiContext['signalStatus'];
    fire('signalStatus', status);
  };

  let tc = '';
  let chain: Promise<unknown> = consent.ready;
  const enqueue = (fn: () => unknown) => (chain = chain.then(fn).catch((e: unknown) => console.error('consent-gate: gpp', e)));

  /** Section classes loaded so far: with its class at hand, an update is synchronous (a receipt made on the same change reads the new string). */
  const classes = new Map<string, SectionClass>();
  const update = (): void | Promise<void> => {
    const s = consent.get();
    const name = applicableSection(s, gpp.sections, tcf);
    const C = name && classes.get(name);
    if (name && !C && (name != 'tcfeuv2' || tc)) return load(name).then((c) => { classes.set(name, c); return update(); });
    let sections: EncodableSection[] = [];
    if (C && name == 'tcfeuv2') sections = [new C(tc)];
    else if (C) sections = [section(C, usFields(new C().toObj() as Record<string, unknown>, { categories: s.categories, gpc: gpcSignal() }, gpp))];
    const ready = name != 'tcfeuv2' || !!tc;
    const applicable = [name ? sectionId(name)! : -1];
    if (ctx.cmpStatus != 'loaded' || String(applicable) != String(ctx.applicableSections) || encodeGpp(sections) != model.encode()) {
      signal('not ready');
      model.set(sections);
      ctx.applicableSections = applicable;
      if (ctx.cmpStatus != 'loaded') {
        ctx.cmpStatus = 'loaded' as CmpApiContext['cmpStatus'];
        window.__gpp = api;
        for (const args of held.splice(0)) api(...(args as Parameters<typeof api>));
        fire('cmpStatus', 'loaded');
      }
      if (name && sections.length) fire('sectionChange', name);
    }
    signal(ready ? 'ready' : 'not ready');
  };

  // California's opt-out icon on the links the site marked for it (icon.ts), now and whenever one is added.
  if (typeof document != 'undefined') watchPrivacyChoicesIcons();
  /** Updates at once when nothing is pending (synchronously, once the class is loaded), else after what is. */
  let pending = 0;
  const later = (): void => {
    pending++;
    void enqueue(update).finally(() => pending--);
  };
  const now = (): void => {
    if (pending) return later();
    try {
      const r = update();
      if (r) { pending++; void enqueue(() => r).finally(() => pending--); }
    } catch (e) { console.error('consent-gate: gpp', e); }
  };
  later();
  consent.listen(now);
  consent.onView((v) => {
    ctx.cmpDisplayStatus = (v ? 'visible' : 'hidden') as CmpApiContext['cmpDisplayStatus'];
    fire('cmpDisplayStatus', ctx.cmpDisplayStatus);
  });
  if (tcf && typeof window.__tcfapi == 'function') {
    window.__tcfapi('addEventListener', 2, (d, ok) => {
      const data = d as { tcString?: string; gdprApplies?: boolean } | null;
      if (!ok || !data) return;
      const next = data.gdprApplies === false ? '' : data.tcString ?? '';
      if (next == tc) return;
      tc = next;
      now();
    });
  }

  return {
    get gppString() { return model.encode(); },
    get applicableSections() { return [...ctx.applicableSections]; },
    settled: () => chain.then(() => {}),
  };
}
