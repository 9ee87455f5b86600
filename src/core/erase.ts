/**
 * The erasure that goes with a refusal or a withdrawal: what the categories declared (cookies by
 * name or pattern, localStorage keys), never the decision cookie itself. The store (store.ts) erases
 * on a withdrawal, on a refusal and on every page view where a refusal is stored; the default
 * drop-in's reader of decided visitors does the last as well.
 */
import { eraseCookies, eraseStorage } from '../storage/erase.js';
import type { Category } from './types.js';

/**
 * Erases the cookies and storage keys `categories` declared; `keep`: the decision cookie's names (its name and former names).
 * @example eraseDeclared(config.categories.filter((c) => !state.categories[c.id]), [config.cookie.name])
 */
export const eraseDeclared = (categories: readonly Pick<Category, 'cookies' | 'storage'>[], keep: readonly string[]): void => {
  eraseCookies(categories.flatMap((c) => c.cookies), keep);
  eraseStorage(categories.flatMap((c) => c.storage));
};
