/**
 * A throwaway PostgreSQL server for tests and the benchmark: `initdb` into a
 * temporary directory, started on 127.0.0.1 at a free port, stopped and deleted
 * by `stop()`. PostgreSQL refuses to run as root, so under root every command
 * runs as the `postgres` system user (Debian's package creates it) through `runuser`.
 *
 * Nothing is skipped: without the server binaries this fails, saying how to install them.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication, loopback only). */
  url: string;
  /** A URL for another database on the same server. */
  database(name: string): string;
  /** Stops the server and deletes its directory. */
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory (or $PG_BIN). */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const found = process.env.PG_BIN ?? (existsSync(root)
    ? readdirSync(root).sort((a, b) => Number(b) - Number(a)).map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')))
    : undefined);
  if (!found || !existsSync(join(found, 'pg_ctl'))) {
    throw new Error('PostgreSQL server binaries not found (looked for /usr/lib/postgresql/*/bin/initdb and $PG_BIN). '
      + "Install Debian's postgresql package: `bash scripts/setup.sh` (or `apt-get install postgresql`).");
  }
  return found;
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
  });
});

/**
 * Starts a fresh PostgreSQL server.
 *
 * @example const pg = await startPostgres(); …; await pg.stop()
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'consent-gate-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const as = (cmd: string, args: string[]) => (root
    ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args])
    : run(join(bin, cmd), args));
  const log = join(dir, 'log');
  try {
    await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        await as('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`, 'start']);
        const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        return {
          url,
          database: (name) => url.replace(/\/postgres$/, `/${name}`),
          async stop() {
            await as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      } catch (e) {
        // Another process may have taken the port between the probe and the start.
        if (attempt >= 3) throw e;
      }
    }
  } catch (e) {
    const detail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL: ${(e as Error).message}${detail}`, { cause: e });
  }
}
