import type { AuditRecord } from "../../../domain/ports/audit_log.ts";

/** An audit record as `GET /audit` shows it (its details copied out of the stored record). */
export function viewAuditRecord(record: AuditRecord) {
  return { ...record, details: { ...record.details } };
}
