import type { StoredReconciliationReport } from "../../../domain/ports/reconciliation_reports.ts";
import { centsToDecimal } from "../../../domain/shared/money.ts";
import type { ReconciliationReportView } from "./reconciliation.ts";

/** The body of `POST /reconcile`, as the reconcile use case takes it (all properties when none are named). */
export function reconcileInput(input: {
  readonly period_days?: number;
  readonly from?: string;
  readonly to?: string;
  readonly property_ids?: readonly string[];
  readonly realm_id?: string;
}) {
  return {
    periodDays: input.period_days,
    from: input.from,
    to: input.to,
    realmId: input.realm_id,
    ...(input.property_ids ? { propertyIds: input.property_ids } : {}),
  };
}

/** The body of `POST /reconcile/{id}/resolve`. */
export function resolveInput(input: { readonly confirm_void_ids: readonly string[] }) {
  return { confirmVoidIds: input.confirm_void_ids };
}

/** The query of `GET /data-quality`. */
export function dataQualityQuery(
  query: { readonly undeposited_days: number; readonly period_days: number; readonly realm_id?: string },
) {
  return { undepositedDays: query.undeposited_days, periodDays: query.period_days, realmId: query.realm_id };
}

/** A report as the API shows it (money in currency units and cents). */
export function viewReport(r: StoredReconciliationReport): ReconciliationReportView {
  const side = (s: { count: number; amountCents: number }) => ({
    count: s.count,
    amount: centsToDecimal(s.amountCents),
  });
  return {
    id: r.id,
    realm_id: r.realmId,
    created_at: r.createdAt,
    period: { from: r.periodFrom, to: r.periodTo },
    property_ids: r.propertyIds === null ? null : [...r.propertyIds],
    discrepancies_found: r.discrepanciesFound,
    discrepancies: r.discrepancies.map((d) => ({
      type: d.type,
      description: d.description,
      estatecore_id: d.estatecoreId,
      quickbooks_id: d.quickbooksId,
      estatecore_value: d.estatecoreValue,
      quickbooks_value: d.quickbooksValue,
      amount: centsToDecimal(d.amountAtStakeCents),
      amount_cents: d.amountAtStakeCents,
      auto_resolvable: d.autoResolvable,
      action: d.action,
      requires_confirmation: d.requiresConfirmation,
      related_id: d.relatedId ?? null,
      balance: d.balance ?? null,
    })),
    counts_by_type: { ...r.countsByType },
    totals: {
      estatecore: side(r.totals.estatecore),
      quickbooks: side(r.totals.quickbooks),
      matched: {
        ...side(r.totals.matched),
        clean_count: r.totals.matched.cleanCount,
        clean_amount: centsToDecimal(r.totals.matched.cleanAmountCents),
      },
    },
    integrity_score: { by_count: r.score.byCount, by_amount: r.score.byAmount },
    resolved_at: r.resolution?.resolvedAt ?? null,
    after_report_id: r.resolution?.afterReportId ?? null,
  };
}

/** A resolution's before and after reports, as the API shows them. */
export function viewResolution<A, L, P>(outcome: {
  readonly before: StoredReconciliationReport;
  readonly after: StoredReconciliationReport;
  readonly applied: readonly A[];
  readonly leftForReview: readonly L[];
  readonly push: P;
}) {
  return {
    before: viewReport(outcome.before),
    after: viewReport(outcome.after),
    applied: [...outcome.applied],
    left_for_review: [...outcome.leftForReview],
    push: outcome.push,
  };
}

/** The data-quality view as the API shows it (the domain's read-only lists copied out). */
export function viewDataQuality<
  T,
  I extends object,
  V extends {
    readonly trend: readonly T[];
    readonly checks: Readonly<Record<string, { readonly count: number; readonly items: readonly I[] }>>;
  },
>(view: V): Omit<V, "trend" | "checks"> & { trend: T[]; checks: never } {
  return {
    ...view,
    trend: [...view.trend],
    checks: Object.fromEntries(
      Object.entries(view.checks).map((
        [k, c],
      ) => [k, { count: c.count, items: c.items.map((i) => ({ ...i })) }]),
    ) as never,
  };
}
