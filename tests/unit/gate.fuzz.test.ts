// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "disableJavaScriptFileLoading": true, "handleDisabledFileLoadingAsSuccess": true, "enableIframePageLoading": true, "navigation": { "disableChildFrameNavigation": true }, "disableCSSFileLoading": true } }
// Gate fuzzing (issue 10): random DOM trees (nested gated containers, inline and external
// scripts of every kind, iframes, images with srcset, pictures and videos with <source>s,
// elements inserted later) against random sequences of grants, withdrawals and waits.
// The invariant, checked on every DOM change the gate makes: nothing whose own or any gated
// ancestor's categories are not all granted at that moment gets a URL (src, srcset, poster,
// data) or is made a runnable script. `npm test` runs a fixed seed; `npm run fuzz` a long run.
import { afterEach, expect, test } from 'vitest';
import fc from 'fast-check';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import { gate } from '../../src/gate/index';
import type { Consent } from '../../src/core/types';
import { runs, seed } from '../support/fuzz';

const CATS = ['analytics', 'marketing', 'functional'];
type Tree = { tag: string; cats: string; kids: Tree[] };
type Step =
  | { grant: Record<string, boolean> }
  | { call: 'acceptAll' | 'rejectAll' | 'reset' }
  | { allow: string }
  | { insert: Tree; at: number }
  | { wait: 'microtask' | 'task' | 'tasks' };

const TAGS = ['div', 'div', 'section', 'script', 'script-src', 'script-async', 'script-module', 'script-nomodule', 'script-json', 'iframe', 'img', 'picture', 'video', 'audio', 'embed', 'object'];
// Some elements carry no data-consent (held only by a container); some an empty or unknown one.
const catsArb = fc.oneof(
  { weight: 3, arbitrary: fc.subarray(CATS, { minLength: 1 }).map((c) => c.join(' ')) },
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom(' ', 'unknown', ' analytics  marketing ') },
);
const treeArb = (depth: number): fc.Arbitrary<Tree> => fc.record({
  tag: fc.constantFrom(...TAGS),
  cats: catsArb,
  kids: depth ? fc.array(treeArb(depth - 1), { maxLength: 3 }) : fc.constant([]),
});
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ grant: fc.record(Object.fromEntries(CATS.map((c) => [c, fc.boolean()]))) }),
  fc.record({ call: fc.constantFrom('acceptAll' as const, 'rejectAll' as const, 'reset' as const) }),
  fc.record({ allow: fc.constantFrom(...CATS) }),
  fc.record({ insert: treeArb(2), at: fc.nat() }),
  fc.record({ wait: fc.constantFrom('microtask' as const, 'task' as const, 'tasks' as const) }),
);

let n = 0;
/** Builds `tree` as elements; every URL is unique. */
function build(tree: Tree): Element {
  const url = (ext: string) => `/fz/${++n}.${ext}`;
  const [tag, kind] = tree.tag.split('-') as [string, string | undefined];
  const el = document.createElement(tag === 'picture' ? 'picture' : tag);
  if (tree.cats !== '' || tag === 'script') el.setAttribute('data-consent', tree.cats || 'analytics');
  if (tag === 'script') {
    el.setAttribute('type', 'text/plain');
    if (kind) el.setAttribute('src', url('js'));
    else el.textContent = `window.__ran = ${n}`;
    if (kind === 'async') el.setAttribute('async', '');
    if (kind === 'module') el.setAttribute('data-type', 'module');
    if (kind === 'nomodule') el.setAttribute('nomodule', '');
    if (kind === 'json') el.setAttribute('data-type', 'application/ld+json');
    return el;
  }
  if (['iframe', 'embed', 'object', 'audio'].includes(tag)) el.setAttribute('data-src', url('bin'));
  if (tag === 'img') { el.setAttribute('data-src', url('png')); el.setAttribute('data-srcset', url('png') + ' 2x'); }
  if (tag === 'picture' || tag === 'video') {
    const source = document.createElement('source');
    source.setAttribute(tag === 'picture' ? 'data-srcset' : 'data-src', url('media'));
    el.append(source);
    if (tag === 'picture') { const img = document.createElement('img'); img.setAttribute('data-src', url('png')); el.append(img); }
    else el.setAttribute('data-poster', url('jpg'));
  }
  for (const k of tree.kids) el.append(build(k));
  return el;
}

/** May `el` be live now: every gated element from it up lists categories, all granted. */
function allowed(el: Element, consent: Consent): boolean {
  for (let e = el.closest('[data-consent]'); e; e = e.parentElement?.closest('[data-consent]') ?? null) {
    const cats = e.getAttribute('data-consent')!.split(/\s+/).filter(Boolean);
    if (!cats.length || !cats.every((c) => consent.has(c))) return false;
  }
  return true;
}

const URL_ATTRS = ['src', 'srcset', 'poster', 'data'];
/** Every element that became live in `records`, under the state the consent had throughout them. */
function check(records: MutationRecord[], consent: Consent, leaks: string[]): void {
  for (const r of records) {
    const el = r.target as Element;
    if (r.type === 'attributes' && el.getAttribute(r.attributeName!) !== null && el.isConnected && !allowed(el, consent)) {
      leaks.push(`${el.localName}[${r.attributeName}] under ${JSON.stringify(consent.get().categories)}: ${el.outerHTML}`);
    }
    for (const s of r.addedNodes) {
      if (s instanceof HTMLScriptElement && s.hasAttribute('data-consent') && s.getAttribute('type') !== 'text/plain' && !allowed(s, consent)) {
        leaks.push(`script ran under ${JSON.stringify(consent.get().categories)}: ${s.outerHTML}`);
      }
    }
  }
}

afterEach(() => { document.body.innerHTML = ''; });

/** A long run (`npm run fuzz`, FUZZ_RUNS set) has no time limit; `npm test`'s fixed runs take ~10 s. */
const TIMEOUT = process.env.FUZZ_RUNS ? 0 : 120_000;
const macrotask = () => new Promise((r) => setTimeout(r, 0));

test('no element is released unless its own and every gated ancestor\'s categories are all granted', async () => {
  let cases = 0;
  await fc.assert(fc.asyncProperty(
    fc.array(treeArb(3), { minLength: 1, maxLength: 6 }),
    fc.array(stepArb, { maxLength: 12 }),
    fc.constantFrom('opt-in', 'opt-out', 'notice'),
    async (trees, steps, mode) => {
      cases++;
      document.body.innerHTML = '';
      const consent = createConsent({ mode: mode as 'opt-in', categories: { necessary: { required: true }, ...Object.fromEntries(CATS.map((c) => [c, {}])) } }, { storage: memoryStorage() });
      for (const t of trees) document.body.append(build(t));
      const leaks: string[] = [];
      const observer = new MutationObserver(() => {});
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: URL_ATTRS });
      const stop = gate(consent, { reloadOnWithdraw: false });
      try {
        for (const step of steps) {
          // Changes the gate made since the last step happened under the state that held until now.
          check(observer.takeRecords(), consent, leaks);
          if ('grant' in step) consent.save(step.grant);
          else if ('call' in step) consent[step.call]();
          else if ('allow' in step) consent.allow(step.allow);
          else if ('insert' in step) {
            const all = document.body.querySelectorAll('*');
            (all.length ? all[step.at % all.length]! : document.body).append(build(step.insert));
          } else if (step.wait === 'microtask') await Promise.resolve();
          else if (step.wait === 'task') await macrotask();
          else for (let i = 0; i < 5; i++) await macrotask();
        }
        for (let i = 0; i < 5; i++) {
          check(observer.takeRecords(), consent, leaks);
          await macrotask();
        }
        check(observer.takeRecords(), consent, leaks);
      } finally {
        stop();
        observer.disconnect();
      }
      expect(leaks).toEqual([]);
    },
  ), { numRuns: runs(60), seed: seed() });
  expect(cases).toBeGreaterThanOrEqual(runs(60));
}, TIMEOUT);

test('what the final decision grants is released, once the gate has had time', async () => {
  await fc.assert(fc.asyncProperty(fc.array(treeArb(3), { minLength: 1, maxLength: 6 }), fc.subarray(CATS), async (trees, granted) => {
    document.body.innerHTML = '';
    const consent = createConsent({ categories: { necessary: { required: true }, ...Object.fromEntries(CATS.map((c) => [c, {}])) } }, { storage: memoryStorage() });
    for (const t of trees) document.body.append(build(t));
    const stop = gate(consent, { reloadOnWithdraw: false });
    consent.save(Object.fromEntries(granted.map((c) => [c, true])));
    for (let i = 0; i < 10; i++) await macrotask();
    stop();
    // Every iframe, img, embed or object that may be live got its URL (the gate does not over-block).
    for (const el of document.body.querySelectorAll('iframe[data-consent],img[data-consent],embed[data-consent],audio[data-consent]')) {
      expect(el.hasAttribute('data-src'), el.outerHTML).toBe(!allowed(el, consent));
    }
  }), { numRuns: runs(30), seed: seed() });
}, TIMEOUT);
