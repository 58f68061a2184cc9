/**
 * What the audit trail costs (issue 16: under 10% of intake and push throughput), side by side in
 * one run: the same work with every entry sealed into the libSQL hash chain, and with entries
 * dropped. Intake as one 5,000-record bulk request and as 100 requests of 50 records (one entry
 * per request, written in the request's own transaction), in memory and on a libSQL file; a push
 * of a sample portfolio to the built-in emulator (one entry per QuickBooks batch). Run: npx -y deno@2.9.6 bench -A tests/bench/audit_overhead_bench.ts
 */
import type { Caller } from "../../domain/access/caller.ts";
import { sha256Hasher } from "../../adapters/crypto/sha256_hasher.ts";
import { openDatabase } from "../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../adapters/persistence/migrator.ts";
import { SqlAuditLog } from "../../adapters/persistence/repositories/audit_log_repository.ts";
import { sqlUnitOfWork } from "../../adapters/persistence/unit_of_work.ts";
import { SqlRecordMirror } from "../../adapters/persistence/repositories/record_mirror_repository.ts";
import { type AuditTrail, sealedAuditTrail } from "../../domain/audit/audit_trail.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../src/demo/sample_portfolio.ts";
import { ingestRecords } from "../../src/intake/ingest_records.ts";
import { pushPortfolio } from "../../src/sync/push_portfolio.ts";
import { startQboHarness } from "../support/qbo_harness.ts";
import { intakePayload } from "./intake_payload.ts";

const clock = { now: () => new Date("2026-06-01T12:00:00.000Z") };
const caller: Caller = { orgId: "org-bench", userId: "bench", role: "admin" };
const payload = intakePayload();
const dropped: AuditTrail = () => Promise.resolve();

async function intake(audited: boolean, requestSize: number, store: "memory" | "file") {
  const dir = store === "file" ? await Deno.makeTempDir({ prefix: "audit-bench-" }) : null;
  const database = await openDatabase(dir === null ? ":memory:" : `file:${dir}/bench.db`);
  await migrateToLatest(database);
  const mirror = new SqlRecordMirror(database);
  const audit = audited ? sealedAuditTrail(new SqlAuditLog(database), sha256Hasher) : dropped;
  const atomically = sqlUnitOfWork(database);
  return {
    run: async () => {
      for (let i = 0; i < payload.length; i += requestSize) {
        await ingestRecords(
          { mirror, clock, audit, atomically },
          caller,
          payload.slice(i, i + requestSize),
          `req-${i}`,
        );
      }
    },
    close: async () => {
      await database.close();
      if (dir !== null) await Deno.remove(dir, { recursive: true });
    },
  };
}

const INTAKE_SHAPES = [
  ["one 5,000-record request", 5_000, "memory"],
  ["100 requests of 50", 50, "memory"],
  ["100 requests of 50, libSQL file (the default database)", 50, "file"],
] as const;

for (const [name, size, store] of INTAKE_SHAPES) {
  for (const audited of [false, true]) {
    Deno.bench(`intake, ${name}, ${audited ? "audited" : "audit dropped"}`, {
      group: `intake ${name}`,
      baseline: !audited,
      n: 10,
      warmup: 2,
    }, async (b) => {
      const t = await intake(audited, size, store);
      b.start();
      await t.run();
      b.end();
      await t.close();
    });
  }
}

const SHAPE = { properties: 2, unitsPerProperty: 10, months: 3, bills: true, moveOut: true };

for (const audited of [false, true]) {
  Deno.bench(
    `push to the emulator (${SHAPE.properties * SHAPE.unitsPerProperty} units, ${SHAPE.months} months), ${
      audited ? "audited" : "audit dropped"
    }`,
    {
      group: "push",
      baseline: !audited,
      n: 3,
      warmup: 1,
    },
    async (b) => {
      const h = await startQboHarness();
      try {
        await h.mappings.putDefaults(
          "org-1",
          await emulatorAccountMapping((n) => h.accountId(n)),
          "2026-06-01T00:00:00.000Z",
        );
        await h.mirror.upsertMany(
          "org-1",
          samplePortfolio(SHAPE).map((r) => ({
            recordType: r.recordType,
            recordId: r.recordId,
            propertyId: r.propertyId,
            data: r.data,
          })),
          "2026-06-01T00:00:00.000Z",
        );
        const deps = { ...h, clock, audit: audited ? h.audit : dropped };
        b.start();
        await pushPortfolio(deps, h.target);
        b.end();
      } finally {
        await h.close();
      }
    },
  );
}
