/**
 * What the iab build's chunks pass each other through the consent store they share (the drop-in,
 * the CMP chunk and the interface chunk are separate files, each with its own module copies):
 * the checked `tcf` config, and the choices the TCF interface made for a decision, which the CMP
 * writes into that decision's TC string instead of deriving them from the categories. Keys are
 * `Symbol.for` names, the same in every chunk; nothing here is enumerable or reaches the page.
 */
import type { ResolvedTcf } from './config.js';
import type { TcfChoices } from './choices.js';

const TCF = Symbol.for('consent-gate.tcf');
const OFFERED = Symbol.for('consent-gate.tcf.choices');
type Holder = { [TCF]?: ResolvedTcf; [OFFERED]?: { at: string | null; choices: TcfChoices } };

/** Keeps the checked `tcf` with the store (the drop-in does, once the config is valid). */
export const attachTcf = (consent: object, tcf: ResolvedTcf): void => { (consent as Holder)[TCF] = tcf; };

/** The checked `tcf` kept with the store, if any. */
export const tcfOf = (consent: object): ResolvedTcf | undefined => (consent as Holder)[TCF];

/**
 * Leaves the interface's choices for the decision made at `decidedAt` (the state `save` returned).
 *
 * @example offerChoices(consent, consent.save(categories, 'preferences').decidedAt, choices)
 */
export const offerChoices = (consent: object, decidedAt: string | null, choices: TcfChoices): void => { (consent as Holder)[OFFERED] = { at: decidedAt, choices }; };

/**
 * The choices the interface left for the decision made at `decidedAt`, once (undefined for any
 * other decision: "Accept all", "Reject all", another tab's, a return visit's; a later decision
 * replaces what was left, so an offer never outlives the decision it was made for).
 */
export function takeChoices(consent: object, decidedAt: string | null): TcfChoices | undefined {
  const o = (consent as Holder)[OFFERED];
  if (!o || decidedAt == null || o.at !== decidedAt) return undefined;
  delete (consent as Holder)[OFFERED];
  return o.choices;
}
