/**
 * The preferences dialog of `<consent-banner>`: its template and the styles only it
 * uses. The element imports this module when the preferences are about to be needed
 * (the view becomes `preferences`, or "Customize" or the floating button is hovered or
 * focused), so a visitor who only answers the first layer never downloads it. In the
 * drop-in it is `consent-gate.prefs.js`, next to the UI chunk that it takes Lit from.
 *
 * Everything the dialog does to the element comes in as arguments: no private member of
 * the element is named here (the drop-in's build shortens those names per file).
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Consent, CookieInfo } from '../core/types.js';
import type { BannerTexts } from '../i18n/index.js';
import { dialog as EN } from '../i18n/en-dialog.js';
import { stylesheet } from '../dom/stylesheet.js';
import { styles } from './prefs.styles.js';

/** Adds the dialog's stylesheet to the banner's shadow root (a constructable one, for strict CSPs). */
export const adopt = stylesheet(styles);

/** Renders an action button that records a decision with `f` and closes the banner. */
export type ActionButton = (part: string, label: string, f: (c: Consent) => unknown) => TemplateResult;

/**
 * A category's cookie table, in a disclosure: name, purpose, duration, and a provider column
 * when any row names one (a config written by `consent-gate scan` does); no empty column otherwise.
 */
function cookieTable(t: BannerTexts, rows: readonly CookieInfo[]): TemplateResult {
  const provider = rows.some((r) => r.provider);
  return html`<details part="details"><summary>${t.cookies} (${rows.length})</summary><table part="table">
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.purpose}</th><th scope="col">${t.duration}</th>${provider ? html`<th scope="col">${t.provider ?? EN.provider}</th>` : nothing}</tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.name}</td><td>${r.purpose ?? ''}</td><td>${r.duration ?? ''}</td>${provider ? html`<td>${r.provider ?? ''}</td>` : nothing}</tr>`)}</tbody></table></details>`;
}

/**
 * The modal preferences dialog: a labelled switch per category (required ones checked
 * and disabled), each category's cookie table, "Save choices", "Accept all", "Reject all".
 *
 * @param choices - the switches' state, changed in place as the visitor flips them.
 * @param dismiss - closes the dialog without recording anything (close button, Escape).
 * @param trap - the keydown handler that keeps Tab inside the dialog.
 * @returns the dialog (its stylesheet: `adopt(shadowRoot)`).
 */
export function dialog(t: BannerTexts, c: Consent, choices: Record<string, boolean>, dismiss: () => void, trap: (e: KeyboardEvent) => void, button: ActionButton): TemplateResult {
  return html`<dialog part="dialog" class="layer" aria-labelledby="pt" @close=${dismiss} @keydown=${trap}>
<div part="header"><h2 id="pt" part="title" tabindex="-1">${t.prefs}</h2><button part="close" aria-label=${t.close} @click=${dismiss}>✕</button></div>
<p part="text">${t.intro}</p>
${c.config.categories.map((k, i) => html`<div part="category"><label part="label"><input type="checkbox" role="switch" part="switch"
 aria-describedby=${k.description ? `d${i}` : nothing} .checked=${k.required || !!choices[k.id]} ?disabled=${k.required}
 @change=${(e: Event) => { choices[k.id] = (e.target as HTMLInputElement).checked; }}><span>${k.label}</span>${k.required ? html`<span part="required">${t.on}</span>` : nothing}</label>
${k.description ? html`<p part="description" id="d${i}">${k.description}</p>` : nothing}
${k.cookieTable.length ? cookieTable(t, k.cookieTable) : nothing}</div>`)}
<div part="buttons">${button('save', t.save, (k) => k.save({ ...choices }, 'preferences'))}${button('accept', t.accept, (k) => k.acceptAll('preferences'))}${button('reject', t.reject, (k) => k.rejectAll('preferences'))}</div>
</dialog>`;
}
