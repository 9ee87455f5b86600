/**
 * llms.txt and llms-full.txt at the site's root (https://llmstxt.org): the first lists every page
 * with its title and first sentence, the second holds every page's Markdown, for people who
 * point their editor's assistant at the docs. Written after the build from the pages' sources.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The page's title (its first `# ` heading) and its first paragraph of prose. */
export function describe(markdown: string): { title: string; summary: string } {
  const tagline = /^\s*tagline: (.+)$/m.exec(/^---\n([\s\S]*?)\n---\n/.exec(markdown)?.[1] ?? '')?.[1];
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/^(`{3,}|~{3,})[\s\S]*?^\1\s*$/gm, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  const title = /^# (.+)$/m.exec(body)?.[1]?.trim() ?? '';
  if (tagline) return { title, summary: tagline.trim() };
  const paragraph = body.split(/\n\s*\n/).map((p) => p.trim())
    .find((p) => p && !/^(#|```|<|\||!\[|:::|- |\d+\. )/.test(p)) ?? '';
  const sentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(paragraph.replace(/\s+/g, ' '))?.[0] ?? paragraph.replace(/\s+/g, ' ');
  return { title, summary: sentence };
}

/** The URL path of a page source (`frameworks/index.md` → `/frameworks/`). */
export const urlOf = (file: string) => '/' + file.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '.html');

export function writeLlmsTxt(srcDir: string, outDir: string, pages: string[]): void {
  const order = [...pages].sort((a, b) => (a === 'index.md' ? -1 : b === 'index.md' ? 1 : a.localeCompare(b)));
  const sources = order.map((file) => ({ file, text: readFileSync(join(srcDir, file), 'utf8') }));
  const home = sources.find((s) => s.file === 'index.md');
  const lines = ['# consent-gate', '', '> Cookie consent that gates scripts and embeds until visitors agree, records what they agreed to, and proves it.', ''];
  if (home) lines.push(describe(home.text).summary, '');
  lines.push('## Pages', '');
  for (const { file, text } of sources) {
    if (file === 'index.md') continue;
    const { title, summary } = describe(text);
    lines.push(`- [${title || file}](${urlOf(file)}): ${summary}`);
  }
  lines.push('', '## Optional', '', '- [Full text of every page](/llms-full.txt)', '');
  writeFileSync(join(outDir, 'llms.txt'), lines.join('\n'));
  const full = sources.map(({ file, text }) => `<!-- ${urlOf(file)} -->\n\n${text.replace(/^---\n[\s\S]*?\n---\n/, '').trim()}\n`);
  writeFileSync(join(outDir, 'llms-full.txt'), full.join('\n\n'));
}
