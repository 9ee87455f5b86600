/**
 * The analytics tables, shared by SQLite and PostgreSQL: counters per UTC day and
 * dimension value (`consent_stats`) and, per optional category, how many decisions
 * offered it and how many granted it (`consent_stats_grants`). Events are added by
 * upsert (`ON CONFLICT … DO UPDATE`, the same statement in both databases), so the
 * tables grow with days × dimension values, never with visitors: a year is a few
 * tens of thousands of rows, whatever the traffic.
 */
import { COUNTERS, type Counts, type Tally } from './counts.js';

/** Column of each counter. */
const COLUMN: Record<keyof Counts, string> = {
  shown: 'shown', decisions: 'decisions', acceptAll: 'accept_all', rejectAll: 'reject_all', custom: 'custom', withdrawals: 'withdrawals',
};
const COUNT_COLUMNS = COUNTERS.map((c) => COLUMN[c]);

/**
 * The migration that adds analytics: `rowid` is SQLite's `WITHOUT ROWID` (rows kept in key order), '' for PostgreSQL.
 * Keys lead with the dimension, then the day: the breakdowns (GROUP BY dim, key) read rows in key
 * order with no sort, and one dimension value's days (the total's, for `days`) are one key range.
 * (Day first made a year's stats 8× slower on SQLite: its GROUP BY sorted 95,000 rows.)
 */
export const analyticsMigration = (rowid: string) => [
  `CREATE TABLE consent_stats (
    day TEXT NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL,
    ${COUNT_COLUMNS.map((c) => `${c} BIGINT NOT NULL DEFAULT 0`).join(', ')},
    PRIMARY KEY (dim, key, day)
  )${rowid}`,
  `CREATE TABLE consent_stats_grants (
    day TEXT NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL, category TEXT NOT NULL,
    granted BIGINT NOT NULL DEFAULT 0, offered BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (dim, key, category, day)
  )${rowid}`,
];

/** A placeholder style: `?` (SQLite) or `$n` (PostgreSQL); `column` is the index of its column in the row. */
export type Placeholder = (n: number, column?: number) => string;

/**
 * `INSERT … ON CONFLICT DO UPDATE` of `rows` rows; with `when`, the rows are added only when that
 * SQL condition holds (`INSERT … SELECT … WHERE when`, for PostgreSQL's data-modifying CTEs: its
 * placeholders then need casts, which `p` gives with the column's index).
 */
const upsert = (table: string, columns: string[], key: string[], rows: number, p: Placeholder, when?: string) => {
  const values = Array.from({ length: rows }, (_, r) => `(${columns.map((_, c) => p(r * columns.length + c + 1, c)).join(', ')})`).join(', ');
  const add = columns.filter((c) => !key.includes(c)).map((c) => `${c} = ${table}.${c} + excluded.${c}`);
  const from = when ? `SELECT * FROM (VALUES ${values}) AS v WHERE ${when}` : `VALUES ${values}`;
  return `INSERT INTO ${table} (${columns.join(', ')}) ${from} ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${add.join(', ')}`;
};

/** The columns of each table: the key's text columns, then the counters. */
export const COUNT_TABLE = ['day', 'dim', 'key', ...COUNT_COLUMNS];
export const GRANT_TABLE = ['day', 'dim', 'key', 'category', 'granted', 'offered'];
/** Columns of either table that are counters (BIGINT); the others are TEXT. */
export const isCounter = (column: string) => !['day', 'dim', 'key', 'category'].includes(column);

/** `INSERT … ON CONFLICT DO UPDATE` adding `rows` rows of counters (only `when` it holds, if given). */
export const upsertCounts = (rows: number, p: Placeholder, when?: string) =>
  upsert('consent_stats', COUNT_TABLE, ['day', 'dim', 'key'], rows, p, when);
/** The same for category grants. */
export const upsertGrants = (rows: number, p: Placeholder, when?: string) =>
  upsert('consent_stats_grants', GRANT_TABLE, ['day', 'dim', 'key', 'category'], rows, p, when);

/** The parameters of a tally: one row of counters per key, one grant row per key and category. */
export function tallyRows(t: Tally): { counts: unknown[][]; grants: unknown[][] } {
  const counts = t.keys.map(([dim, key]) => [t.day, dim, key, ...COUNTERS.map((c) => t.counts[c])]);
  const grants = t.keys.flatMap(([dim, key]) => t.grants.map(([category, granted]) => [t.day, dim, key, category, granted ? 1 : 0, 1]));
  return { counts, grants };
}

/** The four reads of `GET /consent/stats`, each with params `[from, to]` (whole days, both included). */
export const statsQueries = (p: Placeholder) => {
  const range = `day >= ${p(1)} AND day <= ${p(2)}`;
  const sums = COUNT_COLUMNS.map((c) => `SUM(${c}) AS ${c}`).join(', ');
  return {
    days: `SELECT day, ${COUNT_COLUMNS.join(', ')} FROM consent_stats WHERE ${range} AND dim = '' ORDER BY day`,
    by: `SELECT dim, key, ${sums} FROM consent_stats WHERE ${range} GROUP BY dim, key`,
    dayGrants: `SELECT day, category, granted, offered FROM consent_stats_grants WHERE ${range} AND dim = '' ORDER BY day`,
    byGrants: `SELECT dim, key, category, SUM(granted) AS granted, SUM(offered) AS offered FROM consent_stats_grants WHERE ${range} GROUP BY dim, key, category`,
  };
};

/** Rows as the stats queries return them (PostgreSQL's SUM gives strings). */
export interface StatsRows {
  days: Record<string, unknown>[];
  by: Record<string, unknown>[];
  dayGrants: Record<string, unknown>[];
  byGrants: Record<string, unknown>[];
}

/** Counters of a row, as numbers. */
export const countsOf = (row: Record<string, unknown>): Counts =>
  Object.fromEntries(COUNTERS.map((c) => [c, Number(row[COLUMN[c]] ?? 0)])) as unknown as Counts;
