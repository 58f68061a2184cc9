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
  const log = new SqlAuditLog(database);

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

  await t.step("head is the last position and hash; null for an empty trail", async () => {
    assert.equal(await log.head("org-none"), null);
    const listed = await log.list("org-c", { limit: 100 });
    assert.deepEqual(await log.head("org-c"), { seq: listed.at(-1)!.seq, hash: listed.at(-1)!.hash });
  });

  await t.step("query filters by actor, action or action prefix, target type and id, and time", async () => {
    const at = (n: number) => `2026-04-0${n}T10:00:00.000Z`;
    const entries = [
      { actor: "user:u1", action: "sync.run_started", target: "realm:42", at: at(1) },
      { actor: "system:worker", action: "sync.run_finished", target: "realm:42", at: at(2) },
      { actor: "user:u1", action: "mapping.property_updated", target: "property:p_1", at: at(3) },
      { actor: "user:u2", action: "syncx.other", target: "property:p1", at: at(4) },
      { actor: "user:u2", action: "records.received", target: null, at: at(5) },
    ];
    for (const e of entries) {
      await log.append({ ...record("org-q", e.action), ...e }, (prev, seq) => `q(${prev},${seq})`);
    }
    const actions = async (filter: Omit<Parameters<typeof log.query>[1], "limit">) =>
      (await log.query("org-q", { ...filter, limit: 100 })).map((r) => r.action);
    assert.deepEqual(await actions({ actor: "user:u1" }), ["sync.run_started", "mapping.property_updated"]);
    assert.deepEqual(await actions({ action: "sync." }), ["sync.run_started", "sync.run_finished"]);
    assert.deepEqual(await actions({ action: "sync.run_finished" }), ["sync.run_finished"]);
    assert.deepEqual(await actions({ action: "SYNC." }), [], "exact, case and all");
    assert.deepEqual(await actions({ targetType: "property" }), ["mapping.property_updated", "syncx.other"]);
    assert.deepEqual(
      await actions({ targetId: "p_1" }),
      ["mapping.property_updated"],
      "an underscore is no wildcard",
    );
    assert.deepEqual(await actions({ targetId: "%" }), []);
    assert.deepEqual(await actions({ targetType: "realm", targetId: "42" }), [
      "sync.run_started",
      "sync.run_finished",
    ]);
    assert.deepEqual(await actions({ from: at(2), to: at(4) }), [
      "sync.run_finished",
      "mapping.property_updated",
    ]);
    const page = await log.query("org-q", { afterSeq: 1, limit: 2 });
    assert.deepEqual(page.map((r) => r.seq), [2, 3]);
    assert.deepEqual(
      await log.query("org-1", { action: "records.", limit: 10 }),
      [],
      "never another organization's",
    );
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
