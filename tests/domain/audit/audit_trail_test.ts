import assert from "node:assert/strict";
import { GENESIS_HASH, verifyAuditChain } from "../../../domain/audit/audit_chain.ts";
import { sealedAuditTrail } from "../../../domain/audit/audit_trail.ts";
import type { AuditLog, AuditRecord } from "../../../domain/ports/audit_log.ts";
import type { Hasher } from "../../../domain/ports/hasher.ts";

const hasher: Hasher = {
  async sha256Hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  },
};

/** An in-memory log that seals the way the repositories do: previous hash and next seq of the organization. */
function memoryLog(): Pick<AuditLog, "append"> & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    records,
    async append(record, seal) {
      const own = records.filter((r) => r.orgId === record.orgId);
      const seq = own.length + 1;
      const prevHash = own.at(-1)?.hash ?? GENESIS_HASH;
      const stored = { ...record, seq, prevHash, hash: await seal(prevHash, seq) };
      records.push(stored);
      return stored;
    },
  };
}

Deno.test("sealedAuditTrail appends records whose hashes chain per organization", async () => {
  const log = memoryLog();
  const audit = sealedAuditTrail(log, hasher);
  for (
    const [orgId, action] of [["org-a", "connection.connected"], ["org-b", "settings.updated"], [
      "org-a",
      "sync.run",
    ]]
  ) {
    await audit({
      orgId,
      at: "2026-06-01T12:00:00.000Z",
      actor: "user:u1",
      action,
      target: null,
      details: {},
      requestId: null,
    });
  }
  assert.equal(log.records.length, 3);
  const orgA = log.records.filter((r) => r.orgId === "org-a");
  assert.deepEqual(orgA.map((r) => r.seq), [1, 2]);
  assert.equal(orgA[1].prevHash, orgA[0].hash);
  assert.deepEqual(await verifyAuditChain(hasher, orgA), { ok: true, verified: 2, lastHash: orgA[1].hash });
});
