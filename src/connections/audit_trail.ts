import type { NewAuditRecord } from "../../domain/ports/audit_log.ts";

/**
 * Appends one record to the organization's audit trail (the composition root seals the hash
 * chain). Connection use cases record what happened, never a token.
 */
export type AuditTrail = (record: NewAuditRecord) => Promise<void>;
