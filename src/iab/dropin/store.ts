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
import { refuse, startStore } from '../../dropin/start.js';
import { shareTcf } from '../tcf/link.js';
import { checkWith, checkedGpp, checkedTcf } from './config.js';
import { iabChecked, resolvedIab, startIab } from './page.js';

export { erased } from '../../storage/erase.js';

type Regions = typeof import('../../regions/index.js');

/** Checks the config and starts the store and the CMPs on the stub. */
export function run(l: Launch): void {
  const go = (regions?: Regions) => {
    const { config, problems } = checkWith(l.input, regions?.resolveRegions);
    // The store keeps what the CMP keeps on the stub (the interface reads the config and the vendor list from the store).
    const store = config && startStore(config, regions, l, { blocker: (s) => !unserved(s) && (shareTcf(l.stub.api, s), true) });
    if (!store) {
      l.stub.fail();
      l.unbox(true);
      if (!config) refuse(problems, l, l.denied);
      return;
    }
    // Checked, `tcf` and `gpp` too: the reader may answer under it on the next page views.
    const key = iabChecked(l);
    resolvedIab(key, [checkedTcf(), checkedGpp()]);
    checked(key);
    l.stub.attach(store);
    const first = !l.started;
    startPage(l);
    // (On a decided visitor's page the reader started them already.)
    if (first) startIab(l, checkedTcf(), checkedGpp());
  };
  if (l.input.regions) void l.load<Regions>('regions').then(go);
  else go();
}
