/**
 * Google Consent Mode v2. Pushes to `window.dataLayer` exactly what `gtag()`
 * pushes (an `arguments` object), so gtag.js and Google Tag Manager both read it:
 * the `consent default` at once (synchronously), then a `consent update` from the
 * stored decision and after every change.
 */
import { GCM_TYPES } from '../core/vocab.js';
import type { Consent, ResolvedConfig } from '../core/types.js';

type Types = Record<string, 'granted' | 'denied'>;

/** Pushes what `gtag(...)` pushes: its `arguments` object. */
function gtag(_command: string, _name: string, _value: unknown) {
  // eslint-disable-next-line prefer-rest-params
  ((window as unknown as { dataLayer?: unknown[] }).dataLayer ??= []).push(arguments);
}

/**
 * Pushes the `default` with every consent type denied, `security_storage` too: what the
 * drop-in says when its config cannot be used (not JSON, or invalid), whatever it holds,
 * so that Google's tags loaded without gating do not act as if everything were granted.
 *
 * @example denyAll() // dataLayer: [Arguments ['consent', 'default', { ad_storage: 'denied', …, security_storage: 'denied' }]]
 */
export const denyAll = (): void => gtag('consent', 'default', Object.fromEntries(GCM_TYPES.map((t) => [t, 'denied'])));

/**
 * Starts Google Consent Mode for `consent` when its config has `googleConsentMode`
 * (else does nothing). Call it before `gate(consent)` and before any Google tag.
 *
 * The default grants the types of required categories and `security_storage`, and
 * denies every other type (also those no category maps to), with `wait_for_update`
 * and, when configured, `region`; then `ads_data_redaction` and `url_passthrough`
 * are `set`. A type is granted when every category mapped to it is granted.
 *
 * @example
 * googleConsentMode(consent)
 * // dataLayer: [Arguments ['consent', 'default', { ad_storage: 'denied', …, wait_for_update: 500 }], …]
 * @returns the function that stops the updates
 */
export const googleConsentMode = (consent: Consent): (() => void) => consentMode(consent, true);

/** Google Consent Mode's options as the config check resolves them. */
export type ConsentModeOptions = NonNullable<ResolvedConfig['googleConsentMode']>;

/** Each consent type: granted when every category mapped to it is (`security_storage` also when none is). */
const typesOf = (map: ConsentModeOptions['map'], granted: (category: string) => boolean | undefined): Types => Object.fromEntries(GCM_TYPES.map((t) => {
  const cats = Object.keys(map).filter((c) => map[c]!.includes(t));
  return [t, (cats.length ? cats.every(granted) : t === 'security_storage') ? 'granted' : 'denied'];
}));

/**
 * Pushes the `default` (the types of `required` categories granted, every other one denied) and the `set`s of `g`.
 * Internal: the drop-in's tag pushes it from the config as the page gives it, before the config check (src/dropin/raw.ts).
 */
export function consentDefault(g: ConsentModeOptions, required: (category: string) => boolean | undefined): void {
  gtag('consent', 'default', { ...typesOf(g.map, required), wait_for_update: g.wait_for_update, ...(g.region && { region: g.region }) });
  for (const k of ['ads_data_redaction', 'url_passthrough'] as const) if (g[k] !== undefined) gtag('set', k, g[k]);
}

/** `googleConsentMode`, with the `default` (and the `set`s) pushed only when `withDefault` (the drop-in pushes it early). Internal. */
export function consentMode(consent: Consent, withDefault: boolean): () => void {
  const g = consent.config.googleConsentMode;
  if (g && withDefault && typeof document !== 'undefined') consentDefault(g, requiredIn(consent));
  return consentUpdates(consent, typesOf, gtag);
}

/** Whether category `c` is required, as `consent`'s config says. */
const requiredIn = (consent: Consent) => (c: string) => consent.config.categories.find((x) => x.id === c)?.required;

/**
 * Consent Mode's `update`s for `consent` (from the stored decision, then after every change), by `types` and `push`
 * given: the drop-in's tag hands its own copies (of `typesOf` and `gtag`, which its `default` uses), so that its
 * chunks carry none. Internal.
 */
export function consentUpdates(consent: Consent, types: typeof typesOf, push: typeof gtag): () => void {
  const g = consent.config.googleConsentMode;
  if (!g || typeof document === 'undefined') return () => {};
  const now = () => types(g.map, (c) => consent.has(c));
  const update = () => push('consent', 'update', now());
  // Opt-out and notice modes grant before a decision: that is an update too.
  if (consent.decided || JSON.stringify(now()) !== JSON.stringify(types(g.map, requiredIn(consent)))) update();
  return consent.listen(update);
}

/** What the drop-in's tag hands its chunks for Consent Mode (its copies of `typesOf`, `gtag` and `denyAll`). */
export const consentParts = { typesOf, gtag, denyAll };
