/** The wire format of a consent receipt, shared by the client and the server. */
import type { Mode, Source } from '../core/types.js';

/** What the client sends: one decision (first, change, withdrawal) of one visitor. */
export interface ConsentReceipt {
  /** Random uuid of this receipt; a repeat is stored once. */
  receiptId: string;
  /** The visitor's consent id (kept across changes, new after a withdrawal). */
  consentId: string;
  /** ISO time of the decision, from the visitor's clock. */
  decidedAt: string;
  source: Source;
  /** Policy id → version agreed to. */
  policies: Record<string, string>;
  /** Category id → granted. */
  categories: Record<string, boolean>;
  /** UI language of the decision ('' when unknown). */
  language: string;
  /** Identifies the notice the visitor saw (see `configHash`). */
  configHash: string;
  /** Path of the page the decision was made on (no query, no fragment). */
  page: string;
  /** Optional: the visitor's region when deciding (`DE`, `US-CA`). */
  region?: string;
  /** Optional: the mode in force when deciding. */
  mode?: Mode;
  /** Optional: the label of the wording or layout shown (A/B tests). */
  variant?: string;
  /** Optional: the GPP string in force when deciding (sites with `gpp`, iab build), as `__gpp('ping')` gave it. */
  gppString?: string;
  /** Optional: the categories that were required (default `["necessary"]` when counting). */
  required?: string[];
  /** Optional (IAB TCF sites): the decision's TC string, as the CMP gave it to vendors. */
  tcString?: string;
  /** Optional (with Google's Additional Consent): the decision's `addtlConsent` string. */
  addtlConsent?: string;
}
