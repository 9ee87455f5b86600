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

/** Runs a statement again while another connection holds the lock (sqlite.ts's `retrying`). */
type Retrying = <T>(fn: () => T) => Promise<T>;

/** Binds the analytics statements to an open, migrated database. */
export function sqliteAnalytics(db: Database.Database, retrying: Retrying = async (fn) => fn()) {
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
  let writing = Promise.resolve();
  async function flush() {
    const items = batch;
    batch = [];
    if (!items.length) return;
    try {
      await retrying(() => commit.immediate(items));
      for (const it of items) it[2]();
    } catch (e) {
      for (const it of items) it[3](e);
    }
  }

  return {
    /** Counts a receipt just stored; call it inside the transaction that stored it. */
    receipt: (r: Receipt, receivedAt: string) => apply(receiptTally(r, receivedAt)),
    addImpression: (impression: Impression, receivedAt: string) => new Promise<void>((resolve, reject) => {
      // Group commit, one flush at a time: impressions arriving while one waits for the lock go into the next.
      if (!batch.length) writing = writing.then(() => new Promise(setImmediate)).then(flush);
      batch.push([impression, receivedAt, resolve, reject]);
    }),
    // The four reads in one transaction: figures from one moment.
    stats: (from: string, to: string) => retrying(() => db.transaction(() => Object.fromEntries(reads.map(([k, s]) => [k, s.all(from, to)])))()) as Promise<unknown> as Promise<StatsRows>,
    /** Writes what is pending (at close). */
    flush: async () => { await writing; await flush(); },
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
