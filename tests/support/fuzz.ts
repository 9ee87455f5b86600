// One convention for every property and fuzz test (store, gate, server).
// `npm test` runs each property with a fixed seed and the test's own modest number of runs, so
// the unit suite stays fast and a failure reproduces. `npm run fuzz` runs every
// `*.fuzz.test.ts` with FUZZ_RUNS runs per property and a random seed (printed by fast-check
// on failure; replay it with FUZZ_SEED=<seed>).
//
//   fc.assert(property, { numRuns: runs(200), seed: seed() });

const env = typeof process === 'undefined' ? {} : process.env;

/** Runs per property: FUZZ_RUNS when set (the long run), else `defaultN`. */
export function runs(defaultN: number): number {
  const n = Number(env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultN;
}

/** The seed: FUZZ_SEED when set; random in a long run (FUZZ_RUNS set); else fixed. */
export function seed(): number {
  const fixed = Number(env.FUZZ_SEED);
  if (env.FUZZ_SEED !== undefined && Number.isInteger(fixed)) return fixed;
  return env.FUZZ_RUNS ? (Math.random() * 2 ** 31) | 0 : 20261128;
}

/**
 * A property test's time limit: `ms` in `npm test`; none in a long run (FUZZ_RUNS set), whose
 * length is the runs asked for (a test's own limit overrides the command line's --testTimeout=0).
 */
export function limit(ms: number): number {
  return env.FUZZ_RUNS ? 0 : ms;
}
