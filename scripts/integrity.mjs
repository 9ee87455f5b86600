// Writes dist/integrity.json: the SRI hash (sha384) of every file the drop-in may load, by its path
// relative to dist/ (`consent-gate.ui.js`, `i18n/de.js`, …). Run by `npm run build`, after rollup.
// A site pins them with an import map (docs/csp.md, "Subresource Integrity"):
//   <script type="importmap">{"integrity": {"https://cdn.example/consent-gate@1/consent-gate.ui.js": "sha384-…", …}}</script>
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DIST = resolve(import.meta.dirname, '../dist');
const files = [
  ...readdirSync(DIST).filter((f) => /^consent-gate(\.[\w-]+)?\.js$/.test(f)),
  ...(existsSync(join(DIST, 'i18n')) ? readdirSync(join(DIST, 'i18n')).filter((f) => f.endsWith('.js')).map((f) => `i18n/${f}`) : []),
].sort();
const sri = (f) => `sha384-${createHash('sha384').update(readFileSync(join(DIST, f))).digest('base64')}`;
writeFileSync(join(DIST, 'integrity.json'), `${JSON.stringify(Object.fromEntries(files.map((f) => [f, sri(f)])), null, 2)}\n`);
