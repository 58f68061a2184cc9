import type { MirrorRecordType } from "../../../ports/record_mirror.ts";
import { allocationIssues } from "./allocations.ts";
import { currencyIssues } from "./currency.ts";
import { propertyConsistencyIssues } from "./property_consistency.ts";
import type { InvariantIssue, RecordData, RecordLookup } from "./record_context.ts";

export { allocationsOf, type ChargeAllocation, chargeAllocationIssues } from "./allocations.ts";
export type { InvariantIssue, RecordData, RecordLookup } from "./record_context.ts";

/** What the cross-record invariants of one record are checked against. */
export interface InvariantContext {
  /** The organization's currency (settings `currency`). */
  readonly currency: string;
  /** The records it refers to, stored or in the same request. */
  readonly lookup: RecordLookup;
  /** Cents applied to a charge by every live payment and disposition other than this record. */
  readonly allocatedByOthers: (chargeId: string) => number;
}

/**
 * The invariants of a schema-valid record that need more than the record itself (listed per type in
 * README.md): its money in the organization's currency, its property the property of what it
 * refers to, allocations to charges of the same tenant and lease that are not void nor
 * over-allocated. Empty when the record holds.
 */
export function recordInvariantIssues(
  type: MirrorRecordType,
  data: RecordData,
  context: InvariantContext,
): InvariantIssue[] {
  return [
    ...currencyIssues(data, context.currency),
    ...propertyConsistencyIssues(type, data, context.lookup),
    ...allocationIssues(type, data, context.lookup, context.allocatedByOthers),
  ];
}
