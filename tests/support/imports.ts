/**
 * The static import graph of src/: what each module imports from src/ (import and export
 * statements that start a line, and `import('…')`; an import written in a JSDoc example is not
 * one). Type-only imports count: a circle of types is a circle too.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The src/ modules `file` imports (absolute paths, `.ts`). */
export function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/gm)]
    .map((m) => resolve(dirname(file), (m[1] ?? m[2]!).replace(/\.js$/, '') + '.ts'));
}

/** Every module reachable from `entry` by static imports, `entry` included. */
export function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const f of importsOf(file)) walk(f);
  };
  walk(entry);
  return seen;
}
