/**
 * The store that needs nothing installed: receipts appended to a JSON-lines file, one receipt a
 * line, with Node's own modules only. `consent-gate serve` uses it unless `--db` names a SQLite
 * file or a PostgreSQL URL.
 *
 * Durability: a receipt is acknowledged after its line is written and the file fsynced
 * (receipts arriving in the same event-loop turn share one write and one fsync). A line cut
 * short by a crash is skipped when the file is opened again (the receipt was never acknowledged).
 *
 * Limits, by design: the file is read whole when the store opens and every receipt is kept in
 * memory (about 1 KB each: 100,000 receipts take some 100 MB), receipts are kept in arrival
 * order (the server's clock; SQLite and PostgreSQL sort by it), and one process owns the file
 * (a `.lock` file beside it says which). Impression counts (never a row per visitor) live in
 * `<file>.counts.json`, rewritten at most once a second and at close: a crash loses at most the
 * last second of them. For more traffic, or several servers, use SQLite or PostgreSQL.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync, existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Receipt, StoredReceipt } from './receipt.js';
import { BATCH, type ReceiptStore } from './store.js';
import { COUNTERS, impressionTally, receiptTally, type Counts, type Tally } from './analytics/counts.js';
import { COUNT_TABLE, type StatsRows } from './analytics/schema.js';

/** Counters of one day and dimension value, and grants per category. */
interface Cell { day: string; dim: string; key: string; counts: Counts; grants: Record<string, [granted: number, offered: number]> }
type Cells = Map<string, Cell>;

/** The column name of each counter, as the SQL stores name them (what `countsOf` reads). */
const COLUMN = Object.fromEntries(COUNTERS.map((c, i) => [c, COUNT_TABLE[3 + i]!])) as Record<keyof Counts, string>;
const zero = (): Counts => ({ shown: 0, decisions: 0, acceptAll: 0, rejectAll: 0, custom: 0, withdrawals: 0 });

/** Adds a tally to the cells. */
function add(cells: Cells, t: Tally) {
  for (const [dim, key] of t.keys) {
    const id = `${dim}\0${key}\0${t.day}`;
    let cell = cells.get(id);
    if (!cell) cells.set(id, (cell = { day: t.day, dim, key, counts: zero(), grants: {} }));
    for (const c of COUNTERS) cell.counts[c] += t.counts[c];
    for (const [category, granted] of t.grants) {
      const g = (cell.grants[category] ??= [0, 0]);
      g[0] += granted ? 1 : 0;
      g[1] += 1;
    }
  }
}

/** Is the process that wrote this pid alive? */
const alive = (pid: number) => {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as { code?: string }).code === 'EPERM'; }
};

/** Takes the lock file beside `file`, or throws naming the process that holds it. */
function lock(file: string): string {
  const path = `${file}.lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return path;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8'));
      if (pid && alive(pid)) throw new Error(`consent-gate: ${file} is in use by process ${pid} (${path}); one process may write it`, { cause: e });
      rmSync(path, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`consent-gate: could not lock ${file}`);
}

/**
 * Opens (or creates) a JSON-lines receipt store.
 *
 * @example const store = await openFileStore('./consent-receipts.jsonl')
 * @returns a `ReceiptStore` of kind `file`
 */
export async function openFileStore(file: string): Promise<ReceiptStore> {
  const lockPath = lock(file);
  const receipts: StoredReceipt[] = [];
  const ids = new Map<string, string>();
  const receiptCells: Cells = new Map();
  const impressionCells: Cells = new Map();
  let fh: FileHandle;
  try {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    for (const line of text.split('\n')) {
      if (!line) continue;
      let r: StoredReceipt;
      try { r = JSON.parse(line); } catch { continue; } // cut short by a crash: never acknowledged
      if (typeof r?.receiptId !== 'string' || ids.has(r.receiptId)) continue;
      ids.set(r.receiptId, r.receivedAt);
      receipts.push(r);
      add(receiptCells, receiptTally(r, r.receivedAt));
    }
    const counts = `${file}.counts.json`;
    if (existsSync(counts)) for (const c of JSON.parse(readFileSync(counts, 'utf8')) as Cell[]) impressionCells.set(`${c.dim}\0${c.key}\0${c.day}`, c);
    fh = await open(file, 'a');
    // The next line starts on a line of its own, after a line cut short.
    if (text && !text.endsWith('\n')) await fh.write('\n');
  } catch (e) {
    rmSync(lockPath, { force: true });
    throw e;
  }

  type Pending = [StoredReceipt, (v: { stored: boolean; receivedAt: string }) => void, (e: unknown) => void];
  let batch: Pending[] = [];
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  /** Writes what has arrived in one append and one fsync, then answers each. */
  async function flush() {
    const items = batch;
    batch = [];
    if (!items.length) return;
    const fresh: Pending[] = [];
    for (const it of items) {
      const first = ids.get(it[0].receiptId);
      if (first !== undefined) it[1]({ stored: false, receivedAt: first });
      else { ids.set(it[0].receiptId, it[0].receivedAt); fresh.push(it); }
    }
    if (!fresh.length) return;
    try {
      await fh.write(fresh.map(([r]) => JSON.stringify(r) + '\n').join(''));
      await fh.datasync();
    } catch (e) {
      for (const [r, , reject] of fresh) { ids.delete(r.receiptId); reject(e); }
      return;
    }
    for (const [r, resolve] of fresh) {
      receipts.push(r);
      add(receiptCells, receiptTally(r, r.receivedAt));
      resolve({ stored: true, receivedAt: r.receivedAt });
    }
  }

  let countsTimer: ReturnType<typeof setTimeout> | undefined;
  /** Rewrites the impression counts (a temporary file renamed over the old: never half written). */
  const saveCounts = () => {
    countsTimer = undefined;
    const tmp = `${file}.counts.json.tmp`;
    writeFileSync(tmp, JSON.stringify([...impressionCells.values()]));
    renameSync(tmp, `${file}.counts.json`);
  };

  /**
   * The receipts that pass `keep`, oldest first, read from the live list: a receipt stored while
   * the answer is read is in it. Every BATCH rows the event loop gets a turn, as the databases' pages give.
   */
  async function* walk(keep: (r: StoredReceipt) => boolean): AsyncGenerator<StoredReceipt> {
    for (let i = 0; i < receipts.length; i++) {
      if (i % BATCH === BATCH - 1) await new Promise(setImmediate);
      if (keep(receipts[i]!)) yield receipts[i]!;
    }
  }
  const collect = async (items: AsyncIterable<StoredReceipt>) => { const out = []; for await (const r of items) out.push(r); return out; };
  const streamByConsentId = (id: string) => walk((r) => r.consentId === id);
  const streamBetween = (from: string, to: string) => walk((r) => r.receivedAt >= from && r.receivedAt < to);

  return {
    kind: 'file',
    add: (receipt: Receipt, receivedAt: string) => new Promise((resolve, reject) => {
      if (closed) return reject(new Error('consent-gate: the receipt store is closed'));
      if (!batch.length) writing = writing.then(() => new Promise(setImmediate)).then(flush);
      batch.push([{ ...receipt, receivedAt }, resolve, reject]);
    }),
    byConsentId: (id) => collect(streamByConsentId(id)),
    between: (from, to) => collect(streamBetween(from, to)),
    streamByConsentId,
    streamBetween,
    async addImpression(impression, receivedAt) {
      if (closed) throw new Error('consent-gate: the receipt store is closed');
      add(impressionCells, impressionTally(impression, receivedAt));
      countsTimer ??= setTimeout(saveCounts, 1000);
    },
    async stats(from, to) {
      const rows: StatsRows = { days: [], by: [], dayGrants: [], byGrants: [] };
      const by = new Map<string, Cell>();
      for (const cells of [receiptCells, impressionCells]) {
        for (const cell of cells.values()) {
          if (cell.day < from || cell.day > to) continue;
          const id = `${cell.dim}\0${cell.key}`;
          let sum = by.get(id);
          if (!sum) by.set(id, (sum = { day: '', dim: cell.dim, key: cell.key, counts: zero(), grants: {} }));
          for (const c of COUNTERS) sum.counts[c] += cell.counts[c];
          for (const [category, [g, o]] of Object.entries(cell.grants)) {
            const s = (sum.grants[category] ??= [0, 0]);
            s[0] += g; s[1] += o;
          }
          if (cell.dim === '') {
            rows.days.push({ day: cell.day, ...columns(cell.counts) });
            for (const [category, [granted, offered]] of Object.entries(cell.grants)) rows.dayGrants.push({ day: cell.day, category, granted, offered });
          }
        }
      }
      // A day with receipts and impressions has a row from each: summed into one.
      const days = new Map<string, Record<string, unknown>>();
      for (const r of rows.days) {
        const d = days.get(r.day as string);
        if (!d) days.set(r.day as string, r);
        else for (const c of COUNTERS) (d[COLUMN[c]] as number) += r[COLUMN[c]] as number;
      }
      rows.days = [...days.values()].sort((a, b) => ((a.day as string) < (b.day as string) ? -1 : 1));
      const grants = new Map<string, Record<string, number | string>>();
      for (const r of rows.dayGrants) {
        const id = `${r.day}\0${r.category}`;
        const g = grants.get(id);
        if (!g) grants.set(id, r as Record<string, number | string>);
        else { (g.granted as number) += r.granted as number; (g.offered as number) += r.offered as number; }
      }
      rows.dayGrants = [...grants.values()];
      for (const s of by.values()) {
        rows.by.push({ dim: s.dim, key: s.key, ...columns(s.counts) });
        for (const [category, [granted, offered]] of Object.entries(s.grants)) rows.byGrants.push({ dim: s.dim, key: s.key, category, granted, offered });
      }
      return rows;
    },
    async close() {
      if (closed) return;
      closed = true;
      await writing;
      await flush();
      if (countsTimer) { clearTimeout(countsTimer); saveCounts(); }
      await fh.close();
      rmSync(lockPath, { force: true });
    },
  };
}

/** Counters under their column names. */
const columns = (counts: Counts) => Object.fromEntries(COUNTERS.map((c) => [COLUMN[c], counts[c]]));
