import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
beforeAll(async () => { browser = await launchBrowser(); server = await startServer(); });
afterAll(async () => { await browser?.close(); await server?.close(); });

test('the harness serves a page and records its requests', async () => {
  server.pages.set('/smoke', { body: '<!doctype html><title>s</title><script src="/slow/a.js?ms=10"></script>' });
  const page = await browser.newPage();
  await page.goto(server.origin + '/smoke');
  expect(await page.evaluate(() => (window as unknown as { __ran: string[] }).__ran)).toEqual(['a']);
  expect(server.requests).toContain('/slow/a.js?ms=10');
  await page.close();
});
