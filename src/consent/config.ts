/**
 * The config check with every floor plugged in: `checkWith` (src/core/config.ts) given the
 * region rules of src/regions/, and the words of src/core/config-messages.ts. What the package
 * exports as `checkConfig`, `validateConfig` and `parseConfig`, and what `createConsent` and
 * `readConsent` run on a config that is not resolved yet.
 */
import { ConfigError, checkWith, type Problem } from '../core/config.js';
import { explain } from '../core/config-messages.js';
import type { ConsentConfig, ConsentConfigJson, ResolvedConfig } from '../core/types.js';
import { resolveRegions } from '../regions/index.js';

/**
 * Checks a config without words (what the drop-in runs): the resolved config, or the problems
 * as data (`explain` in config-messages.ts words them).
 *
 * @example checkConfig({ categories: { analytics: {} }, mdoe: 1 }).problems // [['mdoe', 'key', 'mdoe', ['mode', …]]]
 */
export function checkConfig(input: unknown): { config?: ResolvedConfig; problems: Problem[] } {
  return checkWith(input, resolveRegions);
}

/** Validates a config without throwing: the resolved config, or one message per problem. */
export function validateConfig(input: unknown): { config?: ResolvedConfig; problems: string[] } {
  const { config, problems } = checkConfig(input);
  return config ? { config, problems: [] } : { problems: problems.map(explain) };
}

/**
 * Parses a configuration: defaults filled in, everything checked.
 * Throws a `ConfigError` naming every invalid field.
 *
 * @example parseConfig({ categories: { analytics: { label: 'Analytics' } } }).mode // 'opt-in'
 */
export function parseConfig(input: unknown): ResolvedConfig {
  const { config, problems } = validateConfig(input);
  if (!config) throw new ConfigError(problems);
  return config;
}

/** A config as given to `createConsent` or `readConsent`: parsed, unless it already is. */
export const resolved = (input: ConsentConfig | ConsentConfigJson | ResolvedConfig): ResolvedConfig =>
  'raw' in input && Array.isArray(input.categories) ? (input as ResolvedConfig) : parseConfig(input);
