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
 */
import type Database from 'better-sqlite3';
import type { Receipt } from './receipt.js';
import { COLUMNS, INDEXES, driver, fromRow, table, values, type ReceiptStore, type Row } from './store.js';
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
  [...analyticsMigration(' WITHOUT ROWID'), backfillSqlite],
];

export async function openSqlite(file: string): Promise<ReceiptStore> {
  const { default: Sqlite } = await driver(() => import('better-sqlite3'), 'better-sqlite3@12');
  const db: Database.Database = new Sqlite(file);
  try {
    db.pragma('busy_timeout = 5000');
    if (file !== ':memory:' && db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
      throw new Error(`consent-gate: ${file}: SQLite cannot use WAL here`);
    }
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE IF NOT EXISTS consent_gate_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    db.transaction(() => {
      const done = db.prepare('SELECT COALESCE(MAX(version), 0) FROM consent_gate_migrations').pluck().get() as number;
      MIGRATIONS.slice(done).forEach((steps, i) => {
        for (const step of steps) if (typeof step === 'string') db.exec(step); else step(db);
        db.prepare('INSERT INTO consent_gate_migrations VALUES (?, ?)').run(done + i + 1, new Date().toISOString());
      });
    }).immediate();
  } catch (e) {
    db.close();
    throw e;
  }

  const insert = db.prepare(`INSERT INTO consent_receipts (${COLUMNS}) VALUES (${COLUMNS.split(",").map(() => "?").join(", ")}) ON CONFLICT (receipt_id) DO NOTHING`);
  const first = db.prepare('SELECT received_at FROM consent_receipts WHERE receipt_id = ?').pluck();
  const byConsent = db.prepare('SELECT * FROM consent_receipts WHERE consent_id = ? ORDER BY seq');
  const range = db.prepare('SELECT * FROM consent_receipts WHERE received_at >= ? AND received_at < ? ORDER BY received_at, seq');
  const analytics = sqliteAnalytics(db);
  const one = ([r, at]: Pending) => {
    if (!insert.run(values(r, at)).changes) return { stored: false, receivedAt: first.get(r.receiptId) as string };
    analytics.receipt(r, at);
    return { stored: true, receivedAt: at };
  };
  const commit = db.transaction((items: Pending[]) => items.map(one));

  let batch: Pending[] = [];
  let closed = false;
  function flush() {
    const items = batch;
    batch = [];
    if (!items.length) return;
    try {
      commit(items).forEach((v, i) => items[i]![2](v));
    } catch {
      // One bad row fails the whole transaction: retry each alone so only it fails.
      for (const it of items) {
        try { it[2](commit([it])[0]!); } catch (e) { it[3](e); }
      }
    }
  }

  return {
    kind: 'sqlite',
    add: (receipt, receivedAt) => new Promise((resolve, reject) => {
      if (closed) return reject(new Error('consent-gate: the receipt store is closed'));
      if (!batch.length) setImmediate(flush);
      batch.push([receipt, receivedAt, resolve, reject]);
    }),
    byConsentId: async (id) => (byConsent.all(id) as Row[]).map(fromRow),
    between: async (from, to) => (range.all(from, to) as Row[]).map(fromRow),
    addImpression: (impression, receivedAt) => (closed ? Promise.reject(new Error('consent-gate: the receipt store is closed')) : analytics.addImpression(impression, receivedAt)),
    stats: analytics.stats,
    async close() {
      if (closed) return;
      closed = true;
      if (batch.length) flush();
      analytics.flush();
      db.close();
    },
  };
}
