// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "handleDisabledFileLoadingAsSuccess": true, "enableIframePageLoading": true, "navigation": { "disableChildFrameNavigation": true } } }
// The gate's DOM work: which elements it releases, what the released ones carry,
// placeholders and actions. Script execution, order and network are proven in Chromium
// (tests/browser/gate.test.ts).
import { afterEach, expect, test, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { validateConfig } from '../../src/consent/config';
import { memoryStorage } from '../../src/storage/memory';
import { gate, gateWith, type Placeholders } from '../../src/gate/index';
import { block } from '../../src/gate/box';
import { fill } from '../../src/gate/placeholder';
import { BOX, CSS } from '../../src/gate/placeholder.css';
import type { ConsentConfig } from '../../src/core/types';

const config = (patch: Partial<ConsentConfig> = {}): ConsentConfig => ({
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } },
  ...patch,
});
const store = (patch?: Partial<ConsentConfig>) => createConsent(config(patch), { storage: memoryStorage() });
// The gate releases in slices of a few ms, each in its own task: give it a few.
const tick = async () => { for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0)); };
let stops: (() => void)[] = [];
const start = (...args: Parameters<typeof gate>) => { const s = gate(...args); stops.push(s); return s; };

afterEach(() => {
  vi.restoreAllMocks();
  for (const s of stops) s();
  stops = [];
  document.body.innerHTML = '';
  document.documentElement.lang = '';
});

/** A gated script that is not run by happy-dom (src points nowhere it may fetch). */
const body = (html: string) => { document.body.innerHTML = html; };

test('leaves gated scripts untouched before consent', async () => {
  body('<script type="text/plain" data-consent="analytics" src="/a.js"></script>');
  start(store());
  await tick();
  expect(document.querySelector('script')!.getAttribute('type')).toBe('text/plain');
});

test('replaces a granted script by a real one with every attribute', async () => {
  body('<script type="text/plain" data-consent="analytics" id="ga" src="/a.js" async integrity="sha384-x" crossorigin="anonymous" referrerpolicy="no-referrer" data-extra="1"></script>');
  const c = store();
  start(c, { reloadOnWithdraw: false });
  c.acceptAll();
  await tick();
  const s = document.querySelector('script')!;
  expect(s.hasAttribute('type')).toBe(false);
  for (const [k, v] of Object.entries({ id: 'ga', src: '/a.js', async: '', integrity: 'sha384-x', crossorigin: 'anonymous', referrerpolicy: 'no-referrer', 'data-extra': '1', 'data-consent': 'analytics' })) {
    expect(s.getAttribute(k)).toBe(v);
  }
});

test('carries the nonce over from the property', async () => {
  body('<script type="text/plain" data-consent="analytics" src="/a.js"></script>');
  const old = document.querySelector('script')!;
  old.nonce = 'n0nce';
  const c = store({ mode: 'opt-out' });
  start(c);
  await tick();
  expect(document.querySelector('script')!.nonce).toBe('n0nce');
});

test('makes data-type="module" a module script', async () => {
  body('<script type="text/plain" data-consent="analytics" data-type="module" src="/m.js"></script>');
  const c = store({ mode: 'opt-out' });
  start(c);
  await tick();
  expect(document.querySelector('script')!.type).toBe('module');
});

test('keeps external scripts in order: async off unless asked for', async () => {
  body('<script type="text/plain" data-consent="analytics" src="/a.js"></script><script type="text/plain" data-consent="analytics" src="/b.js" async></script>');
  start(store({ mode: 'opt-out' }));
  await tick();
  const [a, b] = Array.from(document.querySelectorAll('script'));
  expect(a!.async).toBe(false);
  expect(b!.async).toBe(true);
});

test('needs every category listed', async () => {
  body('<script type="text/plain" data-consent="analytics  marketing" src="/a.js"></script>');
  const c = store();
  start(c, { reloadOnWithdraw: false });
  c.save({ analytics: true });
  await tick();
  expect(document.querySelector('script')!.type).toBe('text/plain');
  c.allow('marketing');
  await tick();
  expect(document.querySelector('script')!.hasAttribute('type')).toBe(false);
});

test('never releases an empty or unknown category', async () => {
  body('<script type="text/plain" data-consent=" " src="/a.js"></script><script type="text/plain" data-consent="stats" src="/b.js"></script>');
  const c = store();
  start(c);
  c.acceptAll();
  await tick();
  expect(Array.from(document.querySelectorAll('script'), (s) => s.type)).toEqual(['text/plain', 'text/plain']);
});

test('releases only necessary-category elements when nothing is decided', async () => {
  body('<script type="text/plain" data-consent="necessary" src="/n.js"></script><script type="text/plain" data-consent="analytics" src="/a.js"></script>');
  start(store());
  await tick();
  expect(Array.from(document.querySelectorAll('script'), (s) => s.getAttribute('type'))).toEqual([null, 'text/plain']);
});

test('gives embeds their URLs after consent, descendants included', async () => {
  body(`<img data-consent="marketing" data-src="/i.png" data-srcset="/i2.png 2x">
    <video data-consent="marketing" data-poster="/p.jpg"><source data-src="/v.mp4"></video>
    <object data-consent="marketing" data-src="/o.pdf"></object>`);
  const c = store();
  start(c, { reloadOnWithdraw: false });
  await tick();
  expect(document.querySelector('img')!.hasAttribute('src')).toBe(false);
  c.acceptAll();
  await tick();
  const img = document.querySelector('img')!;
  expect([img.getAttribute('src'), img.getAttribute('srcset'), img.hasAttribute('data-src')]).toEqual(['/i.png', '/i2.png 2x', false]);
  expect(document.querySelector('video')!.getAttribute('poster')).toBe('/p.jpg');
  expect(document.querySelector('source')!.getAttribute('src')).toBe('/v.mp4');
  expect(document.querySelector('object')!.getAttribute('data')).toBe('/o.pdf');
});

test('a nested gated element needs its own and every outer category', async () => {
  body(`<div data-consent="analytics"><img id="outer" data-src="/o.png">
    <div data-consent="marketing"><img id="inner" data-src="/i.png"><iframe data-consent="analytics" data-src="/f.html"></iframe>
      <script type="text/plain" data-consent="analytics" src="/s.js"></script></div></div>`);
  const c = store();
  start(c, { reloadOnWithdraw: false });
  c.save({ analytics: true });
  await tick();
  expect(document.querySelector('#outer')!.getAttribute('src')).toBe('/o.png');
  expect(document.querySelector('#inner')!.hasAttribute('src')).toBe(false);
  expect(document.querySelector('iframe')!.hasAttribute('src')).toBe(false);
  expect(document.querySelector('script')!.getAttribute('type')).toBe('text/plain');
  c.allow('marketing');
  await tick();
  expect(document.querySelector('#inner')!.getAttribute('src')).toBe('/i.png');
  expect(document.querySelector('iframe')!.getAttribute('src')).toBe('/f.html');
  expect(document.querySelector('script')!.hasAttribute('type')).toBe(false);
});

test('nothing inside an empty data-consent is ever released', async () => {
  body('<div data-consent=" "><img data-consent="analytics" data-src="/i.png"></div>');
  const c = store();
  start(c, { reloadOnWithdraw: false });
  c.acceptAll();
  await tick();
  expect(document.querySelector('img')!.hasAttribute('src')).toBe(false);
});

test('drops a javascript: URL instead of loading it', async () => {
  body('<iframe data-consent="marketing" data-src="javascript:alert(1)"></iframe>');
  start(store({ mode: 'opt-out' }));
  await tick();
  const f = document.querySelector('iframe')!;
  expect(f.hasAttribute('src')).toBe(false);
  expect(f.hasAttribute('data-src')).toBe(false);
});

test('puts a placeholder before a blocked iframe and hides the iframe', async () => {
  body('<iframe data-consent="marketing" data-src="https://video.example/embed/1" width="560" height="315"></iframe>');
  start(store());
  await tick();
  const ph = document.querySelector('.consent-placeholder')!;
  expect(ph.nextElementSibling).toBe(document.querySelector('iframe'));
  expect(ph.querySelector('p')!.textContent).toBe('video.example is blocked until you allow Marketing.');
  expect(Array.from(ph.querySelectorAll('button'), (b) => b.textContent)).toEqual(['Allow Marketing', 'Cookie preferences']);
  expect(document.querySelector('iframe')!.hasAttribute('data-consent-blocked')).toBe(true);
  expect(ph.hasAttribute('style')).toBe(false);
});

test('names the embed by its title', async () => {
  body('<iframe title="Opening hours map" data-consent="marketing" data-src="https://maps.example/x"></iframe>');
  start(store());
  await tick();
  expect(document.querySelector('.consent-placeholder p')!.textContent).toBe('Opening hours map is blocked until you allow Marketing.');
});

test('takes placeholder texts from the config for the page language', async () => {
  document.documentElement.lang = 'de-AT';
  body('<video data-consent="marketing" data-src="/v.mp4"></video>');
  start(store({ texts: { de: { allow: '{0} erlauben', prefs: 'Einstellungen', blocked: '{0}: {1} nötig', content: 'Inhalt' } } }));
  await tick();
  const ph = document.querySelector('.consent-placeholder')!;
  expect(Array.from(ph.querySelectorAll('button'), (b) => b.textContent)).toEqual(['Marketing erlauben', 'Einstellungen']);
});

test('puts config texts in as text, never as HTML', async () => {
  body('<iframe data-consent="marketing" data-src="/x"></iframe>');
  start(createConsent({ categories: { marketing: { label: '<img src=x onerror=alert(1)>' } } }, { storage: memoryStorage() }));
  await tick();
  const ph = document.querySelector('.consent-placeholder')!;
  expect(ph.querySelector('img')).toBeNull();
  expect(ph.querySelector('button')!.textContent).toBe('Allow <img src=x onerror=alert(1)>');
});

test('the allow button records consent for the category from the placeholder', async () => {
  body('<iframe data-consent="marketing" data-src="/x"></iframe>');
  const c = store();
  start(c, { reloadOnWithdraw: false });
  await tick();
  document.querySelector<HTMLButtonElement>('.consent-placeholder button')!.click();
  expect(c.get().categories).toMatchObject({ marketing: true, analytics: false });
  expect(c.get().source).toBe('placeholder');
  await tick();
  expect(document.querySelector('.consent-placeholder')).toBeNull();
  expect(document.querySelector('iframe')!.getAttribute('src')).toBe('/x');
  expect(document.querySelector('iframe')!.hasAttribute('data-consent-blocked')).toBe(false);
});

test('the preferences button opens the preferences', async () => {
  body('<iframe data-consent="marketing" data-src="/x"></iframe>');
  const c = store();
  start(c);
  await tick();
  document.querySelectorAll<HTMLButtonElement>('.consent-placeholder button')[1]!.click();
  expect(c.view).toBe('preferences');
  expect(c.decided).toBe(false);
});

/** A placeholder loader (as the drop-in's, which fetches a chunk) whose module arrives on `arrive()`. */
function lateLoader() {
  let arrive!: () => void;
  const arrived = new Promise<void>((r) => { arrive = r; });
  const loader = vi.fn<Placeholders['fill']>(async () => { await arrived; return { fill }; });
  return { loader, places: { box: block, fill: loader }, arrive: async () => { arrive(); await tick(); } };
}

test('reserves an empty box at once, hides the embed, and fills the box when the placeholder module arrives', async () => {
  body('<iframe data-consent="marketing" data-src="https://video.example/1" width="560" height="315"></iframe><video data-consent="marketing"></video>');
  const { loader, places, arrive } = lateLoader();
  stops.push(gateWith(store(), {}, places));
  await tick();
  const phs = Array.from(document.querySelectorAll('.consent-placeholder'));
  expect(phs.map((ph) => [ph.nextElementSibling!.localName, ph.childElementCount])).toEqual([['iframe', 0], ['video', 0]]);
  expect(Array.from(document.querySelectorAll('[data-consent]'), (el) => el.hasAttribute('data-consent-blocked'))).toEqual([true, true]);
  // The embed's size is a rule of its own for the box, before any content.
  expect(phs[0]!.hasAttribute('data-consent-ph')).toBe(true);
  expect(loader).toHaveBeenCalledTimes(2);
  await arrive();
  expect(Array.from(document.querySelectorAll('.consent-placeholder')), 'the same boxes').toEqual(phs);
  expect(phs[0]!.querySelector('p')!.textContent).toBe('video.example is blocked until you allow Marketing.');
  expect(Array.from(phs[1]!.querySelectorAll('button'), (b) => b.textContent)).toEqual(['Allow Marketing', 'Cookie preferences']);
});

test('asks for the placeholder module only when an iframe or video is blocked', async () => {
  body('<script type="text/plain" data-consent="analytics" src="/a.js"></script><img data-consent="marketing" data-src="/i.png"><audio data-consent="marketing" data-src="/a.mp3"></audio>'
    + '<iframe data-consent="analytics" data-src="/x"></iframe><video data-consent="analytics" data-src="/v.mp4"></video>');
  const { loader, places } = lateLoader();
  const c = store();
  c.save({ analytics: true });
  stops.push(gateWith(c, { reloadOnWithdraw: false }, places));
  await tick();
  expect(document.querySelector('iframe')!.getAttribute('src')).toBe('/x');
  expect(loader).not.toHaveBeenCalled();
  // The control: one blocked iframe, one request for the module.
  document.body.insertAdjacentHTML('beforeend', '<iframe data-consent="marketing" data-src="/y"></iframe>');
  await tick();
  expect(loader).toHaveBeenCalledTimes(1);
});

test('fills no box whose embed was released before the placeholder module arrived', async () => {
  body('<iframe data-consent="marketing" data-src="/x"></iframe>');
  const { places, arrive } = lateLoader();
  const c = store();
  stops.push(gateWith(c, { reloadOnWithdraw: false }, places));
  await tick();
  const ph = document.querySelector('.consent-placeholder')!;
  c.allow('marketing');
  await tick();
  expect(document.querySelector('.consent-placeholder')).toBeNull();
  await arrive();
  expect(ph.childElementCount).toBe(0);
  expect(document.querySelector('.consent-placeholder')).toBeNull();
  expect(document.querySelector('iframe')!.getAttribute('src')).toBe('/x');
});

test('what fills the box leaves its outer size alone: that is all in the box\'s own stylesheet', () => {
  /** The properties set for `.consent-placeholder` itself in a stylesheet. */
  const props = (css: string) => [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)]
    .filter(([, sel]) => sel!.trim() === ':where(.consent-placeholder)')
    .flatMap(([, , decls]) => decls!.split(';').map((d) => d.split(':')[0]!.trim()));
  const SIZE = /^(width|height|min-|max-|aspect-ratio|box-sizing|inline-size|block-size|margin|position|float|inset)/;
  expect(props(BOX).filter((p) => SIZE.test(p)).sort()).toEqual(['aspect-ratio', 'box-sizing', 'min-height']);
  expect(props(CSS).length).toBeGreaterThan(0);
  expect(props(CSS).filter((p) => SIZE.test(p))).toEqual([]);
});

test('gates elements added later', async () => {
  const c = store();
  start(c, { reloadOnWithdraw: false });
  await tick();
  document.body.insertAdjacentHTML('beforeend', '<iframe data-consent="analytics" data-src="/late"></iframe>');
  await tick();
  expect(document.querySelector('.consent-placeholder')).not.toBeNull();
  c.acceptAll();
  await tick();
  document.body.insertAdjacentHTML('beforeend', '<img data-consent="analytics" data-src="/later.png">');
  await tick();
  expect(document.querySelector('iframe')!.getAttribute('src')).toBe('/late');
  expect(document.querySelector('img')!.getAttribute('src')).toBe('/later.png');
});

test('removes the placeholder of an embed taken out of the page', async () => {
  body('<div><iframe data-consent="marketing" data-src="/x"></iframe></div>');
  start(store());
  await tick();
  document.querySelector('iframe')!.remove();
  await tick();
  expect(document.querySelector('.consent-placeholder')).toBeNull();
});

test('stop() ends gating and removes the placeholders', async () => {
  body('<iframe data-consent="marketing" data-src="/x"></iframe>');
  const c = store();
  const stop = start(c);
  await tick();
  stop();
  expect(document.querySelector('.consent-placeholder')).toBeNull();
  c.acceptAll();
  await tick();
  expect(document.querySelector('iframe')!.hasAttribute('src')).toBe(false);
});

test('gates only inside root', async () => {
  body('<div id="in"><img data-consent="analytics" data-src="/in.png"></div><img id="out" data-consent="analytics" data-src="/out.png">');
  start(store({ mode: 'opt-out' }), { root: document.getElementById('in')! });
  await tick();
  expect(document.querySelector('#in img')!.getAttribute('src')).toBe('/in.png');
  expect(document.getElementById('out')!.hasAttribute('src')).toBe(false);
});

test('data-consent-action records accept-all (inside actionScope) and reject-all', () => {
  body('<footer id="site"><button data-consent-action="accept-all">Yes</button></footer><a href="#x" data-consent-action="reject-all"><span>No</span></a>');
  const c = store({ actionScope: '#site' });
  start(c, { reloadOnWithdraw: false });
  document.querySelector('button')!.click();
  expect(c.get()).toMatchObject({ decided: true, source: 'action', categories: { analytics: true, marketing: true } });
  const ev = new MouseEvent('click', { bubbles: true, cancelable: true });
  document.querySelector('span')!.dispatchEvent(ev);
  expect(c.get().categories).toMatchObject({ analytics: false, marketing: false });
  expect(ev.defaultPrevented).toBe(true);
});

test('an actionScope that is no CSS selector is a config error naming it, before anything is clicked', () => {
  for (const actionScope of ['###', '#site,,.links', '#site >> a']) {
    expect(() => store({ actionScope }), actionScope).toThrow(/actionScope: expected a CSS selector/);
    expect(validateConfig(config({ actionScope })).problems).toEqual([`actionScope: expected a CSS selector like "#site-footer, .cookie-links", got ${JSON.stringify(actionScope)}`]);
  }
  expect(validateConfig(config({ actionScope: '#site-footer, .cookie-links a:not([hidden])' })).problems).toEqual([]);
});

test('accept-all outside actionScope records nothing and opens the first layer', () => {
  body('<article><p>A comment <a href="#win" data-consent-action="accept-all"><b>Win</b></a></p></article><footer id="site"></footer>');
  const c = store({ actionScope: '#site' });
  start(c);
  const ev = new MouseEvent('click', { bubbles: true, cancelable: true });
  document.querySelector('b')!.dispatchEvent(ev);
  expect([c.decided, c.view, ev.defaultPrevented]).toEqual([false, 'banner', true]);
});

test('accept-all with no actionScope grants nowhere on the page', () => {
  body('<button data-consent-action="accept-all">Yes</button>');
  const c = store();
  start(c);
  document.querySelector('button')!.click();
  expect([c.decided, c.view]).toEqual([false, 'banner']);
});

test('a match inside the action element does not put it in scope (user content could nest one)', () => {
  body('<div class="comment"><a href="#" data-consent-action="accept-all"><span id="site">Yes</span></a></div>');
  const c = store({ actionScope: '#site' });
  start(c);
  document.querySelector('span')!.click();
  expect(c.decided).toBe(false);
});

test('accept-all in a shadow root whose host is inside actionScope records the decision', () => {
  body('<footer id="site"><div id="host"></div></footer>');
  const host = document.getElementById('host')!;
  host.attachShadow({ mode: 'open' }).innerHTML = '<button data-consent-action="accept-all">Yes</button>';
  const c = store({ actionScope: '#site' });
  start(c);
  host.shadowRoot!.querySelector('button')!.click();
  expect(c.get()).toMatchObject({ decided: true, source: 'action', categories: { analytics: true } });
});

test('actions work inside a shadow root', () => {
  const host = document.createElement('div');
  host.attachShadow({ mode: 'open' }).innerHTML = '<button data-consent-action="reject-all"><b>No</b></button>';
  document.body.append(host);
  const c = store();
  start(c);
  host.shadowRoot!.querySelector('b')!.click();
  expect(c.get()).toMatchObject({ decided: true, categories: { analytics: false } });
});

test('data-consent-open opens the preferences, or the banner', () => {
  body('<a href="/cookies" data-consent-open>Cookie settings</a><button data-consent-open="banner">Banner</button>');
  const c = store();
  start(c);
  const ev = new MouseEvent('click', { bubbles: true, cancelable: true });
  document.querySelector('a')!.dispatchEvent(ev);
  expect([c.view, ev.defaultPrevented, c.decided]).toEqual(['preferences', true, false]);
  document.querySelector('button')!.click();
  expect(c.view).toBe('banner');
});

test('reloads after a withdrawal of a category that released something', async () => {
  body('<script type="text/plain" data-consent="analytics" src="/a.js"></script>');
  const reload = vi.fn();
  vi.spyOn(window.location, 'reload').mockImplementation(reload);
  const c = store();
  start(c);
  c.acceptAll();
  await tick();
  c.save({ analytics: true, marketing: false });
  await tick();
  expect(reload).not.toHaveBeenCalled();
  c.reset();
  await tick();
  expect(reload).toHaveBeenCalledTimes(1);
});

test('does not reload when reloadOnWithdraw is false, and releases nothing more', async () => {
  body('<script type="text/plain" data-consent="analytics" src="/a.js"></script>');
  const reload = vi.spyOn(window.location, 'reload').mockImplementation(() => {});
  const c = store({ mode: 'opt-out', reloadOnWithdraw: false });
  start(c);
  await tick();
  c.rejectAll();
  document.body.insertAdjacentHTML('beforeend', '<img data-consent="analytics" data-src="/late.png">');
  await tick();
  expect(reload).not.toHaveBeenCalled();
  expect(document.querySelector('img')!.hasAttribute('src')).toBe(false);
});
