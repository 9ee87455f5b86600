/**
 * `<consent-banner>`: the first layer and the preferences dialog, driven by a
 * consent store. This module only declares the class; `define.ts` registers it.
 * The dialog's template and styles are a module of their own (`prefs.ts`), imported
 * when the preferences are about to be needed: most visitors only answer the first layer.
 *
 * Built on Lit's template engine (lit-html `render`) over a plain custom element:
 * the drop-in's UI chunk must stay within its size budget, and Lit's ReactiveElement
 * base alone would take a third of it. The public surface is the one a LitElement
 * would have: reflected attributes, a `consent` property, `updateComplete`.
 */
import { html, nothing, render, type TemplateResult } from 'lit/html.js';
import type { Consent, ConsentState, Policy, View } from '../core/types.js';
import { isSafeUrl } from '../core/url.js';
import { format, isRtl, loadTexts, pickLanguage, type BannerTexts, type Loader } from '../i18n/index.js';
import { banner } from '../i18n/en.js';
import { stylesheet } from '../dom/stylesheet.js';
import type { actions } from '../gate/actions.js';
import { styles } from './consent-banner.styles.js';
import type { ActionButton } from './prefs.js';

export type BannerLayout = 'bar' | 'bar-top' | 'box' | 'modal';
export type BannerTheme = 'auto' | 'light' | 'dark';
/** `detail` of `consent-banner-show` / `consent-banner-hide`. */
export interface BannerEventDetail { view: 'banner' | 'preferences' }

declare global {
  interface HTMLElementTagNameMap { 'consent-banner': ConsentBanner }
  interface GlobalEventHandlersEventMap {
    'consent-banner-show': CustomEvent<BannerEventDetail>;
    'consent-banner-hide': CustomEvent<BannerEventDetail>;
  }
}

const sheet = stylesheet(styles);

/** The deepest focused element, through open shadow roots. */
function focused(): HTMLElement | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a as HTMLElement | null;
}

/** The preferences dialog's module, once it has arrived. */
let prefs: typeof import('./prefs.js') | undefined;
let loading: Promise<void> | undefined;

/** Starts loading the preferences dialog (once; after a failure, again on the next call); resolves when it is there. */
export const loadPrefs = (): Promise<void> => (loading ??= import('./prefs.js').then((m) => { prefs = m; }, (e: unknown) => {
  loading = undefined;
  throw e;
}));

/** What Tab reaches inside a dialog (every link has an href; only switches are ever disabled). */
const FOCUSABLE = 'a,button,summary,input:enabled';

/** HTMLElement where it exists; on a server (Node) a plain class, so importing this module does not throw. */
const ServerSafeElement = (typeof HTMLElement != 'undefined' ? HTMLElement : class {}) as typeof HTMLElement;

/**
 * The consent banner: a first layer ("Accept all", "Reject all", "Customize", equally
 * weighted; "I agree" in notice mode) and a modal preferences dialog with a switch
 * per category. Give it a store: `el.consent = createConsent(config)`.
 *
 * @summary Cookie consent banner and preferences dialog.
 *
 * @fires consent-banner-show - A layer was shown; `detail.view` is `banner` or `preferences`.
 * @fires consent-banner-hide - A layer was hidden; `detail.view` says which.
 *
 * @csspart root - The wrapper carrying `lang` and `dir`.
 * @csspart banner - The first layer (a region, or a modal dialog in the `modal` layout).
 * @csspart content - The first layer's texts.
 * @csspart title - Headings of the first layer and of the dialog.
 * @csspart text - The notice text and the dialog's introduction.
 * @csspart revised - The sentence naming revised documents.
 * @csspart gpc - The sentence saying Global Privacy Control was honoured.
 * @csspart links - The links to the policies.
 * @csspart link - Each policy link.
 * @csspart buttons - Each row of buttons.
 * @csspart button - Every action button (also `accept`, `reject`, `customize`, `agree`, `save`).
 * @csspart dialog - The preferences dialog.
 * @csspart header - The dialog's title row.
 * @csspart close - The dialog's close button.
 * @csspart category - One category in the dialog.
 * @csspart label - A category's label (wraps the switch).
 * @csspart switch - A category's switch (`input type=checkbox role=switch`).
 * @csspart required - The "Always on" note of required categories.
 * @csspart description - A category's description.
 * @csspart details - The disclosure holding a category's cookie table.
 * @csspart table - A category's cookie table.
 * @csspart floating - The floating button that reopens the preferences.
 *
 * @cssproperty --consent-bg - Background of layers.
 * @cssproperty --consent-fg - Text colour.
 * @cssproperty --consent-muted - Secondary text colour.
 * @cssproperty --consent-accent - Buttons, links and checked switches.
 * @cssproperty --consent-accent-fg - Text on buttons.
 * @cssproperty --consent-border - Borders and unchecked switches.
 * @cssproperty --consent-focus - Focus outline.
 * @cssproperty --consent-backdrop - Backdrop behind modal dialogs.
 * @cssproperty --consent-radius - Corner radius.
 * @cssproperty --consent-font - Font shorthand.
 * @cssproperty --consent-width - Width of the modal first layer and of the dialog.
 * @cssproperty --consent-z - z-index of the bar, the box and the floating button.
 */
// Subclasses may replace the first layer (`_banner`) and see every render (`_render`): the iab
// build's TCF interface does (src/iab/ui/). Those members are `protected`; the build shortens
// their names, so a subclass must be bundled with this class, in the same file.
export class ConsentBanner extends ServerSafeElement {
  static observedAttributes = ['layout', 'theme', 'language'];

  /** Loads a language's texts; the `consent-gate/banner` entry and the drop-in set it. Without it, English only. */
  static loader: Loader | undefined;

  /**
   * Wires `data-consent-open` / `data-consent-action` clicks in the page to the store: the gate's one
   * listener (gate/actions.ts; a click acts once however many listen). The `consent-gate/banner` entry
   * sets it, so the element works without the gate; the drop-in leaves it out (its gate listens already).
   */
  static actions: typeof actions | undefined;

  private _consent?: Consent;
  private _view?: View;
  private _renderedView?: View;
  private _state?: ConsentState;
  private _texts?: BannerTexts;
  protected _language = 'en';
  private _pending?: Promise<boolean>;
  private _root: ShadowRoot;
  private _choices: Record<string, boolean> = {};
  private _unsubscribe: (() => void)[] = [];
  private _returnFocusTo?: HTMLElement | null;
  private _bannerUnderDialog?: boolean;
  private _savedPadding?: [string, string][];
  private _resizeObserver?: ResizeObserver;

  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    // A constructable stylesheet (one for every banner): a strict CSP (`style-src 'self'`) does not block it.
    sheet(this._root);
  }

  /** The consent store to show and to record decisions in. */
  get consent(): Consent | undefined { return this._consent; }
  set consent(c: Consent | undefined) {
    if (c === this._consent) return;
    this._unbind();
    this._consent = c;
    this._bind();
    if (c) void this._loadTexts(c);
    this._requestUpdate();
  }

  /** `bar`, `bar-top`, `box` or `modal`; defaults to the config's `ui.layout`. Reflects the `layout` attribute. */
  get layout(): BannerLayout | undefined { return (this.getAttribute('layout') ?? undefined) as BannerLayout | undefined; }
  set layout(v: BannerLayout | undefined) { this._setAttr('layout', v); }

  /** `auto` (follows `prefers-color-scheme`), `light` or `dark`; defaults to the config's `ui.theme`. Reflects `theme`. */
  get theme(): BannerTheme | undefined { return (this.getAttribute('theme') ?? undefined) as BannerTheme | undefined; }
  set theme(v: BannerTheme | undefined) { this._setAttr('theme', v); }

  /** A language code, or `auto`; defaults to the config's `language`. Reflects `language`. */
  get language(): string | undefined { return this.getAttribute('language') ?? undefined; }
  set language(v: string | undefined) { this._setAttr('language', v); }

  /** Resolves once pending changes are rendered. */
  get updateComplete(): Promise<boolean> { return this._pending ?? Promise.resolve(true); }

  /** Sets or (for null or undefined) removes an attribute. */
  private _setAttr(name: string, v?: string | null) {
    if (v == null) this.removeAttribute(name);
    else this.setAttribute(name, v);
  }

  attributeChangedCallback(name: string): void {
    if (name === 'language' && this._consent) void this._loadTexts(this._consent);
    this._requestUpdate();
  }

  /** Schedules one render for the changes of this task. */
  protected _requestUpdate() {
    this._pending ??= Promise.resolve().then(() => {
      const c = this._consent;
      // The config's layout and theme unless the element has its own: set while this render is still pending, so that
      // it draws them (set during the render, they would ask for a second one: a first visit's render ran twice).
      if (c && this.isConnected) {
        if (!this.layout) this.layout = c.config.ui.layout;
        if (!this.theme) this.theme = c.config.ui.theme;
      }
      this._pending = undefined;
      try {
        this._update();
      } catch (e) {
        // Trusted Types with no policy Lit may use: say what the site's CSP needs (README, "Content Security Policy").
        if (!/Trusted/.test(String(e))) throw e;
        console.error('consent-gate: Trusted Types refused the banner; the CSP needs "trusted-types default lit-html"', e);
      }
      return true;
    });
  }


  connectedCallback(): void {
    // A framework (or a script) may have set properties before the element was defined.
    for (const k of ['consent', 'layout', 'theme', 'language'] as const) {
      if (Object.hasOwn(this, k)) {
        const v = this[k];
        delete (this as Partial<this>)[k];
        (this as Record<string, unknown>)[k] = v;
      }
    }
    this._bind();
    this._requestUpdate();
  }

  disconnectedCallback(): void {
    this._unbind();
    this._keepClearOf(null);
  }

  private _unbind() {
    this._unsubscribe.forEach((f) => f());
    this._unsubscribe = [];
  }

  private _bind() {
    const c = this._consent;
    if (!c || !this.isConnected || this._unsubscribe.length) return;
    let rules = c.config;
    this._unsubscribe = [c.subscribe((s) => {
      this._state = s;
      // The visitor's region changed the rules in force: its layout, theme and texts, unless set on the element.
      const ui = rules.ui;
      if (rules !== (rules = c.config)) {
        if (this.layout === ui.layout) this.layout = rules.ui.layout;
        if (this.theme === ui.theme) this.theme = rules.ui.theme;
        void this._loadTexts(c);
      }
      this._requestUpdate();
    }), c.onView((v) => this._setView(v))];
    if (ConsentBanner.actions) this._unsubscribe.push(ConsentBanner.actions(c, document));
    if (!c.get().decided && !c.view) c.showBanner();
  }

  private async _loadTexts(c: Consent) {
    const [lang, texts] = await loadTexts(banner, pickLanguage(c.config, this.language), c.config.texts, ConsentBanner.loader);
    if (this._consent !== c) return;
    this._language = lang;
    this._texts = texts;
    this._requestUpdate();
  }

  /** Loads the preferences dialog ahead of time (hover or focus on what opens it) or now; renders when it is there. */
  private _loadPrefs = () => void loadPrefs().then(() => this._requestUpdate());

  private _setView(v: View) {
    const prev = this._view;
    if (v === 'preferences' && prev !== 'preferences') {
      // The dialog renders once its module is there (at once if it was fetched ahead); until then
      // the page stays as it is, focus included.
      this._loadPrefs();
      this._returnFocusTo = focused();
      this._bannerUnderDialog = prev === 'banner';
      this._choices = { ...this._consent?.get().categories };
    }
    if (v !== 'preferences') this._bannerUnderDialog = false;
    this._view = v;
    this._requestUpdate();
  }

  private _update() {
    const c = this._consent;
    // The dialog's own stylesheet joins the shadow root when the dialog is first shown.
    if (this._view === 'preferences') prefs?.adopt(this._root);
    render(this._render(), this._root);
    const prev = this._renderedView;
    const v = (this._renderedView = this._view);
    const root = this._root;
    for (const d of root.querySelectorAll('dialog')) {
      if (!d.open && this.isConnected) {
        d.showModal();
        d.querySelector('h2')?.focus();
      }
    }
    // Focus goes back where it was when the preferences opened (a no-op for an element since removed).
    if (prev === 'preferences' && v !== 'preferences') this._returnFocusTo?.focus();
    this._resizeObserver?.disconnect();
    // The bar or the box (the modal layout is a dialog). Observing it reports its size once it is laid
    // out, before that frame is painted: the padding is measured there, never by forcing a layout here.
    const bar = v === 'banner' ? root.querySelector('section') : null;
    if (bar) (this._resizeObserver ??= new ResizeObserver((e) => this._keepClearOf(e[0]!.target as HTMLElement))).observe(bar);
    else this._keepClearOf(null);
    if (prev !== v) {
      const fire = (type: string, view?: View) =>
        view && this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: { view } }));
      fire('consent-banner-hide', prev);
      fire('consent-banner-show', v);
    }
    // Once the layer is drawn in its language (its texts are there): once per page view. The reporter is a module of its
    // own (in the drop-in, consent-gate.impressions.js), fetched only for a config that reports impressions: a first
    // visit without `receipts` carries none of it. Fire and forget: a chunk that cannot load reports nothing.
    const language = this._language;
    if (v && this._texts && c?.config.receipts?.impressions) void import('../receipts/impressions.js').then((m) => m.reportImpression(c, v, language), () => {});
  }

  /** Keeps the focused page element clear of a bar or box (WCAG 2.4.11): scroll padding, and room at the page's end. */
  private _keepClearOf(bar: HTMLElement | null) {
    const s = document.documentElement.style;
    // Measured before anything is written (a fixed bar's height does not depend on the page's padding):
    // called where the layout is fresh (a ResizeObserver's callback), this reads it without a new one.
    const h = bar?.isConnected ? `${Math.ceil(bar.getBoundingClientRect().height) + 16}px` : '';
    // The page's own inline values come back as they were (an empty one removes ours).
    for (const [name, value] of this._savedPadding ?? []) s.setProperty(name, value);
    this._savedPadding = undefined;
    if (!h) return;
    const side = this.layout === 'bar-top' ? 'top' : 'bottom';
    this._savedPadding = [`scroll-padding-${side}`, `padding-${side}`].map((name) => {
      const own = s.getPropertyValue(name);
      s.setProperty(name, h);
      return [name, own] as [string, string];
    });
  }

  private _decide(f: (c: Consent) => unknown) {
    const c = this._consent;
    if (c) { f(c); c.hide(); }
  }

  /** Close the dialog without recording anything. */
  private _dismiss = () => {
    if (this._view !== 'preferences') return;
    if (this._bannerUnderDialog && !this._consent?.get().decided) this._consent?.showBanner();
    else this._consent?.hide();
  };

  /** Keeps Tab inside a modal dialog: from its last element (its first going back) round to the other end. */
  private _trapTab = (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const all = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (e.shiftKey) all.reverse();
    const a = this._root.activeElement;
    // Going back from the heading (focused when the dialog opens) counts as going back from the first.
    if (a === all[all.length - 1] || (e.shiftKey && a?.localName === 'h2')) {
      e.preventDefault();
      all[0]?.focus();
    }
  };

  private _links(ps: readonly Policy[]): (TemplateResult | string)[] {
    let i = 0;
    const link = (p: Policy) => (p.url && isSafeUrl(p.url) ? html`<a part="link" href=${p.url}>${p.label}</a>` : p.label);
    return new Intl.ListFormat(this._language)
      .formatToParts(ps.map((p) => p.label))
      .map((x) => (x.type === 'element' ? link(ps[i++]!) : x.value));
  }

  /** A text with `{0}` replaced by linked document names (or dropped when there are none). */
  private _withLinks(text: string, ps: readonly Policy[]) {
    return format(text, ps.length ? this._links(ps) : undefined);
  }

  private _actionButton: ActionButton = (part, label, f) =>
    html`<button part="button ${part}" @click=${() => this._decide(f)}>${label}</button>`;

  protected _banner(t: BannerTexts, s: ConsentState, c: Consent) {
    const notice = c.config.mode === 'notice';
    const ps = c.config.policies;
    const revised = ps.filter((p) => s.revised.includes(p.id));
    const body = html`<div part="content"><h2 id="t" part="title" tabindex="-1">${t.title}</h2>
<p part="text">${notice ? this._withLinks(t.notice, ps) : t.body}</p>
${revised.length ? html`<p part="revised">${this._withLinks(t.revised, revised)}</p>` : nothing}
${s.gpc ? html`<p part="gpc">${t.gpc}</p>` : nothing}
${!notice && ps.some((p) => p.url && isSafeUrl(p.url)) ? html`<p part="links">${this._links(ps)}</p>` : nothing}</div>
<div part="buttons">${notice
      // Agreeing to a notice records the current policy versions and what runs now: no yes to what was refused (also by GPC).
      ? this._actionButton('agree', t.agree, (k) => k.save({ ...k.get().categories }, 'banner'))
      // The three buttons as one template (not a list of three): the first render parses, clones and fills one template
      // instead of three and a list's parts (issue 20: a first visit's render under 50 ms at 4× CPU).
      : html`<button part="button accept" @click=${() => this._decide((k) => k.acceptAll('banner'))}>${t.accept}</button><button part="button reject" @click=${() => this._decide((k) => k.rejectAll('banner'))}>${t.reject}</button><button part="button customize" @click=${() => c.showPreferences()} @pointerover=${this._loadPrefs} @focus=${this._loadPrefs}>${t.custom}</button>`}</div>`;
    return this.layout === 'modal'
      ? html`<dialog part="banner" class="layer" aria-labelledby="t" @close=${() => this._view === 'banner' && c.hide()} @keydown=${this._trapTab}>${body}</dialog>`
      : html`<section part="banner" class="layer ${this.layout}" aria-labelledby="t">${body}</section>`;
  }

  protected _render() {
    const c = this._consent, t = this._texts, s = this._state, v = this._view;
    if (!c || !t || !s) return nothing;
    // `_bannerUnderDialog`: the first layer stays under the preferences it opened.
    const fab = c.config.ui.floatingButton && v !== 'banner' && !this._bannerUnderDialog;
    return html`<div part="root" lang=${this._language} dir=${isRtl(this._language) ? 'rtl' : 'ltr'}>
${v === 'banner' || this._bannerUnderDialog ? this._banner(t, s, c) : nothing}
${v === 'preferences' && prefs ? prefs.dialog(t, c, this._choices, this._dismiss, this._trapTab, this._actionButton) : nothing}
${fab ? html`<button part="floating" aria-label=${t.settings} @click=${() => c.showPreferences()} @pointerover=${this._loadPrefs} @focus=${this._loadPrefs}><svg width="24" height="24" aria-hidden="true">
<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="9" cy="9" r="1.5"/><circle cx="15" cy="11" r="1.5"/><circle cx="10" cy="15" r="1.5"/></svg></button>` : nothing}
</div>`;
  }
}
