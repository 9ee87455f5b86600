/**
 * The embedded store: one SQLite file through better-sqlite3.
 *
 * Durability: WAL journal with `synchronous = FULL`, so every commit is fsynced
 * to the WAL before `add` resolves. A killed process loses nothing acknowledged
 * (NORMAL would already give that), and FULL also keeps acknowledged receipts
 * through a power cut or kernel crash, which NORMAL does not: receipts are
 * evidence, so the fsync is worth it. To keep the fsync cost per batch rather
 * than per receipt, receipts arriving in the same event-loop turn are committed
 * together in one transaction (group commit); each is answered only after it.
 *
 * Locks: better-sqlite3 is synchronous, so SQLite's own busy wait would freeze the
 * whole server while another process (an operator's retention `DELETE`, a backup)
 * holds the write lock. `busy_timeout` is 0 instead: a busy database answers at
 * once, and the statement is tried again later (5 ms, doubling up to 250 ms) while
 * the event loop serves everything else. A write still refused after 30 s fails
 * (the handler answers 503, and the client retries later).
 */
import type Database from 'better-sqlite3';
import type { Receipt } from './receipt.js';
import { COLUMNS, INDEXES, OPTIONAL_COLUMNS, StoreBusyError, TC_COLUMNS, GPP_COLUMNS, driver, keyset, readers, table, values, type ReceiptStore, type Row } from './store.js';
import { analyticsMigration } from './analytics/schema.js';
import { backfillSqlite, sqliteAnalytics } from './analytics/sqlite.js';

type Pending = [Receipt, string, (v: { stored: boolean; receivedAt: string }) => void, (e: unknown) => void];

const MIGRATIONS = [
  [
    table('INTEGER PRIMARY KEY AUTOINCREMENT', 'COLLATE BINARY'),
    ...INDEXES,
    `CREATE TRIGGER consent_receipts_append_only BEFORE UPDATE ON consent_receipts
      BEGIN SELECT RAISE(ABORT, 'consent receipts are append-only'); END`,
  ],
  ...OPTIONAL_COLUMNS,
  [...analyticsMigration(' WITHOUT ROWID'), backfillSqlite],
  TC_COLUMNS,
  GPP_COLUMNS,
];

/** How long a statement keeps being retried while another connection holds the lock. */
export const LOCK_WAIT = 30_000;

/** Is this SQLite's "another connection holds the lock" (SQLITE_BUSY or SQLITE_LOCKED, any extended code)? */
const busy = (e: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((e as { code?: string })?.code ?? '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` now, and again after a growing pause each time the database is busy, never blocking the
 * event loop. Every statement on the store's connection goes through it (busy_timeout is 0).
 */
export async function retrying<T>(fn: () => T, wait = LOCK_WAIT): Promise<T> {
  const until = Date.now() + wait;
  for (let pause = 5; ; pause = Math.min(pause * 2, 250)) {
    try {
      return fn();
    } catch (e) {
      if (!busy(e)) throw e;
      if (Date.now() + pause > until) throw new StoreBusyError(`consent-gate: the SQLite database stayed locked for ${wait / 1000} s`, { cause: e });
    }
    await sleep(pause);
  }
}

export async function openSqlite(file: string): Promise<ReceiptStore> {
  const { default: Sqlite } = await driver(() => import('better-sqlite3'), 'better-sqlite3@12');
  const db: Database.Database = new Sqlite(file);
  try {
    db.pragma('busy_timeout = 0');
    if (file !== ':memory:' && (await retrying(() => db.pragma('journal_mode = WAL', { simple: true }))) !== 'wal') {
      throw new Error(`consent-gate: ${file}: SQLite cannot use WAL here`);
    }
    db.pragma('synchronous = FULL');
    await retrying(() => db.exec('CREATE TABLE IF NOT EXISTS consent_gate_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)'));
    await retrying(() => db.transaction(() => {
      const done = db.prepare('SELECT COALESCE(MAX(version), 0) FROM consent_gate_migrations').pluck().get() as number;
      MIGRATIONS.slice(done).forEach((steps, i) => {
        for (const step of steps) if (typeof step === 'string') db.exec(step); else step(db);
        db.prepare('INSERT INTO consent_gate_migrations VALUES (?, ?)').run(done + i + 1, new Date().toISOString());
      });
    }).immediate());
  } catch (e) {
    db.close();
    throw e;
  }

  const insert = db.prepare(`INSERT INTO consent_receipts (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?')}) ON CONFLICT (receipt_id) DO NOTHING`);
  const first = db.prepare('SELECT received_at FROM consent_receipts WHERE receipt_id = ?').pluck();
  const byConsent = db.prepare('SELECT * FROM consent_receipts WHERE consent_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  const range = db.prepare(`SELECT * FROM consent_receipts WHERE received_at >= ? AND received_at < ? AND (received_at > ? OR seq > ?)
    ORDER BY received_at, seq LIMIT ?`);
  const analytics = sqliteAnalytics(db, retrying);
  // A receipt is counted in the same transaction that stores it: once, exactly when stored.
  const one = ([r, at]: Pending) => {
    if (!insert.run(values(r, at)).changes) return { stored: false, receivedAt: first.get(r.receiptId) as string };
    analytics.receipt(r, at);
    return { stored: true, receivedAt: at };
  };
  const commit = db.transaction((items: Pending[]) => items.map(one));

  let batch: Pending[] = [];
  let closed = false;
  let writing: Promise<void> = Promise.resolve();
  /** Commits what has arrived, one transaction for all; a busy database is waited for without blocking. */
  async function flush() {
    const items = batch;
    batch = [];
    if (!items.length) return;
    try {
      (await retrying(() => commit.immediate(items))).forEach((v, i) => items[i]![2](v));
    } catch (e) {
      if (e instanceof StoreBusyError) return items.forEach((it) => it[3](e));
      // One bad row fails the whole transaction: retry each alone so only it fails.
      for (const it of items) {
        try { it[2]((await retrying(() => commit.immediate([it])))[0]!); } catch (e) { it[3](e); }
      }
    }
  }

  return {
    kind: 'sqlite',
    add: (receipt, receivedAt) => new Promise((resolve, reject) => {
      if (closed) return reject(new Error('consent-gate: the receipt store is closed'));
      // One flush at a time: receipts arriving while one waits for the lock go into the next.
      if (!batch.length) writing = writing.then(() => new Promise(setImmediate)).then(flush);
      batch.push([receipt, receivedAt, resolve, reject]);
    }),
    ...readers({
      byConsentId: (id, afterSeq, limit) => retrying(() => byConsent.all(id, afterSeq, limit) as Row[]),
      between: (from, to, after, limit) => retrying(() => range.all(...keyset(from, to, after), limit) as Row[]),
    }),
    addImpression: (impression, receivedAt) => (closed ? Promise.reject(new Error('consent-gate: the receipt store is closed')) : analytics.addImpression(impression, receivedAt)),
    stats: analytics.stats,
    async close() {
      if (closed) return;
      closed = true;
      await writing;
      await flush();
      await analytics.flush();
      db.close();
    },
  };
}
