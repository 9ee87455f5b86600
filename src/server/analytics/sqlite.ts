/**
 * The analytics side of the SQLite store: receipts are tallied inside the
 * transaction that stores them (counted once, exactly when stored), impressions
 * are upserted in group commits like receipts, and stats are four indexed reads.
 */
import type Database from 'better-sqlite3';
import type { Receipt } from '../receipt.js';
import { fromRow, type Row } from '../store.js';
import { impressionTally, receiptTally, type Tally } from './counts.js';
import type { Impression } from './impression.js';
import { statsQueries, tallyRows, upsertCounts, upsertGrants, type StatsRows } from './schema.js';

type Pending = [Impression, string, () => void, (e: unknown) => void];

/** Binds the analytics statements to an open, migrated database. */
export function sqliteAnalytics(db: Database.Database) {
  const q = () => '?';
  const counts = db.prepare(upsertCounts(1, q));
  const grants = db.prepare(upsertGrants(1, q));
  const reads = Object.entries(statsQueries(q)).map(([k, sql]) => [k, db.prepare(sql)] as const);
  const apply = (t: Tally) => {
    const rows = tallyRows(t);
    for (const r of rows.counts) counts.run(r);
    for (const r of rows.grants) grants.run(r);
  };
  const commit = db.transaction((items: Pending[]) => { for (const [i, at] of items) apply(impressionTally(i, at)); });

  let batch: Pending[] = [];
  function flush() {
    const items = batch;
    batch = [];
    if (!items.length) return;
    try {
      commit(items);
      for (const it of items) it[2]();
    } catch (e) {
      for (const it of items) it[3](e);
    }
  }

  return {
    /** Counts a receipt just stored; call it inside the transaction that stored it. */
    receipt: (r: Receipt, receivedAt: string) => apply(receiptTally(r, receivedAt)),
    addImpression: (impression: Impression, receivedAt: string) => new Promise<void>((resolve, reject) => {
      if (!batch.length) setImmediate(flush);
      batch.push([impression, receivedAt, resolve, reject]);
    }),
    stats: async (from: string, to: string) => Object.fromEntries(reads.map(([k, s]) => [k, s.all(from, to)])) as unknown as StatsRows,
    flush,
  };
}

/** Counts the receipts stored before analytics existed (run once, inside the migration's transaction). */
export function backfillSqlite(db: Database.Database) {
  const { receipt } = sqliteAnalytics(db);
  // In pages: a connection cannot write while it iterates.
  const page = db.prepare('SELECT * FROM consent_receipts WHERE seq > ? ORDER BY seq LIMIT 1000');
  for (let last = 0, rows: (Row & { seq: number })[]; (rows = page.all(last) as (Row & { seq: number })[]).length; last = rows.at(-1)!.seq) {
    for (const row of rows) {
      const r = fromRow(row);
      receipt(r, r.receivedAt);
    }
  }
}
