import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import type { DependencyCollector } from "../mapping_result.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { ownEntry } from "../own_entry.ts";

/**
 * Where a transaction's property (and unit) tracking goes, per the org's `property_tracking`:
 * `lineClass` (ClassRef on each line) for "class", `headerDepartment` (DepartmentRef on the
 * header, or on each journal line) for "location", nothing for "parent_customer" (the customer
 * itself carries the property). A unit tracked as a sub-class/sub-location replaces its property
 * when the unit is linked; an unlinked unit is a missing dependency.
 */
export interface TrackingRefs {
  readonly lineClass?: QboPayload;
  readonly headerDepartment?: QboPayload;
}

/**
 * Resolves the tracking refs of a record at a property/unit, recording missing links in `deps`.
 *
 * @example
 * ```ts
 * trackingRefs(ctx, deps, "prop_1", undefined); // { lineClass: { value: "5000000000000007195" } }
 * ```
 */
export function trackingRefs(
  ctx: ResolutionContext,
  deps: DependencyCollector,
  propertyId: string,
  unitId: string | undefined,
): TrackingRefs {
  const tracking = ctx.settings.property_tracking;
  if (tracking === "parent_customer") return {};
  const bySubTracking = ctx.settings.unit_tracking === "sub_class" && unitId !== undefined;
  if (tracking === "class") {
    const id = bySubTracking
      ? deps.require("Class", "unit", unitId, ownEntry(ctx.links.classes, unitId))
      : deps.require("Class", "property", propertyId, ownEntry(ctx.links.classes, propertyId));
    return { lineClass: { value: id } };
  }
  const id = bySubTracking
    ? deps.require("Department", "unit", unitId, ownEntry(ctx.links.departments, unitId))
    : deps.require("Department", "property", propertyId, ownEntry(ctx.links.departments, propertyId));
  return { headerDepartment: { value: id } };
}

/**
 * "Unit 4B" when the org tracks units in descriptions (unit_tracking "description", or
 * "sub_class" under parent-customer tracking where sub-classes do not exist); otherwise undefined.
 *
 * @example
 * ```ts
 * unitLabel(ctx, "unit_4b"); // "Unit 4B"
 * ```
 */
export function unitLabel(ctx: ResolutionContext, unitId: string | undefined): string | undefined {
  if (unitId === undefined || ctx.settings.unit_tracking === "none") return undefined;
  const describes = ctx.settings.unit_tracking === "description" ||
    ctx.settings.property_tracking === "parent_customer";
  if (!describes) return undefined;
  const unit = ownEntry(ctx.units, unitId);
  return unit === undefined ? undefined : `Unit ${unit.unit_number}`;
}
