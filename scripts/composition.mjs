// `node scripts/composition.mjs [file…]`: which source modules make up the drop-in's files, as the build makes them.
// Each file is built again in memory with a source map; every minified character is put to the module it came from.
// Per module: its minified bytes, and what the gzip -9 file loses without them (the module's marginal cost; the
// column does not add up to the file's size exactly, as gzip shares strings between modules).
// Default files: the tag and the reader chunk (what a return visit downloads).
import { gzipSync } from 'node:zlib';
import { relative, resolve } from 'node:path';
import { rollup } from 'rollup';
import { TraceMap, eachMapping } from '@jridgewell/trace-mapping';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
const gz = (s) => gzipSync(s, { level: 9 }).length;
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ['dist/consent-gate.js', 'dist/consent-gate.reader.js'];
const configs = (await import(resolve(ROOT, 'rollup.config.mjs'))).default;

for (const name of wanted) {
  const config = configs.find((c) => c.output?.file === name);
  if (!config) { console.error(`no single-file build makes ${name}`); continue; }
  const bundle = await rollup({ ...config, onwarn: () => {} });
  const { output } = await bundle.generate({ ...config.output, sourcemap: true });
  await bundle.close();
  const { map } = output[0];
  const code = output[0].code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "");
  const lines = code.split('\n');
  const offsets = [];
  let at = 0;
  for (const l of lines) { offsets.push(at); at += l.length + 1; }
  const owner = new Array(code.length).fill('(wrapper)');
  const traced = new TraceMap(map);
  const marks = [];
  eachMapping(traced, (m) => marks.push([offsets[m.generatedLine - 1] + m.generatedColumn, m.source ?? '(wrapper)']));
  marks.sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < marks.length; i++) {
    const [from, src] = marks[i];
    const to = i + 1 < marks.length ? marks[i + 1][0] : code.length;
    for (let j = from; j < to; j++) owner[j] = src;
  }
  const total = gz(code);
  const by = new Map();
  for (let j = 0; j < code.length; j++) by.set(owner[j], (by.get(owner[j]) ?? 0) + 1);
  const rows = [...by].map(([src, raw]) => {
    const without = [...code].filter((_, j) => owner[j] !== src).join('');
    return { src: src.startsWith('(') ? src : relative(ROOT, resolve(src.replace(/^.*?(src|node_modules)\//, (_, d) => `${ROOT}/${d}/`))), raw, gzip: total - gz(without) };
  }).sort((a, b) => b.gzip - a.gzip);
  console.log(`\n${name}: ${code.length} B minified, ${total} B gzip -9\n`);
  console.log('| module | minified | gzip (what the file loses without it) |\n| --- | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.src} | ${r.raw} | ${r.gzip} |`);
}
