import type { MirrorRecordType } from "../../domain/ports/record_mirror.ts";

/**
 * The property a validated record belongs to: a property is its own; vendors are organization-wide
 * (null); a tenant without a current residence is too.
 */
export function propertyIdOf(
  recordType: MirrorRecordType,
  data: Readonly<Record<string, unknown>>,
): string | null {
  if (recordType === "property") return String(data.id);
  if (recordType === "vendor") return null;
  return typeof data.property_id === "string" ? data.property_id : null;
}
