/** The Open Cookie Database's compact table, made at build time (rollup.config.mjs, `cookieTable()`; scripts/ocd.mjs `compactTable`). */
declare module 'virtual:consent-gate-cookie-table' {
  const table: Record<string, string>;
  export default table;
}
