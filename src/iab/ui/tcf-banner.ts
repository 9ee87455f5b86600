/**
 * `<consent-banner>` of the iab build: the banner, with the first layer that TCF Policy asks for
 * where TCF applies (a checked `tcf` config and opt-in rules in force). Everywhere else, and when
 * the vendor list cannot be had, it is the banner as in every build. The second layer is the
 * preferences module of this build (layer2.ts, loaded as the banner loads its preferences).
 *
 * The first layer names the purposes asked about (stacks of the list where one covers two or more
 * of them, purpose 1 always on its own) and the special features that need an opt-in, with the
 * list's own names in the visitor's language; the number of partners as a button that opens the
 * partner list; that some partners rely on legitimate interest and that the visitor can object
 * (and that "Reject all" does); that choices apply to this site and can be changed at any time.
 * "Accept all", "Reject all" and "Customize" stay the banner's own, equally weighted, on this layer.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { ConsentBanner } from '../../banner/consent-banner.component.js';
import type { Consent, ConsentState } from '../../core/types.js';
import { stylesheet } from '../../dom/stylesheet.js';
import { format, type BannerTexts } from '../../i18n/index.js';
import { applies, hosts, intent, tcfData, type TcfData } from './data.js';
import { pickStacks } from './model.js';
import { styles } from './first-layer.styles.js';

const sheet = stylesheet(styles);

/** The first layer's text: what is asked about, by whom, and what the visitor can do. */
export function firstLayer(d: TcfData, vendors: () => void): TemplateResult {
  const { texts: w, list, scope } = d;
  // Stacks stand for purposes only: the special features, which need their own opt-in, are named below on their own.
  const sum = pickStacks(scope.purposes, [], list.stacks);
  // The banner puts this text in its <p part="text">, where only phrasing content may stand: the lists
  // are spans with the list roles (read as lists, valid HTML), not <ul>s, which a <p> cannot hold.
  const item = (name: string, description?: string) => html`<span role="listitem" part="tcf-item">${name}${description ? html` <span part="tcf-stack">${description}</span>` : nothing}</span>`;
  const partners = html`<button type="button" part="tcf-partners" @click=${vendors}>${format(w.tcfPartners, scope.vendors.length).join('')}</button>`;
  return html`${format(w.tcfIntro, partners)}
<span part="tcf-use">${w.tcfUse}</span>
<span role="list" part="tcf-list">${sum.purposes.map((p) => item(list.purposes[p]!.name))}${sum.stacks.map((s) => item(s.name, s.description))}</span>
${scope.specialFeatures.length ? html`<span part="tcf-use">${w.tcfOptIn}</span>
<span role="list" part="tcf-list">${scope.specialFeatures.map((f) => item(list.specialFeatures![f]!.name))}</span>` : nothing}
${scope.legInt.length ? html`<span part="tcf-note">${w.tcfLegInt}</span>` : nothing}
<span part="tcf-note">${w.tcfScope}</span>`;
}

/**
 * The banner with the TCF first layer (see the module's comment); registered as `consent-banner`
 * by the iab build's UI chunk.
 */
export class TcfBanner extends ConsentBanner {
  constructor() {
    super();
    sheet(this.shadowRoot!);
  }

  protected override _render() {
    const c = this.consent;
    // The second layer (layer2.ts) renders in this language and asks for renders through this.
    if (c) hosts.set(c, { language: this._language, update: () => this._requestUpdate(), el: this });
    return super._render();
  }

  protected override _banner(t: BannerTexts, s: ConsentState, c: Consent) {
    const tcf = applies(c);
    const d = tcf && tcfData(c, tcf, this._language, () => this._requestUpdate());
    // Without TCF, or without a vendor list (then the CMP writes no string: vendors get nothing), the banner's own.
    if (!tcf || d === null) return super._banner(t, s, c);
    // Until the list is here nothing shows: a first layer without its purposes and partners would not be TCF's.
    if (!d) return html``;
    const vendors = () => {
      intent.vendors = true;
      c.showPreferences();
    };
    // The layer stays the banner's (title, revised policies, GPC, links, the three buttons); its text is TCF's.
    return super._banner({ ...t, body: firstLayer(d, vendors) as unknown as string }, s, c);
  }
}
