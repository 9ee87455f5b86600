/**
 * consent-gate/server: the consent-receipt endpoint. Node only (no DOM); the
 * database drivers (better-sqlite3, pg) are optional peer dependencies, loaded
 * when a store of that kind is opened.
 *
 * @example
 * import { openReceiptStore, createReceiptHandler, toNodeHandler } from 'consent-gate/server'
 * const store = await openReceiptStore('./consent.db')
 * http.createServer(toNodeHandler(createReceiptHandler({ store, adminToken }))).listen(8787)
 *
 * @module consent-gate/server
 */
export { adminTokenProblem, createReceiptHandler, type ReceiptHandlerOptions } from './server/handler.js';
export { openReceiptStore, type ReceiptStore } from './server/store.js';
export { toNodeHandler, serve, type ServeOptions } from './server/node.js';
export { validateReceipt, ReceiptError, MAX_BODY, type Receipt, type StoredReceipt } from './server/receipt.js';
export { cookieHeader, MAX_AGE } from './server/cookie.js';
export { regionResponse, REGION_MAX_AGE } from './server/region.js';
export { gvlRoutes, freshFor, IAB_GVL_URL, type GvlSource } from './server/gvl.js';
