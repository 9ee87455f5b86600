/**
 * The docs' server-rendering recipes, rendered on the server in Node and hydrated in real
 * Chromium: Next.js App Router (its client component as written, rendered by React's
 * renderToString and hydrated by hydrateRoot; the layout, a server component, is played here
 * by a function that calls readConsent as the recipe's does) and SvelteKit (the layout component
 * as written, compiled by svelte/compiler for the server and for the client; its load function
 * is played by a readConsent call). nextjs.test.ts and sveltekit.test.ts run the same recipes in
 * Next.js and SvelteKit themselves; these cover the component code without a framework build.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Cookies from 'js-cookie';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { compile } from 'svelte/compiler';
import { rollup } from 'rollup';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import ts from 'typescript';
import { docsBlock as block } from './apps';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';
import type { ConsentConfig } from '../../src/core/types';

/** Imports a package that has no types here (React ships none). */
const untyped = <T>(name: string): Promise<T> => import(name) as Promise<T>;

const CONFIG: ConsentConfig = {
  mode: 'opt-in',
  gpc: false,
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' } },
  regions: { 'EU GB': { mode: 'opt-in' }, '*': { mode: 'notice' } },
};
// Files the tests write live inside the package, so that `consent-gate` resolves to this package's dist.
const TMP = join(ROOT, '.ssr-test');

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  browser = await launchBrowser();
  server = await startServer();
  server.pages.set('/analytics.js', { body: 'window.__analytics = true;', type: 'text/javascript' });
  server.pages.set('/pixel.gif', { body: 'GIF89a', type: 'image/gif' });
});
afterAll(async () => { await browser?.close(); await server?.close(); rmSync(TMP, { recursive: true, force: true }); });

/** A granted decision as a cookie value, written by the store itself. */
async function grantedCookie(): Promise<string> {
  const { createConsent } = await import('../../src/consent/store');
  let value = '';
  createConsent(CONFIG, { region: 'DE', storage: { kind: 'cookie', read: () => value || undefined, write: (v) => { value = v; }, clear: () => { value = ''; } } }).acceptAll();
  return Cookies.converter.write(value, 'consent');
}

/** Opens `path` in a fresh context (with the cookie, if given); collects errors and requests for analytics. */
async function open(path: string, cookie?: string): Promise<{ page: Page; errors: string[]; tracked: string[] }> {
  const ctx = await browser.newContext();
  if (cookie) await ctx.addCookies([{ name: 'consent', value: cookie, url: server.origin }]);
  const page = await ctx.newPage();
  const errors: string[] = [];
  const tracked: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('request', (r) => { if (/analytics|pixel/.test(r.url())) tracked.push(r.url()); });
  await page.goto(server.origin + path);
  return { page, errors, tracked };
}

const jsx = (code: string) => ts.transpileModule(code, { compilerOptions: { jsx: ts.JsxEmit.ReactJSX, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;

describe('Next.js App Router recipe (React renderToString + hydrateRoot)', () => {
  const client = block(/```jsx\n(\/\/ app\/consent-client\.jsx\n[\s\S]*?)```/);
  // The layout's part, as the recipe's server component does it: readConsent, then the client components.
  const app = `import { ConsentBanner, AnalyticsTag, useConsent } from './consent-client.mjs';
export function App({ config, initial }) {
  const { decided } = useConsent(config, initial);
  return <><ConsentBanner config={config} /><p id="decided">{decided ? 'decided' : 'undecided'}</p>
    <AnalyticsTag config={config} initial={initial} src="/analytics.js" /></>;
}`;
  let bundled = '';

  beforeAll(async () => {
    writeFileSync(join(TMP, 'consent-client.mjs'), jsx(client));
    writeFileSync(join(TMP, 'app.mjs'), jsx(app));
    writeFileSync(join(TMP, 'hydrate.mjs'), `import { hydrateRoot } from 'react-dom/client';
import { jsx } from 'react/jsx-runtime';
import { App } from './app.mjs';
const { config, initial } = JSON.parse(document.getElementById('props').textContent);
hydrateRoot(document.getElementById('app'), jsx(App, { config, initial }), { onRecoverableError: (e) => console.error('recoverable: ' + e.message) });`);
    const bundle = await rollup({
      input: join(TMP, 'hydrate.mjs'),
      onwarn: () => {},
      plugins: [
        { name: 'self', resolveId: (id) => (id === 'consent-gate' ? join(ROOT, 'dist/index.js') : id === 'consent-gate/banner' ? join(ROOT, 'dist/banner.js') : null) },
        replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
        nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
        commonjs(),
      ],
    });
    bundled = (await bundle.generate({ format: 'es', inlineDynamicImports: true })).output[0].code;
    await bundle.close();
    server.pages.set('/next/hydrate.js', { body: bundled, type: 'text/javascript; charset=utf-8' });
  });

  /** Renders the page on the server (in Node) for a Cookie header and a region. */
  async function render(path: string, cookieHeader: string, region: string): Promise<string> {
    const { readConsent } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href) as typeof import('../../src/index');
    const { renderToString } = await untyped<{ renderToString(node: unknown): string }>('react-dom/server');
    const { jsx: h } = await untyped<{ jsx(type: unknown, props: unknown): unknown }>('react/jsx-runtime');
    const { App } = await import(pathToFileURL(join(TMP, 'app.mjs')).href) as { App: (p: unknown) => unknown };
    const initial = readConsent(cookieHeader, CONFIG, { region });
    const html = renderToString(h(App, { config: CONFIG, initial }));
    server.pages.set(path, {
      body: `<!doctype html><html lang="en" data-region="${region}"><head><meta charset="utf-8"><title>Next</title><link rel="icon" href="data:,"></head>
<body><div id="app">${html}</div><script type="application/json" id="props">${JSON.stringify({ config: CONFIG, initial })}</script>
<script type="module" src="/next/hydrate.js"></script></body></html>`,
    });
    return html;
  }

  test('an undecided visitor: no tag in the server HTML, hydration without errors, the banner, the tag only after a yes', async () => {
    const html = await render('/next/undecided', 'other=1', 'DE');
    expect(html).not.toContain('/analytics.js');
    expect(html).toContain('undecided');
    const { page, errors, tracked } = await open('/next/undecided');
    await expect.poll(() => page.locator('consent-banner').getByRole('button', { name: 'Accept all' }).count()).toBe(1);
    expect(tracked).toEqual([]);
    await page.locator('consent-banner').getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => page.locator('#decided').textContent()).toBe('decided');
    await expect.poll(() => tracked.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a decided visitor: the tag is in the server HTML, hydration matches, no banner', async () => {
    const cookie = await grantedCookie();
    const html = await render('/next/decided', `consent=${cookie}`, 'DE');
    expect(html).toContain('src="/analytics.js"');
    const { page, errors } = await open('/next/decided', cookie);
    await page.waitForFunction(() => customElements.get('consent-banner'));
    await page.waitForTimeout(300);
    expect(await page.locator('consent-banner [part~="banner"]').count()).toBe(0);
    expect(await page.locator('#decided').textContent()).toBe('decided');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('SvelteKit recipe (svelte/server render + hydrate)', () => {
  const layout = block(/```svelte\n<!-- src\/routes\/\+layout\.svelte -->\n([\s\S]*?)```/);

  beforeAll(async () => {
    const server_ = compile(layout, { filename: 'Layout.svelte', generate: 'server' });
    writeFileSync(join(TMP, 'layout.server.mjs'), server_.js.code);
    const client = compile(layout, { filename: 'Layout.svelte', generate: 'client' });
    expect(client.warnings.map((w) => w.code)).toEqual([]);
    writeFileSync(join(TMP, 'layout.client.mjs'), client.js.code);
    writeFileSync(join(TMP, 'svelte-hydrate.mjs'), `import { hydrate } from 'svelte';
import Layout from './layout.client.mjs';
hydrate(Layout, { target: document.getElementById('app'), props: { data: JSON.parse(document.getElementById('data').textContent) } });`);
    const bundle = await rollup({
      input: join(TMP, 'svelte-hydrate.mjs'),
      onwarn: () => {},
      plugins: [
        { name: 'self', resolveId: (id) => (id === 'consent-gate' ? join(ROOT, 'dist/index.js') : id === 'consent-gate/banner' ? join(ROOT, 'dist/banner.js') : null) },
        nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
      ],
    });
    server.pages.set('/kit/hydrate.js', { body: (await bundle.generate({ format: 'es', inlineDynamicImports: true })).output[0].code, type: 'text/javascript; charset=utf-8' });
    await bundle.close();
  });

  async function render(path: string, cookieHeader: string, region: string): Promise<string> {
    const { readConsent } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href) as typeof import('../../src/index');
    const { render: ssr } = await import('svelte/server');
    const { default: Layout } = await import(pathToFileURL(join(TMP, 'layout.server.mjs')).href);
    // The recipe's +layout.server.js load function.
    const data = { config: CONFIG, region, consent: readConsent(cookieHeader, CONFIG, { region }) };
    const { body, head } = ssr(Layout, { props: { data } });
    server.pages.set(path, {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kit</title><link rel="icon" href="data:,">${head}</head>
<body><div id="app">${body}</div><script type="application/json" id="data">${JSON.stringify(data)}</script>
<script type="module" src="/kit/hydrate.js"></script></body></html>`,
    });
    return body;
  }

  test('an undecided visitor in Germany: no pixel in the server HTML, hydration without errors, the banner', async () => {
    const html = await render('/kit/undecided', '', 'DE');
    expect(html).not.toContain('pixel.gif');
    const { page, errors, tracked } = await open('/kit/undecided');
    await expect.poll(() => page.locator('consent-banner').getByRole('button', { name: 'Accept all' }).count()).toBe(1);
    expect(tracked).toEqual([]);
    await page.locator('consent-banner').getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => page.locator('img[src*="pixel.gif"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a decided visitor: the pixel is in the server HTML, and hydration keeps it', async () => {
    const cookie = await grantedCookie();
    expect(await render('/kit/decided', `consent=${cookie}`, 'DE')).toContain('pixel.gif');
    const { page, errors } = await open('/kit/decided', cookie);
    await page.waitForFunction(() => customElements.get('consent-banner'));
    await page.waitForTimeout(300);
    expect(await page.locator('img[src*="pixel.gif"]').count()).toBe(1);
    expect(await page.locator('consent-banner [part~="banner"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
