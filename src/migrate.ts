/**
 * `consent-gate/migrate` (Node only): converts vanilla-cookieconsent and Klaro configs, behind
 * `npx consent-gate migrate`.
 *
 * @example
 * import { readConfigText, migrate } from 'consent-gate/migrate';
 * const { config, omitted } = readConfigText(text, 'cookieconsent-config.js');
 * const { config: ours, notes } = migrate(config, omitted);
 *
 * @module consent-gate/migrate
 */
export { migrate, migrateMarkup, readConfigText, type Migration } from './migrate/index.js';
export { main } from './migrate/cli.js';
