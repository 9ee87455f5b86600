/** The drop-in's public type, shared by its tag (tag.ts) and chunks. */
import type { Consent } from '../core/types.js';

/**
 * The drop-in's store: the consent store, with `gate(root)` (gates a shadow root, or any other
 * root, too, returning its `stop()`) and `debug()`, which opens the debug panel (consent-gate.debug.js).
 */
export type DropIn = Consent & { gate(root: ParentNode): () => void; debug(): Promise<void> };

declare global {
  interface Window {
    /** The drop-in's consent store (see `Consent`) with `gate(root)` and `debug()`; `undefined` when the config is invalid. */
    consentGate?: DropIn;
  }
}
