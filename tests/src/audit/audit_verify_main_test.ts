import assert from "node:assert/strict";
import { sql } from "kysely";
import { Ed25519AuditSigner } from "../../../adapters/crypto/ed25519_audit_signer.ts";
import { parseKeyRing } from "../../../adapters/crypto/key_ring.ts";
import { sha256Hasher } from "../../../adapters/crypto/sha256_hasher.ts";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlAuditCheckpointStore } from "../../../adapters/persistence/repositories/audit_checkpoint_repository.ts";
import { SqlAuditLog } from "../../../adapters/persistence/repositories/audit_log_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { sealedAuditTrail } from "../../../domain/audit/audit_trail.ts";
import { checkpointTrail } from "../../../src/audit/audit_checkpoints.ts";
import { FixedClock } from "../../support/service.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;

async function runVerify(env: Record<string, string>, args: string[] = []) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--allow-ffi",
      "--allow-sys",
      "src/audit_verify_main.ts",
      ...args,
    ],
    cwd: ROOT,
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n").filter(Boolean).map((l) =>
    JSON.parse(l)
  );
  return { code: out.code, lines, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test({
  name: "deno task audit-verify: exit 0 on intact trails, 1 naming the first broken position after tampering",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "audit-verify-" });
    const seed = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const env = {
      APP_ENV: "development",
      DATABASE_URL: `file:${dir}/estatecore.db`,
      AUDIT_SIGNING_KEYS: `k1:${seed}`,
    };
    try {
      const database = await openDatabase(env.DATABASE_URL);
      await migrateToLatest(database);
      const clock = new FixedClock("2026-12-04T00:00:00.000Z");
      const log = new SqlAuditLog(database);
      const audit = sealedAuditTrail(log, sha256Hasher);
      const organizations = new SqlOrganizationRepository(database.db);
      const deps = {
        log,
        signer: new Ed25519AuditSigner(parseKeyRing(env.AUDIT_SIGNING_KEYS)),
        checkpoints: new SqlAuditCheckpointStore(database.db),
        clock,
      };
      for (const orgId of ["org-a", "org-b"]) {
        await organizations.create({ id: orgId, name: orgId, createdAt: clock.now().toISOString() });
        for (let i = 1; i <= 6; i++) {
          await audit({
            orgId,
            at: clock.now().toISOString(),
            actor: "user:u",
            action: "settings.sync_updated",
            target: null,
            details: { i },
            requestId: null,
          });
        }
        await checkpointTrail(deps, orgId, "periodic");
      }
      const intact = await runVerify(env);
      assert.equal(intact.code, 0, intact.stderr);
      assert.deepEqual(intact.lines.map((l) => [l.org_id, l.valid]), [["org-a", true], ["org-b", true], [
        undefined,
        undefined,
      ]]);
      assert.deepEqual(intact.lines.at(-1), { organizations: 2, failed: 0 });

      await sql`DROP TRIGGER IF EXISTS audit_log_no_update`.execute(database.db);
      await sql`UPDATE audit_log SET details = '{"i":99}' WHERE org_id = 'org-b' AND seq = 4`.execute(
        database.db,
      );
      await database.close();
      const broken = await runVerify(env);
      assert.equal(broken.code, 1);
      const b = broken.lines.find((l) => l.org_id === "org-b");
      assert.deepEqual([b.valid, b.firstBrokenSeq, b.reason], [false, 4, "changed_content"]);
      const onlyA = await runVerify(env, ["--org", "org-a"]);
      assert.equal(onlyA.code, 0);
      assert.equal(onlyA.lines.length, 2);
      const wrongKey = await runVerify({ ...env, AUDIT_SIGNING_KEYS: `k2:${btoa("x".repeat(32))}` }, [
        "--org",
        "org-a",
      ]);
      assert.equal(
        wrongKey.code,
        1,
        "checkpoints signed by a key the configuration no longer has do not verify",
      );
      assert.equal(wrongKey.lines[0].reason, "checkpoint_unknown_key");
      const badArgs = await runVerify(env, ["--orgs", "x"]);
      assert.notEqual(badArgs.code, 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
