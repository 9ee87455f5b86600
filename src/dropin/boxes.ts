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
  // The callback runs for every batch the parser adds, before the first paint: the parser adds elements one by one and
  // empty, so most are passed over on their name and their having no child element, with no selector matched.
  const observer = new MutationObserver((batch) => {
    for (const r of batch) {
      for (const n of r.addedNodes) {
        if (n.nodeType != 1 || !n.isConnected) continue;
        const t = (n as Element).localName;
        if (t == 'iframe' || t == 'video') {
          if ((n as Element).hasAttribute('data-consent')) box(n as Element);
        } else if ((n as Element).firstElementChild) look(n as Element);
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  look(document);
  return (undo) => {
    observer.disconnect();
    if (undo) for (const el of made.splice(0)) { boxOf(el)?.remove(); unblock(el); }
  };
}
