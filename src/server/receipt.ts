/**
 * The receipt as the server stores it. Its validation is the client's own,
 * `src/receipts/validate.ts`: one check for both sides. The server adds one more: a receipt's
 * `tcString` must read as a TC string (v2, every segment whole), with the reader the iab build's
 * return visit uses (src/iab/tcf/decode.ts: a few hundred lines, none of IAB's libraries); and a
 * `gppString` must decode with IAB Tech Lab's own GPP library (`@iabgpp/cmpapi`'s `GppModel`:
 * the header, as many sections as it lists, each section's segments whole).
 */
import type { ConsentReceipt } from '../receipts/types.js';
import { ReceiptError, validateReceipt as validateShape } from '../receipts/validate.js';
import { readTcString } from '../iab/tcf/decode.js';
import { GppModel } from '@iabgpp/cmpapi';

export { MAX_BODY, ReceiptError, isIsoTime } from '../receipts/validate.js';

/** What the client sends (the wire format, see `ConsentReceipt`). */
export type Receipt = ConsentReceipt;

/** A stored receipt: what was sent plus the server's own received-at time. */
export interface StoredReceipt extends Receipt {
  receivedAt: string;
}

/**
 * The client's check (`src/receipts/validate.ts`), a `tcString` that reads as a TC string, and a
 * `gppString` that decodes as a GPP string.
 *
 * @example validateReceipt(JSON.parse(body)).tcString
 * @returns the receipt in canonical form; throws a `ReceiptError` naming the first bad field.
 */
export function validateReceipt(input: unknown, now?: number): ConsentReceipt {
  const receipt = validateShape(input, now);
  if (receipt.tcString) {
    try {
      readTcString(receipt.tcString);
    } catch (e) {
      throw new ReceiptError(`tcString: expected a TC string (v2): ${(e as Error).message}`);
    }
  }
  if (receipt.gppString) {
    try {
      // The model decodes lazily: reading every section is what decodes them.
      new GppModel(receipt.gppString).toObject();
    } catch (e) {
      throw new ReceiptError(`gppString: expected a GPP string that IAB's decoder reads: ${(e as Error).message}`);
    }
  }
  return receipt;
}
