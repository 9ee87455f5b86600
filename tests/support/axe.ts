/**
 * axe-core in a Chromium page, for every test that checks a UI state: WCAG 2.0, 2.1 and 2.2,
 * A and AA (plus any tags asked for), on the whole document or on what a selector matches.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';

/** The rule sets the product is held to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE = readFileSync(join(resolve(import.meta.dirname, '../..'), 'node_modules/axe-core/axe.min.js'), 'utf8');

/** A violation: its rule and, for each node, the node's selector and axe's summary of what fails. */
export interface AxeViolation { id: string; nodes: [target: unknown, summary: string | undefined][] }

/**
 * Runs axe in `page` and resolves with its violations (`[]` when clean). axe is evaluated, not added
 * as a `<script>` (a page's CSP rightly refuses inline scripts), once per document.
 * `within`: a CSS selector; only what it matches is checked. `tags`: rule sets added to AXE_TAGS.
 */
export async function axe(page: Page | Frame, options: { within?: string; tags?: string[] } = {}): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const { within, tags = [] } = options;
  const result = await page.evaluate(([context, values]) => (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: unknown; failureSummary?: string }[] }[] }> } })
    .axe.run(context ?? document, { runOnly: { type: 'tag', values } }), [within, [...AXE_TAGS, ...tags]] as const);
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((x): [unknown, string | undefined] => [x.target, x.failureSummary]) }));
}
