/**
 * Node's http module around the Fetch-API handler: `toNodeHandler` (also an
 * Express/Connect middleware) and `serve`, which the `consent-gate serve` command runs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createReceiptHandler, type ReceiptHandlerOptions } from './handler.js';
import { MAX_BODY } from './receipt.js';
import { openReceiptStore, type ReceiptStore } from './store.js';

/**
 * Adapts a Fetch-API handler to `(req, res, next?)`. The body is read only when the
 * handler reads it, and reading stops once past the 16 KiB limit. With `next`
 * (Express, Connect), a 404 from the handler passes the request on untouched; mount
 * it before any body parser.
 *
 * @example http.createServer(toNodeHandler(createReceiptHandler({ store })))
 * @example app.use(toNodeHandler(handle)) // Express
 */
export function toNodeHandler(handler: (request: Request) => Promise<Response>) {
  return (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void => {
    const run = async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) headers.append(k, x);
      }
      const method = req.method ?? 'GET';
      // Methods the Fetch API cannot carry (a Request for them throws): answered here, never a 500.
      if (/^(CONNECT|TRACE|TRACK)$/i.test(method)) {
        if (next) return next();
        res.writeHead(405, { allow: 'GET, POST, OPTIONS', 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        return void res.end(JSON.stringify({ error: `method: ${method} is not allowed` }));
      }
      // The request target as a path: '//' or '//host/…' is a path here, never a URL of another host (found by the fuzzer: '//' threw).
      const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
      const url = /^https?:\/\//i.test(target) && URL.canParse(target) ? new URL(target) : URL.canParse('http://localhost' + target) ? new URL('http://localhost' + target) : undefined;
      if (!url) {
        res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
        return void res.end(JSON.stringify({ error: 'request target: expected a path' }));
      }
      let started = false;
      let size = 0;
      // Pulled on the handler's first read only (highWaterMark 0), so a request it passes on keeps its body.
      const body = method === 'GET' || method === 'HEAD' ? undefined : new ReadableStream<Uint8Array>({
        pull(ctrl) {
          if (started) return;
          started = true;
          req.on('data', (c: Buffer) => {
            size += c.length;
            ctrl.enqueue(new Uint8Array(c));
            if (size > MAX_BODY) req.pause();
          });
          req.on('end', () => ctrl.close());
          req.on('error', (e) => ctrl.error(e));
        },
        cancel() {
          req.pause();
          req.removeAllListeners('data');
        },
      }, { highWaterMark: 0 });
      const response = await handler(new Request(url, { method, headers, body, duplex: 'half' } as RequestInit));
      if (response.status === 404 && next) return next();
      // A body still arriving (too large, or refused unread) is not read on: the connection closes after the answer.
      if (!req.complete) res.setHeader('connection', 'close');
      res.writeHead(response.status, Object.fromEntries(response.headers));
      // Streamed with back-pressure: an export of many rows is written as the client reads it.
      if (response.body) await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res);
      else res.end();
    };
    run().catch((e) => {
      if (next && !res.headersSent) return next(e);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end();
      else res.destroy(); // a body cut short must not look complete
    });
  };
}

/** Where `serve` keeps receipts unless told: a JSON-lines file, which needs no database driver. */
export const DEFAULT_DB = './consent-receipts.jsonl';

/** Options of `serve`: the handler's options, with the store given as a location. */
export interface ServeOptions extends Omit<ReceiptHandlerOptions, 'store'> {
  /** A `.jsonl` file (default `./consent-receipts.jsonl`, nothing to install), a SQLite file path (`.db`) or a `postgres://` URL. */
  db?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (put a TLS-terminating proxy in front); `0.0.0.0` listens on every interface. */
  host?: string;
}

/**
 * Opens the store and starts an HTTP server with the receipts endpoint.
 *
 * @example const { url, close } = await serve({ port: 8787, db: './consent.db', adminToken })
 * @returns the server, its store, the endpoint URL, and `close()` (finishes requests, closes the store).
 */
export async function serve(options: ServeOptions = {}): Promise<{ server: Server; store: ReceiptStore; url: string; close(): Promise<void> }> {
  const store = await openReceiptStore(options.db ?? DEFAULT_DB);
  const handler = createReceiptHandler({ ...options, store });
  const server = createServer(toNodeHandler(handler));
  server.requestTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, host, resolve);
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port;
  return {
    server,
    store,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${options.path ?? '/consent/receipts'}`,
    close: async () => {
      await new Promise<void>((r) => { server.close(() => r()); server.closeIdleConnections(); });
      await store.close();
    },
  };
}
