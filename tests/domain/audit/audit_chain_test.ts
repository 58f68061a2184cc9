import assert from "node:assert/strict";
import {
  auditHashInput,
  auditSeal,
  computeAuditHash,
  GENESIS_HASH,
  verifyAuditChain,
} from "../../../domain/audit/audit_chain.ts";
import type { AuditRecord, NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import type { Hasher } from "../../../domain/ports/hasher.ts";

/** Test Hasher over WebCrypto, as the production adapter would do. */
const sha256Hasher: Hasher = {
  async sha256Hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  },
};

function newRecord(i: number): NewAuditRecord {
  return {
    orgId: "org_1",
    at: `2026-03-0${i}T10:00:00.000Z`,
    actor: "user:u1",
    action: "sync.record_pushed",
    target: `invoice:${i}`,
    details: { amount_cents: i * 100, nested: { b: 1, a: [1, 2] } },
    requestId: `req_${i}`,
  };
}

async function chain(n: number): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for (let i = 1; i <= n; i++) {
    const prevHash = records.at(-1)?.hash ?? GENESIS_HASH;
    const record = newRecord(i);
    const hash = await auditSeal(sha256Hasher, record)(prevHash, i);
    records.push({ ...record, seq: i, prevHash, hash });
  }
  return records;
}

Deno.test("computeAuditHash: SHA-256 of the canonical content, independent of key order", async () => {
  const record = { ...newRecord(1), seq: 1, prevHash: GENESIS_HASH };
  const reordered = { ...record, details: { nested: { a: [1, 2], b: 1 }, amount_cents: 100 } };
  const hash = await computeAuditHash(sha256Hasher, record);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(await computeAuditHash(sha256Hasher, reordered), hash);
  assert.equal(hash, await sha256Hasher.sha256Hex(auditHashInput(record)));
  assert.notEqual(await computeAuditHash(sha256Hasher, { ...record, prevHash: "x" }), hash);
});

Deno.test("verifyAuditChain: an intact chain verifies", async () => {
  const records = await chain(5);
  assert.deepEqual(await verifyAuditChain(sha256Hasher, records), {
    ok: true,
    verified: 5,
    lastHash: records[4].hash,
  });
});

Deno.test("verifyAuditChain: an edited record is the first broken link", async () => {
  const records = await chain(5);
  records[2] = { ...records[2], details: { amount_cents: 1 } };
  const result = await verifyAuditChain(sha256Hasher, records);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual([result.brokenAtSeq, result.reason, result.verified, result.actual], [
    3,
    "hash_mismatch",
    2,
    records[2].hash,
  ]);
});

Deno.test("verifyAuditChain: a removed record shows as a sequence gap; a re-hashed edit as a broken prevHash", async () => {
  const records = await chain(4);
  const removed = [records[0], records[2], records[3]];
  const gap = await verifyAuditChain(sha256Hasher, removed);
  assert.equal(!gap.ok && `${gap.brokenAtSeq}:${gap.reason}`, "3:sequence_gap");

  const forged = { ...records[1], details: { forged: true } };
  const forgedHash = await computeAuditHash(sha256Hasher, forged);
  const rewritten = [records[0], { ...forged, hash: forgedHash }, records[2], records[3]];
  const broken = await verifyAuditChain(sha256Hasher, rewritten);
  assert.equal(!broken.ok && `${broken.brokenAtSeq}:${broken.reason}`, "3:previous_hash_mismatch");
});

Deno.test("verifyAuditChain: verifies a slice from a known-good record", async () => {
  const records = await chain(4);
  const slice = await verifyAuditChain(sha256Hasher, records.slice(2), { seq: 2, hash: records[1].hash });
  assert.equal(slice.ok, true);
});
