/**
 * Random invalid (and sometimes still valid) configs for tests: valid configs with a few
 * random edits (a value swapped for another, a key dropped, renamed with a typo or added).
 * Seeded, so a failure names a config that can be reproduced.
 */

/** Valid configs that between them use every field (Consent Mode as `true`, as a map and as options). */
export const VALID: unknown[] = [
  {
    mode: 'notice',
    policies: { privacy: { version: '2024-05-01', url: '/privacy', label: 'Privacy Policy' }, terms: { version: 3, url: 'https://example.com/terms' } },
    categories: {
      necessary: { required: true },
      analytics: { label: 'Analytics', description: '…', cookies: ['_ga', '/^_ga_/i'], storage: ['plausible_ignore'] },
      marketing: { label: 'Marketing', cookieTable: [{ name: '_fbp', purpose: 'ads', duration: '90 days' }] },
    },
    cookie: { name: 'consent', domain: 'example.com', path: '/', sameSite: 'None', secure: true },
    expiry: { acceptDays: 365, rejectDays: 182 },
    gpc: ['marketing'],
    googleConsentMode: true,
    language: 'pt-BR',
    texts: { en: { title: 'Cookies' }, 'PT-br': { title: 'Biscoitos' } },
    receipts: { endpoint: '/consent/receipts' },
    reloadOnWithdraw: false,
    ui: { layout: 'box', theme: 'dark', floatingButton: true },
  },
  {
    mode: 'opt-out',
    categories: { functional: {}, analytics: { cookies: ['/^_pk/'] } },
    googleConsentMode: { analytics: ['analytics_storage'], functional: ['functionality_storage', 'personalization_storage'] },
  },
  {
    categories: { necessary: { required: true }, marketing: {} },
    gpc: true,
    googleConsentMode: { region: ['DE', 'US-CA'], url_passthrough: true, ads_data_redaction: false, wait_for_update: 0, map: { marketing: ['ad_storage'] } },
  },
];

/** Values a mutation may put anywhere: every JSON type, and values some field takes. */
const VALUES: unknown[] = [
  0, 1, -1, 42, 3650, 3651, 60000, 10000, 1.5, NaN, '', ' ', 'x', 'yes', 'Lax', 'lax', 'None', 'Strict', 'auto', 'en', 'english!', 'EN',
  'opt-in', 'optin', 'notice', 'bar', 'popup', 'analytics', 'marketing', 'necessary', 'ads', 'ad_storage', 'analytics_storage',
  'DE', 'germany', '/', 'shop', '/privacy', 'javascript:alert(1)', 'data:text/html,hi', '//example.com/p', 'a|b', 'my consent',
  '/^_ga_/', '/(/', '/x/gy', 'https://example.com', 'example.com', 'x'.repeat(70), true, false, null,
  [], ['a'], [42], ['_ga', 42], ['analytics'], ['ad_storage', 'nope'], ['DE'], {}, { a: 1 }, { required: true }, { label: 'L' },
  { version: '1' }, { analytics: ['analytics_storage'] }, { endpoint: '/r' }, { title: 5 }, { name: 'n' },
];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Node = Record<string, unknown> | unknown[];
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null;

/** Every object or array inside `v` (itself included), with the keys it holds. */
function nodes(v: unknown, out: Node[] = []): Node[] {
  if (isNode(v)) { out.push(v); for (const x of Object.values(v)) nodes(x, out); }
  return out;
}

/** `name` with one typo: a letter dropped, doubled, swapped with the next, or upper-cased. */
function typo(name: string, r: () => number): string {
  const i = Math.floor(r() * name.length);
  switch (Math.floor(r() * 4)) {
    case 0: return name.slice(0, i) + name.slice(i + 1) || 'k';
    case 1: return name.slice(0, i + 1) + name.slice(i);
    case 2: return name.slice(0, i) + name.slice(i + 1, i + 2) + name.slice(i, i + 1) + name.slice(i + 2);
    default: return name.toUpperCase();
  }
}

/** A copy of a valid config with 1 to 3 random edits. */
export function mutate(r: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  let config = structuredClone(pick(VALID));
  // Stops early once the config itself is no longer an object or array.
  for (let n = 1 + Math.floor(r() * 3); n > 0 && isNode(config); n--) {
    const node = pick(nodes(config));
    const keys = Object.keys(node);
    const key = keys.length ? pick(keys) : '0';
    const edit = r();
    const value = structuredClone(pick(VALUES));
    if (edit < 0.05) config = value; // the whole config replaced
    else if (edit < 0.6) (node as Record<string, unknown>)[key] = value;
    else if (edit < 0.75 && !Array.isArray(node)) delete node[key];
    else if (edit < 0.9 && !Array.isArray(node)) { node[typo(key, r)] = node[key]; delete node[key]; }
    else if (Array.isArray(node)) node.push(value);
    else node[pick(['zzzzzz', 'lable', 'ur', 'catgories', 'mdoe', 'a.b', 'Secure', 'map'])] = value;
  }
  return config;
}
