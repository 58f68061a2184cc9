import { centsToDecimal } from "../shared/money.ts";
import type { Discrepancy } from "./discrepancy.ts";
import type { LedgerPair } from "./ledger_matching.ts";

/**
 * The discrepancies of one linked pair (empty when they agree):
 * - status differs (active vs voided/deleted): a status_mismatch and nothing else (a voided QBO
 *   object has zeroed amounts). Voided in QBO while active in EstateCore needs review (an NSF or a
 *   deliberate correction); voided in EstateCore but active in QBO is fixed by voiding in QBO.
 * - both inactive: nothing to compare.
 * - otherwise amount, date and customer are compared; money and customer differences need review
 *   because QBO is the book of record once posted, a date difference is updated from EstateCore;
 * - an EstateCore deposit that QBO booked to income is always reported: a deposit is a liability.
 *
 * @example
 * ```ts
 * const ec = { side: "estatecore" as const, id: "c1", kind: "invoice" as const, customerId: "t1",
 *   propertyId: "p1", amountCents: 150_000, date: "2026-05-01", status: "active" as const };
 * comparePair({ estatecore: ec, quickbooks: { ...ec, side: "quickbooks", id: "130", amountCents: 140_000 } })
 *   .map((d) => [d.type, d.amountAtStakeCents]); // [["amount_mismatch", 10_000]]
 * ```
 */
export function comparePair(pair: LedgerPair): Discrepancy[] {
  const { estatecore: e, quickbooks: q } = pair;
  const base = { estatecoreId: e.id, quickbooksId: q.id, requiresConfirmation: false };
  const out: Discrepancy[] = [];
  if (e.kind === "deposit_liability" && q.postedTo === "income" && q.status === "active") {
    out.push({
      ...base,
      type: "deposit_booked_as_income",
      estatecoreValue: "liability",
      quickbooksValue: "income",
      amountAtStakeCents: Math.abs(q.amountCents),
      description:
        `Security deposit ${e.id} is booked as income in QuickBooks (${q.id}); it must be a liability`,
      autoResolvable: false,
      action: "review",
    });
  }
  if (e.status !== q.status) {
    if (e.status === "active" || q.status === "active") {
      const voidedInQbo = e.status === "active";
      out.push({
        ...base,
        type: "status_mismatch",
        estatecoreValue: e.status,
        quickbooksValue: q.status,
        amountAtStakeCents: Math.abs(voidedInQbo ? e.amountCents : q.amountCents),
        description: voidedInQbo
          ? `${e.kind} ${e.id} is active in EstateCore but ${q.status} in QuickBooks (${q.id})`
          : `${e.kind} ${e.id} is ${e.status} in EstateCore but still active in QuickBooks (${q.id})`,
        autoResolvable: !voidedInQbo,
        action: voidedInQbo ? "review" : "update_quickbooks",
      });
    }
    return out;
  }
  if (e.status !== "active") return out;
  if (e.amountCents !== q.amountCents) {
    out.push({
      ...base,
      type: "amount_mismatch",
      estatecoreValue: e.amountCents,
      quickbooksValue: q.amountCents,
      amountAtStakeCents: Math.abs(e.amountCents - q.amountCents),
      description: `${e.kind} ${e.id} is ${centsToDecimal(e.amountCents)} in EstateCore but ${
        centsToDecimal(q.amountCents)
      } in QuickBooks (${q.id})`,
      autoResolvable: false,
      action: "update_quickbooks",
    });
  }
  if (e.date !== q.date) {
    out.push({
      ...base,
      type: "date_mismatch",
      estatecoreValue: e.date,
      quickbooksValue: q.date,
      amountAtStakeCents: Math.abs(e.amountCents),
      description: `${e.kind} ${e.id} is dated ${e.date} in EstateCore but ${q.date} in QuickBooks (${q.id})`,
      autoResolvable: true,
      action: "update_quickbooks",
    });
  }
  if (e.customerId !== q.customerId) {
    out.push({
      ...base,
      type: "customer_mismatch",
      estatecoreValue: e.customerId,
      quickbooksValue: q.customerId,
      amountAtStakeCents: Math.abs(e.amountCents),
      description:
        `${e.kind} ${e.id} belongs to ${e.customerId} in EstateCore but to ${q.customerId} in QuickBooks (${q.id})`,
      autoResolvable: false,
      action: "update_quickbooks",
    });
  }
  return out;
}
