/**
 * Someone with database access tampers with the audit trail behind the service's back (the
 * append-only triggers dropped first): verification names the first broken position every time,
 * on libSQL and on PostgreSQL; a trail rewritten and re-hashed is caught by the signed checkpoints;
 * a forged checkpoint is refused.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { Ed25519AuditSigner } from "../../../adapters/crypto/ed25519_audit_signer.ts";
import { parseKeyRing } from "../../../adapters/crypto/key_ring.ts";
import { sha256Hasher } from "../../../adapters/crypto/sha256_hasher.ts";
import type { Database } from "../../../adapters/persistence/database.ts";
import { SqlAuditCheckpointStore } from "../../../adapters/persistence/repositories/audit_checkpoint_repository.ts";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import type { Caller } from "../../../domain/access/authorize.ts";
import { computeAuditHash } from "../../../domain/audit/audit_chain.ts";
import { sealedAuditTrail } from "../../../domain/audit/audit_trail.ts";
import { checkpointNow, checkpointTrail } from "../../../src/audit/audit_checkpoints.ts";
import { verifyAuditTrail } from "../../../src/audit/verify_audit.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import { pruneAuditTrail } from "../../../src/audit/audit_retention.ts";
import { contractSuite } from "../../support/databases.ts";
import { FixedClock } from "../../support/service.ts";

const seed = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const caller = (orgId: string): Caller => ({ orgId, userId: "auditor", role: "admin" });

async function dropAppendOnlyGuards(database: Database) {
  if (database.dialect === "postgres") {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log`.execute(database.db);
  } else {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_update`.execute(database.db);
    await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(database.db);
  }
}

contractSuite("verifyAuditTrail under tampering", async (t, database) => {
  const log = new SqlAuditLog(database);
  const audit = sealedAuditTrail(log, sha256Hasher);
  const signer = new Ed25519AuditSigner(parseKeyRing(`k1:${seed()}`));
  const checkpoints = new SqlAuditCheckpointStore(database.db);
  const clock = new FixedClock("2026-12-04T00:00:00.000Z");
  const deps = { log, hasher: sha256Hasher, signer, checkpoints, clock };
  const verify = (orgId: string, request = {}) => verifyAuditTrail(deps, caller(orgId), request);

  /** Twenty records; a periodic checkpoint after the tenth. */
  async function trail(orgId: string) {
    for (let i = 1; i <= 20; i++) {
      clock.advance(1000);
      await audit({
        orgId,
        at: clock.now().toISOString(),
        actor: i % 2 ? "user:u1" : "system:worker",
        action: i % 3 ? "records.received" : "sync.run_finished",
        target: `realm:${i}`,
        details: { n: i, property_id: `p${i % 4}` },
        requestId: `req-${i}`,
      });
      if (i === 10) await checkpointTrail(deps, orgId, "periodic");
    }
  }
  const rows = async (orgId: string) =>
    (await sql<
      { seq: number; hash: string }
    >`SELECT seq, hash FROM audit_log WHERE org_id = ${orgId} ORDER BY seq`
      .execute(database.db)).rows;

  const orgs = ["org-ok", "org-edit", "org-delete", "org-swap", "org-insert", "org-rehash", "org-cut"];
  for (const org of orgs) await trail(org);
  const held = await checkpointNow(deps, caller("org-cut"));
  await dropAppendOnlyGuards(database);

  await t.step("an untouched trail verifies, with its checkpoint", async () => {
    const result = await verify("org-ok");
    assert.deepEqual(result, {
      valid: true,
      fromSeq: 1,
      toSeq: 20,
      verified: 20,
      lastHash: (await rows("org-ok"))[19].hash,
      checkpointsChecked: 1,
      anchor: null,
    });
    const range = await verify("org-ok", { fromSeq: 5, toSeq: 12 });
    assert.equal(range.valid && [range.fromSeq, range.toSeq, range.verified].join(), "5,12,8");
  });

  await t.step("an edited record: changed_content at its position", async () => {
    await sql`UPDATE audit_log SET details = '{"n":7,"property_id":"p3","note":"edited"}'
      WHERE org_id = 'org-edit' AND seq = 7`.execute(database.db);
    const result = await verify("org-edit");
    assert.equal(!result.valid && `${result.reason}@${result.firstBrokenSeq}`, "changed_content@7");
    assert.equal(!result.valid && result.verified, 6);
    const after = await verify("org-edit", { fromSeq: 8 });
    assert.equal(after.valid, true, "the records after it still chain to its stored hash");
  });

  await t.step("a deleted record: missing_record at its position", async () => {
    await sql`DELETE FROM audit_log WHERE org_id = 'org-delete' AND seq = 5`.execute(database.db);
    const result = await verify("org-delete");
    assert.equal(!result.valid && `${result.reason}@${result.firstBrokenSeq}`, "missing_record@5");
  });

  await t.step("two records swapped: out of place at the first of them", async () => {
    await sql`UPDATE audit_log SET seq = -1 WHERE org_id = 'org-swap' AND seq = 12`.execute(database.db);
    await sql`UPDATE audit_log SET seq = 12 WHERE org_id = 'org-swap' AND seq = 13`.execute(database.db);
    await sql`UPDATE audit_log SET seq = 13 WHERE org_id = 'org-swap' AND seq = -1`.execute(database.db);
    const result = await verify("org-swap");
    assert.equal(!result.valid && `${result.reason}@${result.firstBrokenSeq}`, "out_of_place@12");
  });

  await t.step("a record inserted in the middle: found at its position", async () => {
    for (let seq = 20; seq >= 15; seq--) {
      await sql`UPDATE audit_log SET seq = ${seq + 1} WHERE org_id = 'org-insert' AND seq = ${seq}`
        .execute(database.db);
    }
    const [fourteen] = (await rows("org-insert")).filter((r) => Number(r.seq) === 14);
    await sql`INSERT INTO audit_log (org_id, seq, at, actor, action, target, details, request_id, prev_hash, hash)
      VALUES ('org-insert', 15, '2026-12-04T00:00:14.500Z', 'user:intruder', 'mapping.defaults_updated', NULL,
        '{}', NULL, ${fourteen.hash}, ${"0".repeat(64)})`.execute(database.db);
    const result = await verify("org-insert");
    assert.equal(!result.valid && `${result.reason}@${result.firstBrokenSeq}`, "changed_content@15");
  });

  await t.step(
    "a record rewritten and the chain re-hashed: the signed checkpoint contradicts it",
    async () => {
      const records = await log.list("org-rehash", { limit: 100 });
      let prevHash = records[2].hash;
      for (const record of records.slice(3)) {
        const changed = record.seq === 4 ? { ...record, details: { n: 4, note: "rewritten" } } : record;
        const hash = await computeAuditHash(sha256Hasher, { ...changed, prevHash });
        await sql`UPDATE audit_log SET details = ${JSON.stringify(changed.details)}, prev_hash = ${prevHash},
        hash = ${hash} WHERE org_id = 'org-rehash' AND seq = ${record.seq}`.execute(database.db);
        prevHash = hash;
      }
      const unsigned = await verifyAuditTrail(
        { ...deps, checkpoints: { list: () => Promise.resolve([]), latest: () => Promise.resolve(null) } },
        caller("org-rehash"),
        {},
      );
      assert.equal(unsigned.valid, true, "a hash chain alone cannot tell");
      const result = await verify("org-rehash");
      assert.equal(!result.valid && `${result.reason}@${result.firstBrokenSeq}`, "checkpoint_mismatch@10");
    },
  );

  await t.step("a checkpoint the client kept: the trail must reach it and still hold its hash", async () => {
    assert.equal((await verify("org-cut", { checkpoint: held.jws })).valid, true);
    await sql`DELETE FROM audit_log WHERE org_id = 'org-cut' AND seq >= 19`.execute(database.db);
    const cut = await verify("org-cut", { checkpoint: held.jws });
    assert.equal(!cut.valid && `${cut.reason}@${cut.firstBrokenSeq}`, "checkpoint_beyond_trail@19");
    const plain = await verify("org-cut");
    assert.equal(
      !plain.valid && `${plain.reason}@${plain.firstBrokenSeq}`,
      "checkpoint_beyond_trail@19",
      "the stored checkpoint of the same moment catches the truncation too",
    );
    const unsigned = await verifyAuditTrail(
      { ...deps, checkpoints: { list: () => Promise.resolve([]), latest: () => Promise.resolve(null) } },
      caller("org-cut"),
      { toSeq: 20 },
    );
    assert.equal(!unsigned.valid && `${unsigned.reason}@${unsigned.firstBrokenSeq}`, "missing_record@19");
  });

  await t.step("a forged or foreign checkpoint is refused", async () => {
    const [header, payload] = held.jws.split(".");
    const forged = await verify("org-ok", { checkpoint: `${header}.${payload}.${"A".repeat(86)}` });
    assert.equal(!forged.valid && forged.reason, "checkpoint_bad_signature");
    const impostor = new Ed25519AuditSigner(parseKeyRing(`k1:${seed()}`));
    const fake = await impostor.sign({ ...held.checkpoint, orgId: "org-ok" });
    assert.equal((await verify("org-ok", { checkpoint: fake.jws })).valid, false);
    const foreign = await verify("org-ok", { checkpoint: held.jws });
    assert.equal(!foreign.valid && foreign.reason, "checkpoint_other_organization");
    assert.equal(!foreign.valid && foreign.firstBrokenSeq, null);
  });
});

contractSuite("pruneAuditTrail", async (t, database) => {
  const log = new SqlAuditLog(database);
  const audit = sealedAuditTrail(log, sha256Hasher);
  const signer = new Ed25519AuditSigner(parseKeyRing(`k1:${seed()}`));
  const checkpoints = new SqlAuditCheckpointStore(database.db);
  const clock = new FixedClock("2026-12-04T00:00:00.000Z");
  const deps = { log, hasher: sha256Hasher, signer, checkpoints, clock };
  const retention = { log, signer, checkpoints, audit, clock, atomically: sqlUnitOfWork(database) };
  for (let i = 1; i <= 20; i++) {
    clock.advance(86_400_000); // one record a day in each trail
    for (const orgId of ["org-retain", "org-forged"]) {
      await audit({
        orgId,
        at: clock.now().toISOString(),
        actor: "user:u1",
        action: "settings.sync_updated",
        target: null,
        details: { i },
        requestId: null,
      });
    }
  }

  await t.step("records older than the retention go; the trail verifies from its signed anchor", async () => {
    const pruned = await pruneAuditTrail(retention, "org-retain", 10);
    assert.equal(pruned, 9, "on day 20, days 1-9 are more than 10 days old");
    const anchor = (await checkpoints.latest("org-retain", "retention"))!;
    assert.equal(anchor.checkpoint.seq, 9);
    assert.equal(await pruneAuditTrail(retention, "org-retain", 10), 0, "nothing newer is old enough yet");
    const result = await verifyAuditTrail(deps, caller("org-retain"), {});
    assert.equal(result.valid, true, JSON.stringify(result));
    assert.deepEqual(result.valid && [result.fromSeq, result.toSeq, result.anchor?.seq], [10, 21, 9]);
    const [first] = await log.list("org-retain", { limit: 1 });
    assert.equal(first.seq, 10);
    const last = (await log.list("org-retain", { limit: 100 })).at(-1)!;
    assert.deepEqual(
      [last.action, last.details.through_seq],
      ["audit.pruned", 9],
      "the pruning is in the trail",
    );
  });

  await t.step("the database refuses deleting what no retention anchor covers", async () => {
    await assert.rejects(() => log.pruneThrough("org-retain", 15));
    await assert.rejects(() => log.pruneThrough("org-forged", 3));
    assert.equal((await log.list("org-retain", { limit: 100 })).length, 12);
  });

  await t.step("a forged retention anchor lets rows go, and verification refuses the anchor", async () => {
    await sql`INSERT INTO audit_checkpoints (org_id, seq, purpose, hash, at, key_id, jws)
      VALUES ('org-forged', 18, 'retention', 'x', '2026-12-04T00:00:00.000Z', 'k1', 'e30.e30.AAAA')`
      .execute(database.db);
    assert.equal(await log.pruneThrough("org-forged", 18), 18);
    const result = await verifyAuditTrail(deps, caller("org-forged"), {});
    assert.equal(!result.valid && `${result.reason}@${result.firstBrokenSeq}`, "checkpoint_malformed@18");
  });
});
