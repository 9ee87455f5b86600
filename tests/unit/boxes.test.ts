// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "handleDisabledFileLoadingAsSuccess": true, "enableIframePageLoading": true, "navigation": { "disableChildFrameNavigation": true } } }
// The default drop-in's tag reserves the boxes of blocked embeds while the page parses
// (src/dropin/boxes.ts). Each batch of added nodes is looked at, never the whole document again.
import { afterEach, expect, test, vi } from 'vitest';
import { reserveBoxes } from '../../src/dropin/boxes';
import { boxOf } from '../../src/gate/box';

const frame = (consent: string) => {
  const el = document.createElement('iframe');
  el.title = consent;
  el.setAttribute('data-consent', consent);
  return el;
};
const batch = () => new Promise((r) => setTimeout(r));

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

test('boxes embeds that come later, alone or inside what is added, and leaves granted ones and other elements alone', async () => {
  const early = document.body.appendChild(frame('marketing'));
  const stop = reserveBoxes((c) => c == 'analytics');
  expect(boxOf(early)).toBeTruthy();
  const later = document.body.appendChild(frame('marketing'));
  const wrap = document.createElement('section');
  wrap.innerHTML = '<div><iframe data-consent="marketing" title="nested"></iframe><video data-consent="analytics"></video></div><img data-consent="marketing" alt="">';
  document.body.append(wrap);
  await batch();
  expect(boxOf(later)).toBeTruthy();
  expect(boxOf(wrap.querySelector('iframe')!)).toBeTruthy();
  expect(boxOf(wrap.querySelector('video')!)).toBeUndefined();
  expect(document.querySelectorAll('.consent-placeholder')).toHaveLength(3);
  stop(true);
  expect(document.querySelectorAll('.consent-placeholder')).toHaveLength(0);
  expect(document.querySelectorAll('[data-consent-blocked]')).toHaveLength(0);
});

test('a batch of added nodes is looked at without scanning the document', async () => {
  // A long page already parsed: a scan of the document would go through all of it.
  for (let i = 0; i < 200; i++) document.body.append(document.createElement('p'));
  const stop = reserveBoxes(() => false);
  const scans = vi.spyOn(document, 'querySelectorAll');
  const matches = vi.spyOn(Element.prototype, 'matches');
  for (let i = 0; i < 5; i++) {
    document.body.append(document.createElement('p'), frame('marketing'));
    await batch();
  }
  expect(scans).not.toHaveBeenCalled();
  expect(document.querySelectorAll('.consent-placeholder')).toHaveLength(5);
  // Each added element looked at once (the boxes the tag put in are added nodes too): nothing else.
  expect(matches.mock.calls.length).toBeLessThanOrEqual(15);
  stop();
});

test('an embed added and taken out again in the same batch is not boxed', async () => {
  const stop = reserveBoxes(() => false);
  const gone = document.body.appendChild(frame('marketing'));
  gone.remove();
  await batch();
  expect(gone.hasAttribute('data-consent-blocked')).toBe(false);
  stop();
});
