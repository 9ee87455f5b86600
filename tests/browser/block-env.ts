// The setting of the blocking tests that come from the table (block-routes, block-matrix): the
// blocking drop-in on a page at 127.0.0.1, "third parties" at tracker.test (mapped to the same
// server by --host-resolver-rules, so they are another site to the browser and no request leaves
// the machine). Every request to them is logged as `host/path?query`, by type of file answered.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type TestServer } from './harness';

export interface BlockEnv {
  browser: Browser;
  server: TestServer;
  /** Requests to the third parties, in order: `host/path?query`. */
  hits: string[];
  /** `http://tracker.test:PORT` */
  T: string;
  close(): Promise<void>;
}

const GIF = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs=', 'base64');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect id="a" width="4" height="4"/><linearGradient id="g"/><pattern id="p"/><path id="m" d="M0 0"/></svg>';

export async function blockEnv(): Promise<BlockEnv> {
  const browser = await launchBrowser(['--host-resolver-rules=MAP *.test 127.0.0.1', '--autoplay-policy=no-user-gesture-required']);
  const hits: string[] = [];
  const server = await startServer([(req, res, url) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host === '127.0.0.1') return false;
    hits.push(host + url.pathname + url.search);
    const name = /([\w-]+)\.\w+$/.exec(url.pathname)?.[1] ?? '';
    const h = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    const ext = /\.(\w+)$/.exec(url.pathname)?.[1];
    if (ext === 'js') res.writeHead(200, { 'content-type': 'text/javascript', ...h }).end(`(window.__ran = window.__ran || []).push(${JSON.stringify(name)});`);
    else if (ext === 'html') res.writeHead(200, { 'content-type': 'text/html', ...h }).end(`<p>${name}</p>`);
    else if (ext === 'css') res.writeHead(200, { 'content-type': 'text/css', ...h }).end('b{--x:1}');
    else if (ext === 'svg') res.writeHead(200, { 'content-type': 'image/svg+xml', ...h }).end(SVG);
    else if (ext === 'vtt') res.writeHead(200, { 'content-type': 'text/vtt', ...h }).end('WEBVTT\n');
    else res.writeHead(200, { 'content-type': 'image/gif', ...h }).end(GIF);
    return true;
  }]);
  const port = new URL(server.origin).port;
  return {
    browser, server, hits, T: `http://tracker.test:${port}`,
    close: async () => { await browser.close(); await server.close(); },
  };
}

export const CONFIG = { categories: { necessary: { required: true }, analytics: { label: 'Analytics', sources: ['tracker.test'] } } };
/** The same categories, nothing gated: what the browser does without the blocker. */
export const FREE = { categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } };

let n = 0;
/** Registers a page with a drop-in (the blocking build by default) in its head, then `head` and `body`; returns its path. */
export function page(env: BlockEnv, body: string, { head = '', config = CONFIG as object, build = '.block' } = {}): string {
  const path = `/block-env/${++n}.html`;
  env.server.pages.set(path, { body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>b</title><link rel="icon" href="data:,">
<script>window.__ran = []; window.onerror = (m) => __ran.push('error ' + m);</script>
<script src="/dist/consent-gate${build}.js" data-config='${JSON.stringify(config)}'></script>
${head}</head><body>${body}</body></html>` });
  return path;
}

/** Opens `path` in a fresh context and waits `ms` for what it loads. */
export async function open(env: BlockEnv, path: string, ms = 300): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await env.browser.newContext();
  const p = await ctx.newPage();
  await p.goto(env.server.origin + path);
  await p.waitForTimeout(ms);
  return { ctx, page: p };
}

/** Waits until no third-party request came for `quiet` ms (at most `max` ms). */
export async function settle(env: BlockEnv, p: Page, quiet = 250, max = 3000): Promise<void> {
  const end = Date.now() + max;
  for (let seen = -1; seen !== env.hits.length && Date.now() < end;) {
    seen = env.hits.length;
    await p.waitForTimeout(quiet);
  }
}

export const accept = (p: Page) => p.evaluate('consentGate.acceptAll()');
