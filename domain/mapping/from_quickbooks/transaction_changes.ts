import type { QboEntityName } from "../../model/quickbooks/qbo_payload.ts";

/** The EstateCore record a synced QBO object stands for. */
export interface SyncedRecord {
  readonly record_type:
    | "tenant"
    | "vendor"
    | "property"
    | "charges"
    | "payment"
    | "expense"
    | "deposit_disposition";
  /** The record ids (an invoice stands for several charges). */
  readonly record_ids: readonly string[];
}

/** A change QBO reported (webhook or CDC) on an object the integration synced. */
export interface QboObjectChange {
  readonly entity: QboEntityName;
  readonly id: string;
  readonly operation: "Create" | "Update" | "Delete" | "Void" | "Merge";
  /** For Merge: the id the object was merged into. */
  readonly mergedIntoId?: string;
}

/** What EstateCore is told, and what it is asked to do. */
export interface EstateCoreChangeReport {
  readonly event: "quickbooks.voided" | "quickbooks.deleted" | "quickbooks.merged" | "quickbooks.edited";
  readonly record: SyncedRecord;
  readonly qbo: { readonly entity: QboEntityName; readonly id: string; readonly merged_into_id?: string };
  /**
   * - `mark_payment_void`: the payment no longer exists in the books; its charges are open again.
   * - `review_charges`: the invoice billing these charges is gone; void them or let the next sync re-create it.
   * - `review_record`: an expense, disposition or name changed under EstateCore; a person decides.
   * - `relink`: a customer/vendor was merged in QBO; the link must follow the surviving id.
   * - `compare_fields`: an edit; the sync's three-way merge and the org's conflict policy decide.
   */
  readonly suggested_action:
    | "mark_payment_void"
    | "review_charges"
    | "review_record"
    | "relink"
    | "compare_fields";
}

/**
 * Describes a QBO void, deletion, merge or edit of a synced object for EstateCore. Creates are not
 * reported here (payments entered in QBO go through `proposePaymentFromQbo`); an unlinked object
 * yields `null`.
 *
 * @example
 * ```ts
 * describeQboChange({ entity: "Payment", id: "140", operation: "Void" }, { record_type: "payment", record_ids: ["pay_1"] });
 * // { event: "quickbooks.voided", record: {...}, qbo: { entity: "Payment", id: "140" }, suggested_action: "mark_payment_void" }
 * ```
 */
export function describeQboChange(
  change: QboObjectChange,
  record: SyncedRecord | undefined,
): EstateCoreChangeReport | null {
  if (record === undefined || change.operation === "Create") return null;
  const qbo = {
    entity: change.entity,
    id: change.id,
    ...(change.mergedIntoId === undefined ? {} : { merged_into_id: change.mergedIntoId }),
  };
  if (change.operation === "Merge") {
    return { event: "quickbooks.merged", record, qbo, suggested_action: "relink" };
  }
  if (change.operation === "Update") {
    return { event: "quickbooks.edited", record, qbo, suggested_action: "compare_fields" };
  }
  const event = change.operation === "Void" ? "quickbooks.voided" : "quickbooks.deleted";
  const suggested_action = record.record_type === "payment"
    ? "mark_payment_void"
    : record.record_type === "charges"
    ? "review_charges"
    : "review_record";
  return { event, record, qbo, suggested_action };
}
