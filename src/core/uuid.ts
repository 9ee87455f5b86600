/**
 * A random version-4 uuid: `crypto.randomUUID` where the page is a secure context,
 * else the same format from `crypto.getRandomValues` (plain-http pages lack randomUUID).
 *
 * @example uuid() // '0b5e7a4c-9f2d-4c1e-8a3b-5d6e7f8a9b0c'
 */
export const uuid = (): string => crypto.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16));
