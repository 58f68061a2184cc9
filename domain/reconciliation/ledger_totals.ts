import type { LedgerRecord } from "./ledger_record.ts";
import type { ReconciliationReport } from "./reconcile_ledgers.ts";

/** Count and amount (sum of absolute cents) of active records. */
export interface SideTotals {
  readonly count: number;
  readonly amountCents: number;
}

/** Totals of a reconciliation: each side's active records, the linked pairs and the clean ones. */
export interface ReconciliationTotals {
  readonly estatecore: SideTotals;
  readonly quickbooks: SideTotals;
  readonly matched: SideTotals & { readonly cleanCount: number; readonly cleanAmountCents: number };
}

/**
 * Totals of both ledgers and of what matched.
 *
 * @example
 * ```ts
 * ledgerTotals(ec, qb, reconcileLedgers(ec, qb)).estatecore.count; // active EstateCore records
 * ```
 */
export function ledgerTotals(
  estatecore: readonly LedgerRecord[],
  quickbooks: readonly LedgerRecord[],
  report: ReconciliationReport,
): ReconciliationTotals {
  const side = (records: readonly LedgerRecord[]): SideTotals => {
    let count = 0, amountCents = 0;
    for (const r of records) {
      if (r.status !== "active") continue;
      count++;
      amountCents += Math.abs(r.amountCents);
    }
    return { count, amountCents };
  };
  // A linked pair counts with the larger of its two amounts, as in the integrity score.
  const qbById = new Map(quickbooks.map((r) => [r.id, r]));
  let matchedAmount = 0;
  for (const e of estatecore) {
    const q = e.linkedId === undefined ? undefined : qbById.get(e.linkedId);
    if (q !== undefined) matchedAmount += Math.max(Math.abs(e.amountCents), Math.abs(q.amountCents));
  }
  return {
    estatecore: side(estatecore),
    quickbooks: side(quickbooks),
    matched: {
      count: report.matchedCount,
      amountCents: matchedAmount,
      cleanCount: report.score.cleanCount,
      cleanAmountCents: report.score.cleanAmountCents,
    },
  };
}
