/**
 * The benchmark's tables (docs/benchmark.md, written by `npm run bench -- --write`), read at build
 * time for the charts on the Benchmark page: nothing is typed twice, and a re-run redraws them.
 */
import { readFileSync } from 'node:fs';
import { defineLoader } from 'vitepress';

export interface BenchBar { label: string; value: number; text: string }
export interface BenchRow { measure: string; unit: string; bars: BenchBar[] }
export interface BenchTable { id: string; title: string; note: string; rows: BenchRow[] }

const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
/** `593 ms (701 ms)` → 593 ms; `16.9 KB` → 16.9 KB; anything else (`–`, counts) → null. */
const measure = (cell: string): { value: number; unit: string } | null => {
  const m = /^([\d.,]+) (ms|KB)\b/.exec(cell);
  return m ? { value: Number(m[1]!.replace(/,/g, '')), unit: m[2]! } : null;
};

export function parseBench(markdown: string): BenchTable[] {
  const tables: BenchTable[] = [];
  for (const m of markdown.matchAll(/<!-- bench:table:(cpu\d+) -->\n([\s\S]*?)<!-- \/bench:table:\1 -->/g)) {
    const lines = m[2]!.split('\n').filter((l) => l.startsWith('|'));
    const head = cells(lines[0]!);
    const libraries = head.slice(1, 4);
    const rows: BenchRow[] = [];
    for (const line of lines.slice(2)) {
      const row = cells(line);
      const bars: BenchBar[] = [];
      let unit = '';
      libraries.forEach((label, i) => {
        const got = measure(row[i + 1] ?? '');
        if (got) { bars.push({ label, value: got.value, text: row[i + 1]! }); unit = got.unit; }
      });
      if (bars.length >= 2) rows.push({ measure: row[0]!, unit, bars });
    }
    tables.push({ id: m[1]!, title: head[0]!, note: /<sub>([\s\S]*?)<\/sub>/.exec(m[2]!)?.[1] ?? '', rows });
  }
  return tables;
}

declare const data: BenchTable[];
export { data };

export default defineLoader({
  watch: ['../benchmark.md'],
  load: (files: string[]) => parseBench(readFileSync(files[0]!, 'utf8')),
});
