/**
 * The vocabulary every floor shares: modes, sources, the patterns of ids, versions and region
 * codes, the groups of region codes and the categories of the well-known services. The config
 * check, the record, the store, the reader, the region rules, the services list and the receipts'
 * check (client and server) all import it from here, so that what one writes the others accept.
 * It imports nothing; everything in it is data (tree-shaken where unused).
 */
import type { Mode, Source } from './types.js';

/** The modes, strictest first. */
export const MODES: Mode[] = ['opt-in', 'opt-out', 'notice'];

/** Is mode `a` stricter than `b` (opt-in > opt-out > notice)? */
export const stricter = (a: Mode, b: Mode): boolean => MODES.indexOf(a) < MODES.indexOf(b);

/** Where a decision came from, as the record and receipts carry it. */
export const SOURCES: readonly Source[] = ['banner', 'preferences', 'api', 'placeholder', 'action', 'reset'];

/** A plain `sources` entry: a host of letters, digits, `-` and `.`, then an optional path from `/` (the config check; the blocking tags' early hooks). */
export const SOURCE = /^[a-z\d-]+(\.[a-z\d-]+)*(\/\S*)?$/i;

/** An id of a category or policy, as the config allows it (and receipts carry it). */
export const ID = /^[A-Za-z][\w-]{0,31}$/;
/** A policy version, as the config allows it: 1 to 64 printable characters without spaces or | : + , ; */
export const VERSION = /^[^\s|:+,;\p{Cc}\p{Cs}]{1,64}$/u;

/** A region code: ISO 3166-1 alpha-2 (`DE`) or ISO 3166-2 (`US-CA`). */
export const REGION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
/** The European Union's 27 member states (ISO codes: Greece is GR), as of 2026. */
export const EU = /* @__PURE__ */ 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' ');
/** The European Economic Area: the EU with Iceland, Liechtenstein and Norway. */
export const EEA = /* @__PURE__ */ EU.concat('IS', 'LI', 'NO');

/** The conventional categories of the well-known services (src/services/), which `autoBlock` maps to the config's. */
export type ServiceCategory = 'analytics' | 'marketing' | 'functional';
/** The same, as a list. */
export const SERVICE_CATEGORIES: ServiceCategory[] = ['analytics', 'marketing', 'functional'];

/** The consent types Google Consent Mode v2 knows. */
export const GCM_TYPES = [
  'ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage',
];
/** The default category → consent type mapping of Google Consent Mode. */
export const GCM_DEFAULT_MAP: Record<string, string[]> = {
  necessary: ['security_storage'],
  functional: ['functionality_storage', 'personalization_storage'],
  preferences: ['functionality_storage', 'personalization_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
};
