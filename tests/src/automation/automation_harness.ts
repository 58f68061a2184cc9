/**
 * An organization's automation on an in-memory libSQL database with a clock the test moves:
 * the record mirror, the run store, schedulers (one per simulated worker process) and helpers to
 * read what the workflows wrote.
 */
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { type Database, openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlAutomationRepository } from "../../../adapters/persistence/repositories/automation_repository.ts";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import type { Charge } from "../../../domain/model/estatecore/charge.ts";
import { SqlEventOutbox } from "../../../adapters/persistence/repositories/event_outbox_repository.ts";
import { outboxEmitter } from "../../../domain/events/emit_event.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import type { NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import type { MirrorWrite } from "../../../domain/ports/record_mirror.ts";
import type { AutomationDependencies } from "../../../src/automation/automation_use_cases.ts";
import { runDueAutomations } from "../../../src/automation/run_due_automations.ts";
import type { Reconciler } from "../../../src/automation/workflow_dependencies.ts";

export const ORG = "org-auto";
export const usd = (cents: number) => ({ cents, currency: "USD" });

export interface Harness {
  readonly database: Database;
  readonly deps: AutomationDependencies;
  readonly audits: NewAuditRecord[];
  set(iso: string): void;
  /** One scheduler tick as the worker process `workerId` would run it. */
  tick(workerId: string): Promise<{ ran: number; failed: number }>;
  write(records: MirrorWrite[]): Promise<void>;
  charges(type?: Charge["type"]): Promise<Charge[]>;
  close(): Promise<void>;
}

export async function startHarness(start: string, reconcile: Reconciler | null = null): Promise<Harness> {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  let now = new Date(start);
  let n = 0;
  const clock = { now: () => new Date(now) };
  const ids = { newId: () => `id-${String(++n).padStart(6, "0")}` };
  const audits: NewAuditRecord[] = [];
  const mirror = new SqlRecordMirror(database);
  const deps: AutomationDependencies = {
    mirror,
    jobs: new SqlJobQueue(database, ids),
    connections: new SqlConnectionRepository(database.db),
    clock,
    ids,
    reconcile,
    automation: new SqlAutomationRepository(database),
    audit: (record) => {
      audits.push(record);
      return Promise.resolve();
    },
    atomically: sqlUnitOfWork(database),
    emit: outboxEmitter(new SqlEventOutbox(database, ids)),
  };
  const logger = new JsonLogger({ level: "error", sink: () => {} });
  return {
    database,
    deps,
    audits,
    set: (iso) => now = new Date(iso),
    tick: (workerId) => runDueAutomations({ ...deps, logger, workerId }),
    write: async (records) => {
      await mirror.upsertMany(ORG, records, clock.now().toISOString());
    },
    charges: async (type) => {
      const rows = await mirror.list(ORG, "charge", { limit: 10_000 });
      return rows.map((r) => r.data as unknown as Charge).filter((c) =>
        type === undefined || c.type === type
      );
    },
    close: () => database.close(),
  };
}

/** A property, tenant and lease (plus the property) as mirror writes. */
export function leaseRecords(
  lease: { id: string; property: string; rent: number; dueDay: number; start: string; end?: string },
): MirrorWrite[] {
  const tenant = `ten_${lease.id}`;
  return [
    {
      recordType: "property",
      recordId: lease.property,
      propertyId: lease.property,
      data: { id: lease.property, organization_id: ORG, name: `Property ${lease.property}`, active: true },
    },
    {
      recordType: "tenant",
      recordId: tenant,
      propertyId: lease.property,
      data: { id: tenant, first_name: "T", last_name: lease.id, property_id: lease.property },
    },
    {
      recordType: "lease",
      recordId: lease.id,
      propertyId: lease.property,
      data: {
        id: lease.id,
        property_id: lease.property,
        tenant_ids: [tenant],
        rent: usd(lease.rent),
        due_day: lease.dueDay,
        start_date: lease.start,
        ...(lease.end ? { end_date: lease.end } : {}),
        security_deposit: usd(lease.rent),
      },
    },
  ];
}
