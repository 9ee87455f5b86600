/** axe-core in a Playwright page: WCAG 2.0, 2.1 and 2.2 A and AA rules; the violations found, with their targets. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './harness';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Result = { violations: { id: string; nodes: { target: unknown; failureSummary?: string }[] }[] };

/** Runs axe-core on the whole page (shadow roots included); [] when nothing is found. */
export async function axe(page: Page): Promise<{ id: string; nodes: unknown[] }[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate((tags) => (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<Result> } })
    .axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((x) => [x.target, x.failureSummary]) }));
}
