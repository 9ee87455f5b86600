/**
 * `configHash`: a short, stable fingerprint of the notice a visitor saw. Not a
 * cryptographic commitment: keep each published configuration, and the hash
 * tells which one a receipt refers to.
 */
import type { ConsentConfig } from '../core/types.js';

/** JSON with object keys sorted at every level (undefined members left out), so key order never matters. */
export const canon = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canon)}]`
  : v && typeof v == 'object' ? `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .map((k) => JSON.stringify(k) + ':' + canon((v as Record<string, unknown>)[k]))}}`
  : JSON.stringify(v) ?? 'null';

/** 64 bits of two multiplicative hashes over the UTF-16 code units, as 16 hex digits. */
export function hash(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x6a09e667;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 15), 0x27d4eb2f) ^ a;
  return [a, b].map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * Fingerprints the notice of a configuration: mode, policies, categories and texts.
 * Key order does not matter; any change to a label, a description, a policy
 * version or URL, a text, or the mode gives another hash.
 *
 * @example configHash({ categories: { analytics: { label: 'Analytics' } } }) // '…16 hex digits'
 * @returns 16 lower-case hex digits.
 */
export function configHash(config: ConsentConfig): string {
  const { mode = 'opt-in', policies = {}, categories, texts = {} } = config;
  return hash(canon({ mode, policies, categories, texts }));
}
