/**
 * A process that dies in the middle of an intake request (tests/src/intake/intake_crash_test.ts):
 * it stores a request's records, takes the audit chain's tail and then exits, as a killed service
 * would, before the request's audit entry is written. Run:
 * deno run -A tests/support/crash_in_intake.ts <database url> <number of records>
 */
import { openDatabase } from "../../adapters/persistence/database.ts";
import { SqlAuditLog } from "../../adapters/persistence/repositories/audit_log_repository.ts";
import { SqlRecordMirror } from "../../adapters/persistence/repositories/record_mirror_repository.ts";
import { sqlUnitOfWork } from "../../adapters/persistence/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { ingestRecords } from "../../src/intake/ingest_records.ts";

export const CRASH_EXIT_CODE = 86;

if (import.meta.main) {
  const [url, count] = Deno.args;
  const database = await openDatabase(url);
  const log = new SqlAuditLog(database);
  const dying: AuditTrail = async (record) => {
    await log.append(record, () => {
      console.log(JSON.stringify({ crashing: true, action: record.action }));
      Deno.exit(CRASH_EXIT_CODE);
    });
  };
  const items = Array.from({ length: Number(count) }, (_, i) => ({
    type: "property",
    data: { id: `p${i}`, organization_id: "org-crash", name: `Property ${i}` },
  }));
  await ingestRecords(
    {
      mirror: new SqlRecordMirror(database),
      clock: { now: () => new Date("2026-06-01T12:00:00.000Z") },
      audit: dying,
      atomically: sqlUnitOfWork(database),
    },
    { orgId: "org-crash", userId: "u1", role: "admin" },
    items,
    "req-crash",
  );
  console.log(JSON.stringify({ crashing: false }));
}
