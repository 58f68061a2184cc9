import type { AuditLog, NewAuditRecord } from "../ports/audit_log.ts";
import type { Hasher } from "../ports/hasher.ts";
import { auditSeal } from "./audit_chain.ts";

/**
 * Appends one record to the organization's audit trail, sealed into its hash chain. Every feature
 * writes to it (connections, organizations, settings, sync, automation); use cases record what
 * happened, never a token.
 */
export type AuditTrail = (record: NewAuditRecord) => Promise<void>;

/**
 * The audit trail over an audit log: each record is sealed (`auditSeal`) inside the log's append,
 * so its hash chains to the previous record of the same organization.
 *
 * @example
 * ```ts
 * const audit = sealedAuditTrail(auditLog, hasher);
 * await audit({ orgId: "org-1", at: "2026-06-01T12:00:00.000Z", actor: "user:u1",
 *   action: "connection.connected", target: "realm:9341452000000001", details: {}, requestId: null });
 * ```
 */
export function sealedAuditTrail(log: Pick<AuditLog, "append">, hasher: Hasher): AuditTrail {
  return async (record) => {
    await log.append(record, auditSeal(hasher, record));
  };
}
