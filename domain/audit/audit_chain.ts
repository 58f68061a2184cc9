import type { AuditRecord, NewAuditRecord } from "../ports/audit_log.ts";
import type { Hasher } from "../ports/hasher.ts";
import { canonicalJson } from "../shared/canonical_json.ts";

/** The hash of the (absent) record before the first one. */
export const GENESIS_HASH = "";

/**
 * The text a record's hash covers: every field except the hash itself, including the previous
 * record's hash and the sequence number, so changing, removing or reordering any record breaks
 * every hash after it.
 *
 * @example
 * ```ts
 * auditHashInput({ ...record, seq: 1, prevHash: "" }); // '{"action":"connection.connected","actor":"user:u1",...}'
 * ```
 */
export function auditHashInput(record: Omit<AuditRecord, "hash">): string {
  return canonicalJson({
    seq: record.seq,
    orgId: record.orgId,
    at: record.at,
    actor: record.actor,
    action: record.action,
    target: record.target,
    details: record.details,
    requestId: record.requestId,
    prevHash: record.prevHash,
  });
}

/**
 * SHA-256 (hex) of a record's content chained to the previous hash.
 *
 * @example
 * ```ts
 * await computeAuditHash(hasher, { ...record, seq: 1, prevHash: GENESIS_HASH }); // "3f9a..." (64 hex)
 * ```
 */
export function computeAuditHash(hasher: Hasher, record: Omit<AuditRecord, "hash">): Promise<string> {
  return hasher.sha256Hex(auditHashInput(record));
}

/**
 * The `seal` callback `AuditLog.append` expects: given the previous hash and the sequence number
 * the store assigns inside its transaction, it returns the new record's hash.
 *
 * @example
 * ```ts
 * await auditLog.append(record, auditSeal(hasher, record));
 * ```
 */
export function auditSeal(
  hasher: Hasher,
  record: NewAuditRecord,
): (prevHash: string, seq: number) => Promise<string> {
  return (prevHash, seq) => computeAuditHash(hasher, { ...record, seq, prevHash });
}

/** Why a chain is broken at a record. */
export type ChainBreak =
  | "sequence_gap"
  | "other_organization"
  | "previous_hash_mismatch"
  | "hash_mismatch";

/** Result of verifying a chain: intact, or the first broken link. */
export type ChainVerification =
  | { readonly ok: true; readonly verified: number; readonly lastHash: string }
  | {
    readonly ok: false;
    readonly verified: number;
    readonly brokenAtSeq: number;
    readonly reason: ChainBreak;
    readonly expected: string;
    readonly actual: string;
  };

/**
 * Verifies an organization's records in chain order and pinpoints the first broken link: a gap or
 * reorder in `seq`, a record of another organization, a `prevHash` that is not the previous
 * record's hash, or a hash that does not match the record's content (an edited record).
 * `start` lets a caller verify a slice that begins after a known-good record.
 *
 * @example
 * ```ts
 * await verifyAuditChain(hasher, records);
 * // { ok: false, verified: 4, brokenAtSeq: 5, reason: "hash_mismatch", expected: "ab12...", actual: "9f00..." }
 * ```
 */
export async function verifyAuditChain(
  hasher: Hasher,
  records: readonly AuditRecord[],
  start: { readonly seq: number; readonly hash: string } = { seq: 0, hash: GENESIS_HASH },
): Promise<ChainVerification> {
  let previousHash = start.hash;
  let expectedSeq = start.seq + 1;
  const orgId = records[0]?.orgId;
  for (const [index, record] of records.entries()) {
    const broken = (reason: ChainBreak, expected: string, actual: string): ChainVerification => ({
      ok: false,
      verified: index,
      brokenAtSeq: record.seq,
      reason,
      expected,
      actual,
    });
    if (record.seq !== expectedSeq) return broken("sequence_gap", String(expectedSeq), String(record.seq));
    if (record.orgId !== orgId) return broken("other_organization", String(orgId), record.orgId);
    if (record.prevHash !== previousHash) {
      return broken("previous_hash_mismatch", previousHash, record.prevHash);
    }
    const recomputed = await computeAuditHash(hasher, record);
    if (recomputed !== record.hash) return broken("hash_mismatch", recomputed, record.hash);
    previousHash = record.hash;
    expectedSeq += 1;
  }
  return { ok: true, verified: records.length, lastHash: previousHash };
}
