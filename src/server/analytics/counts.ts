/**
 * What is counted: a receipt or an impression becomes increments of counters kept
 * per UTC day and per dimension value (an aggregate, never a row per visitor).
 * The same increments feed both databases, so their figures cannot differ.
 */
import type { Receipt } from '../receipt.js';
import type { Impression } from './impression.js';

/** The dimensions figures are broken down by (besides the total). */
export const DIMENSIONS = ['region', 'language', 'mode', 'policy', 'source', 'variant'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The key of a dimension value that was not given (no region known, no variant set). */
export const NONE = '(none)';

/** The counters of one day and one dimension value. */
export interface Counts {
  shown: number;
  decisions: number;
  acceptAll: number;
  rejectAll: number;
  custom: number;
  withdrawals: number;
}
export const COUNTERS = ['shown', 'decisions', 'acceptAll', 'rejectAll', 'custom', 'withdrawals'] as const;

/** What one event adds: to the total (dimension `''`, key `''`) and to each of its dimension values. */
export interface Tally {
  day: string;
  /** `[dimension, key]` pairs, total first, each once, in one fixed order (so concurrent writers lock rows alike). */
  keys: [string, string][];
  counts: Counts;
  /** Optional category → granted, for decisions only. */
  grants: [string, boolean][];
}

const DAY_MS = 864e5;
const zero = (): Counts => ({ shown: 0, decisions: 0, acceptAll: 0, rejectAll: 0, custom: 0, withdrawals: 0 });
const keysOf = (values: [Dimension, string | undefined][]): [string, string][] => [
  ['', ''],
  ...values.map(([d, v]): [string, string] => [d, v || NONE]),
];

/**
 * The day a decision counts on: the visitor's `decidedAt` (a receipt queued offline
 * counts on the day it was made), unless that clock is off by more than a week
 * behind or a day ahead of the server's, then the day it was received.
 */
export function decisionDay(decidedAt: string, receivedAt: string): string {
  const d = Date.parse(decidedAt), r = Date.parse(receivedAt);
  return (d >= r - 7 * DAY_MS && d <= r + DAY_MS ? decidedAt : receivedAt).slice(0, 10);
}

/**
 * The increments of one stored receipt. A withdrawal (`source: "reset"`) counts as
 * one; any other receipt is a decision: `acceptAll` when it grants every optional
 * category (all but those in `required`, default `["necessary"]`), `rejectAll` when it
 * grants none, `custom` otherwise.
 */
export function receiptTally(r: Receipt, receivedAt: string): Tally {
  const counts = zero();
  const required = r.required ?? ['necessary'];
  const optional = Object.keys(r.categories).filter((c) => !required.includes(c)).sort();
  const grants: [string, boolean][] = [];
  if (r.source === 'reset') counts.withdrawals = 1;
  else {
    counts.decisions = 1;
    for (const c of optional) grants.push([c, r.categories[c]!]);
    const granted = grants.filter(([, g]) => g).length;
    counts[granted === 0 ? 'rejectAll' : granted === optional.length ? 'acceptAll' : 'custom'] = 1;
  }
  const policies = Object.entries(r.policies).sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, v]): [Dimension, string] => ['policy', `${id}:${v}`]);
  return {
    day: decisionDay(r.decidedAt, receivedAt),
    keys: keysOf([['region', r.region], ['language', r.language.toLowerCase()], ['mode', r.mode], ...policies, ['source', r.source], ['variant', r.variant]]),
    counts,
    grants,
  };
}

/** The increments of one impression (a layer shown), counted on the day it was received. */
export function impressionTally(i: Impression, receivedAt: string): Tally {
  return {
    day: receivedAt.slice(0, 10),
    keys: keysOf([['region', i.region], ['language', i.language.toLowerCase()], ['mode', i.mode], ['variant', i.variant]]),
    counts: { ...zero(), shown: 1 },
    grants: [],
  };
}
