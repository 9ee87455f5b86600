#!/usr/bin/env node
// consent-gate serve: the consent-receipt endpoint as a standalone server.
// consent-gate scan: the site scanner (dist/scan.js; `consent-gate scan --help`).
// consent-gate migrate: converts a vanilla-cookieconsent or Klaro config (dist/migrate.js).
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';

if (process.argv[2] === 'migrate') {
  const migrate = await import('../dist/migrate.js').catch((e) => {
    if (e.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]migrate\.js/.test(e.message)) {
      console.error('consent-gate: dist/migrate.js is missing; run `npm run build` first');
      process.exit(2);
    }
    throw e;
  });
  process.exit(await migrate.main(process.argv.slice(3)));
}

if (process.argv[2] === 'scan') {
  const scanner = await import('../dist/scan.js').catch((e) => {
    if (e.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]scan\.js/.test(e.message)) {
      console.error('consent-gate: dist/scan.js is missing; run `npm run build` first');
      process.exit(2);
    }
    throw e;
  });
  process.exit(await scanner.main(process.argv.slice(3)));
}

const USAGE = `Usage: consent-gate serve [options]
       consent-gate scan <url> [options]   (see consent-gate scan --help)
       consent-gate migrate <their-config.js|json> [options]   (see consent-gate migrate --help)

  --port <n>           port to listen on (default 8787; 0 picks a free one)
  --host <addr>        address to listen on (default 127.0.0.1)
  --db <location>      where receipts are kept: a .jsonl file (default
                       ./consent-receipts.jsonl: nothing to install, one process,
                       kept in memory; for a small site), a SQLite file (.db; needs
                       npm i better-sqlite3) or postgres://user@host/db (npm i pg)
  --admin-token <t>    bearer token for the audit routes and the dashboard
                       (better: CONSENT_GATE_ADMIN_TOKEN; without one they are off)
  --allow-origin <url> an origin whose pages may send receipts (repeatable)
  --path <path>        the route (default /consent/receipts)
  --region-header <h>  answer GET /consent/region from this request header
                       (CF-IPCountry, CloudFront-Viewer-Country, X-Vercel-IP-Country, …)
  --region-subdivision-header <h>
                       a header with the subdivision, joined to the country (US-CA)
                       (X-Vercel-IP-Country-Region, CloudFront-Viewer-Country-Region)
  --gvl-dir <dir>      serve the IAB Global Vendor List (GET /consent/gvl/…) from this
                       directory (vendor-list.json, purposes-{lang}.json), never fetching it
  --gvl-url <url>      fetch the list from here instead of IAB's
                       (default https://vendor-list.consensu.org/v3/), cached as its
                       Cache-Control says`;

const fail = (message) => {
  console.error(`consent-gate: ${message}\n\n${USAGE}`);
  process.exit(2);
};

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: './consent-receipts.jsonl' },
      'admin-token': { type: 'string' },
      'allow-origin': { type: 'string', multiple: true, default: [] },
      path: { type: 'string', default: '/consent/receipts' },
      'region-header': { type: 'string' },
      'region-subdivision-header': { type: 'string' },
      'gvl-dir': { type: 'string' },
      'gvl-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  fail(e.message);
}
const { values: o, positionals } = args;
if (o.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals[0] !== 'serve' || positionals.length > 1) fail(`unknown command: ${positionals.join(' ') || '(none)'}`);
const port = Number(o.port);
if (!/^\d+$/.test(o.port) || port > 65535) fail(`--port: expected a port number, got ${o.port}`);
for (const h of ['region-header', 'region-subdivision-header']) if (o[h] !== undefined && !/^[A-Za-z0-9-]+$/.test(o[h])) fail(`--${h}: expected a header name like CF-IPCountry, got ${o[h]}`);
if (o['gvl-dir'] !== undefined && o['gvl-url'] !== undefined) fail('--gvl-dir and --gvl-url: expected one of them');
if (o['gvl-url'] !== undefined && !(URL.canParse(o['gvl-url']) && /^https?:$/.test(new URL(o['gvl-url']).protocol))) fail(`--gvl-url: expected an http(s) URL, got ${o['gvl-url']}`);
if (o['gvl-dir'] !== undefined && !existsSync(`${o['gvl-dir']}/vendor-list.json`)) fail(`--gvl-dir: expected a directory with vendor-list.json, got ${o['gvl-dir']}`);
// Without a token the server still takes receipts and impressions; nobody can read them until it has one.
const tokenFrom = o['admin-token'] ? '--admin-token' : process.env.CONSENT_GATE_ADMIN_TOKEN ? 'CONSENT_GATE_ADMIN_TOKEN' : undefined;
const adminToken = o['admin-token'] || process.env.CONSENT_GATE_ADMIN_TOKEN || undefined;

const { serve, adminTokenProblem } = await import('../dist/server.js').catch((e) => {
  if (e.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]server\.js/.test(e.message)) fail('dist/server.js is missing; run `npm run build` first');
  throw e;
});
// A short token guards personal data badly: refused, naming where it came from (never the token itself).
const tokenProblem = adminTokenProblem(adminToken);
if (tokenProblem) fail(tokenProblem.replace(/^adminToken/, tokenFrom));
let server;
try {
  server = await serve({ port, host: o.host, db: o.db, adminToken, allowOrigins: o['allow-origin'], path: o.path, regionHeader: o['region-header'], regionSubdivisionHeader: o['region-subdivision-header'], gvl: { dir: o['gvl-dir'], url: o['gvl-url'] } });
} catch (e) {
  // (The store's own messages already start with "consent-gate: ".)
  console.error(`consent-gate: ${e.message.replace(/^consent-gate: /, '')}`);
  process.exit(1);
}
const where = /^postgres/i.test(o.db) ? 'PostgreSQL' : /\.jsonl$/i.test(o.db) ? `JSON-lines file ${o.db}` : `SQLite ${o.db}`;
// What it serves, where (the analytics routes sit beside the receipts path; cookie and region at fixed paths).
const { origin } = new URL(server.url);
const base = origin + o.path.replace(/\/[^/]*$/, '');
const admin = 'admin token';
const routes = [
  ['POST', server.url, `receipts, from pages of this origin${o['allow-origin'].length ? ` and ${o['allow-origin'].join(', ')}` : ''}`],
  ['POST', `${base}/impressions`, 'impressions (counts only)'],
  ['POST', `${origin}/consent/cookie`, 'the decision cookie (cookieEndpoint)'],
  ['GET', `${origin}/consent/gvl/vendor-list.json`, `the IAB Global Vendor List (and purposes-{lang}.json), ${o['gvl-dir'] ? `from ${o['gvl-dir']}` : `from ${o['gvl-url'] ?? 'IAB'}, cached`}`],
  ...(o['region-header'] ? [['GET', `${origin}/consent/region`, `the visitor's region, from ${o['region-header']}`]] : []),
  ...(adminToken ? [
    ['GET', `${server.url}?consentId=…`, `one visitor's receipts (${admin})`],
    ['GET', `${server.url}.csv`, `CSV export (${admin})`],
    ['GET', `${base}/stats`, `consent analytics (${admin})`],
  ] : []),
];
const width = Math.max(...routes.map((r) => r[1].length));
const lines = [
  `consent-gate: receipts on ${server.url} (${where})`,
  ...routes.map(([method, url, what]) => `  ${method.padEnd(4)} ${url.padEnd(width)}  ${what}`),
  ...(adminToken ? [
    `consent-gate: dashboard on ${base}/dashboard`,
    `  sign in with the admin token (from ${tokenFrom})`,
  ] : [
    'consent-gate: dashboard off: no admin token (stats and receipts cannot be read either; receipts are still stored).',
    '  To turn it on, restart with a token in the environment (a command line shows up in ps):',
    '    export CONSENT_GATE_ADMIN_TOKEN="$(openssl rand -hex 24)"',
    `  then open ${base}/dashboard and sign in with it.`,
  ]),
];
console.log(lines.join('\n'));

const stop = () => {
  server.close().then(() => process.exit(0), () => process.exit(1));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
