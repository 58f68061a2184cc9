/** A synced sample portfolio in the emulator, with the reconciliation use case's dependencies. */
import { SqlReconciliationReportRepository } from "../../../adapters/persistence/repositories/reconciliation_repository.ts";
import type { ConnectionRepository } from "../../../domain/ports/connection_repository.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";
import type { ReconciliationDependencies } from "../../../src/reconciliation/run_reconciliation.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { type QboHarness, startQboHarness } from "../../support/qbo_harness.ts";

export const NOW = "2026-03-31T12:00:00.000Z";

export async function syncedPortfolio(): Promise<
  { h: QboHarness; deps: ReconciliationDependencies & Parameters<typeof pushPortfolio>[0] }
> {
  const h = await startQboHarness();
  await h.mirror.upsertMany(
    "org-1",
    samplePortfolio({ properties: 2, unitsPerProperty: 2, months: 3, bills: true, moveOut: true }),
    NOW,
  );
  await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
  const connection = {
    realmId: h.realmId,
    status: "connected",
    classTrackingEnabled: true,
    locationTrackingEnabled: true,
  };
  // Only the two lookups reconciliation makes; the harness has no OAuth connection row.
  const connections = {
    get: (_org: string, realm: string) => Promise.resolve(realm === h.realmId ? connection : null),
    getDefault: () => Promise.resolve(connection),
  } as unknown as ConnectionRepository;
  let n = 0;
  const deps = {
    ...h,
    reports: new SqlReconciliationReportRepository(h.database),
    connections,
    clock: { now: () => new Date(NOW) },
    ids: { newId: () => `rec-${++n}` },
  };
  const push = await pushPortfolio(deps, h.target);
  if (push.failed.length > 0 || push.errors.length > 0) throw new Error("push failed in the fixture");
  return { h, deps };
}
