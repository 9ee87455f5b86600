/**
 * The documentation site (VitePress). Pages are by task; pages other branches own (debug panel,
 * TCF, configurator, migration guides) join the sidebar only once their file exists, so a
 * missing one never breaks the build. Everything is served from the site itself: local search,
 * no web fonts, no CDN.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { writeLlmsTxt } from './llms';
import { consentGateLib } from './consent-gate-lib';

const DOCS = fileURLToPath(new URL('..', import.meta.url));
/** A sidebar item for a page, or nothing when its file is not there (yet). */
const page = (text: string, link: string): DefaultTheme.SidebarItem[] =>
  existsSync(`${DOCS}${link.replace(/^\//, '').replace(/\/$/, '/index')}.md`) ? [{ text, link }] : [];

const sidebar: DefaultTheme.SidebarItem[] = [
  {
    text: 'Start',
    items: [
      ...page('Getting started', '/getting-started'),
      ...page('Configuration', '/configuration'),
      ...page('Configurator', '/configurator'),
      ...page('The law in short', '/law'),
    ],
  },
  {
    text: 'Gating',
    items: [
      ...page('The gate and markup', '/gate'),
      ...page('Blocking without markup', '/blocking'),
      ...page('Regions', '/regions'),
      ...page('Google Consent Mode', '/google-consent-mode'),
      ...page('CSP and Trusted Types', '/csp'),
      ...page('IAB TCF', '/tcf'),
      ...page('IAB GPP and US state laws', '/gpp'),
    ],
  },
  {
    text: 'The banner and the store',
    items: [
      ...page('The banner', '/banner'),
      ...page('Reading and changing consent', '/store'),
      ...page('Debug panel', '/debug'),
    ],
  },
  {
    text: 'Proof and figures',
    items: [
      ...page('Receipts', '/receipts'),
      ...page('The server', '/server'),
      ...page('Analytics and the dashboard', '/analytics'),
      ...page('The scanner', '/scanner'),
    ],
  },
  {
    text: 'Frameworks',
    items: [
      ...page('Overview', '/frameworks/'),
      ...page('Plain HTML', '/frameworks/html'),
      ...page('React', '/frameworks/react'),
      ...page('Vue', '/frameworks/vue'),
      ...page('Svelte', '/frameworks/svelte'),
      ...page('Next.js', '/frameworks/nextjs'),
      ...page('SvelteKit', '/frameworks/sveltekit'),
      ...page('Astro', '/frameworks/astro'),
      ...page('Express', '/frameworks/express'),
    ],
  },
  {
    text: 'Migrating',
    items: [
      ...page('From vanilla-cookieconsent', '/migrate/vanilla-cookieconsent'),
      ...page('From Klaro', '/migrate/klaro'),
    ],
  },
  {
    text: 'Reference',
    items: [
      ...page('API', '/reference/api/'),
      ...page('&lt;consent-banner&gt;', '/reference/element'),
      ...page('Well-known services', '/reference/services'),
    ],
  },
  {
    text: 'Project',
    items: [
      ...page('How it compares', '/compare'),
      ...page('Benchmark', '/benchmark'),
      ...page('Sizes', '/sizes'),
      ...page('Changelog', '/changelog'),
      ...page('Contributing', '/contributing'),
    ],
  },
].filter((group) => group.items!.length > 0);

export default defineConfig({
  title: 'consent-gate',
  description: 'Cookie consent that gates scripts and embeds until visitors agree, records what they agreed to, and proves it.',
  lang: 'en',
  cleanUrls: false,
  lastUpdated: false,
  // README and the site's own notes are not pages.
  srcExclude: ['**/README.md', 'screenshots/**'],
  head: [['link', { rel: 'icon', href: 'data:,' }]],
  // The high-contrast GitHub themes: the plain ones put tokens under 4.5:1 on VitePress's code background (axe).
  markdown: { theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } },
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'API', link: '/reference/api/' },
      { text: 'Changelog', link: '/changelog' },
    ],
    sidebar,
    outline: { level: [2, 3] },
    docFooter: { prev: 'Previous', next: 'Next' },
    // Named, so the theme switch has an accessible name (axe: button-name).
    darkModeSwitchLabel: 'Appearance',
    lightModeSwitchTitle: 'Switch to light theme',
    darkModeSwitchTitle: 'Switch to dark theme',
  },
  vite: {
    // The built drop-in under /consent-gate/, for the configurator's live banner.
    plugins: [consentGateLib()],
    server: { host: '127.0.0.1', port: Number(process.env.PORT) || 5173, strictPort: Boolean(process.env.PORT) },
    preview: { host: '127.0.0.1', port: Number(process.env.PORT) || 4173 },
  },
  buildEnd: (site) => writeLlmsTxt(site.srcDir, site.outDir, site.pages),
});
