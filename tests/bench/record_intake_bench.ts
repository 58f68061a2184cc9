import type { Caller } from "../../domain/access/caller.ts";
import { openDatabase } from "../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../adapters/persistence/migrator.ts";
import { SqlRecordMirror } from "../../adapters/persistence/repositories/record_mirror_repository.ts";
import { ingestRecords } from "../../src/intake/ingest_records.ts";

/** These tests look at what intake stores; what it records in the audit trail is tested on its own. */
const ignoredAudit = () => Promise.resolve();

/**
 * Bulk intake of 5,000 records (one property, 1,000 tenants, 1,000 leases, 2,999 charges with
 * references inside the request) into the libSQL mirror: first load, then an identical resend
 * (all unchanged). Run: npx -y deno@2.9.6 bench -A tests/bench/record_intake_bench.ts
 */
const usd = (cents: number) => ({ cents, currency: "USD" });
const clock = { now: () => new Date("2026-06-01T12:00:00.000Z") };
const caller: Caller = { orgId: "org-bench", userId: "bench", role: "service" };

function records() {
  const items: { type: string; data: Record<string, unknown> }[] = [
    { type: "property", data: { id: "p1", organization_id: "org-bench", name: "Maple Court" } },
  ];
  for (let i = 0; i < 1_000; i++) {
    items.push({
      type: "tenant",
      data: { id: `t${i}`, first_name: "Jane", last_name: `Doe ${i}`, property_id: "p1" },
    });
    items.push({
      type: "lease",
      data: {
        id: `l${i}`,
        property_id: "p1",
        tenant_ids: [`t${i}`],
        rent: usd(150_000),
        due_day: 1,
        start_date: "2026-01-01",
        security_deposit: usd(100_000),
      },
    });
  }
  for (let i = 0; items.length < 5_000; i++) {
    items.push({
      type: "charge",
      data: {
        id: `c${i}`,
        lease_id: `l${i % 1_000}`,
        tenant_id: `t${i % 1_000}`,
        property_id: "p1",
        type: "rent",
        amount: usd(150_000),
        billing_period: "2026-03",
        service_period: { start: "2026-03-01", end: "2026-03-31" },
        due_date: "2026-03-01",
      },
    });
  }
  return items;
}

const payload = records();

Deno.bench("ingestRecords: 5,000 new records into an empty libSQL mirror", { n: 5, warmup: 1 }, async (b) => {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  const mirror = new SqlRecordMirror(database);
  b.start();
  await ingestRecords({ mirror, clock, audit: ignoredAudit }, caller, payload);
  b.end();
  await database.close();
});

Deno.bench("ingestRecords: 5,000 unchanged records (identical resend)", { n: 5, warmup: 1 }, async (b) => {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  const mirror = new SqlRecordMirror(database);
  await ingestRecords({ mirror, clock, audit: ignoredAudit }, caller, payload);
  b.start();
  await ingestRecords({ mirror, clock, audit: ignoredAudit }, caller, payload);
  b.end();
  await database.close();
});
