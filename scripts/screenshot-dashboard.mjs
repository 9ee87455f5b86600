#!/usr/bin/env node
// `npm run screenshot:dashboard`: the docs' pictures of the analytics dashboard (docs/analytics.md)
// (docs/screenshots/dashboard-light.png and -dark.png), taken in Chromium from the real
// server after `npm run build`, with 60 days of made-up receipts and impressions
// (a fixed seed: the same pictures every run).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../dist/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const TOKEN = 'screenshot-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'consent-gate-shot-'));
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (xs) => xs[Math.floor(random() * xs.length)];

const server = await serve({ port: 0, db: join(dir, 'shot.db'), adminToken: TOKEN });
try {
  const { store } = server;
  const end = Date.parse(new Date().toISOString().slice(0, 10));
  const places = [['DE', 'de'], ['DE', 'de'], ['FR', 'fr'], ['FR', 'fr'], ['IT', 'it'], ['ES', 'es'], ['NL', 'nl'], ['GB', 'en'], ['US-CA', 'en']];
  const adds = [];
  for (let d = 59; d >= 0; d--) {
    const day = new Date(end - d * 864e5 + 12 * 36e5).toISOString();
    for (let i = 0; i < 40 + Math.floor(random() * 25); i++) {
      const [region, language] = pick(places);
      const variant = random() < 0.5 ? 'short-text' : 'long-text';
      const mode = region === 'US-CA' ? 'opt-out' : 'opt-in';
      adds.push(store.addImpression({ view: 'banner', mode, region, language, variant }, day));
      if (random() > 0.78) continue; // left without deciding
      const r = random() + (variant === 'short-text' ? 0.08 : 0);
      const categories = r > 0.55 ? { necessary: true, analytics: true, marketing: true }
        : r > 0.25 ? { necessary: true, analytics: false, marketing: false } : { necessary: true, analytics: true, marketing: false };
      adds.push(store.add({ receiptId: randomUUID(), consentId: randomUUID(), decidedAt: day, source: random() < 0.8 ? 'banner' : 'preferences',
        policies: { privacy: d > 20 ? '2025-05-01' : '2025-11-01' }, categories, language, configHash: 'shot', page: '/', variant, region, mode }, day));
    }
  }
  await Promise.all(adds);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
      await page.goto(new URL('dashboard', server.url).href);
      await page.fill('#token', TOKEN);
      await page.press('#token', 'Enter');
      await page.waitForSelector('#figures');
      await page.fill('#from', new Date(end - 59 * 864e5).toISOString().slice(0, 10));
      await page.press('#from', 'Enter');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Showing') && document.querySelectorAll('.chart canvas').length === 5);
      await page.evaluate(() => document.activeElement?.blur());
      const file = join(ROOT, `docs/screenshots/dashboard-${scheme}.png`);
      // The top of the page: totals, rates over time, per category.
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1100, height: 1500 }, fullPage: true });
      console.log(`wrote ${file}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
