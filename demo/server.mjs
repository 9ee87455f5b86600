// The demo site: `npm start` builds, then serves the demo pages on http://127.0.0.1:8080
// (PORT overrides). Paths are the project's own, so a page refers to `/dist/consent-gate.js`
// exactly as a site would refer to its copy of the file. Only demo/, dist/ and the two runtime
// dependencies of the npm page (lit, js-cookie) are served.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};
const ALLOWED = /^\/(demo|dist|node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element|js-cookie))\//;

/** Answers one request: a file under an allowed folder, `/` → the demo index, else 404. */
export async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/' || url.pathname === '/demo') {
    res.writeHead(302, { location: '/demo/' }).end();
    return;
  }
  let path = decodeURIComponent(url.pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(ROOT, path));
  if (!ALLOWED.test(path) || !file.startsWith(ROOT + '/') || file.includes('/demo/server.mjs')) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  try {
    let body = await readFile(file);
    if (path === '/demo/regions.html') {
      // What a CDN does with its geo header; here the visitor picks the region (?region=DE).
      const region = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(url.searchParams.get('region') ?? '') ? url.searchParams.get('region') : '';
      body = Buffer.from(String(body).replace('{{region}}', region));
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

/** Starts the demo server on 127.0.0.1; resolves with its origin and a close function. */
export async function startDemo(port = 8080) {
  const server = createServer((req, res) => void handle(req, res));
  await new Promise((r, j) => { server.once('error', j); server.listen(port, '127.0.0.1', r); });
  const addr = server.address();
  return {
    origin: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { origin } = await startDemo(Number(process.env.PORT ?? 8080));
  console.log(`consent-gate demo: ${origin}/demo/`);
}
