/**
 * `consent-gate migrate <their-config.json|js> [--out FILE] [--html PAGE]...`: converts the
 * config, prints what did not carry over, writes a config that passes `checkConfig`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { migrate, migrateMarkup, readConfigText } from './index.js';

const USAGE = `Usage: consent-gate migrate <config.js|config.json> [options]

Converts a vanilla-cookieconsent (v3) or Klaro config into a consent-gate config. A .js file is
parsed, never run: only its literal data is read (functions and variables are listed as left out).

  --out <file>    where to write the config (default ./consent.config.json; not overwritten without --force)
  --force         overwrite --out
  --html <page>   also rewrite a page's gated markup (data-category / data-name → data-consent)
                  into <page>.consent-gate.html (repeatable)`;

export async function main(argv: string[], out: { write(s: string): unknown } = process.stdout, err: { write(s: string): unknown } = process.stderr): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: {
      out: { type: 'string', default: 'consent.config.json' }, force: { type: 'boolean' }, html: { type: 'string', multiple: true, default: [] }, help: { type: 'boolean', short: 'h' },
    } });
  } catch (e) {
    err.write(`consent-gate migrate: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values: o, positionals } = args;
  if (o.help) { out.write(`${USAGE}\n`); return 0; }
  if (positionals.length !== 1) { err.write(`consent-gate migrate: expected one config file\n\n${USAGE}\n`); return 2; }
  const file = positionals[0]!;
  let m;
  try {
    const { config, omitted } = readConfigText(readFileSync(file, 'utf8'), file);
    m = migrate(config, omitted);
  } catch (e) {
    err.write(`consent-gate migrate: ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  if (m.problems.length) {
    err.write(`consent-gate migrate: the converted config is not valid (please report this):\n- ${m.problems.join('\n- ')}\n`);
    return 1;
  }
  if (existsSync(o.out) && !o.force) { err.write(`consent-gate migrate: ${o.out} exists (--force to overwrite, or --out another file)\n`); return 2; }
  writeFileSync(o.out, `${JSON.stringify(m.config, null, 2)}\n`);
  out.write(`consent-gate migrate: ${m.from} config ${file} → ${o.out} (passes checkConfig)\n`);
  out.write(`markup: ${Object.entries(m.markup.consent).map(([k, v]) => `${m.markup.attribute}="${k}" → data-consent="${v}"`).join(', ')}\n`);
  for (const page of o.html) {
    const to = page.replace(/(\.html?)?$/i, '.consent-gate.html');
    writeFileSync(to, migrateMarkup(readFileSync(page, 'utf8'), m));
    out.write(`markup of ${page} → ${to}\n`);
  }
  if (m.notes.length) out.write(`not carried over, or changed (${m.notes.length}):\n${m.notes.map((n) => `  - ${n}`).join('\n')}\n`);
  return 0;
}
