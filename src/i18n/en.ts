/**
 * The English texts. Every other language is a module of its own in `langs/` with
 * the same keys, downloaded only when used. `{0}` in `revised` and `notice` is
 * replaced by the names of the documents.
 */

import { dialog } from './en-dialog.js';

/** The preferences dialog's heading, also the placeholder's button that opens it. */
const prefs = 'Cookie preferences';

/** What `<consent-banner>` shows: bundled with it. */
export const banner = {
  /** First layer: heading. */
  title: 'Your privacy',
  /** First layer: the notice text. */
  body: 'We use cookies and similar technologies. Some are needed for this site to work; the others only run if you allow them. You can change your choice at any time.',
  accept: 'Accept all',
  reject: 'Reject all',
  custom: 'Customize',
  /** Preferences dialog: heading, intro, buttons. */
  prefs,
  intro: 'Choose which cookies you allow. Necessary cookies keep the site working and cannot be switched off.',
  save: 'Save choices',
  close: 'Close',
  /** Shown beside a required category. */
  on: 'Always on',
  /** The cookie table of a category: summary and column headings. */
  cookies: 'Cookies',
  name: 'Name',
  purpose: 'Purpose',
  duration: 'Duration',
  /** `{0}`: the documents that changed, e.g. "Privacy Policy and Terms of Use". */
  revised: 'We have updated our {0}. Please review your choice.',
  gpc: 'Your opt-out preference signal was honoured.',
  /** Notice mode: `{0}` is the linked documents. */
  notice: 'By continuing to browse our site you agree to our use of cookies, {0}. You can change your cookie settings at any time.',
  agree: 'I agree',
  /** The floating button's accessible name. */
  settings: 'Cookie settings',
};

/**
 * The gate's placeholder texts (its second button says `prefs`): the placeholder
 * bundles these, the banner's bundle leaves them out.
 */
export const placeholder = {
  /**
   * The gate's placeholder for a blocked iframe or video (its second button says `prefs`):
   * `{0}` is the embed's title, its host, or `content`; `{1}` the categories' labels.
   */
  blocked: '{0} is blocked until you allow {1}.',
  /** `{0}`: the categories' labels. */
  allow: 'Allow {0}',
  content: 'This content',
  prefs,
};

const en = { ...banner, ...dialog, ...placeholder };

/** The keys every language provides; `texts` in the config may override any of them. */
export type Texts = typeof en;
/** The keys the banner shows (the dialog's own come with the language, or from `en-dialog.ts`). */
export type BannerTexts = typeof banner & Partial<typeof dialog>;
/** The keys a placeholder shows. */
export type PlaceholderTexts = typeof placeholder;

export default en;
