/**
 * The default drop-in's store chunk (`dist/consent-gate.store.js`): the config check, the store, the
 * UI's and receipts' loaders (start.ts), fetched by the tag on a first visit (with the UI's chunk
 * alongside), and by the reader chunk when it has no answer or a call needs the store. An invalid
 * config leaves every gate shut and no `window.consentGate`, as the synchronous builds do.
 */
import { checkWith } from '../core/config.js';
import { blocker } from './blocker.js';
import { fingerprint } from '../core/fingerprint.js';
import { checked, startPage, type Launch } from './page.js';
import { refuse, startStore } from './start.js';

export { erased } from '../storage/erase.js';

type Regions = typeof import('../regions/index.js');

/** Checks the config and starts the store on the stub. */
export function run(l: Launch): void {
  const go = (regions?: Regions) => {
    const { config, problems } = checkWith(l.input, regions?.resolveRegions);
    const store = config && startStore(config, regions, l, { blocker: l.blocker ?? blocker });
    if (!store) {
      l.stub.fail();
      l.unbox(true);
      if (!config) refuse(problems, l, l.denied);
      return;
    }
    // This config passed the check: the reader may answer under it on the next page views.
    checked(fingerprint(l.input));
    l.stub.attach(store);
    startPage(l);
  };
  // Region rules are a chunk of their own, for a config that has them (the tag started fetching it).
  if (l.input.regions) void l.load<Regions>('regions').then(go);
  else go();
}
