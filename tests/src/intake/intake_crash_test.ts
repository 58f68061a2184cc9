import assert from "node:assert/strict";
import { sha256Hasher } from "../../../adapters/crypto/sha256_hasher.ts";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import { sealedAuditTrail } from "../../../domain/audit/audit_trail.ts";
import { ingestRecords } from "../../../src/intake/ingest_records.ts";
import { CRASH_EXIT_CODE } from "../../support/crash_in_intake.ts";
import { postgresSchema, TEST_DATABASES } from "../../support/databases.ts";

/**
 * Issue 16: "an operation that changed state and failed to record its audit entry is not
 * acknowledged as done", tested under a crash. A child process stores 1,200 records (three write
 * chunks) and dies while appending the request's audit entry; the database must then hold none of
 * them, a chain without a gap, and take the resent request whole.
 */
const CHILD = new URL("../../support/crash_in_intake.ts", import.meta.url).pathname;
const RECORDS = 1_200;

async function freshDatabaseUrl(kind: "libsql-file" | "postgres") {
  if (kind === "postgres") {
    const { url, drop } = await postgresSchema("crash");
    return { url, cleanup: drop };
  }
  const dir = await Deno.makeTempDir({ prefix: "estatecore-crash-" });
  return { url: `file:${dir}/crash.db`, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

for (const kind of TEST_DATABASES.filter((k) => k.name !== "libsql-memory")) {
  Deno.test({
    name:
      `intake: a crash before the request's audit entry is written leaves none of its records [${kind.name}]`,
    ignore: kind.unavailable !== null,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const { url, cleanup } = await freshDatabaseUrl(kind.name as "libsql-file" | "postgres");
      try {
        const migrated = await openDatabase(url);
        await migrateToLatest(migrated);
        await migrated.close();

        const child = await new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", CHILD, url, String(RECORDS)],
          env: { NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const said = new TextDecoder().decode(child.stdout);
        assert.equal(child.code, CRASH_EXIT_CODE, `${said}\n${new TextDecoder().decode(child.stderr)}`);
        assert.match(said, /"crashing":true,"action":"records.received"/);

        const database = await openDatabase(url);
        try {
          const mirror = new SqlRecordMirror(database);
          const log = new SqlAuditLog(database);
          assert.equal(
            await mirror.lastChangeSeq("org-crash"),
            0,
            "no record of the crashed request is stored",
          );
          assert.equal((await mirror.list("org-crash", "property", { limit: 10 })).length, 0);
          assert.deepEqual(await log.list("org-crash"), []);

          // The sender resends: all of it is taken and recorded once, as the chain's first entry.
          const outcomes = await ingestRecords(
            {
              mirror,
              clock: { now: () => new Date("2026-06-01T12:05:00.000Z") },
              audit: sealedAuditTrail(log, sha256Hasher),
              atomically: sqlUnitOfWork(database),
            },
            { orgId: "org-crash", userId: "u1", role: "admin" },
            Array.from({ length: RECORDS }, (_, i) => ({
              type: "property",
              data: { id: `p${i}`, organization_id: "org-crash", name: `Property ${i}` },
            })),
            "req-resent",
          );
          assert.ok(outcomes.every((o) => o.status === "created"));
          const entries = await log.list("org-crash");
          assert.deepEqual(entries.map((e) => [e.seq, e.action, e.prevHash]), [[1, "records.received", ""]]);
          assert.equal(entries[0].details.created, RECORDS);
          assert.equal(await mirror.lastChangeSeq("org-crash"), RECORDS);
        } finally {
          await database.close();
        }
      } finally {
        await cleanup();
      }
    },
  });
}
