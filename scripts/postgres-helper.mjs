// The tests' throwaway PostgreSQL helper (tests/support/postgres.ts) for the benchmarks,
// compiled from TypeScript on the fly into `dir`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** `{ startPostgres, postgresBin }`, loaded from tests/support/postgres.ts. */
export async function loadPostgresHelper(dir) {
  const src = readFileSync(resolve(import.meta.dirname, '../tests/support/postgres.ts'), 'utf8');
  const { outputText } = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const file = join(dir, 'postgres.mjs');
  writeFileSync(file, outputText);
  return import(pathToFileURL(file).href);
}
