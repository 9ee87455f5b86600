/**
 * The iab drop-in's store chunk (`dist/consent-gate.iab-store.js`): the config check with `tcf`
 * and `gpp` (config.ts), the store and the loaders (src/dropin/start.ts), fetched by the iab tag on
 * a first visit (with the iab UI's chunk and the vendor list alongside), and by the reader chunk
 * when it has no answer or a call needs the store. Only once the config has passed are the CMPs
 * started (page.ts): an invalid config leaves every gate shut, no `window.consentGate`, and
 * `__tcfapi` and `__gpp` as the tag's stubs, their calls queued, answering no consent.
 */
import { unserved } from '../../dropin/blocker.js';
import { checked, startPage, type Launch } from '../../dropin/page.js';
import { createFor, refuse, wire } from '../../dropin/start.js';
import { shareTcf } from '../tcf/link.js';
import { nextTask } from '../../dropin/task.js';
import { checkWith, checkedGpp, checkedTcf } from './config.js';
import { iabChecked, resolvedIab, startIab } from './page.js';

export { erased } from '../../storage/erase.js';

type Regions = typeof import('../../regions/index.js');

/**
 * Checks the config and starts the store and the CMPs on the stub, as the default build's store chunk does (issue 20):
 * the check, the store's creation, its wiring (the loaders), the page's start (the stub handing over, Consent Mode's
 * updates, the gate, the CMPs) and the note that this config passed each a task of its own, none in the task that evaluated the chunk. Gates stay shut and `__tcfapi`/`__gpp` stay
 * the stubs across the breaks; an invalid config shuts them for good at once. Settles once the store is attached or
 * has failed.
 */
export function run(l: Launch): Promise<void> {
  const go = async (regions?: Regions) => {
    await nextTask();
    const { config, problems } = checkWith(l.input, regions?.resolveRegions);
    const fail = () => {
      l.stub.fail();
      l.unbox(true);
      if (!config) refuse(problems, l, l.denied);
    };
    if (!config) return fail();
    await nextTask();
    // The store keeps what the CMP keeps on the stub (the interface reads the config and the vendor list from the store).
    const store = createFor(config, regions, l, (s) => !unserved(s) && (shareTcf(l.stub.api, s), true));
    if (!store) return fail();
    await nextTask();
    wire(store, config, l);
    await nextTask();
    l.stub.attach(store);
    const first = !l.started;
    startPage(l);
    // (On a decided visitor's page the reader started them already.)
    if (first) startIab(l, checkedTcf(), checkedGpp());
    // Checked, `tcf` and `gpp` too: the reader may answer under it on the next page views. In a task of its own, as the
    // default build's store chunk does (the page's first use of localStorage opens the origin's storage).
    const key = iabChecked(l);
    const resolved: Parameters<typeof resolvedIab>[1] = [checkedTcf(), checkedGpp()];
    void nextTask().then(() => {
      resolvedIab(key, resolved);
      checked(key);
    });
  };
  return l.input.regions ? l.load<Regions>('regions').then(go) : go();
}
