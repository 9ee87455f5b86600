/**
 * Problems the debug panel finds on the page, each with its fix: the usual reasons a script does
 * not run (or runs too early). Each check reads the page as it is; none changes it.
 */
import { sourceMatcher } from '../block/match.js';
import { distance } from '../core/distance.js';
import type { ResolvedConfig } from '../core/types.js';
import { buildOf, declaredBy, serviceOf } from './collect.js';

/** A problem: a stable id (for tests and docs), what is wrong, where, and how to fix it. */
export interface Problem { id: ProblemId; title: string; detail: string; fix: string }

export type ProblemId = 'invalid-config' | 'untagged-script' | 'unknown-category' | 'tracker-before' | 'loaded-twice'
  | 'needs-block-build' | 'csp-ui' | 'unlisted-cookie';

/** The drop-in's own files (not its chunks): `consent-gate.js`, `.block.js`, `.auto.js`, `.iab.js`. */
export const DROP_IN = /\/consent-gate(\.(block|auto|iab))?(\.min)?\.js([?#]|$)/;

/** A short description of an element for a problem's text: `<script src="…">`. */
const describe = (el: Element): string => {
  const url = el.getAttribute('src') ?? el.getAttribute('data-src') ?? el.getAttribute('href');
  return `<${el.localName}${url ? ` src="${url.length > 90 ? url.slice(0, 87) + '…' : url}"` : ''}>`;
};

/** `<script type="text/plain" src>` without `data-consent`: nothing will ever run it. */
export function untaggedScripts(config: ResolvedConfig | undefined): Problem[] {
  const first = config?.categories.find((c) => !c.required)?.id ?? 'analytics';
  return [...document.querySelectorAll('script[type="text/plain" i][src]:not([data-consent])')].map((el) => ({
    id: 'untagged-script',
    title: 'A script with type="text/plain" but no data-consent',
    detail: `${describe(el)} is inert (text/plain) and names no category, so consent never runs it.`,
    fix: `Add the category it needs: <script type="text/plain" data-consent="${first}" src="…">. Or, if it should always run, remove type="text/plain".`,
  }));
}

/** Categories named in markup (`data-consent`, `data-consent-allow`) that the config does not have: those elements are never released. */
export function unknownCategories(config: ResolvedConfig): Problem[] {
  const ids = config.categories.map((c) => c.id);
  const named = new Map<string, Element>();
  for (const el of document.querySelectorAll('[data-consent]')) {
    for (const id of (el.getAttribute('data-consent') ?? '').trim().split(/\s+/)) if (!ids.includes(id) && !named.has(id)) named.set(id, el);
  }
  return [...named].map(([id, el]) => {
    const near = ids.find((k) => distance(k.toLowerCase(), id.toLowerCase()) <= Math.max(2, k.length / 3));
    return {
      id: 'unknown-category',
      title: id ? `data-consent names "${id}", a category the config does not have` : 'An empty data-consent',
      detail: `${describe(el)} (and any other element naming it) waits for "${id}", which no decision can grant: it never runs. The config's categories: ${ids.join(', ')}.`,
      fix: near ? `Did you mean "${near}"? Write data-consent="${near}", or add categories.${id || '…'} to the config.` : `Add categories.${id || '…'} to the config, or name one of its categories in data-consent.`,
    };
  });
}

/** Scripts, iframes and pixels of known services (or of the config's `sources`) in the page before the drop-in's tag: they ran before anything could hold them. */
export function trackersBefore(script: HTMLScriptElement | null, config: ResolvedConfig | undefined): Problem[] {
  if (!script?.isConnected) return [];
  const own = sourceMatcher(config?.categories.flatMap((c) => c.sources.map((s) => [s, c.id] as const)) ?? []);
  const out: Problem[] = [];
  for (const el of document.querySelectorAll('script[src],iframe[src],img[src]')) {
    // Before the tag in the document (its own chunks are imported, never tags).
    if (el === script || !(el.compareDocumentPosition(script) & Node.DOCUMENT_POSITION_FOLLOWING) || DROP_IN.test((el as HTMLScriptElement).src)) continue;
    const url = (el as HTMLScriptElement).src;
    const service = serviceOf(url);
    const category = own(url)[0];
    if (!service && !category) continue;
    out.push({
      id: 'tracker-before',
      title: `A tracker is loaded before the consent-gate tag${service ? `: ${service}` : ''}`,
      detail: `${describe(el)} comes before ${describe(script)} in the page, so it ran before consent-gate could hold it (and before Google Consent Mode's default).`,
      fix: `Put the consent-gate <script> first in <head>, before every tag; or gate this one: <script type="text/plain" data-consent="${category ?? 'analytics'}" src="…">.`,
    });
  }
  return out;
}

/** More than one drop-in tag: the second does nothing (the first gates the page), and may be another build or config. */
export function loadedTwice(): Problem[] {
  const tags = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].filter((s) => DROP_IN.test(s.src));
  return tags.length > 1 ? [{
    id: 'loaded-twice',
    title: `The drop-in is included ${tags.length} times`,
    detail: `${tags.map(describe).join(', ')}: only the first one runs; the config${tags.some((t) => t.dataset.config !== tags[0]!.dataset.config) ? 's differ, and only the first one\'s applies' : ' of the others is ignored'}.`,
    fix: 'Keep one consent-gate <script> (the first in <head>), e.g. remove the copy a CMS template or a plugin adds.',
  }] : [];
}

/** A config asking for blocking that this build does not do: every gate stays shut. */
export function needsBlockBuild(script: HTMLScriptElement | null, input: unknown): Problem[] {
  const { blocks, name } = buildOf(script);
  const cats = input && typeof input === 'object' ? (input as { categories?: unknown }).categories : undefined;
  const withSources = cats && typeof cats === 'object' ? Object.entries(cats).filter(([, c]) => Array.isArray((c as { sources?: unknown })?.sources) && (c as { sources: unknown[] }).sources.length).map(([id]) => id) : [];
  const auto = !!(input as { autoBlock?: unknown } | undefined)?.autoBlock;
  const need = auto ? 'autoBlock' : withSources.length ? 'sources' : undefined;
  if (!need || blocks === 'autoBlock' || (need === 'sources' && blocks === 'sources')) return [];
  const file = need === 'autoBlock' ? 'consent-gate.auto.js' : 'consent-gate.block.js';
  return [{
    id: 'needs-block-build',
    title: `The config uses ${need === 'autoBlock' ? 'autoBlock' : '`sources`'}, which ${name} does not do`,
    detail: `${need === 'autoBlock' ? 'autoBlock' : `categories.${withSources[0]}.sources`} asks for blocking without markup; this build cannot hold what it names, so it fails closed: no gate opens, no banner is shown.`,
    fix: `Load ${file} instead of ${name} (same folder, same data-config).`,
  }];
}

/**
 * Does the page's CSP let the UI chunk load? A `modulepreload` of it (fetched and parsed, never
 * run) is refused with a `securitypolicyviolation` when `script-src` does not allow it.
 */
export function cspBlocksUi(base: string, timeout = 3000): Promise<Problem[]> {
  return new Promise((resolve) => {
    const url = `${base}consent-gate.ui.js`;
    const link = Object.assign(document.createElement('link'), { rel: 'modulepreload', href: url });
    const nonce = document.querySelector<HTMLScriptElement>('script[src*="consent-gate"]')?.nonce;
    if (nonce) link.nonce = nonce;
    let violation: SecurityPolicyViolationEvent | undefined;
    const seen = (e: SecurityPolicyViolationEvent) => { if (e.blockedURI.startsWith(url)) violation = e; };
    const end = () => {
      clearTimeout(timer);
      document.removeEventListener('securitypolicyviolation', seen);
      link.remove();
      // The violation event comes in a task of its own, possibly after the link's error.
      setTimeout(() => resolve(violation ? [{
        id: 'csp-ui',
        title: 'The Content Security Policy blocks the banner (consent-gate.ui.js)',
        detail: `The page's ${violation.effectiveDirective} directive refuses ${url}, so no banner or preferences can be shown: visitors cannot decide, and nothing gated ever runs.`,
        fix: `Allow the folder of the drop-in in ${violation.effectiveDirective}: ${new URL(base).origin}${new URL(base).pathname} (a path ending in "/" allows its chunks), or use 'strict-dynamic' with the drop-in's nonce.`,
      }] : []));
    };
    const timer = setTimeout(end, timeout);
    document.addEventListener('securitypolicyviolation', seen);
    link.onload = link.onerror = end;
    document.head.append(link);
  });
}

/** A cookie of the page with what the Open Cookie Database knows of it. */
export interface PageCookie { name: string; category?: string; platform?: string }

/**
 * Cookies on the page that no category of the config lists (so a refusal erases nothing of
 * them), other than the decision cookie and those the Open Cookie Database calls necessary:
 * set before consent, or kept after a refusal.
 */
export function unlistedCookies(config: ResolvedConfig, granted: (category: string) => boolean, cookies: PageCookie[]): Problem[] {
  // With every optional category granted, any cookie may be there (a withdrawal still would not erase it).
  const all = config.categories.every((k) => granted(k.id));
  const loose = all ? [] : cookies.filter((c) => c.name !== config.cookie.name && !declaredBy(config, 'cookies', c.name) && c.category !== 'necessary'
    // A cookie whose (OCD) category is a granted category of the config is allowed to be there.
    && !(c.category && config.categories.some((k) => k.id === c.category) && granted(c.category)));
  return loose.map((c) => ({
    id: 'unlisted-cookie',
    title: `Cookie "${c.name}" is set, and the config does not list it`,
    detail: c.category
      ? `The Open Cookie Database knows it as ${c.category}${c.platform ? ` (${c.platform})` : ''}; something set it before that category was granted, and a refusal will not erase it.`
      : 'The Open Cookie Database does not know it. If it is not strictly necessary, something set it before consent, and a refusal will not erase it.',
    fix: `Gate the script that sets it, and list it in its category: "categories": { "${c.category && c.category !== 'necessary' ? c.category : 'analytics'}": { "cookies": ["${c.name}"] } }.`,
  }));
}
