import type { ReconciliationReportRepository } from "../../domain/ports/reconciliation_reports.ts";
import { linesOf, type QboObject, refId } from "../../domain/reconciliation/quickbooks_books.ts";
import { addDays } from "../../domain/shared/calendar_date.ts";
import { reconciliationPeriod } from "./reconciliation_period.ts";
import { buildReconciliationLedgers, type ReconciliationLedgers } from "./reconciliation_ledgers.ts";
import { type ReconciliationDependencies, reconciliationTarget } from "./run_reconciliation.ts";

export interface DataQualityInput {
  /** A payment older than this many days still in Undeposited Funds is flagged. */
  readonly undepositedDays: number;
  /** How far back the QuickBooks checks look. */
  readonly periodDays: number;
  /** The caller's property scope (null: whole organization). */
  readonly propertyIds: readonly string[] | null;
  readonly realmId?: string;
}

/** One check beyond matching: how many, and the first findings. */
export interface QualityCheck {
  readonly count: number;
  readonly items: readonly Readonly<Record<string, unknown>>[];
}

export interface DataQualityView {
  readonly latest_report_id: string | null;
  readonly integrity: { readonly by_count: number; readonly by_amount: number } | null;
  readonly trend: readonly { report_id: string; created_at: string; by_count: number; by_amount: number }[];
  readonly open_discrepancies_by_type: Readonly<Record<string, number>>;
  readonly checks: {
    readonly tenants_without_customer: QualityCheck;
    readonly invoices_missing_tracking: QualityCheck;
    readonly deposits_booked_as_income: QualityCheck;
    readonly payments_in_undeposited_funds: QualityCheck;
  };
}

const SHOWN = 100;
const check = (items: Readonly<Record<string, unknown>>[]): QualityCheck => ({
  count: items.length,
  items: items.slice(0, SHOWN),
});

/**
 * The data-quality view: integrity by count and by amount from the latest reconciliation, its trend
 * over past runs (oldest first), open discrepancies by type, and checks against fresh QuickBooks
 * data: tenants without a customer in QBO, invoices whose class or location is missing (per the
 * org's property tracking), deposits booked to income accounts, and payments sitting in
 * Undeposited Funds longer than `undepositedDays`. A property-scoped caller sees only runs limited
 * to their properties and findings of their properties.
 */
export async function dataQuality(
  deps: ReconciliationDependencies & { readonly reports: ReconciliationReportRepository },
  orgId: string,
  input: DataQualityInput,
): Promise<DataQualityView> {
  const scope = input.propertyIds === null ? null : new Set(input.propertyIds);
  const reports = (await deps.reports.list(orgId, { limit: 50 })).filter((r) =>
    scope === null || (r.propertyIds !== null && r.propertyIds.every((p) => scope.has(p)))
  );
  const latest = reports[0] ?? null;
  const target = await reconciliationTarget(deps.connections, orgId, input.realmId);
  const period = reconciliationPeriod({ periodDays: input.periodDays }, deps.clock);
  const ledgers = await buildReconciliationLedgers(deps, target, period, input.propertyIds);
  return {
    latest_report_id: latest?.id ?? null,
    integrity: latest ? { by_count: latest.score.byCount, by_amount: latest.score.byAmount } : null,
    trend: [...reports].reverse().map((r) => ({
      report_id: r.id,
      created_at: r.createdAt,
      by_count: r.score.byCount,
      by_amount: r.score.byAmount,
    })),
    open_discrepancies_by_type: latest?.resolution === null ? { ...latest.countsByType } : {},
    checks: {
      tenants_without_customer: check(tenantsWithoutCustomer(ledgers, scope)),
      invoices_missing_tracking: check(invoicesMissingTracking(ledgers)),
      deposits_booked_as_income: check(
        ledgers.quickbooks.filter((r) =>
          r.kind === "deposit_liability" && r.postedTo === "income" && r.status === "active"
        )
          .map((r) => ({
            quickbooks_id: r.id,
            tenant_id: r.customerId,
            property_id: r.propertyId,
            amount_cents: r.amountCents,
          })),
      ),
      payments_in_undeposited_funds: check(
        undepositedPayments(
          ledgers,
          addDays(deps.clock.now().toISOString().slice(0, 10), -input.undepositedDays),
        ),
      ),
    },
  };
}

function tenantsWithoutCustomer(ledgers: ReconciliationLedgers, scope: ReadonlySet<string> | null) {
  const activeCustomers = new Set(
    ledgers.books.customers.filter((c) => c.Active !== false).map((c) => String(c.Id)),
  );
  const linked = new Map(
    ledgers.links.filter((l) => l.entityType === "Customer").map((l) => [l.recordId, l]),
  );
  return ledgers.portfolio.tenants.filter((t) =>
    !t.deleted && (scope === null || scope.has(t.data.property_id ?? ""))
  ).flatMap((t) => {
    const link = linked.get(t.data.id);
    if (link && link.state === "active" && activeCustomers.has(link.qboId)) return [];
    return [{
      tenant_id: t.data.id,
      property_id: t.data.property_id ?? null,
      qbo_customer_id: link?.qboId ?? null,
    }];
  });
}

/** Transactions of one entity that are in the (scoped) QuickBooks ledger. */
function inLedger(ledgers: ReconciliationLedgers, entityName: string): { id: string; object: QboObject }[] {
  const ids = new Set(ledgers.quickbooks.map((r) => r.id.split("#")[0]));
  return ledgers.books.transactions.filter((t) =>
    t.entityName === entityName && ids.has(`${entityName}:${t.object.Id}`)
  )
    .map((t) => ({ id: String(t.object.Id), object: t.object }));
}

function invoicesMissingTracking(ledgers: ReconciliationLedgers) {
  const tracking = ledgers.sync.property_tracking;
  if (tracking !== "class" && tracking !== "location") return [];
  return inLedger(ledgers, "Invoice").flatMap(({ id, object }) => {
    const missing = tracking === "location"
      ? refId(object.DepartmentRef) === undefined
      : linesOf(object, "SalesItemLineDetail").some((l) =>
        refId((l.SalesItemLineDetail as QboObject | undefined)?.ClassRef) === undefined
      );
    return missing
      ? [{ quickbooks_id: `Invoice:${id}`, doc_number: object.DocNumber ?? null, missing: tracking }]
      : [];
  });
}

function undepositedPayments(ledgers: ReconciliationLedgers, olderThan: string) {
  const undeposited = new Set(
    ledgers.books.accounts.filter((a) => a.AccountSubType === "UndepositedFunds").map((a) => String(a.Id)),
  );
  const deposited = new Set<string>();
  for (const d of ledgers.books.deposits) {
    for (const line of linesOf(d)) {
      for (const t of (line.LinkedTxn ?? []) as { TxnId?: string; TxnType?: string }[]) {
        if (t.TxnType === "Payment" && t.TxnId !== undefined) deposited.add(String(t.TxnId));
      }
    }
  }
  return inLedger(ledgers, "Payment").flatMap(({ id, object }) => {
    const account = refId(object.DepositToAccountRef);
    const date = String(object.TxnDate ?? "");
    if (account === undefined || !undeposited.has(account) || deposited.has(id) || date > olderThan) {
      return [];
    }
    if (Number(object.TotalAmt ?? 0) === 0) return [];
    return [{ quickbooks_id: `Payment:${id}`, txn_date: date, amount: object.TotalAmt ?? 0 }];
  });
}
