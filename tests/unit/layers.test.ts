// Arrows point down (issue 20): src/core imports nothing above it. The floors, bottom up:
// src/storage (the cookie and memory storage, erasure: no consent logic), then src/core (the
// vocabulary, config check, record, state, reader, store). What the rest of the package needs
// from the floors above (the region rules, asking the region endpoint) is given to core by the
// modules that assemble it (src/consent/), never imported by core.
import { readdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importsOf } from '../support/imports';

const SRC = resolve(import.meta.dirname, '../../src');
const floor = (dir: string) => readdirSync(resolve(SRC, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => resolve(SRC, dir, f));
/** Each import of a module in `dir` that leaves the floors in `allowed`, as `from → to`. */
const upward = (dir: string, allowed: string[]) => floor(dir).flatMap((file) => importsOf(file)
  .filter((to) => !allowed.some((a) => to.startsWith(resolve(SRC, a) + '/')))
  .map((to) => `${relative(SRC, file)} → ${relative(SRC, to)}`));

describe('the floors of src/', () => {
  test('src/core imports only src/core and the floor below it (src/storage)', () => {
    expect(floor('core').length).toBeGreaterThan(10);
    expect(upward('core', ['core', 'storage'])).toEqual([]);
  });

  test('src/storage imports only itself', () => {
    expect(upward('storage', ['storage'])).toEqual([]);
  });

  test('the walker sees an import that leaves a floor', () => {
    // src/consent assembles core with the region rules: the check above must see such an import.
    expect(upward('consent', ['consent', 'core'])).toContain('consent/config.ts → regions/index.ts');
  });
});
