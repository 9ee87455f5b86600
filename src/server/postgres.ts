/**
 * The shared store: PostgreSQL through `pg`, for sites served by several
 * machines. Same table as SQLite; migrations run on start under an advisory
 * lock, so several servers starting at once migrate once. Each receipt is its
 * own transaction, acknowledged after PostgreSQL commits it (with the default
 * `synchronous_commit = on`, that commit is flushed to the WAL on disk).
 */
import type { ClientBase, Pool } from 'pg';
import { COLUMNS, INDEXES, OPTIONAL_COLUMNS, TC_COLUMNS, GPP_COLUMNS, driver, keyset, readers, table, values, type ReceiptStore, type Row } from './store.js';
import { analyticsMigration } from './analytics/schema.js';
import { addImpression, backfillPostgres, readStats, storeAndTally } from './analytics/postgres.js';

const MIGRATIONS: (string | ((c: ClientBase) => Promise<void>))[][] = [
  [
    table('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', 'COLLATE "C"'),
    ...INDEXES,
    `CREATE FUNCTION consent_receipts_append_only() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'consent receipts are append-only'; END $$`,
    `CREATE TRIGGER consent_receipts_append_only BEFORE UPDATE ON consent_receipts
      FOR EACH ROW EXECUTE FUNCTION consent_receipts_append_only()`,
  ],
  ...OPTIONAL_COLUMNS,
  [...analyticsMigration(''), backfillPostgres],
  TC_COLUMNS,
  GPP_COLUMNS,
];

/** Runs `fn` in a transaction on one connection: committed when it resolves, rolled back when it throws. */
async function transaction<T>(pool: Pool, fn: (c: ClientBase) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query(begin);
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

const migrate = (pool: Pool) => transaction(pool, async (c) => {
  await c.query("SELECT pg_advisory_xact_lock(hashtext('consent-gate migrations'))");
  await c.query('CREATE TABLE IF NOT EXISTS consent_gate_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = Number((await c.query('SELECT COALESCE(MAX(version), 0) AS v FROM consent_gate_migrations')).rows[0].v);
  for (const [i, steps] of MIGRATIONS.slice(done).entries()) {
    for (const step of steps) await (typeof step === 'string' ? c.query(step) : step(c));
    await c.query('INSERT INTO consent_gate_migrations VALUES ($1, $2)', [done + i + 1, new Date().toISOString()]);
  }
});

export async function openPostgres(url: string): Promise<ReceiptStore> {
  const { default: pg } = await driver(() => import('pg'), 'pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server must not crash the process; the pool reconnects.
  pool.on('error', (e) => console.error('consent-gate: PostgreSQL:', e.message));
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  const rows = async (sql: string, args: unknown[]) => (await pool.query<Row>(sql, args)).rows;
  return {
    kind: 'postgres',
    async add(receipt, receivedAt) {
      // The receipt and its counts in one statement: counted once, exactly when stored.
      const insert = `INSERT INTO consent_receipts (${COLUMNS}) VALUES (${COLUMNS.split(',').map((_, i) => `$${i + 1}`)})
        ON CONFLICT (receipt_id) DO NOTHING RETURNING received_at`;
      const ins = await pool.query(...storeAndTally(insert, values(receipt, receivedAt), receipt, receivedAt));
      if (ins.rowCount) return { stored: true, receivedAt };
      // A concurrent insert of the same id has committed by now (ON CONFLICT waited for it).
      const got = await pool.query('SELECT received_at FROM consent_receipts WHERE receipt_id = $1', [receipt.receiptId]);
      return { stored: false, receivedAt: got.rows[0].received_at };
    },
    ...readers({
      byConsentId: (id, afterSeq, limit) => rows('SELECT * FROM consent_receipts WHERE consent_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [id, afterSeq, limit]),
      between: (from, to, after, limit) => rows(`SELECT * FROM consent_receipts WHERE received_at >= $1 AND received_at < $2
        AND (received_at > $3 OR seq > $4) ORDER BY received_at, seq LIMIT $5`, [...keyset(from, to, after), limit]),
    }),
    addImpression: (impression, receivedAt) => addImpression(pool, impression, receivedAt),
    // One snapshot for the four reads, so the figures agree with each other.
    stats: (from, to) => transaction(pool, (c) => readStats(c, from, to), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
    close: () => pool.end(),
  };
}
