/**
 * What a new user gets from the installed package (linked into a project's node_modules).
 * What their TypeScript project sees of the BUILT types (dist/*.d.ts, through the
 * package's `exports`): a config imported from JSON (`resolveJsonModule`, as the scanner writes
 * consent.config.json) goes to `createConsent` and `readConsent`; `consent-change` and
 * `consent-gate:receipt-refused` listeners get a typed `detail`; `defineConfig` catches a
 * misspelt value. Runs after `npm run build`. `CG_PACKAGE_ROOT` points it at another build.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, expect, test } from 'vitest';

const ROOT = process.env.CG_PACKAGE_ROOT ?? resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'consent-gate-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A project made of `files`, with consent-gate installed as a package; returns its folder. */
function project(files: Record<string, string>): string {
  const project = mkdtempSync(join(dir, 'p-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(ROOT, join(project, 'node_modules', 'consent-gate'), 'dir');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
  return project;
}

/** The type errors of a project made of `files`. */
function typeErrors(files: Record<string, string>, options: ts.CompilerOptions): string[] {
  const dir = project(files);
  const program = ts.createProgram(Object.keys(files).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)), {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], ...options,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1} ` : ''}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

// The shape `consent-gate scan` writes, every string union field present.
const CONFIG = JSON.stringify({
  mode: 'opt-in',
  policies: { privacy: { version: '2024-05-01', url: '/privacy' }, terms: { version: 3 } },
  categories: {
    necessary: { required: true, label: 'Necessary' },
    analytics: { label: 'Analytics', cookies: ['_ga', '/^_ga_/'], cookieTable: [{ name: '_ga', duration: '2 years', provider: 'Google' }], sources: ['google-analytics.com'] },
    marketing: { label: 'Marketing', cookies: [] },
  },
  cookie: { name: 'consent', sameSite: 'Lax', secure: true },
  ui: { layout: 'box', theme: 'dark' },
  autoBlock: { analytics: 'analytics', marketing: false },
  gpc: ['marketing'],
  googleConsentMode: { mode: 'basic', wait_for_update: 500 },
  regions: { 'EU EEA': { mode: 'opt-in' }, '*': { mode: 'notice', ui: { layout: 'bar' } } },
}, null, 2);

const MAIN = `import config from './consent.config.json';
import { createConsent, readConsent, defineConfig, type ConsentState, type RefusedReceipt } from 'consent-gate';

const consent = createConsent(config);
const server: ConsentState = readConsent('consent=x', config, { region: 'DE' });
document.addEventListener('consent-change', (e) => {
  const state: ConsentState = e.detail;
  console.log(state.categories.analytics, consent.has('analytics'), server.decided);
});
window.addEventListener('consent-gate:receipt-refused', (e) => {
  const refused: RefusedReceipt = e.detail;
  console.log(refused.reason, e.detail.receipt.receiptId);
});
createConsent(defineConfig({ mode: 'opt-out', categories: { analytics: { label: 'Analytics' } } }));
// @ts-expect-error a misspelt mode fails type-checking in a config written in TypeScript
defineConfig({ mode: 'opt-inn', categories: {} });
// @ts-expect-error so does an unknown field in a JSON-shaped config
createConsent({ categories: {}, mdoe: 'opt-in' });
`;

test('a JSON config import, typed event listeners and defineConfig type-check (moduleResolution bundler)', () => {
  expect(typeErrors({ 'consent.config.json': CONFIG, 'main.ts': MAIN }, {
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, resolveJsonModule: true, esModuleInterop: true,
  })).toEqual([]);
});

test("the same under Node's own resolution (nodenext, an import attribute for the JSON)", () => {
  const main = MAIN.replace("from './consent.config.json';", "from './consent.config.json' with { type: 'json' };");
  expect(typeErrors({ 'consent.config.json': CONFIG, 'main.ts': main, 'package.json': '{ "type": "module" }' }, {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, resolveJsonModule: true,
  })).toEqual([]);
});

// The SRI snippet of the docs (page "CSP and Trusted Types"), run as written.
const SRI = `import manifest from 'consent-gate/integrity.json' with { type: 'json' };

// at build or deploy time: base is where the files are served
const base = 'https://cdn.example/consent-gate@0.1.0/';
const integrity = Object.fromEntries(Object.entries(manifest).map(([file, hash]) => [base + file, hash]));
const tag = \`<script type="importmap">\${JSON.stringify({ integrity })}</script>\`;
console.log(tag);
`;

test('consent-gate/integrity.json is exported: the SRI snippet prints an import map with the hash of every chunk', () => {
  const cwd = project({ 'sri.mjs': SRI });
  const out = execFileSync(process.execPath, ['sri.mjs'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const map = JSON.parse(/<script type="importmap">(.*)<\/script>/.exec(out)![1]!).integrity as Record<string, string>;
  const sha = (f: string) => `sha384-${createHash('sha384').update(readFileSync(join(ROOT, 'dist', f))).digest('base64')}`;
  for (const f of ['consent-gate.js', 'consent-gate.ui.js', 'consent-gate.prefs.js', 'i18n/de.js']) expect(map[`https://cdn.example/consent-gate@0.1.0/${f}`]).toBe(sha(f));
});
