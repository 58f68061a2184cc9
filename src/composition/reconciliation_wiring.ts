/**
 * Composition of reconciliation and data quality: the report store, the use cases and their routes
 * (POST /reconcile, GET /reconcile/{id}, POST /reconcile/{id}/resolve, GET /data-quality), and the
 * `reconcile(orgId, { periodDays })` entry point the automation's scheduled runs call.
 */
import type { ApiApp, Principal } from "../../adapters/http/api_types.ts";
import {
  type ReconciliationReportView,
  registerReconciliationRoutes,
} from "../../adapters/http/routes/reconciliation.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlReconciliationReportRepository } from "../../adapters/persistence/repositories/reconciliation_repository.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import type { StoredReconciliationReport } from "../../domain/ports/reconciliation_reports.ts";
import { centsToDecimal } from "../../domain/shared/money.ts";
import { dataQuality } from "../reconciliation/data_quality.ts";
import { resolveReconciliation } from "../reconciliation/resolve_reconciliation.ts";
import {
  type ReconcileOutcome,
  reconcilerFor,
  type ReconciliationDependencies,
  runReconciliation,
} from "../reconciliation/run_reconciliation.ts";
import type { SyncDataWiring } from "./sync_data_wiring.ts";

export interface ReconciliationWiring {
  readonly reconcile: (orgId: string, options: { readonly periodDays: number }) => Promise<ReconcileOutcome>;
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
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

/** A property-scoped caller may only act on runs limited to their own properties. */
function assertInScope(principal: Principal, propertyIds: readonly string[] | null): void {
  const scope = principal.propertyIds;
  if (scope === undefined) return;
  if (propertyIds === null || !propertyIds.every((p) => scope.includes(p))) {
    throw new DomainError("FORBIDDEN", "This reconciliation covers properties outside your scope", {
      permission: "reconcile:run",
      reason: "property_out_of_scope",
    });
  }
}

export function wireReconciliation(deps: {
  readonly database: Database;
  readonly data: SyncDataWiring;
  readonly gateway: QuickBooksGateway;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
}): ReconciliationWiring {
  const reports = new SqlReconciliationReportRepository(deps.database);
  const useCases: ReconciliationDependencies = {
    ...deps.data,
    gateway: deps.gateway,
    connections: deps.connections,
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    reports,
  };
  const now = () => deps.clock.now();
  const stored = async (principal: Principal, id: string) => {
    const report = await reports.get(principal.orgId, id);
    if (!report) throw new DomainError("NOT_FOUND", `No reconciliation report ${id}`, { report_id: id });
    assertInScope(principal, report.propertyIds);
    return report;
  };
  const routeModules = [(api: ApiApp) =>
    registerReconciliationRoutes(api, {
      reconcile: async (principal, input) => {
        const propertyIds = input.property_ids ?? principal.propertyIds;
        assertInScope(principal, propertyIds ?? null);
        const { report } = await runReconciliation(useCases, principal.orgId, {
          periodDays: input.period_days,
          from: input.from,
          to: input.to,
          realmId: input.realm_id,
          ...(propertyIds ? { propertyIds } : {}),
        });
        return viewReport(report);
      },
      getReport: async (principal, id) => viewReport(await stored(principal, id)),
      resolve: async (principal, id, input) => {
        await stored(principal, id);
        const outcome = await resolveReconciliation(useCases, principal.orgId, id, {
          confirmVoidIds: input.confirm_void_ids,
        });
        return {
          before: viewReport(outcome.before),
          after: viewReport(outcome.after),
          applied: [...outcome.applied],
          left_for_review: [...outcome.leftForReview],
          push: outcome.push,
        };
      },
      dataQuality: async (principal, query) => {
        const view = await dataQuality(useCases, principal.orgId, {
          undepositedDays: query.undeposited_days,
          periodDays: query.period_days,
          propertyIds: principal.propertyIds ?? null,
          realmId: query.realm_id,
        });
        return {
          ...view,
          trend: [...view.trend],
          checks: Object.fromEntries(
            Object.entries(view.checks).map((
              [k, c],
            ) => [k, { count: c.count, items: c.items.map((i) => ({ ...i })) }]),
          ) as never,
        };
      },
    }, now)];
  return { reconcile: reconcilerFor(useCases), routeModules };
}
