/**
 * The documentation's Markdown pages and their code blocks, for the tests that run or check
 * them (the quick start, the framework recipes, every example). Generated pages
 * (docs/reference/, written by scripts/docs-gen.mjs) are not examples and are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DOCS = join(ROOT, 'docs');

/** Every hand-written page, as a path relative to the repository (`docs/gate.md`), and README.md. */
export function docsPages(): string[] {
  const out: string[] = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['.vitepress', 'reference', 'screenshots', 'node_modules'].includes(entry.name)) walk(path);
      } else if (entry.name.endsWith('.md')) out.push(relative(ROOT, path));
    }
  };
  walk(DOCS);
  return out;
}

/** One page's text (`docs/frameworks/react.md`). */
export const docsText = (page: string): string => readFileSync(join(ROOT, page), 'utf8');

/** The first code block of the docs (one page, or all of them) that `re` matches (its group 1); throws when the docs lost it. */
export function docsBlock(re: RegExp, page?: string): string {
  for (const p of page ? [page] : docsPages()) {
    const m = re.exec(docsText(p))?.[1];
    if (m) return m;
  }
  throw new Error(`docs block not found: ${re}${page ? ` in ${page}` : ''}`);
}

/** A fenced code block: its language, the words after it (`json partial` → ['partial']), its code and where it is. */
export interface CodeBlock { page: string; line: number; lang: string; flags: string[]; code: string }

/** Every fenced code block of a page (``` or ~~~ fences, as CommonMark reads them, indented ones too). */
export function codeBlocks(page: string): CodeBlock[] {
  const lines = docsText(page).split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = new RegExp(`^\\s*${fence![0]}{${fence!.length},}\\s*$`).exec(lines[j]!);
      if (close) break;
      body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!.trimStart());
    }
    blocks.push({ page, line: i + 1, lang: lang!.toLowerCase(), flags: rest!.split(/\s+/).filter(Boolean), code: body.join('\n') + '\n' });
    i = j;
  }
  return blocks;
}
