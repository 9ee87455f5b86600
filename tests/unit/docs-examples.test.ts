/**
 * Every code block of the documentation (docs/**\/*.md and README.md) is checked by its language:
 * JSON configs by checkConfig (a block marked `json partial` or `json invalid` must be refused,
 * so the marker cannot hide a good example), receipts by the receipt check, shell commands against
 * package.json's scripts and the CLI's commands and options. HTML and JS run in Chromium and TS
 * type-checks against the built types in tests/browser/docs-examples.test.ts (they need the build).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkConfig } from '../../src/consent/config';
// The server's check: the client's, and a tcString that reads as a TC string.
import { validateReceipt } from '../../src/server/receipt';
import { codeBlocks, docsPages, ROOT, type CodeBlock } from '../support/docs';

const BLOCKS = docsPages().flatMap(codeBlocks);
const where = (b: CodeBlock) => `${b.page}:${b.line}`;
const of = (lang: string, flag?: string) => BLOCKS.filter((b) => b.lang === lang && (flag ? b.flags.includes(flag) : true));

/** The languages a block may have, and where each is checked. */
const KNOWN = new Set(['json', 'html', 'js', 'ts', 'jsx', 'tsx', 'css', 'sh', 'vue', 'svelte', 'astro', 'yaml', 'sql', 'text', 'http']);

/** Parses a JSON block, or says why it is not JSON. */
const parse = (b: CodeBlock): { value?: unknown; error?: string } => {
  try { return { value: JSON.parse(b.code) }; } catch (e) { return { error: (e as Error).message }; }
};

test('the docs have code blocks to check', () => {
  expect(BLOCKS.length).toBeGreaterThan(50);
  expect(of('json').length).toBeGreaterThan(5);
});

test('every code block names a language this test knows how to check', () => {
  expect(BLOCKS.filter((b) => !KNOWN.has(b.lang)).map((b) => `${where(b)} "${b.lang}"`)).toEqual([]);
});

describe('JSON', () => {
  const configs = of('json').filter((b) => b.flags.length === 0);
  test.each(configs.map((b) => [where(b), b] as const))('%s is a config checkConfig accepts', (_, b) => {
    const { value, error } = parse(b);
    expect(error).toBeUndefined();
    expect(checkConfig(value).problems).toEqual([]);
  });

  const partial = BLOCKS.filter((b) => b.lang === 'json' && (b.flags.includes('partial') || b.flags.includes('invalid')));
  test.each(partial.map((b) => [where(b), b] as const))('%s, marked partial or invalid, is refused as a config', (_, b) => {
    const { value, error } = parse(b);
    if (error === undefined) expect(checkConfig(value).problems.length).toBeGreaterThan(0);
  });

  test.each(of('json', 'receipt').map((b) => [where(b), b] as const))('%s is a receipt the server accepts', (_, b) => {
    expect(() => validateReceipt(parse(b).value)).not.toThrow();
  });

  test.each(of('json', 'data').map((b) => [where(b), b] as const))('%s parses', (_, b) => {
    expect(parse(b).error).toBeUndefined();
  });

  test('no JSON block carries a flag this test does not know', () => {
    expect(of('json').filter((b) => b.flags.some((f) => !['partial', 'invalid', 'receipt', 'data'].includes(f))).map(where)).toEqual([]);
  });
});

describe('HTML', () => {
  test.each(of('html', 'partial').map((b) => [where(b), b] as const))('%s, marked partial, has a placeholder in it (… or {{ }})', (_, b) => {
    expect(b.code).toMatch(/…|\{\{/);
  });
});

describe('shell commands', () => {
  const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
  const cliFiles = [join(ROOT, 'bin/consent-gate.js'), ...readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /(^|\/)cli[\w-]*\.ts$/.test(f)).map((f) => join(ROOT, 'src', f))];
  const cli = cliFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
  const lines = of('sh').flatMap((b) => b.code.split('\n').map((line) => ({ at: where(b), line: line.replace(/#.*$/, '').trim() })));

  test.each(lines.filter((l) => /\bnpm run\b/.test(l.line)).map((l) => [l.at, l.line] as const))('%s: %s runs a script package.json has', (_, line) => {
    for (const m of line.matchAll(/\bnpm run ([\w:-]+)/g)) expect(scripts).toContain(m[1]);
  });

  test.each(lines.filter((l) => /\bnpx consent-gate\b/.test(l.line)).map((l) => [l.at, l.line] as const))('%s: %s uses a command and options the CLI has', (_, line) => {
    const command = /\bnpx consent-gate (\w+)/.exec(line)?.[1];
    expect(cli).toContain(`'${command}'`);
    for (const m of line.matchAll(/\s--([a-z][\w-]*)/g)) expect(cli).toMatch(new RegExp(`['"\`]-?-?${m[1]}['"\`:]|--${m[1]}\\b`));
  });
});
