/**
 * What both converters share: the result's shape, ids, patterns, texts without HTML.
 */
import type { ConsentConfig } from '../core/types.js';

/** A converted config, what did not carry over, and how their script markup maps to ours. */
export interface Migration {
  /** `vanilla-cookieconsent` or `klaro`. */
  from: 'vanilla-cookieconsent' | 'klaro';
  config: ConsentConfig;
  /** One line per setting that could not be carried over, and why. */
  notes: string[];
  /**
   * Their markup → ours: the categories a script or element marked for a category (vanilla:
   * `data-category`) or a service (Klaro: `data-name`) needs, as `data-consent` takes them.
   */
  markup: { attribute: 'data-category' | 'data-name'; consent: Record<string, string> };
}

/** An id our config accepts (a letter, then letters, digits, `_` or `-`; at most 32). */
export const toId = (s: string) => {
  const id = s.replace(/[^\w-]+/g, '-').replace(/^[^A-Za-z]+/, '').slice(0, 32);
  return id || 'category';
};

/** A cookie name or a RegExp as our `cookies` list takes it (`/^_ga/`). */
export const toPattern = (v: unknown): string | undefined =>
  v instanceof RegExp ? `/${v.source}/${v.flags.replace(/[gy]/g, '')}` : typeof v === 'string' && v ? v : undefined;

/** Text without HTML tags or entities (our texts are never read as HTML); `strip` notes when something was removed. */
export function plain(s: unknown, path: string, notes: string[]): string | undefined {
  if (typeof s !== 'string') return undefined;
  const text = s.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
  if (text !== s.replace(/\s+/g, ' ').trim()) notes.push(`${path}: HTML removed (texts are shown as plain text; put links in policies)`);
  return text || undefined;
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);

/** Adds `more` to `list` once each. */
export const addAll = <T>(list: T[], more: Iterable<T>) => { for (const x of more) if (!list.includes(x)) list.push(x); };
