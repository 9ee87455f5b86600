// Routes that reached the tracker before consent on the blocking build before the URL table
// (issue 22), each in real Chromium with the network watched: attribute nodes, the HTML
// standard's every JavaScript MIME type, <link imagesrcset>, new Audio(url), srcdoc and data: URLs
// read loosely, SVG's every loading element, and same-origin frames.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { accept, blockEnv, open, page, settle, type BlockEnv } from './block-env';
import { JS_TYPE } from '../../src/block/elements';

let env: BlockEnv;
beforeAll(async () => { env = await blockEnv(); });
afterAll(() => env?.close());

/** Requests to the tracker whose path contains `part`. */
const asked = (part: string) => env.hits.filter((h) => h.includes(part));
const ran = (p: import('playwright-core').Page) => p.evaluate<string[]>('window.__ran');

test('a URL given through an attribute node (value, nodeValue, textContent, setNamedItem) makes no request before consent, then one', async () => {
  const T = env.T;
  const { ctx, page: p } = await open(env, page(env, `<script>
    const img = new Image(), a = document.createAttribute('src'); img.setAttributeNode(a); a.value = '${T}/t/an-value.gif';
    const img2 = new Image(), b = document.createAttribute('src'); img2.setAttributeNode(b); b.nodeValue = '${T}/t/an-nodevalue.gif';
    const img3 = new Image(), c = document.createAttribute('src'); img3.setAttributeNode(c); c.textContent = '${T}/t/an-text.gif';
    const s = document.createElement('script'), d = document.createAttribute('src'); d.value = '${T}/t/an-named.js'; s.attributes.setNamedItem(d); document.head.append(s);
    const e = document.createElement('script'), f = document.createAttributeNS(null, 'src'); f.value = '${T}/t/an-namedns.js'; e.attributes.setNamedItemNS(f); document.head.append(e);
    window.keep = [img, img2, img3];
  </script>`));
  expect(asked('/t/an-')).toEqual([]);
  expect(await ran(p)).toEqual([]);
  await accept(p);
  await settle(env, p);
  expect(asked('/t/an-').map((h) => h.replace(/^.*\/t\//, '')).sort()).toEqual(['an-named.js', 'an-namedns.js', 'an-nodevalue.gif', 'an-text.gif', 'an-value.gif']);
  expect((await ran(p)).sort()).toEqual(['an-named', 'an-namedns']);
  await ctx.close();
});

/** The HTML standard's JavaScript MIME types (mimesniff, "JavaScript MIME type"), as listed there. */
const STANDARD_JS_TYPES = ['application/ecmascript', 'application/javascript', 'application/x-ecmascript', 'application/x-javascript', 'text/ecmascript',
  'text/javascript', 'text/javascript1.0', 'text/javascript1.1', 'text/javascript1.2', 'text/javascript1.3', 'text/javascript1.4', 'text/javascript1.5',
  'text/jscript', 'text/livescript', 'text/x-ecmascript', 'text/x-javascript'];

test('the check knows every JavaScript MIME type of the standard, in any case, and nothing else', () => {
  for (const t of STANDARD_JS_TYPES) for (const v of [t, t.toUpperCase(), t.replace(/^./, (c) => c.toUpperCase())]) expect(JS_TYPE.test(v), v).toBe(true);
  for (const t of ['text/plain', 'text/javascript2.0', 'application/json', 'text/javascript; charset=utf-8', 'importmap', 'text/x-template']) expect(JS_TYPE.test(t), t).toBe(false);
});

test('a script of every JavaScript MIME type of the standard (any case, spaces around) makes no request before consent, then runs once', async () => {
  const types = [...STANDARD_JS_TYPES, ...STANDARD_JS_TYPES.map((t) => ` ${t.toUpperCase()}\t`), 'module', 'MODULE'];
  const { ctx, page: p } = await open(env, page(env, `<script>
    ${JSON.stringify(types)}.forEach((type, i) => { const s = document.createElement('script'); s.type = type; s.src = '${env.T}/t/type-' + i + '.js'; document.head.append(s); });
  </script>`));
  expect(asked('/t/type-')).toEqual([]);
  await accept(p);
  await settle(env, p);
  expect(new Set(asked('/t/type-')).size).toBe(types.length);
  expect((await ran(p)).length).toBe(types.length);
  await ctx.close();
});

test('<link rel=preload as=image imagesrcset> (property, attribute, HTML) makes no request before consent, then one each', async () => {
  const T = env.T;
  const { ctx, page: p } = await open(env, page(env, `<div id="d"></div><script>
    const a = document.createElement('link'); a.rel = 'preload'; a.as = 'image'; a.imageSrcset = '${T}/t/iss-prop.gif 1x'; document.head.append(a);
    const b = document.createElement('link'); b.rel = 'preload'; b.as = 'image'; b.setAttribute('imagesrcset', '${T}/t/iss-attr.gif 1x, ${T}/t/iss-attr2.gif 2x'); document.head.append(b);
    d.innerHTML = '<link rel="preload" as="image" imagesrcset="${T}/t/iss-html.gif 1x">';
  </script>`));
  expect(asked('/t/iss-')).toEqual([]);
  await accept(p);
  await settle(env, p);
  expect(['prop', 'attr', 'html'].map((x) => asked(`/t/iss-${x}`).length > 0)).toEqual([true, true, true]);
  await ctx.close();
});

test('new Audio(url) makes no request before consent, then loads', async () => {
  const { ctx, page: p } = await open(env, page(env, `<script>window.a = new Audio('${env.T}/t/audio-ctor.mp3'); window.isAudio = a instanceof Audio && a instanceof HTMLAudioElement && a.preload === 'auto';</script>`));
  expect(asked('/t/audio-ctor')).toEqual([]);
  expect(await p.evaluate('isAudio')).toBe(true);
  await accept(p);
  await settle(env, p);
  expect(asked('/t/audio-ctor').length).toBeGreaterThan(0);
  await ctx.close();
});

test('srcdoc naming a gated URL with backslashes or a newline character reference, and data: URLs in <iframe src>/<object data> whose HTML names one, load nothing before consent, then load', async () => {
  const host = env.T.replace('http://', '');
  const html = (x: string) => `<img src="${env.T}/t/dd-${x}.gif">`;
  const { ctx, page: p } = await open(env, page(env, `<script>
    const frame = (set) => { const f = document.createElement('iframe'); set(f); document.body.append(f); };
    frame((f) => f.srcdoc = '<img src="\\\\\\\\${host}/t/dd-backslash.gif">');
    frame((f) => f.srcdoc = '<img src="/&#10;/${host}/t/dd-newline.gif">');
    frame((f) => f.srcdoc = '<img src="http:\\\\\\\\${host}/t/dd-mixed.gif">');
    frame((f) => f.src = 'data:text/html,' + encodeURIComponent(${JSON.stringify(html('data-iframe'))}));
    frame((f) => f.setAttribute('src', 'data:text/html;base64,' + btoa(${JSON.stringify(html('data-base64'))})));
    const o = document.createElement('object'); o.data = 'data:text/html,' + ${JSON.stringify(html('data-object'))}; o.type = 'text/html'; document.body.append(o);
  </script>`));
  expect(asked('/t/dd-')).toEqual([]);
  await accept(p);
  // Waited for as requests: on a loaded machine the release can come after a quiet spell longer than settle()'s.
  await expect.poll(() => ['backslash', 'newline', 'mixed', 'data-iframe', 'data-base64', 'data-object'].map((x) => asked(`/t/dd-${x}.gif`).length > 0), { timeout: 20_000 }).toEqual([true, true, true, true, true, true]);
  await ctx.close();
});

test('SVG <feImage>, <use> and <pattern>/<image> href (and xlink:href) make no request before consent, then load', async () => {
  const T = env.T;
  const { ctx, page: p } = await open(env, page(env, `<svg id="s" width="20" height="20"><filter id="f"></filter><rect width="20" height="20" filter="url(#f)"/></svg><div id="d"></div><script>
    const N = 'http://www.w3.org/2000/svg';
    const fe = document.createElementNS(N, 'feImage'); fe.setAttribute('href', '${T}/t/svg-feimage.gif'); f.append(fe);
    const fe2 = document.createElementNS(N, 'feImage'); fe2.href.baseVal = '${T}/t/svg-feimage-baseval.gif'; f.append(fe2);
    const u = document.createElementNS(N, 'use'); u.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', '${T}/t/svg-use.svg#a'); s.append(u);
    d.innerHTML = '<svg><filter id="g"><feImage href="${T}/t/svg-feimage-html.gif"/></filter><rect width="9" height="9" filter="url(#g)"/></svg>';
  </script>`));
  expect(asked('/t/svg-')).toEqual([]);
  await accept(p);
  await settle(env, p);
  expect(['feimage.gif', 'feimage-baseval.gif', 'feimage-html.gif'].map((x) => asked(`/t/svg-${x}`).length > 0)).toEqual([true, true, true]);
  await ctx.close();
});

test('same-origin frames (about:blank, srcdoc, a page of the site) get the blocker before their own scripts run: nothing before consent, each once after', async () => {
  const T = env.T;
  // Runtime-built URLs: no gated URL in any HTML string.
  const u = (x: string) => `'http://tracker' + '.test:${new URL(T).port}/t/fr-${x}'`;
  env.server.pages.set('/block-env/child.html', { body: `<!doctype html><body><script>new Image().src = ${u('child-page.gif')}; fetch(${u('child-page-fetch')}).catch(() => {});</script></body>` });
  const { ctx, page: p } = await open(env, page(env, `<script>
    const f = document.createElement('iframe'); document.body.append(f);
    f.contentDocument.write('<script src="${T}/t/fr-friendly.js"><\\/script><img src="${T}/t/fr-written.gif">');
    f.contentDocument.close();
    frames[0].fetch(${u('blank-fetch')}).catch(() => {});
    new f.contentWindow.Image().src = ${u('blank-image.gif')};
    const i = f.contentDocument.createElement('img'); i.src = ${u('blank-doc-image.gif')}; f.contentDocument.body.append(i);
    const g = document.createElement('iframe'); g.srcdoc = '<script>new Image().src = ' + ${JSON.stringify(u('srcdoc-image.gif'))} + '<\\/script>'; document.body.append(g);
    const h = document.createElement('iframe'); h.src = '/block-env/child.html'; document.body.append(h);
  </script>`), 1000);
  expect(asked('/t/fr-')).toEqual([]);
  await accept(p);
  await settle(env, p);
  const after = asked('/t/fr-').map((h) => h.replace(/^.*\/t\//, ''));
  console.log(`same-origin frames after consent: ${after.sort().join(', ')}`);
  for (const x of ['fr-friendly.js', 'fr-written.gif', 'fr-blank-image.gif', 'fr-blank-doc-image.gif', 'fr-srcdoc-image.gif', 'fr-child-page.gif']) expect(after.filter((a) => a === x), x).toHaveLength(1);
  await ctx.close();
});

// What the page's own hooks cannot reach, measured, and what closes it: a Content-Security-Policy.
test('not closable from inside the page: CSS url(), import(), and a frame navigated again to a page of the site reach the tracker; a CSP closes each', async () => {
  const T = env.T;
  const port = new URL(T).port;
  env.server.pages.set('/block-env/late-child.html', { body: `<!doctype html><body><script src="${T}/t/nc-late-child.js"></script></body>` });
  const body = `<div style="width:9px;height:9px;background-image:url(${T}/t/nc-style.gif)"></div><script>
    import('http://tracker' + '.test:${port}/t/nc-import.js').catch(() => {});
    const f = document.createElement('iframe'); f.src = '/block-env/sink.html'; document.body.append(f);
    f.onload = () => { f.onload = null; f.src = '/block-env/late-child.html'; };
  </script>`;
  env.server.pages.set('/block-env/sink.html', { body: '<p>sink</p>' });
  const leaks = async (headers?: Record<string, string>) => {
    const path = page(env, body);
    // The site's policy: on every page of it (the frame's too).
    for (const q of [path, '/block-env/late-child.html']) env.server.pages.get(q)!.headers = headers;
    env.hits.length = 0;
    const { ctx, page: p } = await open(env, path, 1500);
    await settle(env, p);
    await ctx.close();
    return ['style.gif', 'import.js', 'late-child.js'].filter((x) => asked(`/t/nc-${x}`).length);
  };
  const open_ = await leaks();
  console.log(`without a CSP, before consent: ${open_.join(', ')} requested`);
  expect(open_).toEqual(['style.gif', 'import.js', 'late-child.js']);
  // The policy lists the site's own origin only (the drop-in and its chunks come from it); the tracker is left out until consent.
  expect(await leaks({ 'content-security-policy': `default-src 'self' 'unsafe-inline'; img-src 'self' data:` })).toEqual([]);
});
