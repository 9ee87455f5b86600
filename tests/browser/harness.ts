/**
 * The real-browser harness: Debian's Chromium driven by playwright-core, and a
 * static server on 127.0.0.1 that the tests start and stop themselves.
 *
 * The server serves the project root (so `/dist/consent-gate.js` and `/demo/...`
 * resolve), answers `/slow/<name>.js?ms=150` after that many milliseconds with a
 * script that pushes `<name>` to `window.__ran`, and records every request so a
 * test can assert that a gated URL was never asked for.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches Debian's Chromium headless (with `args` added, e.g. host resolver rules). */
export function launchBrowser(args: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...args] });
}

/** An import map's `imports` for this package's ES modules and their dependencies, served from the project root (as a bundler would resolve them). */
/** The page's console errors, as they come (a test expects the list it names, often empty). */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

export const ESM_IMPORTS = {
  'consent-gate': '/dist/index.js',
  'consent-gate/banner': '/dist/banner.js',
  'js-cookie': '/node_modules/js-cookie/dist/js.cookie.mjs',
  'lit': '/node_modules/lit/index.js',
  'lit/': '/node_modules/lit/',
  'lit-html': '/node_modules/lit-html/lit-html.js',
  'lit-html/': '/node_modules/lit-html/',
  'lit-element/': '/node_modules/lit-element/',
  '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
  '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.map': 'application/json', '.txt': 'text/plain; charset=utf-8', '.woff2': 'font/woff2',
};

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Paths (with query) requested so far, in order. */
  requests: string[];
  /** Pages registered at run time: path → HTML (or any body with its content type). */
  pages: Map<string, { body: string; type?: string; headers?: Record<string, string> }>;
  close(): Promise<void>;
}

/**
 * A handler serving the files under `dir` at the root (`/` → `/index.html`), as a static host
 * serves a built site; what `dir` does not have falls through to the next handler.
 */
export function serveDir(dir: string): Handler {
  return async (_req, res, url) => {
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir) || !(await stat(file).then((s) => s.isFile(), () => false))) return false;
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    return true;
  };
}

/** Files a test's server handler holds back (a chunk on a slow network) until the test lets them go. */
export interface Holder {
  /** Holds back `names` (they replace any held before) until `letGo()`. */
  hold(...names: string[]): void;
  /** Lets every held file go (those already asked for are answered now) and holds nothing more. */
  letGo(): void;
  /** What the handler awaits before answering `name`: settled at once unless `name` is held. */
  until(name: string): Promise<void>;
}

/** A `Holder`: the test's handler awaits `until(name)` before it answers a file it serves. */
export function holder(): Holder {
  let held = new Set<string>();
  let release = () => {};
  let gate = Promise.resolve();
  return {
    hold(...names) {
      held = new Set(names);
      gate = new Promise((r) => { release = r; });
    },
    letGo() {
      release();
      held.clear();
    },
    until: (name) => (held.has(name) ? gate : Promise.resolve()),
  };
}

/**
 * Starts a server on 127.0.0.1 at a free port. `handlers` run first; a handler
 * returning true has answered the request.
 */
export async function startServer(handlers: Handler[] = []): Promise<TestServer> {
  const requests: string[] = [];
  const pages: TestServer['pages'] = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    try {
      for (const h of handlers) if (await h(req, res, url)) return;
      const page = pages.get(url.pathname);
      if (page) {
        res.writeHead(200, { 'content-type': page.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers });
        res.end(page.body);
        return;
      }
      const slow = /^\/slow\/([\w-]+)\.js$/.exec(url.pathname);
      if (slow) {
        const ms = Number(url.searchParams.get('ms') ?? 0);
        await new Promise((r) => setTimeout(r, ms));
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
        res.end(`(window.__ran = window.__ran || []).push(${JSON.stringify(slow[1])}); (window.__ranAt = window.__ranAt || []).push(performance.now());`);
        return;
      }
      const file = normalize(join(ROOT, decodeURIComponent(url.pathname)));
      if (!file.startsWith(ROOT)) { res.writeHead(403).end(); return; }
      const body = await readFile(file);
      // CORS on static files, so module scripts load in sandboxed (opaque-origin) frames too.
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
      res.end(body);
    } catch {
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    pages,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
