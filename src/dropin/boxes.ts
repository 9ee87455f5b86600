/**
 * The default drop-in's tag reserves the placeholder box of each blocked iframe and video in the
 * task that finds it (box.ts, as the gate does), so that the page does not move when the gate,
 * which comes in a chunk after the first paint, takes the box over and fills it. Only the box:
 * what the embed needs is decided by the gate alone (an embed has no URL until it releases it), so
 * a wrong guess here costs a layout shift, never a request. The guess: an embed whose categories
 * the consent cookie grants (`<id>:1`), or that the config's mode grants before a decision, keeps
 * its own room; every other one gets the box.
 */
import { block, boxOf, unblock } from '../gate/box.js';

/** Reserves boxes until the function returned is called; with `true`, that also takes back the boxes it made. */
export function reserveBoxes(granted: (category: string) => boolean): (undo?: boolean) => void {
  const made: Element[] = [];
  const embeds = 'iframe[data-consent],video[data-consent]';
  const box = (el: Element) => {
    if (boxOf(el) || el.getAttribute('data-consent')!.trim().split(/\s+/).every(granted)) return;
    block(el as HTMLElement);
    made.push(el);
  };
  const look = (root: ParentNode) => { for (const el of root.querySelectorAll(embeds)) box(el); };
  // While the page parses, each batch holds the nodes just added: those are looked at (an embed, or
  // what an element added with its children holds), never the whole document again. One taken out again is left alone.
  const observer = new MutationObserver((batch) => batch.forEach((r) => r.addedNodes.forEach((n) => {
    if (n.isConnected && n instanceof Element) {
      if (n.matches(embeds)) box(n);
      else look(n);
    }
  })));
  observer.observe(document, { childList: true, subtree: true });
  look(document);
  return (undo) => {
    observer.disconnect();
    if (undo) for (const el of made.splice(0)) { boxOf(el)?.remove(); unblock(el); }
  };
}
