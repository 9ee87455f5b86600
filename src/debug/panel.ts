/**
 * The debug panel: `<consent-gate-debug>`, a side panel (not modal: it traps no focus, the page
 * stays usable beside it) answering "why doesn't my script run?" on the page itself. It lists the
 * problems found (each with its fix), lets a developer try the page as a visitor would see it
 * (a region, Global Privacy Control, a decision, "forget me"), and shows the rules in force,
 * the stored decision, everything held and erased, what Google Consent Mode was told and what
 * the IAB APIs answer. English only (a developers' tool).
 *
 * Built with the DOM (text nodes only: no HTML is parsed, so config text is never markup, and
 * it works under Trusted Types), so the chunk needs neither Lit nor the UI chunk.
 */
import { type Problem as ConfigProblem } from '../core/config.js';
import { checkConfig } from '../consent/config.js';
import { explain } from '../core/config-messages.js';
import type { Consent, ConsentState, ResolvedConfig } from '../core/types.js';
import { stylesheet } from '../dom/stylesheet.js';
import { expireCookies } from '../storage/erase.js';
import { buildOf, configText, consentModeLog, cookieCopies, erasedItems, heldItems, regionFrom, type DebugSources, type HeldItem } from './collect.js';
import { cookieLookup } from './cookies.js';
import { readIab, type IabReport } from './iab.js';
import { cspBlocksUi, loadedTwice, needsBlockBuild, trackersBefore, unknownCategories, unlistedCookies, untaggedScripts, type PageCookie, type Problem } from './problems.js';
import { PANEL_CSS } from './panel.styles.js';

/** The hash that opens the panel (and reopens it after a reload the panel caused). */
export const HASH = '#consent-gate-debug';
/** What the panel simulated before a reload, shown once when it opens again (sessionStorage). */
const NOTE = 'consent-gate:debug-note';

const styles = stylesheet(PANEL_CSS);

type Child = Node | string | false | undefined | null;
/** An element with attributes (`on…` functions are listeners) and children (strings become text). */
function h(tag: string, attrs: Record<string, unknown> = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v as EventListener);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
  return el;
}
const code = (s: string) => h('code', {}, s);
const dl = (rows: [string, Child | Child[]][]) => h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, ...(Array.isArray(v) ? v : [v]))]));
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The page's cookies, with the Open Cookie Database's category for each (its table is a chunk of its own, imported only when needed). */
async function pageCookies(config: ResolvedConfig | undefined): Promise<PageCookie[]> {
  const names = [...new Set(document.cookie.split(';').map((c) => c.split('=')[0]!.trim()).filter(Boolean))];
  const unlisted = names.filter((n) => n !== config?.cookie.name && !config?.categories.some((c) => c.cookies.some((p) => (typeof p === 'string' ? p === n : p.test(n)))));
  if (!unlisted.length) return names.map((name) => ({ name }));
  const lookup = cookieLookup(await import('virtual:consent-gate-cookie-table').then((m) => m.default, () => ({})));
  return names.map((name) => ({ name, ...lookup(name) }));
}

export interface PanelOptions extends DebugSources {
  /** Where the drop-in's chunks are (for the CSP check of the UI chunk); none with npm. */
  base?: string;
}

/** `<consent-gate-debug>`: see the module's description. Open it with `openPanel`. */
export class ConsentGateDebug extends HTMLElement {
  options!: PanelOptions;
  #root = this.attachShadow({ mode: 'open' });
  #status = '';
  #off?: () => void;
  #returnFocus: Element | null = null;
  #rendering = 0;
  /** What the developer typed or ticked, kept across redraws until it is used. */
  #region: string | undefined;
  #choices: Record<string, boolean> = {};
  /** The config is valid and the drop-in's store is not there yet; redraws waited for it. */
  #starting = false;
  #waited = 0;
  /** The CSP check of the UI chunk, once per opening. */
  #csp: Promise<Problem[]> = Promise.resolve([]);

  connectedCallback(): void {
    styles(this.#root);
    this.#returnFocus = document.activeElement;
    try {
      // Written just before this page view started (the reload the panel caused): said once.
      const note = JSON.parse(sessionStorage.getItem(NOTE) ?? 'null') as { message: string; at: number } | null;
      sessionStorage.removeItem(NOTE);
      if (note && note.at <= performance.timeOrigin && performance.timeOrigin - note.at < 10_000) this.#status = note.message;
    } catch { /* storage blocked */ }
    this.#csp = this.options.base ? cspBlocksUi(this.options.base) : Promise.resolve([]);
    this.addEventListener('keydown', this.#onKey);
    void this.render(true);
  }

  disconnectedCallback(): void {
    this.#off?.();
    this.removeEventListener('keydown', this.#onKey);
  }

  #onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.close();
    }
  };

  /** Closes the panel; focus goes back where it was before it opened. */
  close(): void {
    if (location.hash === HASH) history.replaceState(history.state, '', location.pathname + location.search);
    this.remove();
    (this.#returnFocus as HTMLElement | null)?.focus?.();
  }

  /** Says what was simulated (a live region), and renders again. */
  #say(message: string) {
    this.#status = message;
    void this.render();
  }

  /** Keeps `message` for the page view after a reload this panel causes, and reopens the panel there. */
  #beforeReload(message: string) {
    try { sessionStorage.setItem(NOTE, JSON.stringify({ message, at: Date.now() })); } catch { /* storage blocked: the message is lost */ }
    history.replaceState(history.state, '', location.pathname + location.search + HASH);
  }

  /** Collects everything (problems included) and draws it; `focus` moves focus to the heading (on opening). */
  async render(focus = false): Promise<void> {
    const ticket = ++this.#rendering;
    // Any change of the decision (also from the banner, another tab): shown as it happens. The
    // drop-in's store may come after the panel (a config with regions waits for their chunk).
    const { consent } = this.options;
    // Drawn again once the gate has released what the change allows (in slices, after the listeners), and later once more.
    if (consent && !this.#off) this.#off = consent.listen(() => { for (const ms of [150, 1000]) setTimeout(() => void this.render(), ms); });
    const view = await this.#view();
    if (ticket !== this.#rendering) return;
    // A valid config and no store yet: the drop-in is still starting (its region rules are a chunk); drawn again soon.
    if (this.#starting && this.#waited++ < 40) setTimeout(() => void this.render(), 250);
    // Focus stays on the control that had it (by its key), across the redraw.
    const key = (this.#root.activeElement as HTMLElement | null)?.dataset.key;
    this.#root.replaceChildren(view);
    const again = key && this.#root.querySelector<HTMLElement>(`[data-key="${key}"]`);
    if (focus) this.#root.querySelector<HTMLElement>('h2')!.focus();
    else if (again) again.focus();
  }

  async #view(): Promise<HTMLElement> {
    const { consent, script, held } = this.options;
    const text = configText(script);
    let input: unknown;
    let parseError: string | undefined;
    try { input = JSON.parse(text || '{}'); } catch (e) { parseError = String(e); }
    const checked = consent ? { config: consent.config, problems: [] as ConfigProblem[] } : parseError ? { problems: [] } : checkConfig(input);
    const config: ResolvedConfig | undefined = consent?.config ?? checked.config;
    const state = consent?.get();
    const cookies = await pageCookies(config);
    const [csp, iab] = await Promise.all([this.#csp, readIab()]);
    const problems: Problem[] = [
      ...(parseError ? [{ id: 'invalid-config' as const, title: 'The config is not valid JSON', detail: parseError, fix: 'Check the data-config attribute (single quotes around it, double quotes inside).' }] : []),
      ...checked.problems.map((p) => ({ id: 'invalid-config' as const, title: 'The config is invalid: every gate stays shut', detail: explain(p), fix: `Correct ${p[0] || 'the config'} as the message says.` })),
      ...needsBlockBuild(script, input),
      ...loadedTwice(),
      ...trackersBefore(script, config),
      ...untaggedScripts(config),
      ...(config ? unknownCategories(config) : []),
      ...csp,
      ...(config ? unlistedCookies(config, (c) => consent?.has(c) ?? false, cookies) : []),
    ];
    const items = heldItems(config, held);
    this.#starting = !consent && !!config && !!script && !problems.some((p) => p.id === 'needs-block-build');
    return h('aside', { 'aria-labelledby': 'cg-debug-title' },
      h('header', {},
        h('h2', { id: 'cg-debug-title', tabindex: '-1' }, 'consent-gate debug'),
        h('div', { class: 'row' },
          h('button', { type: 'button', 'data-key': 'refresh', onclick: () => this.#say('Refreshed.') }, 'Refresh'),
          h('button', { type: 'button', 'data-key': 'close', onclick: () => this.close() }, 'Close'))),
      h('p', { role: 'status', part: 'status' }, this.#status),
      this.#problems(problems),
      consent && config && state ? this.#actions(consent, config, state) : h('p', {}, 'No consent store on this page (the config is invalid or needs another build): the actions are off.'),
      this.#rules(config, state),
      this.#decision(config, state),
      this.#held(items),
      this.#erased(config, state),
      this.#cookies(cookies, config),
      this.#consentMode(),
      this.#iab(iab));
  }

  #problems(problems: Problem[]) {
    return h('section', { 'aria-labelledby': 'cg-problems' },
      h('h3', { id: 'cg-problems' }, `Problems found: ${problems.length}`),
      problems.length ? h('ul', { class: 'problems' }, problems.map((p) => h('li', { class: 'problem', 'data-problem': p.id },
        h('strong', {}, p.title), h('p', {}, p.detail), h('p', { class: 'fix' }, p.fix))))
        : h('p', { class: 'ok' }, 'None found on this page.'));
  }

  #actions(consent: Consent, config: ResolvedConfig, state: ConsentState) {
    const optional = config.categories.filter((c) => !c.required);
    const regions = config.regions ? Object.keys(config.regions.rules).filter((k) => k !== '*') : [];
    const regionInput = h('input', { id: 'cg-region', 'data-key': 'region-input', list: 'cg-regions', size: '8', autocomplete: 'off', placeholder: 'DE', oninput: (e: Event) => { this.#region = (e.target as HTMLInputElement).value; } }) as HTMLInputElement;
    regionInput.value = this.#region ?? state.region ?? '';
    const gpcOn = (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
    return h('section', { 'aria-labelledby': 'cg-try' },
      h('h3', { id: 'cg-try' }, 'Try it as a visitor'),
      h('fieldset', {}, h('legend', {}, 'Region'),
        config.regions ? [
          h('div', { class: 'row' },
            h('label', { for: 'cg-region' }, 'Region code'), regionInput,
            h('datalist', { id: 'cg-regions' }, regions.map((r) => h('option', { value: r }))),
            h('button', { type: 'button', 'data-key': 'region', onclick: () => {
              const code = regionInput.value.trim().toUpperCase() || undefined;
              this.#region = undefined;
              const s = consent.setRegion(code);
              this.#say(`Simulated region ${code ?? 'unknown'}: the rules in force are now mode "${s.mode}"${s.decided ? '' : ', and the banner asks'} (until the page reloads).`);
            } }, 'Simulate'),
            h('button', { type: 'button', 'data-key': 'region-unknown', onclick: () => {
              const s = consent.setRegion(undefined);
              this.#say(`Simulated an unknown region: the strictest rules apply, mode "${s.mode}" (until the page reloads).`);
            } }, 'Unknown region')),
        ] : h('p', {}, 'The config has no regions: every visitor gets the same rules.')),
      h('fieldset', {}, h('legend', {}, 'Global Privacy Control'),
        h('p', {}, `The browser's signal: ${gpcOn ? 'on' : 'off'}. `, config.gpc.length ? `The rules honour it for ${config.gpc.join(', ')}.` : 'The rules in force ignore it.'),
        h('div', { class: 'row' },
          h('button', { type: 'button', 'data-key': 'gpc-on', 'aria-pressed': String(gpcOn), onclick: () => this.#gpc(consent, true) }, 'GPC on'),
          h('button', { type: 'button', 'data-key': 'gpc-off', 'aria-pressed': String(!gpcOn), onclick: () => this.#gpc(consent, false) }, 'GPC off'))),
      h('fieldset', {}, h('legend', {}, 'A decision'),
        h('div', { class: 'row' }, optional.map((c) => h('label', {},
          h('input', { type: 'checkbox', 'data-key': `choice-${c.id}`, 'data-category': c.id, checked: this.#choices[c.id] ?? state.categories[c.id] === true,
            onchange: (e: Event) => { this.#choices[c.id] = (e.target as HTMLInputElement).checked; } }), c.label || c.id))),
        h('div', { class: 'row' },
          h('button', { type: 'button', 'data-key': 'accept', onclick: () => this.#decide('Accept all', () => consent.acceptAll()) }, 'Accept all'),
          h('button', { type: 'button', 'data-key': 'reject', onclick: () => this.#decide('Reject all', () => consent.rejectAll()) }, 'Reject all'),
          h('button', { type: 'button', 'data-key': 'save', onclick: () => {
            const choices = Object.fromEntries([...this.#root.querySelectorAll<HTMLInputElement>('input[data-category]')].map((i) => [i.dataset.category!, i.checked]));
            this.#decide(`Save choices (${Object.entries(choices).map(([k, v]) => `${k} ${v ? 'on' : 'off'}`).join(', ')})`, () => consent.save(choices));
          } }, 'Save these choices'))),
      h('fieldset', {}, h('legend', {}, 'Forget me'),
        h('p', {}, `Deletes every copy of the decision cookie ("${config.cookie.name}") and reloads: the page as a first-time visitor sees it.`),
        h('button', { type: 'button', 'data-key': 'forget', onclick: () => {
          expireCookies([config.cookie.name], [config.cookie.path]);
          this.#beforeReload(`Simulated "forget me": the decision cookie "${config.cookie.name}" was deleted and the page reloaded, as a first-time visitor sees it.`);
          location.reload();
        } }, 'Forget me and reload')));
  }

  /** Sets `navigator.globalPrivacyControl` for this page view, and has the store read it again (as on a return to the tab). */
  #gpc(consent: Consent, on: boolean) {
    Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => on });
    // `allow` of a category the config cannot have records nothing: it only re-reads the state (and so the signal).
    const s = consent.allow('-');
    const honoured = consent.config.gpc;
    this.#say(`Simulated Global Privacy Control ${on ? 'on' : 'off'} (navigator.globalPrivacyControl = ${on}, until the page reloads). ${on && honoured.length
      ? s.gpc ? `Honoured: ${honoured.join(', ')} start refused.` : `The stored decision stands (${s.decided ? 'a yes the visitor gave wins' : 'see the rules'}).`
      : on ? 'The rules in force ignore it.' : ''}`.trim());
  }

  /** Records a decision as the visitor's; a withdrawal that reloads the page reopens the panel with the message. */
  #decide(what: string, act: () => ConsentState) {
    const message = `Simulated a decision: ${what}. It is recorded as the visitor's (source "api"), and the page reacts as to a visitor's choice.`;
    // A withdrawal of something that ran reloads the page (reloadOnWithdraw): the message is kept for the next view.
    this.#beforeReload(message);
    this.#choices = {};
    const s = act();
    this.#say(`${message} Granted now: ${Object.entries(s.categories).filter(([, v]) => v).map(([k]) => k).join(', ') || 'nothing'}.`);
  }

  #rules(config: ResolvedConfig | undefined, state: ConsentState | undefined) {
    const { script } = this.options;
    const build = buildOf(script);
    if (!config) return h('section', { 'aria-labelledby': 'cg-rules' }, h('h3', { id: 'cg-rules' }, 'Rules in force'), h('p', {}, `Build: ${build.name}. The config could not be read (see the problems).`));
    const gpc = (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
    return h('section', { 'aria-labelledby': 'cg-rules' },
      h('h3', { id: 'cg-rules' }, 'Rules in force'),
      dl([
        ['Build', `${build.name} (${build.blocks === 'none' ? 'markup gating only' : build.blocks === 'sources' ? 'markup and sources' : 'markup, sources and autoBlock'})`],
        ['Mode', state?.mode ?? config.mode],
        ['Region', state ? [state.region ?? 'unknown', ' — ', regionFrom(script, config, state)] : '…'],
        ['Policies', config.policies.length ? config.policies.map((p, i) => [i ? ', ' : '', code(`${p.id} ${p.version}`)]).flat() : 'none'],
        ['GPC', `signal ${gpc ? 'on' : 'off'}; ${config.gpc.length ? `honoured for ${config.gpc.join(', ')}` : 'ignored'}${state?.gpc ? ' (honoured now)' : ''}`],
        ['Categories', h('ul', {}, config.categories.map((c) => h('li', {}, code(c.id), c.required ? ' required' : '', ' — ',
          h('span', { class: state?.categories[c.id] ? 'ok' : 'waiting' }, state?.categories[c.id] ? 'granted' : 'not granted'),
          c.sources.length ? `; sources: ${c.sources.join(', ')}` : '', c.cookies.length ? `; erases cookies ${c.cookies.map(String).join(', ')}` : '',
          c.storage.length ? `; erases storage ${c.storage.map(String).join(', ')}` : '')))],
        ['autoBlock', config.autoBlock ? Object.entries(config.autoBlock).map(([k, v]) => `${k} → ${v || 'not blocked'}`).join(', ') : 'off'],
        ['Google Consent Mode', config.googleConsentMode ? `on (${config.googleConsentMode.mode})` : 'off'],
        ['Reload on withdrawal', config.reloadOnWithdraw ? 'yes' : 'no'],
      ]));
  }

  #decision(config: ResolvedConfig | undefined, state: ConsentState | undefined) {
    if (!config || !state) return h('section', { 'aria-labelledby': 'cg-decision' }, h('h3', { id: 'cg-decision' }, 'Stored decision'), h('p', {}, 'Not read: no consent store on this page.'));
    const copies = cookieCopies(config.cookie.name);
    const c = config.cookie;
    return h('section', { 'aria-labelledby': 'cg-decision' },
      h('h3', { id: 'cg-decision' }, 'Stored decision'),
      dl([
        ['Decided', state.decided ? 'yes' : `no${state.reason ? ` (${state.reason})` : ''}`],
        ['Categories', Object.entries(state.categories).map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`).join(', ')],
        ['Policies agreed', Object.entries(state.policies).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'],
        ['Consent id', state.id ?? '—'],
        ['Decided at', state.decidedAt ?? '—'],
        ['Expires at', state.expiresAt ?? '—'],
        ['Source', state.source ?? '—'],
        ['Kept in', state.storage === 'memory' ? 'memory (cookies are blocked: this page view only)' : 'a cookie'],
        ['Cookie', [code(c.name), `; path=${c.path}${c.domain ? `; domain=${c.domain}` : ''}; SameSite=${c.sameSite}${(c.secure ?? location.protocol === 'https:') ? '; Secure' : ''}${config.cookieEndpoint ? `; also set by ${config.cookieEndpoint}` : ''}`]],
        [`Copies (${copies.length})`, copies.length ? h('ul', {}, copies.map((x) => h('li', {}, code(x.value), x.readable ? ` — decided ${x.decidedAt}, expires ${x.expiresAt}` : h('span', { class: 'bad' }, ' — unreadable: counts as no decision')))) : 'none'],
      ]));
  }

  #held(items: HeldItem[]) {
    const waiting = items.filter((i) => i.status === 'waiting' || i.status === 'blocked').length;
    return h('section', { 'aria-labelledby': 'cg-held' },
      h('h3', { id: 'cg-held' }, `Held on this page: ${items.length} (${waiting} waiting)`),
      items.length ? h('ul', { 'data-list': 'held' }, items.map((i) => h('li', { 'data-status': i.status, 'data-categories': i.categories.join(' ') },
        h('strong', {}, i.what), ' ', i.url ? code(i.url) : '', i.count > 1 ? ` ×${i.count}` : '',
        h('br'), 'needs ', i.categories.map((c, n) => [n ? ' and ' : '', code(c)]).flat(), ', by ', h('span', { 'data-rule': '' }, i.rule), ' — ',
        h('span', { class: i.status === 'waiting' || i.status === 'blocked' ? 'waiting' : 'ok' },
          { waiting: 'waiting for consent', ran: 'released: has run', loaded: 'released: loaded', blocked: 'blocked (failed without a request)' }[i.status]))))
        : h('p', {}, 'Nothing gated or held.'));
  }

  #erased(config: ResolvedConfig | undefined, state: ConsentState | undefined) {
    const items = erasedItems(config, state, this.options.erased);
    return h('section', { 'aria-labelledby': 'cg-erased' },
      h('h3', { id: 'cg-erased' }, `Erased on this page: ${items.length}`),
      items.length ? h('ul', {}, items.map((i) => h('li', {}, `${i.kind} `, code(i.name), i.count > 1 ? ` ×${i.count}` : '', ` — ${i.why}`)))
        : h('p', {}, 'Nothing erased.'));
  }

  #cookies(cookies: PageCookie[], config: ResolvedConfig | undefined) {
    return h('section', { 'aria-labelledby': 'cg-cookies' },
      h('h3', { id: 'cg-cookies' }, `Cookies this page can see: ${cookies.length}`),
      cookies.length ? h('ul', {}, cookies.map((c) => {
        const own = config?.cookie.name === c.name;
        const listed = config?.categories.find((k) => k.cookies.some((p) => (typeof p === 'string' ? p === c.name : p.test(c.name))));
        return h('li', {}, code(c.name), ' — ', own ? 'the decision cookie' : listed ? `listed by categories.${listed.id}` : 'not listed in the config',
          c.category ? ` (Open Cookie Database: ${c.category}${c.platform ? `, ${c.platform}` : ''})` : '');
      })) : h('p', {}, 'None.'),
      h('p', {}, 'Cookie categories from the Open Cookie Database (Apache-2.0, github.com/jkwakman/Open-Cookie-Database).'));
  }

  #consentMode() {
    const log = consentModeLog();
    return h('section', { 'aria-labelledby': 'cg-gcm' },
      h('h3', { id: 'cg-gcm' }, 'Google Consent Mode (from dataLayer)'),
      log.default ? dl([
        ['Default', h('pre', {}, show(log.default))],
        [`Updates (${log.updates.length})`, log.updates.length ? h('pre', {}, `last: ${show(log.updates[log.updates.length - 1])}`) : 'none'],
        ...Object.entries(log.set).map(([k, v]) => [k, String(v)] as [string, string]),
      ]) : h('p', {}, 'No consent default in dataLayer.'));
  }

  #iab(iab: IabReport) {
    if (!iab.tcf && !iab.gpp) return h('section', { 'aria-labelledby': 'cg-iab' }, h('h3', { id: 'cg-iab' }, 'IAB TCF and GPP'), h('p', {}, 'Neither __tcfapi nor __gpp is on this page.'));
    const decoded = (rows: [string, unknown][] | undefined) => rows ? dl(rows.map(([k, v]) => [k, show(v)])) : h('p', {}, 'No string to decode.');
    return h('section', { 'aria-labelledby': 'cg-iab' },
      h('h3', { id: 'cg-iab' }, 'IAB TCF and GPP'),
      iab.tcf && [h('h4', {}, 'TCF (__tcfapi)'), dl([
        ['ping', h('pre', {}, show(iab.tcf.ping ?? iab.tcf.error))],
        ['TC string', iab.tcf.tcString ? code(iab.tcf.tcString) : 'none'],
        ['TCData', h('pre', {}, show(iab.tcf.tcData ?? 'none'))],
      ]), decoded(iab.tcf.decoded)],
      iab.gpp && [h('h4', {}, 'GPP (__gpp)'), dl([
        ['ping', h('pre', {}, show(iab.gpp.ping ?? iab.gpp.error))],
        ['GPP string', iab.gpp.gppString ? code(iab.gpp.gppString) : 'none'],
      ]), decoded(iab.gpp.decoded)]);
  }
}

/** Opens the panel (one per page): appends `<consent-gate-debug>` to `<body>` and focuses its heading. */
export function openPanel(options: PanelOptions): ConsentGateDebug {
  if (!customElements.get('consent-gate-debug')) customElements.define('consent-gate-debug', ConsentGateDebug);
  const old = document.querySelector<ConsentGateDebug>('consent-gate-debug');
  if (old) {
    old.shadowRoot?.querySelector<HTMLElement>('h2')?.focus();
    return old;
  }
  const el = document.createElement('consent-gate-debug') as ConsentGateDebug;
  el.options = options;
  document.body.append(el);
  return el;
}
