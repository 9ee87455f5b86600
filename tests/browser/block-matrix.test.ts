// The blocking matrix (issue 22), generated from the URL table (src/block/table.ts): every HTML
// element × URL attribute and every SVG element × href/xlink:href, given a gated URL by every
// route a script has (properties, attributes, attribute nodes, the attribute map, HTML strings,
// document.write, DOMParser, <template>, Range, clones, constructors, editing, same-origin
// frames). Per route, one page holds every case; in real Chromium, with the network watched:
// nothing reaches the tracker before consent, and after it exactly what the same page requests
// without the blocker (its control: the same build with nothing gated).
//
// `npm test` runs a fixed sixth of the routes; `npm run fuzz:block` (FUZZ_RUNS set) runs them all.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HTML_URL_ATTRIBUTES, SVG_HREF_ELEMENTS } from '../../src/block/table';
import { seed } from '../support/fuzz';
import { accept, blockEnv, FREE, page, settle, type BlockEnv } from './block-env';

let env: BlockEnv;
beforeAll(async () => {
  env = await blockEnv();
  env.server.pages.set('/block-env/sink.html', { body: '<p>sink</p>' });
  // A page of the site in a frame: it puts its case's HTML in itself, from its own script.
  env.server.pages.set('/block-env/m-child.html', { body: '<!doctype html><body><script>document.body.innerHTML = parent.__h[+location.hash.slice(1)]</script></body>' });
});
afterAll(() => env?.close());

interface Case { id: string; tag: string; attr: string; svg: boolean; ext: string; shell: string | null; html: (v: string) => string }

/** The element in the context where it loads, as HTML: `%` is where its URL attribute goes. */
function context(tag: string, attr: string, svg: boolean): string | null {
  if (svg) return `<svg width="9" height="9">${tag === 'feImage' ? `<filter id="f-${attr.length}"><feImage %/></filter><rect width="9" height="9" filter="url(#f-${attr.length})"/>`
    : tag === 'script' ? '<script %></script>' : `<${tag} % width="9" height="9"/>`}</svg>`;
  const table = (inner: string) => `<table>${inner}</table>`;
  switch (tag) {
    case 'body': case 'frame': return null; // the page's own body; a frame only in a frameset
    case 'source': return attr === 'srcset' ? '<picture><source %><img alt="" width="9" height="9"></picture>' : '<video preload="auto" muted><source %></video>';
    case 'track': return '<video preload="auto" muted><track default kind="subtitles" %></video>';
    case 'table': return '<table %><tr><td>x</td></tr></table>';
    case 'tr': return table('<tr %><td>x</td></tr>');
    case 'td': case 'th': return table(`<tr><${tag} %>x</${tag}></tr>`);
    case 'thead': case 'tbody': case 'tfoot': return table(`<${tag} %><tr><td>x</td></tr></${tag}>`);
    case 'link': return attr === 'href' ? '<link rel="stylesheet" %>' : '<link rel="preload" as="image" %>';
    case 'input': return '<input type="image" alt="i" %>';
    case 'a': return '<a href="/block-env/sink.html" target="sink" %>a</a>';
    case 'area': return '<map name="m"><area shape="rect" coords="0,0,9,9" href="/block-env/sink.html" target="sink" %></map>';
    case 'video': case 'audio': return `<${tag} preload="auto" muted %></${tag}>`;
    case 'object': return '<object type="text/html" %></object>';
    case 'embed': return '<embed type="text/html" %>';
    case 'img': return '<img alt="" width="9" height="9" %>';
    default: return `<${tag} %></${tag}>`;
  }
}

const EXT: Record<string, string> = { script: '.js', link: '.css', iframe: '.html', frame: '.html', object: '.html', embed: '.html', track: '.vtt', use: '.svg#a' };
const CASES: Case[] = [
  ...Object.entries(HTML_URL_ATTRIBUTES).flatMap(([tag, attrs]) => attrs.map((attr) => [tag, attr, false] as const)),
  ...SVG_HREF_ELEMENTS.flatMap((tag) => ['href', 'xlink:href'].map((attr) => [tag, attr, true] as const)),
].map(([tag, attr, svg]) => {
  const shell = context(tag, attr, svg);
  const quote = (v: string) => `${attr}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
  return { id: `${svg ? 'svg-' : ''}${tag}-${attr.replace(':', '_')}`, tag, attr, svg, ext: attr === 'srcdoc' || (attr !== 'src' && attr !== 'href' && tag !== 'object') ? '.gif' : EXT[svg ? tag === 'script' ? 'script' : tag === 'use' ? 'use' : '' : tag] ?? '.gif',
    shell: shell && shell.replace('%', 'data-m'), html: (v: string) => shell?.replace('%', quote(v)) ?? '' };
});

/** How each route gives the case's element its URL, in the page: `el` (found by `data-m` in `f`, a fragment of the page's document), `v` the value, `html` the element in its context. */
const DOM = (set: string, connected = false) => `(c, v, box) => { const [f, el] = shell(c); if (!el) return 'n/a';
  ${connected ? 'box.append(f);' : ''} const r = (${set})(el, v, c); if (r === 'n/a') return r; ${connected ? '' : 'box.append(f);'} }`;
const attrNode = (then: string) => DOM(`(el, v, c) => { const a = c.svg && c.attr !== 'href' ? document.createAttributeNS(X, c.attr) : document.createAttribute(c.attr); ${then} }`);
const HTMLS = (put: string) => `(c, v, box, html) => { if (!c.shell) return 'n/a'; ${put} }`;
const ROUTES: Record<string, string> = {
  property: DOM('(el, v, c) => prop(el, c, v)'),
  'property-connected': DOM('(el, v, c) => prop(el, c, v)', true),
  setAttribute: DOM('(el, v, c) => c.svg && c.attr !== "href" ? el.setAttributeNS(X, c.attr, v) : el.setAttribute(c.attr, v)'),
  'setAttribute-connected': DOM('(el, v, c) => c.svg && c.attr !== "href" ? el.setAttributeNS(X, c.attr, v) : el.setAttribute(c.attr, v)', true),
  setAttributeNS: DOM('(el, v, c) => el.setAttributeNS(c.svg && c.attr !== "href" ? X : null, c.attr, v)'),
  setAttributeNode: attrNode('a.value = v; el.setAttributeNode(a);'),
  setAttributeNodeNS: attrNode('a.value = v; el.setAttributeNodeNS(a);'),
  'attr.value': attrNode('el.setAttributeNode(a); a.value = v;'),
  'attr.nodeValue': attrNode('el.setAttributeNode(a); a.nodeValue = v;'),
  'attributes.setNamedItem': attrNode('a.value = v; el.attributes.setNamedItem(a);'),
  cloneNode: `(c, v, box) => { const [f, el] = shell(c); if (!el) return 'n/a'; c.svg && c.attr !== 'href' ? el.setAttributeNS(X, c.attr, v) : el.setAttribute(c.attr, v); box.append(f.cloneNode(true)); }`,
  'new Audio': `(c, v, box) => { if (c.tag !== 'audio') return 'n/a'; box.append(new Audio(v)); }`,
  innerHTML: HTMLS('box.innerHTML = html;'),
  outerHTML: HTMLS("const d = document.createElement('div'); box.append(d); d.outerHTML = html;"),
  insertAdjacentHTML: HTMLS("box.insertAdjacentHTML('beforeend', html);"),
  setHTMLUnsafe: HTMLS('box.setHTMLUnsafe(html);'),
  'document.write': HTMLS("document.write('<div>' + html + '</div>');"),
  'DOMParser+adoptNode': HTMLS("for (const n of [...new DOMParser().parseFromString(html, 'text/html').body.childNodes]) box.append(document.adoptNode(n));"),
  'DOMParser+importNode': HTMLS("for (const n of new DOMParser().parseFromString(html, 'text/html').body.childNodes) box.append(document.importNode(n, true));"),
  'template+cloneNode': HTMLS("const t = document.createElement('template'); t.innerHTML = html; box.append(t.content.cloneNode(true));"),
  'template+importNode': HTMLS("const t = document.createElement('template'); t.innerHTML = html; box.append(document.importNode(t.content, true));"),
  'Range.createContextualFragment': HTMLS('box.append(document.createRange().createContextualFragment(html));'),
  'Range.insertNode': HTMLS("const r = document.createRange(); r.selectNodeContents(box); r.insertNode(new DOMParser().parseFromString(html, 'text/html').body.firstChild);"),
  "execCommand('insertHTML')": HTMLS("box.contentEditable = 'true'; box.focus(); getSelection().selectAllChildren(box); document.execCommand('insertHTML', false, html);"),
  'frame: about:blank, DOM': `(c, v, box) => { const fr = document.createElement('iframe'); box.append(fr); const d = fr.contentDocument;
    if (!c.shell) { d.body.setAttribute(c.attr, v); return; } const [f, el] = shell(c, d); c.svg && c.attr !== 'href' ? el.setAttributeNS(X, c.attr, v) : el.setAttribute(c.attr, v); d.body.append(f); }`,
  'frame: about:blank, document.write': HTMLS("const fr = document.createElement('iframe'); box.append(fr); fr.contentDocument.write(html); fr.contentDocument.close();"),
  'frame: srcdoc, its script': HTMLS("const fr = document.createElement('iframe'); fr.srcdoc = '<body><script>document.body.innerHTML = parent.__h[' + (__h.push(html) - 1) + ']<\\/script>'; box.append(fr);"),
  'frame: a page of the site, its script': HTMLS("const fr = document.createElement('iframe'); fr.src = '/block-env/m-child.html#' + (__h.push(html) - 1); box.append(fr);"),
};

/** The page of one route: every case, each in its own box, its URL under /t/m/<route>/. */
function routePage(route: string, config: object): string {
  const dir = route.replace(/\W+/g, '_');
  // Every other case protocol-relative (`//host/…`): resolved against the page, also where the element was parsed (a template, DOMParser).
  const cases = CASES.map((c, i) => ({ ...c, url: `${i % 2 ? env.T.replace('http:', '') : env.T}/t/m/${dir}/${c.id}${c.ext}` }));
  const value = (c: Case & { url: string }) => /srcset$/.test(c.attr) ? `${c.url} 1x` : c.attr === 'srcdoc' ? `<img src="${c.url}">` : c.url;
  return page(env, `<iframe name="sink"></iframe><script>
    const X = 'http://www.w3.org/1999/xlink'; window.__h = []; window.__na = [];
    const shell = (c, d = document) => { if (!c.shell) return [null, d.body]; const t = d.createElement('template'); t.innerHTML = c.shell; const f = d.importNode(t.content, true); return [f, f.querySelector('[data-m]')]; };
    const prop = (el, c, v) => { if (c.svg) { if (c.attr !== 'href') return 'n/a'; el.href.baseVal = v; return; }
      for (let p = el; p; p = Object.getPrototypeOf(p)) for (const k of Object.getOwnPropertyNames(p)) if (k.toLowerCase() === c.attr && Object.getOwnPropertyDescriptor(p, k).set) { el[k] = v; return; }
      return 'n/a'; };
    const cases = ${JSON.stringify(cases.map((c) => ({ id: c.id, tag: c.tag, attr: c.attr, svg: c.svg, shell: c.shell, value: value(c), html: c.html(value(c)) }))).replace(/</g, '\\u003c')};
    const run = ${ROUTES[route]};
    for (const c of cases) { const box = document.createElement('div'); box.id = 'b-' + c.id; document.body.append(box);
      try { if (run(c, c.value, box, c.html) === 'n/a') __na.push(c.id); } catch (e) { __ran.push(c.id + ': ' + e.message); } }
    // Links ping when followed: followed now, and again after consent (by the test).
    window.__click = () => document.querySelectorAll('a[target=sink], area[target=sink]').forEach((a) => a.click());
    setTimeout(__click, 50);
  </script>`, { config });
}

/** Loads the route's page: the third-party requests before consent, and after it (and after following its links again). */
async function run(route: string, config: object, awaited = 0): Promise<{ before: string[]; after: string[]; errors: string[] }> {
  const path = routePage(route, config);
  const dir = `/t/m/${route.replace(/\W+/g, '_')}/`;
  const mine = () => [...new Set(env.hits.filter((h) => h.includes(dir)).map((h) => h.slice(h.indexOf(dir) + dir.length)))].sort();
  env.hits.length = 0;
  const ctx = await env.browser.newContext();
  const p = await ctx.newPage();
  const pageErrors: string[] = [];
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.goto(env.server.origin + path);
  await p.waitForTimeout(600);
  await settle(env, p);
  const before = mine();
  await accept(p);
  await p.waitForTimeout(300);
  await p.evaluate('__click()');
  // On a loaded machine the release can take a while: waited for (up to 10 s) until as many as the control made, then for any more.
  for (const end = Date.now() + 10_000; mine().length < awaited && Date.now() < end;) await p.waitForTimeout(100);
  await settle(env, p);
  const after = mine();
  const errors = [...await p.evaluate<string[]>("__ran"), ...pageErrors].sort(); // errors, and the tracker scripts that ran (in any order)
  await ctx.close();
  return { before, after, errors };
}

const ALL = Object.keys(ROUTES);
// The sample in `npm test`: a fixed sixth of the routes (another with FUZZ_SEED); all of them with FUZZ_RUNS set.
const s = seed();
const routes = process.env.FUZZ_RUNS ? ALL : ALL.filter((_, i) => (i + s) % 6 === 0);
const results: string[] = [];

test.each(routes)('%s: no request to the tracker before consent, after it exactly those of the page without the blocker', async (route) => {
  const control = await run(route, FREE);
  const held = await run(route, { ...FREE, categories: { ...FREE.categories, analytics: { label: 'Analytics', sources: ['tracker.test'] } } }, control.after.length);
  results.push(`${route}: ${control.after.length} cases request without the blocker; blocked: ${held.before.length} before consent, ${held.after.length} after`);
  expect(held.errors).toEqual(control.errors);
  expect(held.before).toEqual([]);
  expect(held.after).toEqual(control.after);
}, 120_000);

afterAll(() => console.log(`block matrix (${routes.length} of ${ALL.length} routes × ${CASES.length} element/attribute cases):\n  ${results.join('\n  ')}`));
