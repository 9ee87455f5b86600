/**
 * The drop-in's debug chunk (dist/consent-gate.debug.js), imported by the drop-in only when
 * `consentGate.debug()` is called or the address ends in `#consent-gate-debug`: on a page view
 * without it, nothing of this is requested or run.
 */
import type { HeldEntry } from '../block/held.js';
import type { erased as Erased } from '../storage/erase.js';
import { openPanel } from './panel.js';

/**
 * Opens the panel for the drop-in that loaded this chunk. Its store is `window.consentGate`,
 * read at every redraw: a config with `regions` starts once its chunk has come, and an invalid
 * config (or one that needs another build) leaves none.
 * @param script the drop-in's `<script>` (its config, and the folder of its chunks)
 * @param held what its blocking build held (none in the default build)
 * @param records what its chunks erased (the store's, and on a decided visitor's page the reader's: its erasure chunk
 *   keeps a record of its own), shown together
 */
export function open(script: HTMLScriptElement | null, held: HeldEntry[] | undefined, records: (typeof Erased | undefined)[]): void {
  const all = (k: 'cookies' | 'storage') => [...new Set(records.flatMap((x) => x?.[k] ?? []))];
  const erased = { cookies: all('cookies'), storage: all('storage') };
  const go = () => {
    openPanel({ script, held, erased, base: new URL('.', script?.src || location.href).href, get consent() { return window.consentGate; } });
  };
  // Opened from the address while the page is still being parsed: once there is a <body>.
  if (document.body) go();
  else document.addEventListener('DOMContentLoaded', go, { once: true });
}
