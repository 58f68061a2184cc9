import type { DesiredRecord } from "../sync/sync_record.ts";
import { ledgerParts } from "./ledger_parts.ts";
import { docNumberOf, partyOf } from "./ledger_ownership.ts";
import type { LedgerRecord } from "./ledger_record.ts";
import { linesOf, type QboObject, RECONCILED_ENTITIES, refId } from "./quickbooks_books.ts";
import type { ReconciliationDirectory } from "./reconciliation_directory.ts";

/** An inclusive date range (YYYY-MM-DD). */
export interface LedgerPeriod {
  readonly from: string;
  readonly to: string;
}

/** Where a ledger record came from, so a resolution can act on the right object. */
export interface LedgerSource {
  readonly entityType: string;
  /** EstateCore side: the sync record id; QuickBooks side: the QBO id. */
  readonly id: string;
}

const RECONCILED = new Set<string>(RECONCILED_ENTITIES);

/**
 * EstateCore's ledger for a period: every transaction the desired state says QBO should hold (or
 * have voided), as what would be written (for a voided record, what was last written), dated in
 * the period. Ids are the sync record ids (an invoice's deposit lines get "#deposit"); `linkedId`
 * is the QBO side's id (`Invoice:130`, `Invoice:130#deposit`) when a link exists. `sources` maps
 * each ledger id back to its sync record.
 *
 * @example
 * ```ts
 * const { records } = estatecoreLedger(state.desired, dir, { from: "2026-01-01", to: "2026-12-31" });
 * records.find((r) => r.id === "pay_1_1_01")?.linkedId; // "Payment:412"
 * ```
 */
export function estatecoreLedger(
  desired: readonly DesiredRecord[],
  dir: ReconciliationDirectory,
  period: LedgerPeriod,
): { records: LedgerRecord[]; sources: Map<string, LedgerSource> } {
  const records: LedgerRecord[] = [];
  const sources = new Map<string, LedgerSource>();
  for (const d of desired) {
    if (!RECONCILED.has(d.entityType)) continue;
    const link = dir.linkByRecordKey.get(`${d.entityType}/${d.recordId}`);
    const state = d.state ?? "active";
    const source: QboObject = state === "active" ? d.payload : link?.baseSnapshot ?? d.payload;
    const date = source.TxnDate;
    if (typeof date !== "string" || date < period.from || date > period.to) continue;
    const owner = dir.ownerOfRecord.get(d.recordId.split("#")[0]);
    const customerId = partyOf(source, dir) ?? owner?.customerId ?? "";
    const mask = linesOf(source, "SalesItemLineDetail").map((l) =>
      dir.depositItemIds.has(refId((l.SalesItemLineDetail as QboObject | undefined)?.ItemRef) ?? "")
    );
    const docNumber = docNumberOf(source);
    for (const part of ledgerParts(d.entityType, source, { recordId: d.recordId, depositMask: mask })) {
      const id = `${d.recordId}${part.suffix}`;
      sources.set(id, { entityType: d.entityType, id: d.recordId });
      records.push({
        side: "estatecore",
        id,
        kind: part.kind,
        ...(link ? { linkedId: `${d.entityType}:${link.qboId}${part.suffix}` } : {}),
        customerId,
        propertyId: owner?.propertyId ?? "",
        amountCents: part.amountCents,
        date,
        ...(docNumber === undefined ? {} : { docNumber }),
        status: state,
      });
    }
  }
  return { records, sources };
}
