/**
 * The analytics side of the PostgreSQL store: a receipt and its tally are one
 * transaction (counted once, exactly when stored); an impression is one upsert.
 * Rows are always written in the tally's fixed key order, so concurrent
 * transactions lock the same counters in the same order and cannot deadlock.
 */
import type { ClientBase, Pool } from 'pg';
import type { Receipt } from '../receipt.js';
import { fromRow, type Row } from '../store.js';
import { impressionTally, receiptTally, type Tally } from './counts.js';
import type { Impression } from './impression.js';
import { COUNT_TABLE, GRANT_TABLE, isCounter, statsQueries, tallyRows, upsertCounts, upsertGrants, type StatsRows } from './schema.js';

const $ = (n: number) => `$${n}`;
const QUERIES = statsQueries($);

/** Adds a tally's rows: one statement per table. */
export async function applyTally(c: ClientBase | Pool, t: Tally): Promise<void> {
  const { counts, grants } = tallyRows(t);
  await c.query(upsertCounts(counts.length, $), counts.flat());
  if (grants.length) await c.query(upsertGrants(grants.length, $), grants.flat());
}

/** Counts a receipt just stored, on the client whose transaction stored it. */
export const tallyReceipt = (c: ClientBase, r: Receipt, receivedAt: string) => applyTally(c, receiptTally(r, receivedAt));

/**
 * One statement that stores a receipt (`insert`: an `INSERT … RETURNING received_at` with
 * `params` as $1…) and counts it only if it was stored: data-modifying CTEs commit together, so
 * a receipt is counted once, exactly when stored, in one round trip instead of a transaction of
 * four. Returns the SQL and its parameters; the statement returns a row when the receipt was new.
 */
export function storeAndTally(insert: string, params: unknown[], r: Receipt, receivedAt: string): [string, unknown[]] {
  const { counts, grants } = tallyRows(receiptTally(r, receivedAt));
  const args = [...params];
  // A placeholder with its column's type: values in a VALUES list under SELECT are not typed by the target column.
  const typed = (columns: string[], rows: unknown[][]) => {
    const base = args.length;
    args.push(...rows.flat());
    return (n: number, c = 0) => `$${base + n}::${isCounter(columns[c]!) ? 'bigint' : 'text'}`;
  };
  const stored = 'EXISTS (SELECT 1 FROM ins)';
  const ctes = [`ins AS (${insert})`, `c AS (${upsertCounts(counts.length, typed(COUNT_TABLE, counts), stored)})`];
  if (grants.length) ctes.push(`g AS (${upsertGrants(grants.length, typed(GRANT_TABLE, grants), stored)})`);
  return [`WITH ${ctes.join(', ')} SELECT received_at FROM ins`, args];
}

/** Counts an impression (its own single-statement upserts: counters only, no grants). */
export const addImpression = (pool: Pool, i: Impression, receivedAt: string) => applyTally(pool, impressionTally(i, receivedAt));

/** The aggregate rows of `[from, to]` (run it in one read-only snapshot). */
export async function readStats(c: ClientBase, from: string, to: string): Promise<StatsRows> {
  const out: Record<string, unknown> = {};
  for (const [k, sql] of Object.entries(QUERIES)) out[k] = (await c.query(sql, [from, to])).rows;
  return out as unknown as StatsRows;
}

/** Counts the receipts stored before analytics existed (run once, inside the migration's transaction). */
export async function backfillPostgres(c: ClientBase): Promise<void> {
  const rows = (await c.query<Row>('SELECT * FROM consent_receipts ORDER BY seq')).rows;
  for (const row of rows) {
    const r = fromRow(row);
    await tallyReceipt(c, r, r.receivedAt);
  }
}
