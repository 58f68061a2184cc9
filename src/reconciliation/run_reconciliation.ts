import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type {
  ReconciliationReportRepository,
  StoredReconciliationReport,
} from "../../domain/ports/reconciliation_reports.ts";
import { ledgerTotals } from "../../domain/reconciliation/ledger_totals.ts";
import { reconcileLedgers } from "../../domain/reconciliation/reconcile_ledgers.ts";
import { applyResolutionPolicy } from "../../domain/reconciliation/resolution_policy.ts";
import { type PeriodRequest, reconciliationPeriod } from "./reconciliation_period.ts";
import {
  buildReconciliationLedgers,
  type LedgerDependencies,
  type ReconciliationLedgers,
} from "./reconciliation_ledgers.ts";

export interface ReconciliationDependencies extends LedgerDependencies {
  readonly reports: ReconciliationReportRepository;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
  /** The stored report and what records it (its audit entry) commit together. */
  readonly atomically: Atomically;
  /** Announces what happened (outbound events), in the same unit of work as the change. */
  readonly emit: EmitEvent;
}

export interface ReconcileInput extends PeriodRequest {
  /** Limit to these properties (both ledgers, balances included); all when absent. */
  readonly propertyIds?: readonly string[];
  readonly realmId?: string;
}

/** What the scheduled_reconciliation workflow needs back from a run. */
export interface ReconcileOutcome {
  readonly reportId: string;
  /** Integrity by count, 0-100. */
  readonly integrityScore: number;
  readonly discrepanciesFound: number;
}

/** The connected company a run speaks for (the given realm or the default one). */
export async function reconciliationTarget(
  connections: ConnectionRepository,
  orgId: string,
  realmId: string | undefined,
): Promise<QuickBooksTarget> {
  const connection = realmId ? await connections.get(orgId, realmId) : await connections.getDefault(orgId);
  if (!connection) {
    throw new DomainError("NOT_FOUND", "No QuickBooks company is connected for this organization", {
      realm_id: realmId ?? null,
    });
  }
  if (connection.status !== "connected") {
    throw new DomainError("QB002", "The QuickBooks connection needs re-authorization before reconciling", {
      realm_id: connection.realmId,
      status: connection.status,
    });
  }
  return { orgId, realmId: connection.realmId };
}

/**
 * Reconciles an organization's EstateCore records with fresh QuickBooks data for a period and
 * stores the report: every discrepancy (type, both sides, amount at stake, description, whether it
 * can be resolved automatically under the org's conflict policy and the action that would),
 * balance comparisons, totals and the integrity score by count and by amount.
 */
export async function runReconciliation(
  deps: ReconciliationDependencies,
  orgId: string,
  input: ReconcileInput,
  /** Records the stored report (its audit entry), in the same unit of work as storing it. */
  recorded: (report: StoredReconciliationReport) => Promise<void> = () => Promise.resolve(),
): Promise<{ report: StoredReconciliationReport; ledgers: ReconciliationLedgers }> {
  const period = reconciliationPeriod(input, deps.clock);
  const target = await reconciliationTarget(deps.connections, orgId, input.realmId);
  const propertyIds = input.propertyIds === undefined ? null : [...new Set(input.propertyIds)].sort();
  const ledgers = await buildReconciliationLedgers(deps, target, period, propertyIds);
  const result = reconcileLedgers(ledgers.estatecore, ledgers.quickbooks);
  const discrepancies = applyResolutionPolicy(result.discrepancies, ledgers.sync.conflict_resolution);
  const report: StoredReconciliationReport = {
    id: deps.ids.newId(),
    orgId,
    realmId: target.realmId,
    createdAt: deps.clock.now().toISOString(),
    periodFrom: period.from,
    periodTo: period.to,
    propertyIds,
    discrepanciesFound: discrepancies.length,
    discrepancies,
    countsByType: result.countsByType,
    totals: ledgerTotals(ledgers.estatecore, ledgers.quickbooks, result),
    score: result.score,
    resolution: null,
  };
  await deps.atomically(async () => {
    await deps.reports.save(report);
    await recorded(report);
    const link = `/reconcile/${report.id}`;
    await deps.emit(orgId, "reconciliation.completed", {
      report_id: report.id,
      realm_id: report.realmId,
      discrepancies: report.discrepanciesFound,
      integrity_by_count: report.score.byCount,
      integrity_by_amount: report.score.byAmount,
      link,
    }, report.createdAt);
    if (discrepancies.length > 0) {
      await deps.emit(orgId, "reconciliation.discrepancy_found", {
        report_id: report.id,
        realm_id: report.realmId,
        discrepancies: discrepancies.length,
        amount_at_stake_cents: discrepancies.reduce((sum, d) => sum + d.amountAtStakeCents, 0),
        types: [...new Set(discrepancies.map((d) => d.type))].sort(),
        link,
      }, report.createdAt);
    }
  });
  deps.logger.info("reconciliation finished", {
    org_id: orgId,
    realm_id: target.realmId,
    report_id: report.id,
    discrepancies: discrepancies.length,
    score_by_count: result.score.byCount,
    score_by_amount: result.score.byAmount,
  });
  return { report, ledgers };
}

/**
 * The entry point for scheduled runs (the automation's scheduled_reconciliation workflow): the
 * last `periodDays` days of the organization's default company, whole organization.
 *
 * @example
 * ```ts
 * const reconcile = reconcilerFor(deps);
 * const { reportId, integrityScore } = await reconcile("org-1", { periodDays: 30 });
 * ```
 */
export function reconcilerFor(
  deps: ReconciliationDependencies,
): (orgId: string, options: { readonly periodDays: number }) => Promise<ReconcileOutcome> {
  return async (orgId, options) => {
    const { report } = await runReconciliation(deps, orgId, { periodDays: options.periodDays });
    return {
      reportId: report.id,
      integrityScore: report.score.byCount,
      discrepanciesFound: report.discrepanciesFound,
    };
  };
}
