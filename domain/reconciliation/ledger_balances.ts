import { centsToDecimal } from "../shared/money.ts";
import type { BalanceKind, Discrepancy } from "./discrepancy.ts";
import type { LedgerRecord } from "./ledger_record.ts";

/** Balances of one ledger, by tenant or property id. */
export interface LedgerBalances {
  readonly tenantReceivable: Map<string, number>;
  readonly propertyDepositLiability: Map<string, number>;
  readonly propertyIncome: Map<string, number>;
}

/**
 * The balances reconciliation compares, from active records only, with the same rules on both sides
 * (so a difference points at a record, it is not a financial statement):
 * - tenant A/R: invoices + , credit memos - , payments - ;
 * - property deposit liability: deposit_liability records (signed), unless QBO posted them to income;
 * - property income: invoices + , credit memos - , and anything posted to income (a deposit booked
 *   as income lands here, which is how it shows in the balances too).
 *
 * @example
 * ```ts
 * const r = { side: "estatecore" as const, id: "c1", kind: "invoice" as const, customerId: "t1",
 *   propertyId: "p1", amountCents: 150_000, date: "2026-05-01", status: "active" as const };
 * ledgerBalances([r, { ...r, id: "p1", kind: "payment", amountCents: 100_000 }]).tenantReceivable.get("t1"); // 50_000
 * ```
 */
export function ledgerBalances(records: readonly LedgerRecord[]): LedgerBalances {
  const tenantReceivable = new Map<string, number>();
  const propertyDepositLiability = new Map<string, number>();
  const propertyIncome = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, cents: number) =>
    map.set(key, (map.get(key) ?? 0) + cents);
  for (const r of records) {
    if (r.status !== "active") continue;
    switch (r.kind) {
      case "invoice":
        add(tenantReceivable, r.customerId, r.amountCents);
        add(propertyIncome, r.propertyId, r.amountCents);
        break;
      case "credit_memo":
        add(tenantReceivable, r.customerId, -r.amountCents);
        add(propertyIncome, r.propertyId, -r.amountCents);
        break;
      case "payment":
        add(tenantReceivable, r.customerId, -r.amountCents);
        break;
      case "deposit_liability":
        if (r.postedTo === "income") add(propertyIncome, r.propertyId, r.amountCents);
        else add(propertyDepositLiability, r.propertyId, r.amountCents);
        break;
      default:
        if (r.postedTo === "income") add(propertyIncome, r.propertyId, r.amountCents);
    }
  }
  return { tenantReceivable, propertyDepositLiability, propertyIncome };
}

const LABELS: Record<BalanceKind, string> = {
  tenant_receivable: "A/R of tenant",
  property_deposit_liability: "Deposit liability of property",
  property_income: "Income of property",
};

/**
 * A balance_mismatch for every tenant/property whose balance differs between the ledgers (a missing
 * entry counts as zero), sorted by balance kind then id. These always need review.
 *
 * @example
 * ```ts
 * compareBalances(ledgerBalances(ecRecords), ledgerBalances(qbRecords)).length; // 0 when they agree
 * ```
 */
export function compareBalances(estatecore: LedgerBalances, quickbooks: LedgerBalances): Discrepancy[] {
  const out: Discrepancy[] = [];
  const compare = (kind: BalanceKind, ec: Map<string, number>, qb: Map<string, number>) => {
    const ids = new Set([...ec.keys(), ...qb.keys()]);
    for (const id of [...ids].sort()) {
      const a = ec.get(id) ?? 0, b = qb.get(id) ?? 0;
      if (a === b) continue;
      out.push({
        type: "balance_mismatch",
        balance: kind,
        estatecoreId: id,
        quickbooksId: id,
        estatecoreValue: a,
        quickbooksValue: b,
        amountAtStakeCents: Math.abs(a - b),
        description: `${LABELS[kind]} ${id} is ${centsToDecimal(a)} in EstateCore but ${
          centsToDecimal(b)
        } in QuickBooks`,
        autoResolvable: false,
        action: "review",
        requiresConfirmation: false,
      });
    }
  };
  compare("tenant_receivable", estatecore.tenantReceivable, quickbooks.tenantReceivable);
  compare(
    "property_deposit_liability",
    estatecore.propertyDepositLiability,
    quickbooks.propertyDepositLiability,
  );
  compare("property_income", estatecore.propertyIncome, quickbooks.propertyIncome);
  return out;
}
