// The URL table (src/block/table.ts) is what its maintained sources give: scripts/url-table.mjs
// derives it from html-url-attributes, the HTML standard's IDL (@webref/idl, @webref/elements)
// and svg-element-attributes; an upgrade of one of them that changes the table fails here until
// the file is written again (`node scripts/url-table.mjs --write`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { HTML_URL_ATTRIBUTES, SVG_HREF_ELEMENTS } from '../../src/block/table';

const ROOT = resolve(import.meta.dirname, '../..');

test('the committed table is the one derived from its sources', () => {
  const derived = execFileSync(process.execPath, [resolve(ROOT, 'scripts/url-table.mjs')], { encoding: 'utf8' });
  expect(readFileSync(resolve(ROOT, 'src/block/table.ts'), 'utf8')).toBe(derived);
});

test('the table holds what the standards fetch: images, media, frames, scripts, links, legacy backgrounds, pings, every loading SVG element', () => {
  const has = (tag: string, attr: string) => HTML_URL_ATTRIBUTES[tag]?.includes(attr);
  for (const [tag, attr] of <[string, string][]>[['img', 'src'], ['img', 'srcset'], ['source', 'srcset'], ['link', 'imagesrcset'], ['video', 'poster'], ['object', 'data'],
    ['iframe', 'srcdoc'], ['frame', 'src'], ['track', 'src'], ['input', 'src'], ['a', 'ping'], ['area', 'ping'], ['body', 'background'], ['td', 'background']]) {
    expect(has(tag, attr), `${tag} ${attr}`).toBe(true);
  }
  for (const tag of ['image', 'feImage', 'use', 'script', 'pattern']) expect(SVG_HREF_ELEMENTS).toContain(tag);
  // Links navigate (and their ping is held); citations are never fetched.
  for (const [tag, attr] of <[string, string][]>[['a', 'href'], ['blockquote', 'cite'], ['form', 'action']]) expect(has(tag, attr), `${tag} ${attr}`).toBeFalsy();
  expect(SVG_HREF_ELEMENTS).not.toContain('a');
});
