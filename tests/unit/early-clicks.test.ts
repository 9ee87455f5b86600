// @vitest-environment happy-dom
// Clicks on the page's actions made before the drop-in's gate has started (issue 20): the tag's stub records
// them (stub.ts), the page's start carries them out through the gate's own action code (page.ts, gate/actions.ts).
// The same in real Chromium, with the store chunk held back: tests/browser/early-clicks.test.ts.
import { afterEach, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import { stub, type Stub } from '../../src/dropin/stub';
import { startPage, type Launch } from '../../src/dropin/page';
import { gate } from '../../src/gate/index';
import { block } from '../../src/gate/box';
import { consentParts } from '../../src/integrations/google-consent-mode';
import type { ConsentConfig } from '../../src/core/types';
import type { DropIn } from '../../src/dropin/types';
import { runs } from '../support/fuzz';

const CONFIG: ConsentConfig = {
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' } },
  actionScope: '#site',
  reloadOnWithdraw: false,
};
const PAGE = `<footer id="site"><button id="accept" data-consent-action="accept-all"><b>Accept all</b></button>
<a id="reject" href="#no" data-consent-action="reject-all">Reject all</a><a id="settings" href="#cookies" data-consent-open>Cookie settings</a></footer>
<p class="comment"><a id="lure" href="#win" data-consent-action="accept-all">Win</a><a id="typo" href="#t" data-consent-action="acept-all">t</a>
<a id="plain" href="#p">plain</a></p>`;

const stubs: Stub[] = [];
const stops: (() => void)[] = [];
// The page's gate (startPage) is not meant to stop: its document listeners are taken off after each test.
const add = document.addEventListener.bind(document);
vi.spyOn(document, 'addEventListener').mockImplementation((...a: Parameters<Document['addEventListener']>) => {
  stops.push(() => document.removeEventListener(...(a as [string, EventListener])));
  add(...a);
});
const reset = () => {
  for (const s of stubs.splice(0)) s.fail();
  for (const f of stops.splice(0)) f();
};
afterEach(() => {
  reset();
  document.body.innerHTML = '';
});

/** The tag's part: the stub (which records clicks from now on). */
function tag(): Stub {
  const s = stub(async () => {});
  stubs.push(s);
  return s;
}
/** A click on `#id` as a visitor's (cancelable, bubbling): whether its default action was prevented. */
function click(id: string): boolean {
  const e = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
  document.getElementById(id)!.dispatchEvent(e);
  return e.defaultPrevented;
}
/** The store chunk's part: the store attached to the stub, the page started on it (the gate, then the recorded clicks). */
function start(s: Stub) {
  const store = createConsent(CONFIG, { storage: memoryStorage() }) as DropIn;
  s.attach(store);
  const l = { stub: s, unbox() {}, block, gcmParts: consentParts, load: async () => undefined } as unknown as Launch;
  startPage(l);
  return store;
}

test('records the clicks on the actions, and prevents their default as the gate does; leaves other clicks alone', () => {
  document.body.innerHTML = PAGE;
  const s = tag();
  expect(['accept', 'reject', 'settings', 'lure', 'typo', 'plain'].map(click)).toEqual([true, true, true, true, false, false]);
  // (On the button, the click was on the <b> inside it: the path is kept, the button found on it.)
  expect(s.early.map((p) => (p[0] as Element).id)).toEqual(['accept', 'reject', 'settings', 'lure']);
});

test('the same clicks made after the start: the gate prevents the same defaults', () => {
  document.body.innerHTML = PAGE;
  const store = createConsent(CONFIG, { storage: memoryStorage() });
  stops.push(gate(store));
  expect(['accept', 'reject', 'settings', 'lure', 'typo', 'plain'].map(click)).toEqual([true, true, true, true, false, false]);
});

test('a recorded accept-all, then reject-all: carried out in order at the start, ending refused', () => {
  document.body.innerHTML = PAGE;
  const s = tag();
  click('accept');
  click('reject');
  const store = start(s);
  expect(store.get()).toMatchObject({ decided: true, source: 'action', categories: { analytics: false } });
  expect(s.early).toEqual([]);
});

test('one click, one decision: a click repeated on the same element is carried out once', () => {
  document.body.innerHTML = PAGE;
  const s = tag();
  const store = createConsent(CONFIG, { storage: memoryStorage() }) as DropIn;
  const accept = vi.spyOn(store, 'acceptAll');
  const reject = vi.spyOn(store, 'rejectAll');
  click('accept');
  click('accept');
  click('reject');
  click('accept');
  s.attach(store);
  startPage({ stub: s, unbox() {}, block, gcmParts: consentParts, load: async () => undefined } as unknown as Launch);
  expect([accept.mock.calls, reject.mock.calls]).toEqual([[['action'], ['action']], [['action']]]);
  expect(store.get().categories.analytics).toBe(true);
  accept.mockRestore();
  reject.mockRestore();
});

test('after the start the gate takes the clicks: none is recorded, none acts twice', () => {
  document.body.innerHTML = PAGE;
  const s = tag();
  const store = start(s);
  const reject = vi.spyOn(store, 'rejectAll');
  expect(click('reject')).toBe(true);
  expect(s.early).toEqual([]);
  expect(reject).toHaveBeenCalledTimes(1);
  reject.mockRestore();
});

test('an accept-all in user content (outside actionScope) recorded before the start grants nothing: it opens the first layer', () => {
  document.body.innerHTML = PAGE;
  const s = tag();
  click('lure');
  const store = start(s);
  expect([store.decided, store.view]).toEqual([false, 'banner']);
});

test('a recorded "Cookie settings" opens the preferences at the start', () => {
  document.body.innerHTML = PAGE;
  const s = tag();
  click('settings');
  expect(start(s).view).toBe('preferences');
});

test('a click on an element removed since is still carried out (the visitor made it)', () => {
  document.body.innerHTML = PAGE;
  const s = tag();
  click('reject');
  document.getElementById('reject')!.remove();
  expect(start(s).get()).toMatchObject({ decided: true, categories: { analytics: false } });
});

test('an invalid config (the stub fails): the recorded clicks are dropped and recording stops', () => {
  document.body.innerHTML = PAGE;
  const s = tag();
  click('accept');
  s.fail();
  expect(s.early).toEqual([]);
  // What the page's links do is theirs again.
  expect(click('settings')).toBe(false);
  expect(s.early).toEqual([]);
});

// Any sequence of clicks made before the start ends in the state the same clicks made after it end in: never more granted.
test('recorded clicks end as the same clicks after the start would', () => {
  const ids = ['accept', 'reject', 'settings', 'lure', 'typo', 'plain'];
  fc.assert(fc.property(fc.array(fc.constantFrom(...ids), { maxLength: 8 }), (seq) => {
    document.body.innerHTML = PAGE;
    const s = tag();
    for (const id of seq) click(id);
    const early = start(s);
    reset();
    document.body.innerHTML = PAGE;
    const late = createConsent(CONFIG, { storage: memoryStorage() });
    stops.push(gate(late));
    for (const id of seq) click(id);
    reset();
    const pick = (c: typeof late) => [c.decided, c.get().categories.analytics, c.view];
    expect(pick(early)).toEqual(pick(late));
  }), { numRuns: runs(30) });
});
