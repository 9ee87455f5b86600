/**
 * The default drop-in's store chunk (`dist/consent-gate.store.js`): the config check, the store, the
 * UI's and receipts' loaders (start.ts), fetched by the tag on a first visit (with the UI's chunk
 * alongside), and by the reader chunk when it has no answer or a call needs the store. An invalid
 * config leaves every gate shut and no `window.consentGate`, as the synchronous builds do.
 */
import { checkWith, type Problem } from '../core/config.js';
import { blocker } from './blocker.js';
import { fingerprint } from '../core/fingerprint.js';
import { checked, startPage, type Launch } from './page.js';
import { createFor, refuse, wire } from './start.js';
import { nextTask } from './task.js';

export { erased } from '../storage/erase.js';

type Regions = typeof import('../regions/index.js');

/**
 * Checks the config and starts the store on the stub: the check, the store's creation, its wiring (the UI's and the
 * receipts' loaders: start.ts `wire`), the page's start (the stub handing over to the store, Consent Mode's updates,
 * the gate) and the note that this config passed each a task of its own, none in the task that evaluated the chunk, so
 * that on a first visit none of them is a long task (issue 20). Gates stay shut across the breaks: the gate starts only in the last, with the store
 * attached (the stub answers nothing granted until then); an invalid config shuts them for good at once. Settles once
 * the store is attached or has failed (the debug panel, opened early, waits for that).
 */
export function run(l: Launch): Promise<void> {
  const fail = (problems?: Problem[]) => {
    l.stub.fail();
    l.unbox(true);
    if (problems) refuse(problems, l, l.denied);
  };
  const go = async (regions?: Regions) => {
    // The chunk's evaluation (and, arriving with it, the UI's) ends the task it came in; the check starts the next.
    await nextTask();
    const { config, problems } = checkWith(l.input, regions?.resolveRegions);
    if (!config) return fail(problems);
    await nextTask();
    const store = createFor(config, regions, l, l.blocker ?? blocker);
    if (!store) return fail();
    await nextTask();
    wire(store, config, l);
    await nextTask();
    l.stub.attach(store);
    startPage(l);
    // This config passed the check: the reader may answer under it on the next page views. In a task of its own: the
    // page's first use of localStorage opens the origin's storage (~45 ms at 4× CPU on a first visit), and nothing on
    // this page waits for it (a page left before it has its visitor take the store's path once more).
    void nextTask().then(() => checked(fingerprint(l.input)));
  };
  // Region rules are a chunk of their own, for a config that has them (the tag started fetching it).
  return l.input.regions ? l.load<Regions>('regions').then(go) : go();
}
