import type { MirrorRecordType } from "../../../ports/record_mirror.ts";
import {
  type InvariantIssue,
  issue,
  list,
  type RecordData,
  type RecordLookup,
  text,
} from "./record_context.ts";

const CODE = "inconsistent_reference";

function sameProperty(
  path: string,
  ownProperty: string | undefined,
  referenced: RecordData | undefined,
  what: string,
): InvariantIssue[] {
  const theirs = text(referenced, "property_id");
  if (referenced === undefined || theirs === undefined || theirs === ownProperty) return [];
  return [issue(path, `${what} belongs to property ${theirs}, not ${ownProperty ?? "(none)"}`, CODE)];
}

function unitIssues(data: RecordData, lookup: RecordLookup): InvariantIssue[] {
  const unitId = text(data, "unit_id");
  if (unitId === undefined) return [];
  const unit = lookup("unit", unitId);
  const property = text(data, "property_id");
  if (unit !== undefined && property === undefined) {
    return [issue("property_id", `required with unit_id: the property of unit ${unitId}`, CODE)];
  }
  return sameProperty("unit_id", property, unit, `unit ${unitId}`);
}

function tenantOfLease(path: string, tenantId: string | undefined, lease: RecordData | undefined) {
  if (lease === undefined || tenantId === undefined) return [];
  return list(lease, "tenant_ids").includes(tenantId)
    ? []
    : [issue(path, `tenant ${tenantId} is not a tenant of lease ${text(lease, "id")}`, CODE)];
}

function leaseIssues(data: RecordData, lookup: RecordLookup): InvariantIssue[] {
  const property = text(data, "property_id");
  return [
    ...unitIssues(data, lookup),
    ...list(data, "tenant_ids").flatMap((id, i) =>
      typeof id === "string"
        ? sameProperty(`tenant_ids.${i}`, property, lookup("tenant", id), `tenant ${id}`)
        : []
    ),
  ];
}

function chargeIssues(data: RecordData, lookup: RecordLookup): InvariantIssue[] {
  const property = text(data, "property_id");
  const leaseId = text(data, "lease_id") ?? "";
  const lease = lookup("lease", leaseId);
  const out = [
    ...sameProperty("property_id", property, lease, `lease ${leaseId}`),
    ...tenantOfLease("tenant_id", text(data, "tenant_id"), lease),
    ...unitIssues(data, lookup),
  ];
  const unitId = text(data, "unit_id");
  const leaseUnit = text(lease, "unit_id");
  if (unitId !== undefined && leaseUnit !== undefined && unitId !== leaseUnit) {
    out.push(issue("unit_id", `must be the lease's unit ${leaseUnit}`, CODE));
  }
  const period = data.service_period as { start?: unknown; end?: unknown } | undefined;
  const start = text(lease, "start_date");
  const end = text(lease, "end_date");
  if (typeof period?.start === "string" && start !== undefined && period.start < start) {
    out.push(
      issue("service_period.start", `must not be before the lease's start ${start}`, "outside_lease_term"),
    );
  }
  if (typeof period?.end === "string" && end !== undefined && period.end > end) {
    out.push(issue("service_period.end", `must not be after the lease's end ${end}`, "outside_lease_term"));
  }
  return out;
}

function paymentIssues(data: RecordData, lookup: RecordLookup): InvariantIssue[] {
  const property = text(data, "property_id");
  const tenantId = text(data, "tenant_id");
  const leaseId = text(data, "lease_id");
  const lease = leaseId === undefined ? undefined : lookup("lease", leaseId);
  const out = [
    ...sameProperty(
      "tenant_id",
      property,
      tenantId === undefined ? undefined : lookup("tenant", tenantId),
      `tenant ${tenantId}`,
    ),
    ...sameProperty("lease_id", property, lease, `lease ${leaseId}`),
    ...tenantOfLease("tenant_id", tenantId, lease),
  ];
  list(data, "allocations").forEach((a, i) => {
    const chargeId = text(a as RecordData, "charge_id");
    const charge = chargeId === undefined ? undefined : lookup("charge", chargeId);
    if (charge === undefined) return;
    const path = `allocations.${i}.charge_id`;
    const own = sameProperty(path, property, charge, `charge ${chargeId}`);
    out.push(...own);
    if (own.length > 0) return;
    if (text(charge, "tenant_id") !== tenantId) {
      out.push(
        issue(
          path,
          `charge ${chargeId} is billed to tenant ${text(charge, "tenant_id")}, not ${tenantId}`,
          CODE,
        ),
      );
    } else if (leaseId !== undefined && text(charge, "lease_id") !== leaseId) {
      out.push(
        issue(path, `charge ${chargeId} is of lease ${text(charge, "lease_id")}, not ${leaseId}`, CODE),
      );
    }
  });
  return out;
}

function dispositionIssues(data: RecordData, lookup: RecordLookup): InvariantIssue[] {
  const leaseId = text(data, "lease_id") ?? "";
  const lease = lookup("lease", leaseId);
  const out = [
    ...sameProperty("property_id", text(data, "property_id"), lease, `lease ${leaseId}`),
    ...tenantOfLease("tenant_id", text(data, "tenant_id"), lease),
  ];
  const date = text(data, "date");
  const start = text(lease, "start_date");
  if (date !== undefined && start !== undefined && date < start) {
    out.push(issue("date", `must not be before the lease's start ${start}`, "outside_lease_term"));
  }
  list(data, "applied_charges").forEach((a, i) => {
    const chargeId = text(a as RecordData, "charge_id");
    const charge = chargeId === undefined ? undefined : lookup("charge", chargeId);
    if (charge !== undefined && text(charge, "lease_id") !== leaseId) {
      out.push(
        issue(
          `applied_charges.${i}.charge_id`,
          `charge ${chargeId} is not a charge of lease ${leaseId}`,
          CODE,
        ),
      );
    }
  });
  return out;
}

/**
 * A record belongs to the property of what it refers to: a record claiming one property while
 * pointing at records of another is refused at the pointing field (a property-scoped caller could
 * otherwise write into a property outside its scope). References that are absent are left to the
 * missing-reference check.
 *
 * @example
 * ```ts
 * const lookup = () => ({ property_id: "prop_2" });
 * propertyConsistencyIssues("unit", { id: "u", property_id: "prop_1" }, lookup); // []
 * propertyConsistencyIssues("expense", { unit_id: "u2", property_id: "prop_1" }, lookup)[0].path; // "unit_id"
 * ```
 */
export function propertyConsistencyIssues(
  type: MirrorRecordType,
  data: RecordData,
  lookup: RecordLookup,
): InvariantIssue[] {
  switch (type) {
    case "property":
    case "vendor":
    case "unit":
      return [];
    case "tenant":
    case "expense":
      return unitIssues(data, lookup);
    case "lease":
      return leaseIssues(data, lookup);
    case "charge":
      return chargeIssues(data, lookup);
    case "payment":
      return paymentIssues(data, lookup);
    case "deposit_disposition":
      return dispositionIssues(data, lookup);
  }
}
