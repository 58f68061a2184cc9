import type { MirrorRecordType } from "../../domain/ports/record_mirror.ts";

/** A field of a record that names another record, which must exist. */
export interface RecordReference {
  /** Field path inside the record, e.g. `lease_id` or `allocations.0.charge_id`. */
  readonly path: string;
  readonly type: MirrorRecordType;
  readonly id: string;
}

type Data = Readonly<Record<string, unknown>>;

function one(data: Data, field: string, type: MirrorRecordType): RecordReference[] {
  const id = data[field];
  return typeof id === "string" ? [{ path: field, type, id }] : [];
}

function each(data: Data, field: string, inner: string, type: MirrorRecordType): RecordReference[] {
  const list = data[field];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, i) => {
    const id = inner === "" ? item : (item as Data | null)?.[inner];
    return typeof id === "string"
      ? [{ path: inner === "" ? `${field}.${i}` : `${field}.${i}.${inner}`, type, id }]
      : [];
  });
}

/**
 * The references the intake checks, per record type: the ones the sync cannot do without (an
 * invoice needs its lease and tenant, a payment the charges it pays, a bill its vendor and
 * property). A record may reference one stored earlier or one sent in the same request.
 */
export function referencesOf(recordType: MirrorRecordType, data: Data): RecordReference[] {
  switch (recordType) {
    case "property":
    case "vendor":
      return [];
    case "unit":
      return one(data, "property_id", "property");
    case "tenant":
      return [...one(data, "property_id", "property"), ...one(data, "unit_id", "unit")];
    case "lease":
      return [
        ...one(data, "property_id", "property"),
        ...one(data, "unit_id", "unit"),
        ...each(data, "tenant_ids", "", "tenant"),
      ];
    case "charge":
      return [
        ...one(data, "lease_id", "lease"),
        ...one(data, "tenant_id", "tenant"),
        ...one(data, "unit_id", "unit"),
      ];
    case "payment":
      return [
        ...one(data, "tenant_id", "tenant"),
        ...one(data, "lease_id", "lease"),
        ...each(data, "allocations", "charge_id", "charge"),
      ];
    case "deposit_disposition":
      return [
        ...one(data, "lease_id", "lease"),
        ...one(data, "tenant_id", "tenant"),
        ...each(data, "applied_charges", "charge_id", "charge"),
      ];
    case "expense":
      return [
        ...one(data, "vendor_id", "vendor"),
        ...one(data, "property_id", "property"),
        ...one(data, "unit_id", "unit"),
      ];
  }
}
