/**
 * <consent-banner> placed by hand in real framework apps, in real Chromium: Vue 3 (its
 * browser ESM build, template compiled in the page), Svelte 5 (compiled here with
 * svelte/compiler, runtime served from node_modules/svelte/src) and React 19 (the docs'
 * recipe as written, bundled here by rollup: React ships CommonJS only). Each app follows the
 * docs' recipe: the store passed as a property, the app's own text reacting to the
 * state, the app's own button opening the preferences. Vue and Svelte resolve modules
 * through an import map, as a bundler would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { compile } from 'svelte/compiler';
import { rollup } from 'rollup';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import ts from 'typescript';
import { ESM_IMPORTS, launchBrowser, ROOT, startServer, type TestServer } from './harness';

const CONFIG = {
  mode: 'opt-in',
  gpc: false,
  categories: {
    necessary: { required: true, label: 'Necessary', description: 'Keeps you signed in.' },
    analytics: { label: 'Analytics', description: 'Which pages are read.' },
    marketing: { label: 'Marketing', description: 'Ads that match your interests.' },
  },
};

type Exports = string | { [condition: string]: Exports };
const CONDITIONS = ['browser', 'production', 'import', 'default'];

/** The file a package.json `exports` entry names for a production browser ESM build. */
function pick(e: Exports | undefined): string | undefined {
  if (typeof e === 'string' || e === undefined) return e;
  for (const [k, v] of Object.entries(e)) if (CONDITIONS.includes(k)) { const f = pick(v); if (f) return f; }
  return undefined;
}

/** Import-map entries for every runtime subpath a package exports (types-only ones skipped). */
function mapPackage(name: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { exports: Record<string, Exports>; imports?: Record<string, Exports> };
  const out: Record<string, string> = {};
  for (const [sub, e] of Object.entries({ ...pkg.exports, ...pkg.imports })) {
    const file = pick(e);
    if (file?.endsWith('.js') || file?.endsWith('.mjs')) out[sub.startsWith('#') ? sub : name + sub.slice(1)] = `/node_modules/${name}/${file.slice(2)}`;
  }
  return out;
}

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
afterAll(async () => { await browser?.close(); await server?.close(); });

/** Serves a page with the import map and a module script, opens it, collects errors. */
async function open(path: string, imports: Record<string, string>, module: string): Promise<{ page: Page; errors: string[] }> {
  server.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framework app</title><link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports: { ...ESM_IMPORTS, ...imports } })}</script>
</head><body><main id="app"></main><script type="module">${module}</script></body></html>`,
  });
  const page = await (await browser.newContext({ reducedMotion: 'reduce' })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.origin + path);
  return { page, errors };
}

const decision = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { consent: { get(): { decided: boolean; source: string | null; categories: Record<string, boolean> } } }).consent.get();
  return { decided: s.decided, source: s.source, analytics: s.categories.analytics };
});

/** The same journey for every framework: first layer, Reject all, reactive text, the app's settings button. */
async function journey(page: Page, errors: string[]) {
  const banner = page.locator('consent-banner [part~=banner]');
  await expect.poll(() => banner.isVisible()).toBe(true);
  const status = page.locator('#status');
  await expect.poll(() => status.textContent()).toBe('Analytics off');
  expect((await decision(page)).decided).toBe(false);

  await page.getByRole('button', { name: 'Reject all' }).click();
  expect(await decision(page)).toEqual({ decided: true, source: 'banner', analytics: false });
  await expect.poll(() => banner.count()).toBe(0);
  expect(await status.textContent()).toBe('Analytics off');
  expect(await page.locator('#decided').textContent()).toBe('decided');

  await page.evaluate(() => (window as unknown as { consent: { acceptAll(): void } }).consent.acceptAll());
  await expect.poll(() => status.textContent()).toBe('Analytics on');

  expect(await page.getByRole('dialog').count()).toBe(0);
  await page.locator('#settings').click();
  await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
  // The dialog shows the stored decision: analytics now on.
  expect(await page.getByRole('switch', { name: 'Analytics' }).isChecked()).toBe(true);
  expect(errors).toEqual([]);
  await page.context().close();
}

describe('Vue 3', () => {
  test('the docs recipe: .prop store, reactive state from listen(), settings button', async () => {
    const { page, errors } = await open('/vue', { vue: '/node_modules/vue/dist/vue.esm-browser.prod.js' }, `
import { createApp, ref, onUnmounted } from 'vue';
import { createConsent } from 'consent-gate';
import 'consent-gate/banner';
const consent = window.consent = createConsent(${JSON.stringify(CONFIG)});
const app = createApp({
  setup() {
    const state = ref(consent.get());
    onUnmounted(consent.listen((s) => (state.value = s)));
    return { consent, state };
  },
  template: \`<consent-banner :consent.prop="consent" layout="box" />
<p id="status" v-if="state.categories.analytics">Analytics on</p><p id="status" v-else>Analytics off</p>
<p id="decided">{{ state.decided ? 'decided' : 'undecided' }}</p>
<button id="settings" @click="consent.showPreferences()">Cookie settings</button>\`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag === 'consent-banner';
app.mount('#app');
`);
    await journey(page, errors);
  });
});

describe('Svelte 5', () => {
  test('the docs recipe: consent={consent}, $consent as a store, settings button', async () => {
    const source = `<script>
  import { createConsent } from 'consent-gate';
  import 'consent-gate/banner';

  const consent = window.consent = createConsent(${JSON.stringify(CONFIG)});
</script>

<consent-banner consent={consent} layout="box"></consent-banner>
{#if $consent.categories.analytics}<p id="status">Analytics on</p>{:else}<p id="status">Analytics off</p>{/if}
<p id="decided">{$consent.decided ? 'decided' : 'undecided'}</p>
<button id="settings" on:click={() => consent.showPreferences()}>Cookie settings</button>
`;
    const { js, warnings } = compile(source, { filename: 'App.svelte', generate: 'client', dev: false });
    expect(warnings.map((w) => w.code)).toEqual([]);
    server.pages.set('/App.svelte.js', { body: js.code, type: 'text/javascript; charset=utf-8' });
    const { page, errors } = await open('/svelte', { ...mapPackage('svelte'), ...mapPackage('esm-env'), ...mapPackage('clsx') }, `
import { mount } from 'svelte';
import App from '/App.svelte.js';
mount(App, { target: document.getElementById('app') });
`);
    await journey(page, errors);
  });
});

describe('React 19', () => {
  test('the docs recipe as written: useSyncExternalStore over listen(), the store set through a ref, settings button', async () => {
    const recipe = /<!-- recipe:react -->\s*```jsx\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'docs/frameworks/react.md'), 'utf8'))?.[1];
    expect(recipe).toContain('useSyncExternalStore');
    // The recipe's `config` is the site's: ours is declared before it. The two modules exist only
    // in memory, under the project (so that packages resolve from its node_modules).
    const app = join(ROOT, 'react-app');
    const files: Record<string, string> = {
      [join(app, 'recipe.jsx')]: `const config = ${JSON.stringify(CONFIG)};\n${recipe!}`,
      [join(app, 'app.jsx')]: `import { createRoot } from 'react-dom/client';
import { consent, useConsent, ConsentBanner } from './recipe.jsx';
window.consent = consent;
function App() {
  const { decided, categories } = useConsent();
  return <>
    <ConsentBanner />
    <p id="status">{categories.analytics ? 'Analytics on' : 'Analytics off'}</p>
    <p id="decided">{decided ? 'decided' : 'undecided'}</p>
    <button id="settings" onClick={() => consent.showPreferences()}>Cookie settings</button>
  </>;
}
createRoot(document.getElementById('app')).render(<App />);`,
    };
    const bundle = await rollup({
      input: join(app, 'app.jsx'),
      onwarn: () => {},
      plugins: [
        {
          name: 'app',
          resolveId: (id, from) => (id === './recipe.jsx' && from ? join(app, 'recipe.jsx') : id in files ? id : id === 'consent-gate' ? join(ROOT, 'dist/index.js') : id === 'consent-gate/banner' ? join(ROOT, 'dist/banner.js') : null),
          load: (id) => files[id] ?? null,
          transform: (code, id) => (id.endsWith('.jsx') ? ts.transpileModule(code, { compilerOptions: { jsx: ts.JsxEmit.ReactJSX, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText : null),
        },
        replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
        nodeResolve({ browser: true }),
        commonjs(),
      ],
    });
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
    await bundle.close();
    server.pages.set('/react-app.js', { body: output[0].code, type: 'text/javascript; charset=utf-8' });
    server.pages.set('/react', {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React app</title><link rel="icon" href="data:,"></head>
<body><main id="app"></main><script type="module" src="/react-app.js"></script></body></html>`,
    });
    const page = await (await browser.newContext({ reducedMotion: 'reduce' })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(server.origin + '/react');
    await journey(page, errors);
  });
});
