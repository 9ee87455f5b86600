/** Cookie and storage patterns as configs write them (the config check and the drop-in's reader chunk both read them). */

/** Turns `"/^_ga_/"` (optionally with flags) into a RegExp; other strings stay names. */
export function toPattern(s: string): string | RegExp {
  // `g` and `y` would make test() stateful: they are dropped.
  const m = /^\/(.+)\/([gimsuy]*)$/.exec(s);
  return m ? new RegExp(m[1]!, m[2]!.replace(/[gy]/g, '')) : s;
}
