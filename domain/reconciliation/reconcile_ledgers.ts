import { DomainError } from "../errors.ts";
import type { Discrepancy } from "./discrepancy.ts";
import { type IntegrityScore, integrityScore } from "./integrity_score.ts";
import { compareBalances, ledgerBalances } from "./ledger_balances.ts";
import { matchLedgers } from "./ledger_matching.ts";
import type { LedgerRecord } from "./ledger_record.ts";
import { comparePair } from "./pair_comparison.ts";

export interface ReconcileOptions {
  /** Largest date gap, in days, for a probable match of an unlinked QBO record. Default 5. */
  readonly dateWindowDays?: number;
}

/** The outcome of reconciling two ledgers for a period. */
export interface ReconciliationReport {
  /** Record-level discrepancies, then balance mismatches. */
  readonly discrepancies: Discrepancy[];
  /** Counts per discrepancy type (types with none are absent). */
  readonly countsByType: Record<string, number>;
  readonly matchedCount: number;
  /** Integrity over record-level units: linked pairs, probable matches, and unmatched records. */
  readonly score: IntegrityScore;
}

/**
 * Reconciles EstateCore's records with QBO's for a period (the caller selects the records):
 * matches them (links, then probable matches, see `matchLedgers`), reports every difference with
 * its type, both values, amount at stake, description and resolving action, compares tenant A/R,
 * property deposit liability and property income balances, and scores integrity by count and by
 * amount. A unit is clean only when it is a linked pair without discrepancy; its amount is the
 * larger absolute amount of its records. Near-linear: a million records per side take seconds.
 *
 * @example
 * ```ts
 * const ec = { side: "estatecore" as const, id: "c1", kind: "invoice" as const, linkedId: "130",
 *   customerId: "t1", propertyId: "p1", amountCents: 150_000, date: "2026-05-01", status: "active" as const };
 * const report = reconcileLedgers([ec], [{ ...ec, side: "quickbooks", id: "130", linkedId: undefined }]);
 * report.discrepancies.length; // 0
 * report.score.byCount; // 100
 * ```
 */
export function reconcileLedgers(
  estatecore: readonly LedgerRecord[],
  quickbooks: readonly LedgerRecord[],
  options: ReconcileOptions = {},
): ReconciliationReport {
  const dateWindowDays = options.dateWindowDays ?? 5;
  if (!Number.isInteger(dateWindowDays) || dateWindowDays < 0) {
    throw new DomainError("VALIDATION_FAILED", "dateWindowDays must be a non-negative integer", {
      dateWindowDays,
    });
  }
  for (const [side, records] of [["estatecore", estatecore], ["quickbooks", quickbooks]] as const) {
    for (const r of records) {
      if (r.side !== side) {
        throw new DomainError("VALIDATION_FAILED", `Record ${r.id} is on the wrong side`, {
          id: r.id,
          side: r.side,
        });
      }
    }
  }
  const matching = matchLedgers(estatecore, quickbooks, { dateWindowDays });
  const discrepancies: Discrepancy[] = [];
  let cleanCount = 0, totalCount = 0, cleanAmount = 0, totalAmount = 0;
  const unit = (amountCents: number, clean: boolean) => {
    totalCount++;
    totalAmount += amountCents;
    if (clean) {
      cleanCount++;
      cleanAmount += amountCents;
    }
  };

  for (const pair of matching.linked) {
    const found = comparePair(pair);
    for (const d of found) discrepancies.push(d);
    unit(
      Math.max(Math.abs(pair.estatecore.amountCents), Math.abs(pair.quickbooks.amountCents)),
      found.length === 0,
    );
  }
  for (const p of matching.probable) {
    const e = p.estatecore, q = p.quickbooks;
    discrepancies.push({
      type: "unknown_in_quickbooks",
      estatecoreId: e.id,
      quickbooksId: q.id,
      estatecoreValue: e.date,
      quickbooksValue: q.date,
      amountAtStakeCents: Math.abs(q.amountCents),
      description:
        `QuickBooks ${q.kind} ${q.id} is not linked; it is probably EstateCore ${e.id} (same customer and amount, ${
          p.dayGap === 0 ? "same date" : `${p.dayGap} day(s) apart`
        }${p.sameDocNumber ? ", same doc number" : ""})`,
      autoResolvable: p.sameDocNumber && p.dayGap === 0,
      action: "relink",
      requiresConfirmation: false,
      relatedId: e.id,
    });
    unit(Math.abs(q.amountCents), false);
  }
  for (const { quickbooks: q, duplicateOf } of matching.duplicates) {
    discrepancies.push({
      type: "duplicate_in_quickbooks",
      estatecoreId: null,
      quickbooksId: q.id,
      estatecoreValue: null,
      quickbooksValue: q.amountCents,
      amountAtStakeCents: Math.abs(q.amountCents),
      description: `QuickBooks ${q.kind} ${q.id} duplicates ${duplicateOf.id}`,
      autoResolvable: false,
      action: "void_duplicate",
      requiresConfirmation: true,
      relatedId: duplicateOf.id,
    });
    unit(Math.abs(q.amountCents), false);
  }
  for (const q of matching.unknown) {
    discrepancies.push({
      type: "unknown_in_quickbooks",
      estatecoreId: null,
      quickbooksId: q.id,
      estatecoreValue: null,
      quickbooksValue: q.amountCents,
      amountAtStakeCents: Math.abs(q.amountCents),
      description: `QuickBooks ${q.kind} ${q.id} of ${q.date} is unknown to EstateCore and matches no record`,
      autoResolvable: false,
      action: "review",
      requiresConfirmation: false,
    });
    unit(Math.abs(q.amountCents), false);
  }
  for (const { estatecore: e, linkBroken } of matching.missing) {
    discrepancies.push({
      type: "missing_in_quickbooks",
      estatecoreId: e.id,
      quickbooksId: linkBroken ? e.linkedId ?? null : null,
      estatecoreValue: e.amountCents,
      quickbooksValue: null,
      amountAtStakeCents: Math.abs(e.amountCents),
      description: linkBroken
        ? `EstateCore ${e.kind} ${e.id} is linked to QuickBooks ${e.linkedId}, which is not in QuickBooks (deleted there?)`
        : `EstateCore ${e.kind} ${e.id} of ${e.date} is not in QuickBooks`,
      autoResolvable: !linkBroken,
      action: linkBroken ? "review" : "push_missing",
      requiresConfirmation: false,
    });
    unit(Math.abs(e.amountCents), false);
  }
  for (const d of compareBalances(ledgerBalances(estatecore), ledgerBalances(quickbooks))) {
    discrepancies.push(d);
  }

  const countsByType: Record<string, number> = {};
  for (const d of discrepancies) countsByType[d.type] = (countsByType[d.type] ?? 0) + 1;
  return {
    discrepancies,
    countsByType,
    matchedCount: matching.linked.length,
    score: integrityScore(cleanCount, totalCount, cleanAmount, totalAmount),
  };
}
