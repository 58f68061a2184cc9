import type { Posting } from "../contracts.ts";
import type { CompanyState, Doc } from "./company_state.ts";
import type { RuleContext } from "./rule_context.ts";
import type { Application } from "./txn_links.ts";

/** Ledger and link consequences of a stored transaction. */
export interface TxnEffects {
  readonly postings: Posting[];
  /** Amounts this transaction applies to others (payment -> invoice). */
  readonly applications?: Application[];
  /** Transactions this deposit sweeps out of Undeposited Funds (deposits only). */
  readonly depositSources?: string[];
}

/**
 * How one QBO entity is validated, completed, posted and shown. The generic operations
 * (create/update/delete/void) do ids, SyncTokens, MetaData, indexes and events; a rule only knows
 * its entity's fields.
 */
export interface EntityRules {
  readonly name: string;
  /** "list": deactivated, never deleted; "transaction": posts, can be deleted. */
  readonly kind: "list" | "transaction";
  /** Properties QBO computes; silently dropped from request bodies. */
  readonly readOnly: readonly string[];
  /** Validates and completes a candidate body (no Id/SyncToken/MetaData), returns what to store. */
  prepare(ctx: RuleContext, doc: Doc): Doc;
  effects?(state: CompanyState, doc: Doc): TxnEffects;
  /** Adds derived fields (balances, links) to a stored object for output. */
  render?(state: CompanyState, doc: Doc): Doc;
  /** Present when QBO can void this entity: returns the voided version of the stored object. */
  voided?(doc: Doc): Doc;
  /** A list entity QBO deletes outright (Attachable) instead of deactivating. */
  readonly deletable?: boolean;
  /** Delete accepts a body with only the Id (recorded for Attachable: attachment__delete_attachment__0). */
  readonly deleteWithoutSyncToken?: boolean;
  /** The Id for the n-th object of this entity (QBO's attachable ids are 19 digits). */
  formatId?(n: number): string;
}
