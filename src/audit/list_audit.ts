import { type Caller, mayView, requireAuthorized } from "../../domain/access/authorize.ts";
import type { AuditLog, AuditRecord } from "../../domain/ports/audit_log.ts";

/**
 * The properties an audit record concerns: a `property:<id>` target and the `property_id` /
 * `property_ids` of its details. A record that names none concerns no property in particular
 * (organization settings) and every caller may see it; one marked `scope: "organization"` concerns
 * every property (a reconciliation of all of them) and only unscoped callers see it (null).
 */
export function auditPropertyIds(record: Pick<AuditRecord, "target" | "details">): string[] | null {
  if ((record.details as { scope?: unknown }).scope === "organization") return null;
  const ids = new Set<string>();
  if (record.target?.startsWith("property:")) ids.add(record.target.slice("property:".length));
  const { property_id, property_ids } = record.details as { property_id?: unknown; property_ids?: unknown };
  if (typeof property_id === "string") ids.add(property_id);
  if (Array.isArray(property_ids)) { for (const id of property_ids) if (typeof id === "string") ids.add(id); }
  return [...ids];
}

/**
 * The caller's organization's audit trail in chain order. A property-scoped caller sees the
 * organization-wide records and those of its own properties, never another property's.
 */
export async function listAudit(
  log: AuditLog,
  caller: Caller,
  options: { readonly afterSeq?: number; readonly limit?: number },
): Promise<AuditRecord[]> {
  requireAuthorized(caller, "audit:read");
  const records = await log.list(caller.orgId, options);
  return records.filter((record) => mayView(caller, auditPropertyIds(record)));
}
