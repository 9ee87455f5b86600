/**
 * The receipt as the server stores it. Its validation is the client's own,
 * `src/receipts/validate.ts`: one check for both sides.
 */
import type { ConsentReceipt } from '../receipts/types.js';

export { MAX_BODY, ReceiptError, isIsoTime, validateReceipt } from '../receipts/validate.js';

/** What the client sends (the wire format, see `ConsentReceipt`). */
export type Receipt = ConsentReceipt;

/** A stored receipt: what was sent plus the server's own received-at time. */
export interface StoredReceipt extends Receipt {
  receivedAt: string;
}
