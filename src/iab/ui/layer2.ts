/**
 * The iab build's preferences module (the banner imports it where other builds import
 * src/banner/prefs.ts; rollup.config.mjs swaps it in): where TCF applies, the second layer that
 * TCF Policy asks for; elsewhere the banner's own preferences dialog.
 *
 * The second layer, a modal dialog:
 * - each purpose with the list's name, description and illustrations, a consent switch (off until
 *   the visitor turns it on) and, where partners claim a legitimate interest for it, a separate
 *   switch for it (on: the visitor has not objected; off: an objection);
 * - the special features as opt-ins (off), the special purposes and features as disclosures;
 * - the site's own categories that stand for no TCF purpose, with their switches;
 * - the partner list, drawn only when opened: a search, then the partners in pages of 50, each
 *   with a consent switch, a switch for its legitimate interest, and (drawn when expanded) its
 *   purposes by legal basis with retention, legitimate interest at stake, data categories, cookie
 *   lifetime, other storage, and its device storage disclosure and privacy policy as links
 *   (http(s) only; nothing is fetched from a vendor: the visitor follows a link or not);
 * - "Save choices", "Accept all", "Reject all", as in the banner's dialog.
 * "Save choices" records the categories whose every purpose has consent and leaves the exact
 * choices for the CMP (link.ts), which writes them into the TC string.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { live } from 'lit/directives/live.js';
import type { Consent } from '../../core/types.js';
import { stylesheet } from '../../dom/stylesheet.js';
import { format, type BannerTexts } from '../../i18n/index.js';
import { adopt as adoptPrefs, dialog as prefsDialog, type ActionButton } from '../../banner/prefs.js';
import { offerChoices } from '../tcf/link.js';
import { applies, currentChoices, hosts, intent, tcfData, type TcfData } from './data.js';
import { initialSwitches, retention, toCategories, toChoices, vendorLinks, vendorSearch, type GvlItem, type ListVendor, type Switches } from './model.js';
import { styles } from './layer2.styles.js';

export type { ActionButton };

const own = stylesheet(styles);

/** Adds the dialogs' stylesheets (the banner's dialog and this one) to the banner's shadow root. */
export const adopt = (node: Node): CSSStyleSheet => (adoptPrefs(node), own(node));

/** Partners drawn at a time: the list has hundreds; more come on request. */
export const PAGE = 50;

/** One opening of the second layer: its switches and what is open (a new one each time the preferences open). */
interface Opening {
  switches?: Switches;
  query: string;
  shown: number;
  vendorsOpen: boolean;
  expanded: Set<number>;
  search?: (q: string) => ListVendor[];
}

/** Keyed by the banner's `choices` record, which is new each time the preferences open. */
const openings = new WeakMap<object, Opening>();

/**
 * The preferences dialog: the TCF second layer where TCF applies (and its data is here), else the
 * banner's own (`prefs.ts`'s `dialog`, same arguments).
 */
export function dialog(t: BannerTexts, c: Consent, choices: Record<string, boolean>, dismiss: () => void, trap: (e: KeyboardEvent) => void, button: ActionButton): TemplateResult {
  const tcf = applies(c);
  const host = hosts.get(c);
  const d = tcf && host ? tcfData(c, tcf, host.language, host.update) : null;
  if (d === null) return prefsDialog(t, c, choices, dismiss, trap, button);
  if (!d) return html``;
  let o = openings.get(choices);
  if (!o) {
    openings.set(choices, (o = { query: '', shown: PAGE, vendorsOpen: intent.vendors, expanded: new Set() }));
    const opening = o;
    if (intent.vendors) void host!.el.updateComplete.then(() => host!.el.shadowRoot?.querySelector<HTMLElement>('[part~=tcf-search]')?.focus());
    intent.vendors = false;
    // A visitor who decided before sees the choices of the current TC string; a first visitor, nothing consented.
    if (c.get().decided) {
      void currentChoices().then((cur) => {
        opening.switches ??= initialSwitches(d.scope, cur);
        host!.update();
      });
    } else opening.switches = initialSwitches(d.scope);
  }
  return layer(t, c, d, o, choices, dismiss, trap, button, host!.update, host!.el);
}

/**
 * A switch (`input role=switch` in a label): its visible label, an accessible name that begins with it, its state
 * and what flipping it does. `live`: a switch drawn again for another partner (after a search) shows that one's state.
 */
function toggle(label: string, name: string, on: boolean, flip: (on: boolean) => void, note?: string): TemplateResult {
  return html`<label part="label"><input type="checkbox" role="switch" part="switch" aria-label=${name} .checked=${live(on)}
 @change=${(e: Event) => flip((e.target as HTMLInputElement).checked)}><span>${label}</span>${note ? html`<span part="required">${note}</span>` : nothing}</label>`;
}

/** Adds or removes `id`. */
const put = (set: Set<number>, id: number, on: boolean) => void (on ? set.add(id) : set.delete(id));

function layer(t: BannerTexts, c: Consent, d: TcfData, o: Opening, choices: Record<string, boolean>, dismiss: () => void, trap: (e: KeyboardEvent) => void,
  button: ActionButton, update: () => void, el: HTMLElement & { updateComplete: Promise<boolean> }): TemplateResult {
  const { texts: w, list, scope, tcf } = d;
  const sw = o.switches;
  const n = scope.vendors.length;
  const named = (kind: Record<string, GvlItem> | undefined, id: number) => kind?.[id]?.name ?? String(id);
  /** A purpose, special feature, special purpose or feature: name, description, illustrations in a disclosure. */
  const about = (item: GvlItem | undefined, head: string) => html`<h4 id=${head}>${item?.name}</h4>
${item?.description ? html`<p part="description">${item.description}</p>` : nothing}
${item?.illustrations?.length ? html`<details part="details"><summary>${w.tcfExamples}</summary><ul>${item.illustrations.map((x) => html`<li>${x}</li>`)}</ul></details>` : nothing}`;
  const usedBy = (test: (v: ListVendor) => boolean) => html`<p part="tcf-count">${format(w.tcfUsedBy, scope.vendors.filter(test).length)}</p>`;
  // The site's own categories that stand for no TCF purpose keep their switches here.
  const plain = c.config.categories.filter((k) => !k.required && !(tcf.purposes[k.id]?.length || tcf.specialFeatures[k.id]?.length));

  const purposes = scope.purposes.map((p) => {
    const item = list.purposes[p];
    return html`<div part="category tcf-purpose">${about(item, `tp${p}`)}
${usedBy((v) => v.purposes.includes(p) || v.legIntPurposes.includes(p))}
${sw ? html`${toggle(w.tcfConsent, `${w.tcfConsent}: ${item?.name}`, sw.purposes.has(p), (on) => put(sw.purposes, p, on))}
${scope.legInt.includes(p) ? toggle(w.tcfLi, `${w.tcfLi}: ${item?.name}`, !sw.objections.has(p), (on) => put(sw.objections, p, !on), w.tcfLiNote) : nothing}` : nothing}</div>`;
  });
  const features = scope.specialFeatures.map((f) => html`<div part="category tcf-purpose">${about(list.specialFeatures?.[f], `tf${f}`)}
${sw ? toggle(w.tcfConsent, `${w.tcfConsent}: ${named(list.specialFeatures, f)}`, sw.specialFeatures.has(f), (on) => put(sw.specialFeatures, f, on)) : nothing}</div>`);
  const disclosed = (kind: Record<string, GvlItem> | undefined, ids: number[], head: string) => (ids.length ? html`<h3>${head}</h3><ul part="tcf-disclosed">${ids.map((id) => html`<li><details part="details"><summary>${named(kind, id)}</summary>
${kind?.[id]?.description ? html`<p part="description">${kind[id].description}</p>` : nothing}</details></li>`)}</ul>` : nothing);

  const save = (k: Consent) => {
    // Saved before the current string's choices were read (a moment after opening): nothing consented, no more than was agreed.
    const picked = toChoices(sw ?? initialSwitches(scope), tcf, scope);
    const own = Object.fromEntries(plain.map((x) => [x.id, !!choices[x.id]]));
    offerChoices(k, k.save({ ...own, ...toCategories(picked, tcf) }, 'preferences').decidedAt, picked);
  };
  return html`<dialog part="dialog" class="layer" aria-labelledby="pt" @close=${dismiss} @keydown=${trap}>
<div part="header"><h2 id="pt" part="title" tabindex="-1">${t.prefs}</h2><button part="close" aria-label=${t.close} @click=${dismiss}>✕</button></div>
<p part="text">${w.tcfScope}</p>
<h3>${w.tcfPurposes}</h3>${purposes}
${features.length ? html`<h3>${w.tcfSpecialFeatures}</h3>${features}` : nothing}
${plain.map((k) => html`<div part="category">${toggle(k.label, k.label, !!choices[k.id], (on) => { choices[k.id] = on; })}
${k.description ? html`<p part="description">${k.description}</p>` : nothing}</div>`)}
${scope.specialPurposes.length || scope.features.length ? html`<p part="text">${w.tcfNoChoice}</p>` : nothing}
${disclosed(list.specialPurposes, scope.specialPurposes, w.tcfSpecialPurposes)}
${disclosed(list.features, scope.features, w.tcfFeatures)}
<details part="details tcf-vendors" ?open=${o.vendorsOpen} @toggle=${(e: Event) => {
    const open = (e.target as HTMLDetailsElement).open;
    if (open !== o.vendorsOpen) { o.vendorsOpen = open; update(); }
  }}><summary>${format(w.tcfVendors, n).join('')}</summary>
${o.vendorsOpen && sw ? vendorList(d, o, sw, update, el) : nothing}</details>
<div part="buttons">${button('save', t.save, save)}${button('accept', t.accept, (k) => k.acceptAll('preferences'))}${button('reject', t.reject, (k) => k.rejectAll('preferences'))}</div>
</dialog>`;
}

/** Days (or hours, under a day) in the interface's language: "397 days". */
function span(language: string, seconds: number): string {
  const [n, unit] = seconds < 86400 ? [Math.ceil(seconds / 3600), 'hour'] : [Math.round(seconds / 86400), 'day'];
  try {
    return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
  } catch {
    return `${n} ${unit}s`;
  }
}

/** The searchable partner list: a page at a time, each partner's details drawn when expanded. */
function vendorList(d: TcfData, o: Opening, sw: Switches, update: () => void, el: HTMLElement & { updateComplete: Promise<boolean> }): TemplateResult {
  const { texts: w, list, scope, language } = d;
  const found = (o.search ??= vendorSearch(scope.vendors))(o.query);
  const names = (kind: Record<string, GvlItem> | undefined, ids: readonly number[] | undefined, days?: (id: number) => number | undefined) =>
    (ids ?? []).map((id) => {
      const n = days?.(id);
      return html`<li>${kind?.[id]?.name ?? id}${n != null ? html` <span part="tcf-days">(${span(language, n * 86400)})</span>` : nothing}</li>`;
    });
  const fact = (term: string, items: unknown) => html`<dt>${term}</dt><dd>${items}</dd>`;
  const facts = (v: ListVendor) => {
    const links = vendorLinks(v, language);
    const li = v.legIntPurposes.filter((p) => scope.legInt.includes(p));
    return html`<dl part="tcf-facts">
${v.purposes.length ? fact(w.tcfConsentPurposes, html`<ul>${names(list.purposes, v.purposes, (p) => retention(v, p))}</ul>`) : nothing}
${li.length ? fact(w.tcfLiPurposes, html`<ul>${names(list.purposes, li, (p) => retention(v, p))}</ul>`) : nothing}
${li.length && links.legIntClaim ? fact(w.tcfLiClaim, html`<a href=${links.legIntClaim} target="_blank" rel="noopener noreferrer">${links.legIntClaim}</a>`) : nothing}
${v.specialPurposes?.length ? fact(w.tcfSpecialPurposes, html`<ul>${names(list.specialPurposes, v.specialPurposes, (p) => retention(v, p, true))}</ul>`) : nothing}
${v.features?.length ? fact(w.tcfFeatures, html`<ul>${names(list.features, v.features)}</ul>`) : nothing}
${v.specialFeatures?.length ? fact(w.tcfSpecialFeatures, html`<ul>${names(list.specialFeatures, v.specialFeatures)}</ul>`) : nothing}
${v.dataDeclaration?.length ? fact(w.tcfData, html`<ul>${names(list.dataCategories, v.dataDeclaration)}</ul>`) : nothing}
${v.dataRetention?.stdRetention != null ? fact(w.tcfRetention, span(language, v.dataRetention.stdRetention * 86400)) : nothing}
${fact(w.tcfCookie, v.usesCookies === false ? w.tcfNoCookies
    : typeof v.cookieMaxAgeSeconds == 'number' ? `${span(language, v.cookieMaxAgeSeconds)}${v.cookieRefresh ? `, ${w.tcfRefresh}` : ''}` : '—')}
${v.usesNonCookieAccess ? html`<dd>${w.tcfNonCookie}</dd>` : nothing}
${links.storage ? fact(w.tcfStorage, html`<a href=${links.storage} target="_blank" rel="noopener noreferrer">${links.storage}</a>`) : nothing}
${links.privacy ? fact(w.tcfPrivacy, html`<a href=${links.privacy} target="_blank" rel="noopener noreferrer">${links.privacy}</a>`) : nothing}
</dl>`;
  };
  const more = () => {
    const first = o.shown;
    o.shown += PAGE;
    update();
    // Focus goes to the first partner just drawn (the button may be gone).
    void el.updateComplete.then(() => el.shadowRoot?.querySelectorAll<HTMLElement>('[part~=tcf-vendor] summary')[first]?.focus());
  };
  return html`<label part="label tcf-search-label">${w.tcfSearch}<input type="search" part="tcf-search" .value=${o.query}
 @input=${(e: Event) => { o.query = (e.target as HTMLInputElement).value; o.shown = PAGE; update(); }}></label>
<p part="tcf-count" role="status">${format(w.tcfFound, found.length, scope.vendors.length).join('')}</p>
<ul part="tcf-vendor-list">${found.slice(0, o.shown).map((v) => {
    const canConsent = v.purposes.some((p) => scope.purposes.includes(p));
    const canLi = v.legIntPurposes.some((p) => scope.legInt.includes(p));
    return html`<li part="tcf-vendor"><details part="details" ?open=${o.expanded.has(v.id)} @toggle=${(e: Event) => {
      const open = (e.target as HTMLDetailsElement).open;
      if (open !== o.expanded.has(v.id)) { put(o.expanded, v.id, open); update(); }
    }}><summary>${v.name}</summary>${o.expanded.has(v.id) ? facts(v) : nothing}</details>
${canConsent ? toggle(w.tcfConsent, `${w.tcfConsent}: ${v.name}`, sw.vendors.has(v.id), (on) => put(sw.vendors, v.id, on)) : nothing}
${canLi ? toggle(w.tcfLi, `${w.tcfLi}: ${v.name}`, !sw.vendorObjections.has(v.id), (on) => put(sw.vendorObjections, v.id, !on)) : nothing}</li>`;
  })}</ul>
${found.length > o.shown ? html`<button part="button tcf-more" @click=${more}>${w.tcfMore}</button>` : nothing}`;
}
