// Derives the scanner's cookie database from the Open Cookie Database (data/open-cookie-database/,
// Apache-2.0): `node scripts/ocd.mjs [outDir]` (run by `npm run build`) writes
// dist/open-cookie-database.json (only the columns the scanner reads, categories mapped to
// consent-gate's) and dist/open-cookie-database.LICENSE (the licence, as Apache-2.0 §4 asks).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SOURCE = resolve(import.meta.dirname, '../data/open-cookie-database');

/** OCD category → consent-gate category. Functional and Security are what the site cannot work without. */
export const CATEGORY_MAP = Object.freeze({
  Functional: 'necessary', Security: 'necessary', Necessary: 'necessary',
  Personalization: 'functional', Analytics: 'analytics', Marketing: 'marketing',
});

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes) into rows of strings.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/**
 * The compact database from the CSV's text: `{ attribution, licence, categories, platforms, descriptions, cookies }`,
 * each cookie `[name, categoryIndex, platformIndex, descriptionIndex, retention, wildcard (0|1), domain]`
 * (domain left out when empty; platforms and descriptions are stored once, rows point to them). Throws on a category it does not know, naming the row.
 * @param {string} csv
 */
export function deriveDatabase(csv) {
  const [header, ...rows] = parseCsv(csv);
  const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`open-cookie-database.csv: no column "${name}"`);
    return i;
  };
  const c = {
    platform: col('Platform'), category: col('Category'), name: col('Cookie / Data Key name'), domain: col('Domain'),
    description: col('Description'), retention: col('Retention period'), wildcard: col('Wildcard match'),
  };
  const categories = ['necessary', 'functional', 'analytics', 'marketing'];
  /** A list of distinct strings and a function giving a string's index in it (adding it when new). */
  const table = () => {
    const list = [];
    const index = new Map();
    return [list, (s) => { if (!index.has(s)) { index.set(s, list.length); list.push(s); } return index.get(s); }];
  };
  const [platforms, platformOf] = table();
  const [descriptions, descriptionOf] = table();
  const cookies = rows.map((r, i) => {
    const category = CATEGORY_MAP[r[c.category]];
    if (!category) throw new Error(`open-cookie-database.csv row ${i + 2}: unknown category "${r[c.category]}"`);
    const row = [r[c.name].trim(), categories.indexOf(category), platformOf(r[c.platform].trim()), descriptionOf(r[c.description].trim()), r[c.retention].trim(), r[c.wildcard].trim() === '1' ? 1 : 0];
    const domain = r[c.domain].trim();
    if (domain) row.push(domain);
    return row;
  });
  return {
    attribution: 'Converted from the Open Cookie Database by jkwakman (https://github.com/jkwakman/Open-Cookie-Database, commit 0ee5a17fe1cb), licensed under the Apache License 2.0 (open-cookie-database.LICENSE). Changes: only the columns Platform, Category, name, Domain, Description, Retention period and Wildcard match are kept; categories are mapped to consent-gate\'s (Functional, Security, Necessary → necessary; Personalization → functional).',
    licence: 'Apache-2.0',
    categories,
    platforms,
    descriptions,
    cookies,
  };
}

/**
 * The debug panel's table (src/debug/cookies.ts), from the same CSV: `"category|platform"` → the
 * names of that platform's cookies, one a line, a prefix (the OCD's wildcard) ending in `*`.
 * About 15 KB gzipped, against 80 KB for the scanner's database: names, categories and platforms only.
 * @param {string} csv
 * @returns {Record<string, string>}
 */
export function compactTable(csv) {
  const db = deriveDatabase(csv);
  const groups = new Map();
  for (const [name, category, platform, , , wildcard] of db.cookies) {
    const key = `${db.categories[category]}|${db.platforms[platform]}`;
    if (!groups.has(key)) groups.set(key, new Set());
    groups.get(key).add(name + (wildcard ? '*' : ''));
  }
  return Object.fromEntries([...groups].map(([k, names]) => [k, [...names].join('\n')]));
}

/** The CSV's text, as bundled. */
export const readCsv = () => readFileSync(join(SOURCE, 'open-cookie-database.csv'), 'utf8');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = resolve(process.argv[2] ?? 'dist');
  mkdirSync(out, { recursive: true });
  const db = deriveDatabase(readCsv());
  writeFileSync(join(out, 'open-cookie-database.json'), JSON.stringify(db));
  copyFileSync(join(SOURCE, 'LICENSE'), join(out, 'open-cookie-database.LICENSE'));
}
