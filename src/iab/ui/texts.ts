/**
 * The TCF interface's own words, in English (bundled with it); other languages are files of their
 * own (`i18n/tcf-<code>.js`, from src/iab/ui/langs/), and a site overrides any of them through the
 * config's `texts` like the banner's (`"texts": { "en": { "tcfIntro": "…" } }`). The names and
 * descriptions of purposes, features and stacks are never here: TCF Policy wants the Global Vendor
 * List's own, which come from the list and its translations (`purposes-<lang>.json`).
 * `{0}`, `{1}` are filled in where a text says so.
 */
export const tcfTexts = {
  /** First layer. `{0}`: a button naming the number of partners, which opens the partner list. */
  tcfIntro: 'We and our {0} store and/or access information on a device, such as cookies, and process personal data, such as unique identifiers and standard information sent by a device, for the purposes below.',
  /** `{0}`: the number of vendors. */
  tcfPartners: '{0} partners',
  tcfUse: 'We and our partners use data to:',
  /** Heading of the special features (which need an opt-in) on the first layer. */
  tcfOptIn: 'With your opt-in, we and our partners may also:',
  tcfLegInt: 'Some partners do not ask for your consent but process your data on the basis of their legitimate interest. You have the right to object to that under Customize. "Reject all" also objects to it.',
  tcfScope: 'Your choices apply to this site only. You can change them or withdraw your consent at any time under "Cookie settings".',
  /** Second layer: section headings. */
  tcfPurposes: 'Purposes',
  tcfSpecialFeatures: 'Special features',
  tcfSpecialPurposes: 'Special purposes',
  tcfFeatures: 'Features',
  /** `{0}`: the number of vendors. */
  tcfVendors: 'Partners ({0})',
  tcfNoChoice: 'These need no choice from you: partners may use them whatever you decide.',
  /** Switch labels. */
  tcfConsent: 'Consent',
  tcfLi: 'Legitimate interest',
  tcfLiNote: 'Switch off to object.',
  tcfExamples: 'Examples',
  /** `{0}`: how many of the partners use the purpose. */
  tcfUsedBy: 'Used by {0} partners.',
  /** The vendor list. */
  tcfSearch: 'Search partners',
  /** `{0}` of `{1}` partners shown by the search. */
  tcfFound: '{0} of {1} partners',
  tcfMore: 'Show more partners',
  tcfConsentPurposes: 'Purposes (consent)',
  tcfLiPurposes: 'Purposes (legitimate interest)',
  tcfLiClaim: 'Legitimate interest at stake',
  tcfData: 'Data collected',
  tcfRetention: 'Data retention',
  tcfCookie: 'Cookie lifetime',
  tcfRefresh: 'renewed on each visit',
  tcfNoCookies: 'Stores no cookies.',
  tcfNonCookie: 'Also stores or accesses information by other means than cookies.',
  tcfStorage: 'Device storage disclosure',
  tcfPrivacy: 'Privacy policy',
};

export type TcfTexts = typeof tcfTexts;
