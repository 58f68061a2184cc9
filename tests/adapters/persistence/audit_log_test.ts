import assert from "node:assert/strict";
import { sql } from "kysely";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import { contractSuite } from "../../support/databases.ts";

const record = (orgId: string, action: string) => ({
  orgId,
  at: "2026-03-01T10:00:00.000Z",
  actor: "user:u1",
  action,
  target: "realm:123",
  details: { note: "x" },
  requestId: "req-1",
});

contractSuite("AuditLog contract", async (t, database) => {
  const log = new SqlAuditLog(database.db);

  await t.step("append chains records per organization", async () => {
    const first = await log.append(record("org-1", "a.one"), (prev, seq) => `h(${prev},${seq})`);
    const second = await log.append(record("org-1", "a.two"), (prev, seq) => `h(${prev},${seq})`);
    const other = await log.append(record("org-2", "b.one"), (prev, seq) => `h(${prev},${seq})`);
    assert.equal(first.seq, 1);
    assert.equal(first.prevHash, "");
    assert.equal(first.hash, "h(,1)");
    assert.equal(second.seq, 2);
    assert.equal(second.prevHash, "h(,1)");
    assert.equal(other.seq, 1);
    const listed = await log.list("org-1");
    assert.deepEqual(listed.map((r) => [r.seq, r.action, r.hash]), [[1, "a.one", "h(,1)"], [
      2,
      "a.two",
      "h(h(,1),2)",
    ]]);
    assert.deepEqual(listed[0].details, { note: "x" });
  });

  await t.step("concurrent appends never fork the chain", async () => {
    await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) => log.append(record("org-c", `c.${i}`), (prev, seq) => `${seq}<-${prev}`),
      ),
    );
    const listed = await log.list("org-c");
    assert.deepEqual(listed.map((r) => r.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 1; i < listed.length; i++) assert.equal(listed[i].prevHash, listed[i - 1].hash);
  });

  await t.step("list pages after a sequence number", async () => {
    const page = await log.list("org-c", { afterSeq: 6, limit: 5 });
    assert.deepEqual(page.map((r) => r.seq), [7, 8]);
  });

  await t.step("the database refuses updates and deletes", async () => {
    const appendOnly = (error: unknown) =>
      error instanceof DomainError && error.code === "CONFLICT" && error.details.violation === "trigger" &&
      /audit_log is append-only/.test(error.message);
    await assert.rejects(
      () => sql`UPDATE audit_log SET action = 'tampered'`.execute(database.db),
      appendOnly,
    );
    await assert.rejects(() => sql`DELETE FROM audit_log`.execute(database.db), appendOnly);
    assert.equal((await log.list("org-1"))[0].action, "a.one");
  });
});
