// Builds: the typed ESM entries (consent-gate, /banner, /server), and the drop-in
// (an IIFE for a <script> tag) with its lazily loaded UI chunk and language files.
import { execSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

// Only src/ is compiled here (tsconfig.build.json); tests and scripts are type-checked by `npm run typecheck`.
const ts = (outDir = 'dist') => typescript({ tsconfig: './tsconfig.build.json', compilerOptions: { outDir, declaration: false, declarationMap: false, emitDeclarationOnly: false, sourceMap: false } });
const min = () => terser({ ecma: 2020, module: true, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } });
const external = (id) => /^(lit|@lit|js-cookie|better-sqlite3|pg|node:)/.test(id);

/** Emits .d.ts files for the ESM entries with tsc (one pass, declaration maps included). */
const declarations = () => ({
  name: 'declarations',
  writeBundle() { execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' }); },
});

const langs = existsSync('src/i18n/langs') ? readdirSync('src/i18n/langs').filter((f) => f.endsWith('.ts')) : [];

export default [
  {
    // Entries are added as their units land; a missing one is skipped rather than failing the build.
    input: Object.fromEntries(Object.entries({ index: 'src/index.ts', banner: 'src/banner.ts', server: 'src/server.ts' }).filter(([, f]) => existsSync(f))),
    external,
    plugins: [ts(), declarations()],
    output: { dir: 'dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  ...(existsSync('src/dropin/index.ts') ? [{
    input: 'src/dropin/index.ts',
    plugins: [resolve(), ts(), min()],
    output: { file: 'dist/consent-gate.js', format: 'iife' },
  }] : []),
  ...(existsSync('src/dropin/ui.ts') ? [{
    input: 'src/dropin/ui.ts',
    plugins: [resolve(), ts(), min()],
    output: { file: 'dist/consent-gate.ui.js', format: 'es' },
  }] : []),
  // Every language in one pass (one TypeScript program); each stays its own file.
  ...(langs.length ? [{
    input: Object.fromEntries(langs.map((f) => [f.replace(/\.ts$/, ''), `src/i18n/langs/${f}`])),
    plugins: [ts('dist/i18n'), min()],
    output: { dir: 'dist/i18n', format: 'es', entryFileNames: '[name].js' },
  }] : []),
];
