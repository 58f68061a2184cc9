import type { Caller } from "../../domain/access/caller.ts";
import { openDatabase } from "../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../adapters/persistence/migrator.ts";
import { sqlUnitOfWork } from "../../adapters/persistence/unit_of_work.ts";
import { SqlRecordMirror } from "../../adapters/persistence/repositories/record_mirror_repository.ts";
import { ingestRecords } from "../../src/intake/ingest_records.ts";
import { intakePayload } from "./intake_payload.ts";

/** These tests look at what intake stores; what it records in the audit trail is tested on its own. */
const ignoredAudit = () => Promise.resolve();

/**
 * Bulk intake of 5,000 records (one property, 1,000 tenants, 1,000 leases, 2,999 charges with
 * references inside the request) into the libSQL mirror: first load, then an identical resend
 * (all unchanged). Run: npx -y deno@2.9.6 bench -A tests/bench/record_intake_bench.ts
 */
const clock = { now: () => new Date("2026-06-01T12:00:00.000Z") };
const caller: Caller = { orgId: "org-bench", userId: "bench", role: "service" };

const payload = intakePayload();

Deno.bench("ingestRecords: 5,000 new records into an empty libSQL mirror", { n: 5, warmup: 1 }, async (b) => {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  const mirror = new SqlRecordMirror(database);
  b.start();
  await ingestRecords(
    { mirror, clock, audit: ignoredAudit, atomically: sqlUnitOfWork(database) },
    caller,
    payload,
  );
  b.end();
  await database.close();
});

Deno.bench("ingestRecords: 5,000 unchanged records (identical resend)", { n: 5, warmup: 1 }, async (b) => {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  const mirror = new SqlRecordMirror(database);
  await ingestRecords(
    { mirror, clock, audit: ignoredAudit, atomically: sqlUnitOfWork(database) },
    caller,
    payload,
  );
  b.start();
  await ingestRecords(
    { mirror, clock, audit: ignoredAudit, atomically: sqlUnitOfWork(database) },
    caller,
    payload,
  );
  b.end();
  await database.close();
});
