/**
 * Serves the built drop-in with the site, under /consent-gate/ (the configurator's live banner):
 * from dist/ in `npm run docs`, copied into the built site by `npm run docs:build`. Only the files
 * a page's drop-in loads: dist/consent-gate*.js and dist/i18n/*.js. Needs `npm run build` first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const BASE = 'consent-gate/';

/** The drop-in's files, by their path under dist/. */
function files(): string[] {
  if (!existsSync(join(DIST, 'consent-gate.js'))) throw new Error('docs: dist/consent-gate.js is missing; run `npm run build` first (the configurator serves the built drop-in)');
  return [
    ...readdirSync(DIST).filter((f) => /^consent-gate(\.[\w-]+)?\.js$/.test(f)),
    ...(existsSync(join(DIST, 'i18n')) ? readdirSync(join(DIST, 'i18n')).filter((f) => f.endsWith('.js')).map((f) => `i18n/${f}`) : []),
  ];
}

export function consentGateLib(): Plugin {
  let ssr = false;
  return {
    name: 'consent-gate-lib',
    configResolved(config) { ssr = Boolean(config.build.ssr); },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!).replace(/^.*?\/consent-gate\//, '');
        if (!(req.url ?? '').includes(`/${BASE}`) || !files().includes(path)) return next();
        res.setHeader('content-type', 'text/javascript; charset=utf-8');
        res.end(readFileSync(join(DIST, path)));
      });
    },
    generateBundle() {
      // The client build only (VitePress also bundles for server rendering).
      if (ssr) return;
      for (const f of files()) this.emitFile({ type: 'asset', fileName: BASE + f, source: readFileSync(join(DIST, f)) });
    },
  };
}
