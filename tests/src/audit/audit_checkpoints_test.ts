import assert from "node:assert/strict";
import { Ed25519AuditSigner } from "../../../adapters/crypto/ed25519_audit_signer.ts";
import { parseKeyRing } from "../../../adapters/crypto/key_ring.ts";
import { sha256Hasher } from "../../../adapters/crypto/sha256_hasher.ts";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlAuditCheckpointStore } from "../../../adapters/persistence/repositories/audit_checkpoint_repository.ts";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import { sealedAuditTrail } from "../../../domain/audit/audit_trail.ts";
import { checkpointMovedTrails } from "../../../src/audit/audit_checkpoints.ts";
import { FixedClock } from "../../support/service.ts";

Deno.test("checkpointMovedTrails signs each organization whose trail moved since its last checkpoint, once", async () => {
  const database = await openDatabase(":memory:");
  try {
    await migrateToLatest(database);
    const log = new SqlAuditLog(database);
    const audit = sealedAuditTrail(log, sha256Hasher);
    const clock = new FixedClock("2026-12-04T00:00:00.000Z");
    const checkpoints = new SqlAuditCheckpointStore(database.db);
    const seed = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const deps = { log, signer: new Ed25519AuditSigner(parseKeyRing(`k:${seed}`)), checkpoints, clock };
    const orgIds = Array.from({ length: 205 }, (_, i) => `org-${String(i).padStart(3, "0")}`);
    const organizations = {
      list: ({ limit, offset }: { limit: number; offset: number }) =>
        Promise.resolve(orgIds.slice(offset, offset + limit).map((id) => ({ id }))),
    };
    const record = (orgId: string) => ({
      orgId,
      at: clock.now().toISOString(),
      actor: "user:u",
      action: "settings.sync_updated",
      target: null,
      details: {},
      requestId: null,
    });
    await audit(record("org-000"));
    await audit(record("org-204"));
    assert.equal(
      await checkpointMovedTrails(deps, organizations),
      2,
      "past the first page of organizations too",
    );
    assert.equal(await checkpointMovedTrails(deps, organizations), 0, "nothing moved");
    await audit(record("org-204"));
    clock.advance(3_600_000);
    assert.equal(await checkpointMovedTrails(deps, organizations), 1);
    const latest = await checkpoints.latest("org-204");
    assert.deepEqual([latest?.checkpoint.seq, latest?.checkpoint.purpose], [2, "periodic"]);
    assert.equal(await checkpoints.latest("org-001"), null, "an empty trail gets no checkpoint");
  } finally {
    await database.close();
  }
});
