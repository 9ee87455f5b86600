/**
 * `consent-gate scan <url> [--pages N] [--out DIR] [--chromium PATH] [--config FILE]`:
 * scans, writes report.json, report.html and consent.config.json to `--out`, prints leaks
 * one a line on stdout and progress on stderr. Exit status: 0 no leak, 1 leaks, 2 bad usage
 * or an unreachable site.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium } from './chromium.js';
import { loadCookieDatabase } from './classify.js';
import { reportHtml } from './report-html.js';
import { scan, UnreachableError, type PageEvent } from './scan.js';
import { suggestConfig } from './suggest.js';

export const USAGE = `Usage: consent-gate scan <url> [options]

  --pages <n>        scan at most n pages, same origin, breadth-first (default 20)
  --out <dir>        where to write report.json, report.html, consent.config.json (default ./consent-scan)
  --chromium <path>  the Chromium or Chrome to drive (default: CHROME_PATH, else found where usually installed)
  --config <file>    a consent-gate config (JSON) to scan with instead of the pages' own
  --timeout <ms>     time limit for each thing done with a page: loading it, reading it,
                     deciding on it (default 15000); a page past it is a failure, the scan goes on

Exit status: 0 no leak, 1 leaks (printed one a line), 2 bad usage or unreachable site.`;

class UsageError extends Error {}

/** A whole number in [min, max] from an option, or a usage error naming it. */
function count(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${name}: expected a whole number from ${min} to ${max}, got ${value}`);
  return n;
}

/** Progress on stderr: a bar redrawn in place on a terminal, else one line per page. */
function progress(stream: NodeJS.WriteStream): (e: PageEvent) => void {
  if (!stream.isTTY) {
    return (e) => stream.write(`scan: ${e.pass} ${e.index}/${e.total} ${e.url} ${e.error ? `FAILED: ${e.error}` : `${e.ms} ms`}\n`);
  }
  return (e) => {
    const width = 20;
    const done = Math.round((e.index / Math.max(e.total, 1)) * width);
    const line = `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${e.pass.padEnd(8)} ${e.index}/${e.total} ${e.url}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns || 80) - 1)}`);
    if (e.error) stream.write(`\n${e.url}: FAILED: ${e.error}\n`);
  };
}

/** Runs the command with `argv` (the words after `scan`); resolves with the exit status. */
export async function main(argv: string[]): Promise<number> {
  const err = process.stderr;
  let options;
  try {
    const { values: o, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pages: { type: 'string', default: '20' },
        out: { type: 'string', default: './consent-scan' },
        chromium: { type: 'string' },
        config: { type: 'string' },
        timeout: { type: 'string', default: '15000' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (o.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `one URL expected, got ${positionals.join(' ')}` : 'the URL to scan is missing');
    let url: URL;
    try { url = new URL(positionals[0]!); } catch { throw new UsageError(`not a URL: ${positionals[0]}`); }
    if (!/^https?:$/.test(url.protocol)) throw new UsageError(`expected an http or https URL, got ${url.href}`);
    let config: Record<string, unknown> | undefined;
    if (o.config) {
      try { config = JSON.parse(readFileSync(o.config, 'utf8')); } catch (e) { throw new UsageError(`--config: cannot read ${o.config}: ${(e as Error).message}`); }
      if (!config || typeof config !== 'object' || Array.isArray(config)) throw new UsageError(`--config: ${o.config} is not a JSON object`);
    }
    let chromium: string;
    try { chromium = findChromium(o.chromium); } catch (e) { throw new UsageError((e as Error).message); }
    options = { url: url.href, pages: count('pages', o.pages, 1, 10_000), timeoutMs: count('timeout', o.timeout, 100, 600_000), out: resolve(o.out), chromium, config };
  } catch (e) {
    err.write(`consent-gate scan: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }

  let report;
  const database = loadCookieDatabase();
  try {
    report = await scan({ ...options, database, onPage: progress(err) });
  } catch (e) {
    if (err.isTTY) err.write('\n');
    err.write(`consent-gate scan: ${e instanceof UnreachableError ? 'site unreachable: ' : ''}${(e as Error).message}\n`);
    return 2;
  }
  if (err.isTTY) err.write('\n');
  mkdirSync(options.out, { recursive: true });
  writeFileSync(resolve(options.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(resolve(options.out, 'report.html'), reportHtml(report, database.attribution));
  const suggested = suggestConfig(report);
  writeFileSync(resolve(options.out, 'consent.config.json'), `${JSON.stringify(suggested, null, 2)}\n`);
  for (const l of report.leaks) process.stdout.write(`${l.page}\t${l.pass}\t${l.kind} ${l.name}\t${l.category}\t${l.cause}\n`);
  err.write(`consent-gate scan: ${report.pages.length} pages, ${report.cookies.length} cookies, ${report.storage.length} storage keys, ${report.requests.length} requests to other sites, ${report.failures.length} failures, ${report.leaks.length} leaks in ${(report.durationMs / 1000).toFixed(1)} s; report in ${options.out}\n`);
  // The plain drop-in refuses a config with `sources` (it names the field and opens no gate): say which build it needs.
  const withSources = Object.entries(suggested.categories as Record<string, { sources?: string[] }>).filter(([, c]) => c.sources).map(([id]) => id);
  if (withSources.length) err.write(`consent-gate scan: consent.config.json lists sources (${withSources.join(', ')}): load it with consent-gate.block.js, not consent-gate.js (npm: block(consent))\n`);
  return report.leaks.length ? 1 : 0;
}
