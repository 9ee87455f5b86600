/**
 * The well-known services: which hosts and paths belong to which analytics, advertising,
 * social and embed service, and its cookie category. Shared by blocking (`autoBlock`, the
 * drop-in's `consent-gate.auto.js`) and scanning (`consent-gate scan`). Not in the default
 * drop-in. No DOM, no Node: importable anywhere.
 */
import { sourceMatcher } from '../block/match.js';
import { LIST } from './list.js';

/** The conventional category a service belongs to (`autoBlock` maps them to the config's ids). */
export type { ServiceCategory } from '../core/vocab.js';
import type { ServiceCategory } from '../core/vocab.js';

/** A service: its patterns in the `sources` syntax, `"host[/path-prefix]"` or `"/regex/"`. */
export interface Service { id: string; name: string; category: ServiceCategory; patterns: string[] }

/** Every known service, most specific first where patterns overlap. */
export const SERVICES: readonly Service[] = LIST;

let match: ((url: string) => number[]) | undefined;

/**
 * The service an absolute URL belongs to, or undefined.
 *
 * @example matchService('https://www.googletagmanager.com/gtm.js?id=GTM-X')?.id // 'google-tag-manager'
 */
export function matchService(url: string): Service | undefined {
  match ??= sourceMatcher(SERVICES.flatMap((s, i) => s.patterns.map((p) => [p, i] as const)));
  const found = match(url);
  return found.length ? SERVICES[Math.min(...found)] : undefined;
}
