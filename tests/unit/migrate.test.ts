/**
 * `consent-gate migrate`: Klaro's own example config (node_modules/klaro/dist/config.js, as its
 * npm package ships it) and a vanilla-cookieconsent v3 config convert into configs that pass
 * checkConfig, say what did not carry over, and map the gated markup; a .js config is read as
 * data, never run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkConfig } from '../../src/consent/config';
import { main, migrate, migrateMarkup, readConfigText } from '../../src/migrate';

const KLARO = createRequire(import.meta.url).resolve('klaro/dist/config.js');
const VANILLA = resolve(import.meta.dirname, '../fixtures/cookieconsent-v3.config.js');
const dir = mkdtempSync(join(tmpdir(), 'consent-gate-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const convert = (file: string) => { const { config, omitted } = readConfigText(readFileSync(file, 'utf8'), file); return migrate(config, omitted); };

describe("Klaro's example config", () => {
  const m = convert(KLARO);
  test('converts into a config that passes checkConfig', () => {
    expect(m.from).toBe('klaro');
    expect(m.problems).toEqual([]);
    expect(checkConfig(m.config).problems).toEqual([]);
  });
  test('makes each purpose a category and required services a required one, with their cookies', () => {
    expect(Object.keys(m.config.categories).sort()).toEqual(['advertising', 'analytics', 'livechat', 'marketing', 'necessary', 'security']);
    expect(m.config.categories.necessary).toMatchObject({ required: true, description: 'Cloudflare' });
    expect(m.config.categories.analytics).toMatchObject({ label: 'Analytics', cookies: ['/^_pk_.*$/', 'piwik_ignore', 'inline-tracker', 'external-tracker'] });
    expect(m.config.policies).toEqual({ privacy: { version: '1', url: '/#privacy', label: 'Privacy Policy' } });
    expect(m.config.texts?.de).toMatchObject({ intro: expect.stringContaining('Hier können Sie einsehen') });
  });
  test('maps each service to every purpose it names, so a script needs them all', () => {
    expect(m.markup).toEqual({ attribute: 'data-name', consent: expect.objectContaining({ matomo: 'analytics', externalTracker: 'analytics security', cloudflare: 'necessary', youtube: 'marketing' }) });
  });
  test('lists what did not carry over: the callback, pre-ticked services, HTML in texts', () => {
    expect(m.notes).toContain('services[2].callback: a function: not carried over');
    expect(m.notes).toContain('services[1] (youtube).default: not carried over (nothing is pre-ticked: the visitor must say yes)');
    expect(m.notes).toContain('translations.en.consentModal.title: HTML removed (texts are shown as plain text; put links in policies)');
  });
});

describe('a vanilla-cookieconsent v3 config', () => {
  const m = convert(VANILLA);
  test('converts into a config that passes checkConfig: categories, cookies to erase, revision, texts', () => {
    expect(m.from).toBe('vanilla-cookieconsent');
    expect(checkConfig(m.config).problems).toEqual([]);
    expect(m.config).toMatchObject({
      mode: 'opt-in',
      policies: { privacy: { version: '3' } },
      expiry: { acceptDays: 182 },
      cookie: { sameSite: 'Lax' },
      ui: { layout: 'box' },
      language: 'en',
      categories: {
        necessary: { required: true, label: 'Strictly Necessary Cookies' },
        analytics: { label: 'Analytics', description: 'How visitors use the site.', cookies: ['/^_ga/', '_gid', '/^_gat/'] },
        ads: { label: 'Advertisement' },
      },
      texts: { en: { title: 'We use cookies', body: 'Cookies help us. Manage preferences', reject: 'Reject all', intro: expect.stringContaining('We use cookies to make') }, de: { accept: 'Alle akzeptieren' } },
    });
    expect(m.markup).toEqual({ attribute: 'data-category', consent: { necessary: 'necessary', analytics: 'analytics', ads: 'ads' } });
    expect(m.notes).toContain('onConsent: a function: not carried over');
    expect(m.notes.some((n) => n.startsWith('cookie.name: not reused (cc_cookie'))).toBe(true);
  });
});

describe('reading a .js config', () => {
  test('never runs it: code in it has no effect, and is listed as left out', () => {
    const file = join(dir, 'evil.js');
    const marker = join(dir, 'ran');
    writeFileSync(file, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');
      var klaroConfig = { services: [{ name: 'x', purposes: ['analytics'], title: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'y'), 'X') }], get lang() { return 'en'; } };`);
    const { config, omitted } = readConfigText(readFileSync(file, 'utf8'), file);
    expect(existsSync(marker)).toBe(false);
    expect(config).toEqual({ services: [{ name: 'x', purposes: ['analytics'] }] });
    expect(omitted).toEqual(['services[0].title: code (SequenceExpression)', 'lang: a function']);
  });
  test('a __proto__ key is data, not a prototype', () => {
    const { config } = readConfigText('export default { "__proto__": { "polluted": true }, categories: {} }', 'c.js');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  });
});

describe('the markup', () => {
  test("vanilla's data-category and Klaro's data-name become data-consent; Klaro's script src comes back", () => {
    expect(migrateMarkup('<script type="text/plain" data-category="analytics" data-service="ga" src="/ga.js"></script>', convert(VANILLA)))
      .toBe('<script type="text/plain" data-consent="analytics" data-service="ga" src="/ga.js"></script>');
    expect(migrateMarkup(`<script type="text/plain" data-type="text/javascript" data-name="externalTracker" data-src="/t.js"></script><iframe data-name="youtube" data-src="https://www.youtube.com/embed/x"></iframe><img data-name="nobody" data-src="/p.gif">`, convert(KLARO)))
      .toBe('<script type="text/plain" data-consent="analytics security" src="/t.js"></script><iframe data-consent="marketing" data-src="https://www.youtube.com/embed/x"></iframe><img data-consent="nobody" data-src="/p.gif">');
  });
});

describe('the command', () => {
  test('writes the config, prints the markup mapping and what did not carry over; refuses to overwrite', async () => {
    const out = join(dir, 'out.json');
    const text: string[] = [];
    const sink = { write: (s: string) => text.push(s) };
    expect(await main([KLARO, '--out', out], sink, sink)).toBe(0);
    expect(checkConfig(JSON.parse(readFileSync(out, 'utf8'))).problems).toEqual([]);
    expect(text.join('')).toContain('data-name="matomo" → data-consent="analytics"');
    expect(text.join('')).toMatch(/not carried over, or changed \(\d+\):\n {2}- services\[2\]\.callback: a function/);
    expect(await main([KLARO, '--out', out], sink, sink)).toBe(2);
    expect(await main([join(dir, 'missing.js')], sink, sink)).toBe(2);
  });
});
