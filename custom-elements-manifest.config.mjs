// `npm run analyze`: custom-elements.json for <consent-banner>, read by editors and frameworks.
export default {
  globs: ['src/banner/consent-banner.component.ts', 'src/banner/define.ts'],
  litelement: true,
  plugins: [{
    // Keep only the events documented with @fires (drops helper parameters the analyzer mistakes for events).
    name: 'documented-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const m of customElementsManifest.modules) for (const d of m.declarations ?? []) if (d.events) d.events = d.events.filter((e) => e.description);
    },
  }],
};
