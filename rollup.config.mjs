// Builds: the typed ESM entries (consent-gate, /banner, /server), and the drop-in
// (an IIFE for a <script> tag) with its lazily loaded UI chunk and language files.
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { compactTable, readCsv } from './scripts/ocd.mjs';

// Only src/ is compiled here (tsconfig.build.json); tests and scripts are type-checked by `npm run typecheck`.
const ts = (outDir = 'dist') => typescript({ tsconfig: './tsconfig.build.json', compilerOptions: { outDir, declaration: false, declarationMap: false, emitDeclarationOnly: false, sourceMap: false } });
const min = (o = {}) => terser({ ecma: 2020, module: true, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false }, ...o });
/** The drop-in's tags and chunks (every page view): more passes, methods as shorthand, comparisons flipped (no object comparisons here): ~30 bytes gzipped. */
const minDropin = (o = {}) => min({ compress: { passes: 5, unsafe_arrows: true, unsafe_methods: true, unsafe_comps: true }, ...o });
/** A chunk the drop-in fetches by name: `src` alone (with what it imports) as `dist/consent-gate.<name>.js`, `min()`-ed unless told. */
const chunk = (name, src, o = {}) => ({ input: src, plugins: [resolve(), ts(), o.min ?? min()], output: { file: `dist/consent-gate.${name}.js`, format: 'es' } });
/** Private members (`_name`) of the banner's element get short names (its chunk has a size budget); Lit's policy, the squeezed CSS. */
const uiPlugins = (...first) => [...first, resolve(), litPolicy(), squeezeCss(), ts(), minDropin({ mangle: { properties: { regex: /^_[a-z]/ } } })];
/** Drops the layout whitespace inside the template strings of `*.styles.ts` (the banner's stylesheet). */
const squeezeCss = () => ({ name: 'squeeze-css', transform: (code, id) => (id.endsWith('.styles.ts') ? code.replace(/`[^`]*`/g, (t) => t.replace(/\s*\n\s*/g, '').replace(/:\s+/g, ':').replace(/\s*([{;,])\s*/g, '$1').replace(/;}/g, '}').replace(/([ :(,-])0\./g, '$1.')) : null) });
/**
 * Lit creates its Trusted Types policy `lit-html` when it is imported: under a CSP that allows only
 * the site's own `default` policy that throws (and the whole UI chunk failed), and even caught, the
 * refused `createPolicy` is a CSP violation report on every page view. So when the site has a
 * `default` policy that passes Lit's template HTML through unchanged (a probe with Lit's markers),
 * Lit makes no policy and its templates go through that one; otherwise (no default policy, or one
 * that sanitizes) it asks for `lit-html` as before, and a refusal leaves it without one.
 */
const litPolicy = () => ({
  name: 'lit-policy',
  transform(code, id) {
    if (!/lit-html[\\/]lit-html\.js$/.test(id)) return null;
    const create = 's.createPolicy("lit-html",{createHTML:t=>t})';
    if (!code.includes(create)) this.error('lit-html changed: update litPolicy() in rollup.config.mjs');
    // `d.createHTML` throws without a default policy (or one without createHTML): then Lit's own is tried.
    const probe = '"<b a$lit$><?lit$0$>"';
    return code.replace(create, () => `((d)=>{try{if(d.createHTML(${probe})==${probe})return}catch{}try{return ${create}}catch{}})(s.defaultPolicy)`);
  },
});
const external = (id) => /^(lit|@lit|js-cookie|better-sqlite3|pg|playwright-core|tldts|acorn|@iabtechlabtcf|@iabgpp|node:)/.test(id);


/** Emits .d.ts files for the ESM entries with tsc (one pass, declaration maps included). */
const declarations = () => ({
  name: 'declarations',
  writeBundle() { execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' }); },
});

/** In a blocking build of the drop-in, its tag's `./blocker.js` import resolves to `blocker.<variant>.ts` (the hooks). */
const swapBlocker = (variant) => ({
  name: 'swap-blocker',
  resolveId: (id, importer) => (variant && id === './blocker.js' && importer?.endsWith('src/dropin/tag.ts') ? resolvePath(`src/dropin/blocker.${variant}.ts`) : null),
});

/** In the iab build of the drop-in's tag, its `./seams.js` import resolves to src/iab/dropin/seams.ts (the CMP stubs, its chunks). */
const swapSeams = () => ({
  name: 'swap-seams',
  resolveId: (id, importer) => (id === './seams.js' && importer?.endsWith('src/dropin/tag.ts') ? resolvePath('src/iab/dropin/seams.ts') : null),
});

/**
 * The iab build (src/iab/): its tag (src/dropin/tag.ts with src/iab/dropin/seams.ts) loads its own UI chunk (consent-gate.iab-ui.js: the
 * banner with the TCF layers) where the others load consent-gate.ui.js, which stays as it is for every other site;
 * its own errors chunk (consent-gate.iab-errors.js: the words of `tcf` and `gpp` problems too); and its own reader and
 * store chunks (consent-gate.iab-reader.js, .iab-store.js: the `tcf` and `gpp` checks, the CMPs started).
 */
const iabSwap = () => ({
  name: 'iab-swap',
  transform(code, id) {
    if (!id.endsWith('src/dropin/begin.ts')) return null;
    const from = 'consent-gate.${name}.js';
    if (!code.includes(from)) this.error('src/dropin/begin.ts no longer names its chunks `consent-gate.${name}.js`: update iabSwap() in rollup.config.mjs');
    return code.replace(from, () => "consent-gate.${/^(ui|errors|reader|store)$/.test(name) ? 'iab-' + name : name}.js");
  },
});

/** Refuses a build of entries whose shared code is not exactly one chunk, `name` (the tag fetches it beside either entry). */
const oneSharedChunk = (name, tag) => ({
  name: 'one-shared-chunk',
  generateBundle(_, bundle) {
    const chunks = Object.values(bundle).filter((f) => f.type === 'chunk' && !f.isEntry).map((f) => f.fileName);
    if (chunks.join() !== name) this.error(`the drop-in's chunks share ${chunks.join(', ') || 'nothing'}: the tag fetches ${name} alone (${tag})`);
  },
});

/**
 * In a graph of several drop-in entries fetched together (the store's and the UI's), puts all that the entry `src`
 * imports statically into its file (`name`), where the others import it from: no third file (no shared chunk the tag does not
 * know to fetch at once), and `name`'s file is what it was alone. Refuses a build that makes more files than the entries
 * and the chunks they import dynamically.
 */
const oneFileFor = (name, src) => {
  let closure;
  return {
    name: 'one-file-for',
    outputOptions: (o) => ({ ...o, manualChunks(id, { getModuleInfo }) {
      if (!closure) {
        closure = new Set();
        const walk = (m) => { if (m && !closure.has(m)) { closure.add(m); for (const i of getModuleInfo(m)?.importedIds ?? []) walk(i); } };
        walk(resolvePath(src));
      }
      return closure.has(id) ? name : undefined;
    } }),
    generateBundle(_, bundle) {
      const shared = Object.values(bundle).filter((f) => f.type === 'chunk' && !f.isEntry && !f.isDynamicEntry).map((f) => f.fileName);
      if (shared.length) this.error(`the drop-in's entries share ${shared.join(', ')}: they import what they share from ${name}'s file`);
    },
  };
};

/** In the iab UI chunk, the banner's preferences module is the TCF second layer (which falls back to the banner's own). */
const tcfPrefs = () => ({
  name: 'tcf-prefs',
  resolveId: (id, importer) => (id === './prefs.js' && importer?.endsWith('src/banner/consent-banner.component.ts') ? resolvePath('src/iab/ui/layer2.ts') : null),
});

/** The Open Cookie Database's compact table for the debug panel (`virtual:consent-gate-cookie-table`), derived from data/ at build time. */
const cookieTable = () => ({
  name: 'cookie-table',
  resolveId: (id) => (id === 'virtual:consent-gate-cookie-table' ? '\0cookie-table' : null),
  load: (id) => (id === '\0cookie-table' ? `export default ${JSON.stringify(compactTable(readCsv()))};` : null),
});

const langs = existsSync('src/i18n/langs') ? readdirSync('src/i18n/langs').filter((f) => f.endsWith('.ts')) : [];

/** `CG_ONLY=<regex>` builds only the configs whose output (file or dir) matches it: a quick rebuild of the drop-in's files while working (`CG_ONLY=consent-gate npx rollup -c`). */
const only = (configs) => (process.env.CG_ONLY ? configs.filter((c) => new RegExp(process.env.CG_ONLY).test(c.output.file ?? `${c.output.dir}/${c.output.entryFileNames ?? ''}`)) : configs);

export default only([
  {
    // Entries are added as their units land; a missing one is skipped rather than failing the build.
    input: Object.fromEntries(Object.entries({ index: 'src/index.ts', banner: 'src/banner.ts', server: 'src/server.ts', scan: 'src/scan.ts', migrate: 'src/migrate.ts', iab: 'src/iab.ts', debug: 'src/debug.ts' }).filter(([, f]) => existsSync(f))),
    external,
    plugins: [cookieTable(), ts(), declarations()],
    output: { dir: 'dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  // The drop-in's tag (src/dropin/tag.ts: Consent Mode's default, the stub, then its chunks, below), and the blocking
  // builds' tags: the same, with src/dropin/blocker.ts swapped for blocker.block.ts (the hooks that hold what `sources`
  // name) or blocker.auto.ts (`sources`, `autoBlock` and the services list). Those hooks are the only difference, so
  // they fetch the same chunks (the store chunk takes their check of the checked config from the tag, Launch.blocker).
  ...(existsSync('src/dropin/tag.ts') ? ['', 'block', 'auto'].map((variant) => ({
    input: 'src/dropin/tag.ts',
    plugins: [swapBlocker(variant), resolve(), ts(), minDropin()],
    output: { file: `dist/consent-gate${variant && '.' + variant}.js`, format: 'iife' },
  })) : []),
  // The default drop-in's chunks, which its tag fetches by name: the reader (`consent-gate.reader.js`: what a decided
  // visitor runs, the gate included), a file of its own with all it needs. A return visit is the tag and this one chunk
  // (one request, one round trip after the tag); what it shares with the store (the gate, the record's reading, Consent
  // Mode's updates, ~4 KB) is downloaded twice only by a decided visitor who then changes their mind, and a chunk shared
  // by both cost every return visit its first-visit parts and a third file (issue 20).
  ...(existsSync('src/dropin/reader.ts') ? [chunk('reader', 'src/dropin/reader.ts', { min: minDropin() })] : []),
  // What refused categories declared, erased again on a decided visitor's page view (src/storage/erase.ts): fetched by the
  // reader only when a refused category declares cookies or storage keys, after the gate's first release (the store holds its own).
  ...(existsSync('src/dropin/reader.ts') ? [chunk('erase', 'src/storage/erase.ts')] : []),
  // The iab drop-in (IAB TCF v2.3, GPP): its tag (src/dropin/tag.ts with the seams of src/iab/dropin/seams.ts: the CMP API
  // stubs, Consent Mode's default, the stub), its reader and store chunks (`consent-gate.iab-reader.js`, `.iab-store.js`, with the `tcf` and `gpp` checks)
  // and what both share (`consent-gate.iab-shared.js`), as the default drop-in's; its CMP chunk (the CMP API and a TC
  // string reader of its own; IAB Tech Lab's core, to write strings, in a chunk of its own).
  ...(existsSync('src/iab/dropin/seams.ts') ? [{
    input: 'src/dropin/tag.ts',
    plugins: [swapSeams(), iabSwap(), resolve(), ts(), minDropin()],
    output: { file: 'dist/consent-gate.iab.js', format: 'iife' },
  }, {
    // One file for a decided visitor (no shared chunk: on the return visit a third file cost ~400 B gzip): the reader
    // with what the store uses of it, and the store as a chunk beside it importing that (`import('./store.js')` in
    // reader.ts). A first visit fetches both at once (src/iab/dropin/seams.ts).
    input: { 'iab-reader': 'src/iab/dropin/reader.ts' },
    plugins: [resolve(), ts(), minDropin(), oneSharedChunk('consent-gate.iab-store.js', 'src/iab/dropin/seams.ts')],
    preserveEntrySignatures: 'allow-extension',
    output: { dir: 'dist', format: 'es', entryFileNames: 'consent-gate.[name].js', chunkFileNames: 'consent-gate.iab-[name].js' },
  }, {
    // A return visit loads only this: the CMP API answered from the stored string (src/iab/tcf/api.ts, decode.ts).
    // IAB's encoder and the decision's mapping (write.ts) are consent-gate.tcf-write.js, loaded to write a string.
    input: 'src/iab/tcf/chunk.ts',
    plugins: [resolve(), ts(), min()],
    // The reader the writer also uses stays in consent-gate.tcf.js (no third file on a return visit).
    preserveEntrySignatures: 'allow-extension',
    output: { dir: 'dist', format: 'es', entryFileNames: 'consent-gate.tcf.js', chunkFileNames: 'consent-gate.tcf-[name].js' },
  },
  // The words of config problems for the iab drop-in, `tcf` and `gpp` included, fetched only when its config is invalid.
  chunk('iab-errors', 'src/iab/dropin/errors.ts')] : []),
  // The iab drop-in's GPP CMP (IAB Tech Lab's @iabgpp/cmpapi: its CallResponder, the header) and, as chunks beside it,
  // the section classes, each group fetched only by the visitors it applies to: usnat, the US states' sections, tcfeuv2.
  // @iabgpp/cmpapi declares no `sideEffects`, and its index reaches every section: treated as side-effect free it
  // tree-shakes to what is imported (the whole library is 17.5 kB gzip; usnat alone 3.6 kB).
  ...(existsSync('src/iab/gpp/chunk.ts') ? [{
    input: 'src/iab/gpp/chunk.ts',
    treeshake: { moduleSideEffects: (id) => !id.includes('@iabgpp') },
    plugins: [resolve(), ts(), min()],
    // The section chunks import what they share with the CMP from it (no facade, no third file).
    preserveEntrySignatures: 'allow-extension',
    output: { dir: 'dist', format: 'es', entryFileNames: 'consent-gate.gpp.js', chunkFileNames: 'consent-gate.gpp-[name].js' },
  }] : []),
  // The store (`consent-gate.store.js`: the config check, the store, the gate, the loaders) for a first visit or a call
  // that writes, and the UI's (`consent-gate.ui.js`: Lit, the element and first layer, English), which the tag, the
  // reader and the store fetch only beside the store: one graph, so that the UI imports what both use (the texts'
  // helpers, the record's reading…) from the store's file rather than carrying copies (oneFileFor). A first visit
  // still fetches both at once: the tag asks for both, and the UI's import of the store is the same URL, already on
  // its way. The preferences dialog (src/banner/prefs.ts, imported dynamically) becomes consent-gate.prefs.js beside
  // them, importing Lit from the UI's (`allow-extension`: the entries themselves export to the others, no facade
  // over a third file). Private members (`_name`) get short names in each file on its own, so prefs.ts receives
  // what it needs as arguments, and no `_name` crosses from the store's file to the UI's.
  ...(existsSync('src/dropin/ui.ts') ? [{
    input: { store: 'src/dropin/store.ts', ui: 'src/dropin/ui.ts' },
    plugins: [...uiPlugins(), oneFileFor('store', 'src/dropin/store.ts')],
    preserveEntrySignatures: 'allow-extension',
    output: { dir: 'dist', format: 'es', entryFileNames: 'consent-gate.[name].js', chunkFileNames: 'consent-gate.[name].js' },
  }] : []),
  // The iab build's UI chunk: the banner with the TCF first layer, its second layer (consent-gate.iab-layer2.js,
  // with the banner's own dialog for visitors where TCF does not apply) and the TCF words of other languages.
  ...(existsSync('src/iab/ui/chunk.ts') ? [{
    input: 'src/iab/ui/chunk.ts',
    plugins: uiPlugins(tcfPrefs()),
    preserveEntrySignatures: 'allow-extension',
    output: { dir: 'dist', format: 'es', entryFileNames: 'consent-gate.iab-ui.js', chunkFileNames: 'consent-gate.iab-[name].js' },
  }, {
    input: Object.fromEntries(readdirSync('src/iab/ui/langs').filter((f) => f.endsWith('.ts')).map((f) => [`tcf-${f.replace(/\.ts$/, '')}`, `src/iab/ui/langs/${f}`])),
    plugins: [ts('dist/i18n'), min()],
    output: { dir: 'dist/i18n', format: 'es', entryFileNames: '[name].js' },
  }] : []),
  // The debug panel, fetched by the drop-in only when asked for (`consentGate.debug()`, `#consent-gate-debug`);
  // the Open Cookie Database's table is a chunk of its own beside it, imported only for cookies the config does not list.
  // A GPP string is decoded by IAB's @iabgpp/cmpapi in a chunk of its own (consent-gate.debug-gpp-decode.js), only for a page with one.
  ...(existsSync('src/debug/chunk.ts') ? [{
    input: 'src/debug/chunk.ts',
    treeshake: { moduleSideEffects: (id) => !id.includes('@iabgpp') },
    plugins: [cookieTable(), resolve(), ts(), min()],
    output: { dir: 'dist', format: 'es', entryFileNames: 'consent-gate.debug.js', chunkFileNames: 'consent-gate.debug-[name].js' },
  }] : []),
  // What fills the placeholders of blocked iframes and videos, fetched by the drop-in only on pages that have one.
  ...(existsSync('src/gate/placeholder-chunk.ts') ? [chunk('placeholder', 'src/gate/placeholder-chunk.ts')] : []),
  // The receipts client, fetched by the drop-in only when a decision changes or receipts are queued.
  ...(existsSync('src/receipts/client.ts') ? [chunk('receipts', 'src/receipts/client.ts')] : []),
  // Region rules (ISO codes, the EU and EEA, resolution), fetched by the drop-in only for a config with `regions`.
  ...(existsSync('src/regions/index.ts') ? [chunk('regions', 'src/regions/index.ts')] : []),
  // The words of config problems, fetched by the drop-in only when its config is invalid.
  ...(existsSync('src/core/config-messages.ts') ? [chunk('errors', 'src/core/config-messages.ts')] : []),
  // The analytics dashboard's script, with uPlot bundled in, and its stylesheet (uPlot's, then its own):
  // served by the receipts server from its own origin, so the page loads nothing from anywhere else.
  ...(existsSync('src/server/analytics/dashboard/app.ts') ? [{
    input: 'src/server/analytics/dashboard/app.ts',
    plugins: [resolve(), ts('dist/dashboard'), min(), {
      name: 'dashboard-css',
      generateBundle() {
        const css = ['node_modules/uplot/dist/uPlot.min.css', 'src/server/analytics/dashboard/app.css'].map((f) => readFileSync(f, 'utf8')).join('\n');
        this.emitFile({ type: 'asset', fileName: 'app.css', source: css });
      },
    }],
    output: { dir: 'dist/dashboard', format: 'es', entryFileNames: 'app.js' },
  }] : []),
  // Every language in one pass (one TypeScript program); each stays its own file.
  ...(langs.length ? [{
    input: Object.fromEntries(langs.map((f) => [f.replace(/\.ts$/, ''), `src/i18n/langs/${f}`])),
    plugins: [ts('dist/i18n'), min()],
    output: { dir: 'dist/i18n', format: 'es', entryFileNames: '[name].js' },
  }] : []),
]);
