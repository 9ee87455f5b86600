/**
 * `GET /consent/stats`: the range asked for, and the figures in the contract's
 * shape, assembled from the aggregate rows (see schema.ts).
 */
import { ReceiptError } from '../receipt.js';
import { COUNTERS, DIMENSIONS, type Counts, type Dimension } from './counts.js';
import { countsOf, type StatsRows } from './schema.js';

/** One category's figures: decisions that offered it, that granted it, and their ratio (3 decimals). */
export interface CategoryFigures { granted: number; offered: number; share: number }
/** The figures of a day, of a dimension value, or of the whole range. */
export interface Figures extends Counts { categories: Record<string, CategoryFigures> }
/** What `GET /consent/stats` answers. */
export interface Stats {
  from: string;
  to: string;
  total: Figures;
  days: (Figures & { date: string })[];
  by: Record<Dimension, Record<string, Figures>>;
}

const DAY = /^\d{4}-\d\d-\d\d$/;
const DAY_MS = 864e5;
/** Longest range answered, in days (ten years and a bit). */
export const MAX_DAYS = 3700;

const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().startsWith(v);
const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The whole UTC days asked for, both included; default the last 30 days up to today.
 * Throws a `ReceiptError` (400) for a bad date, `to` before `from`, or a range over MAX_DAYS.
 */
export function statsRange(from: string | null, to: string | null, now = new Date()): { from: string; to: string } {
  const end = to || now.toISOString().slice(0, 10);
  if (!isDay(end)) throw new ReceiptError('to: expected a date like 2026-11-30');
  const start = from || addDays(end, -29);
  if (!isDay(start)) throw new ReceiptError('from: expected a date like 2026-11-01');
  if (start > end) throw new ReceiptError('to: expected a date on or after from');
  if ((Date.parse(end) - Date.parse(start)) / DAY_MS >= MAX_DAYS) throw new ReceiptError(`to: expected at most ${MAX_DAYS} days after from`);
  return { from: start, to: end };
}

/**
 * An object keyed by visitor input (a variant, a category id): no prototype, so a key named
 * `__proto__`, `constructor` or `toString` is an entry like any other, never a built-in.
 */
export function dictionary<T>(entries: Iterable<[string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

const empty = (): Figures => ({ ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as unknown as Counts), categories: dictionary() });

function addGrant(f: Figures, row: Record<string, unknown>) {
  const granted = Number(row.granted), offered = Number(row.offered);
  f.categories[String(row.category)] = { granted, offered, share: offered ? Math.round((granted / offered) * 1000) / 1000 : 0 };
}

/** The contract's shape from the aggregate rows: every day of the range (zeros included), the total, the breakdowns. */
export function assembleStats(range: { from: string; to: string }, rows: StatsRows): Stats {
  const days = new Map<string, Figures & { date: string }>();
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.set(d, { date: d, ...empty() });
  for (const r of rows.days) { const day = days.get(String(r.day)); if (day) Object.assign(day, countsOf(r)); }
  for (const r of rows.dayGrants) { const day = days.get(String(r.day)); if (day) addGrant(day, r); }

  const total = empty();
  // Each dimension's values, and the figures of each value, in Maps: keys are whatever visitors sent.
  const groups = new Map(DIMENSIONS.map((d) => [d as string, new Map<string, Figures>()]));
  const figures = (dim: string, key: string): Figures | undefined => {
    if (dim === '') return total;
    const group = groups.get(dim);
    if (!group) return undefined;
    let f = group.get(key);
    if (!f) group.set(key, (f = empty()));
    return f;
  };
  for (const r of rows.by) {
    const f = figures(String(r.dim), String(r.key));
    if (f) Object.assign(f, countsOf(r));
  }
  for (const r of rows.byGrants) {
    const f = figures(String(r.dim), String(r.key));
    if (f) addGrant(f, r);
  }
  // Out as objects (the JSON contract), without a prototype: `__proto__` is a variant like any other.
  const by = Object.fromEntries([...groups].map(([d, g]) => [d, dictionary(g)])) as Stats['by'];
  return { from: range.from, to: range.to, total, days: [...days.values()], by };
}
