/** The modes and region codes, for the config checks, the store and the region rules alike. */
import type { Mode } from './types.js';

/** The modes, strictest first. */
export const MODES: Mode[] = ['opt-in', 'opt-out', 'notice'];

/** Is mode `a` stricter than `b` (opt-in > opt-out > notice)? */
export const stricter = (a: Mode, b: Mode): boolean => MODES.indexOf(a) < MODES.indexOf(b);

/** A region code: ISO 3166-1 alpha-2 (`DE`) or ISO 3166-2 (`US-CA`). */
export const REGION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
