import type { Property } from "../../model/estatecore/property.ts";
import type { Unit } from "../../model/estatecore/unit.ts";
import type { DesiredQboObject } from "../../model/quickbooks/qbo_payload.ts";
import type { DisplayNameCandidate } from "../display_names.ts";
import { DependencyCollector, mapped, type MappingResult } from "../mapping_result.ts";
import { sanitizeQboName } from "../qbo_name_rules.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { compact, ref } from "./qbo_refs.ts";
import { ownEntry } from "../own_entry.ts";

/**
 * Property -> the QBO object that tracks it, per `property_tracking`: a Class, a Department
 * (Location) or a parent Customer (Job false; tenants become its sub-customers). Names are
 * sanitized and cut to 100 characters (Class/Department limit). A parent customer shares the
 * customer/vendor name space, so pass the name `assignDisplayNames` gave its
 * `propertyDisplayNameCandidate`; without it the property name is used.
 *
 * @example
 * ```ts
 * mapPropertyToTracking(maple, settings); // { entity: "Class", key: "property", payload: { Name: "Maple Court", Active: true } }
 * ```
 */
export function mapPropertyToTracking(
  property: Property,
  ctx: Pick<ResolutionContext, "settings">,
  displayName?: string,
): DesiredQboObject {
  const name = sanitizeQboName(property.name, 100);
  switch (ctx.settings.property_tracking) {
    case "class":
      return { entity: "Class", key: "property", payload: { Name: name, Active: property.active } };
    case "location":
      return { entity: "Department", key: "property", payload: { Name: name, Active: property.active } };
    case "parent_customer":
      return {
        entity: "Customer",
        key: "property",
        payload: {
          DisplayName: sanitizeQboName(displayName ?? property.name),
          CompanyName: name,
          Job: false,
          Active: property.active,
        },
      };
  }
}

/**
 * A property's display-name candidate for its parent customer (parent-customer tracking). Its id is
 * prefixed so it never clashes with a tenant or vendor id in the same `assignDisplayNames` call.
 *
 * @example
 * ```ts
 * propertyDisplayNameCandidate(maple); // { id: "property:prop_1", preferred: "Maple Ct", qualifier: "Property" }
 * ```
 */
export function propertyDisplayNameCandidate(property: Property, pinned?: string): DisplayNameCandidate {
  return { id: `property:${property.id}`, preferred: property.name, qualifier: "Property", pinned };
}

/**
 * Unit -> a sub-Class / sub-Location of its property's Class / Location when units are tracked as
 * such (`unit_tracking: "sub_class"`, property tracking class or location); otherwise `null`
 * (the unit then only appears in line descriptions, or nowhere). The sub-class is named by the unit
 * number alone: QBO already shows it as "Maple Court:4B".
 *
 * @example
 * ```ts
 * mapUnitToTracking(unit4b, ctx); // { ok: true, value: { entity: "Class", key: "unit", payload: { Name: "4B", SubClass: true, ParentRef: { value: "900" } } } }
 * ```
 */
export function mapUnitToTracking(
  unit: Unit,
  ctx: ResolutionContext,
): MappingResult<DesiredQboObject | null> {
  const tracking = ctx.settings.property_tracking;
  if (ctx.settings.unit_tracking !== "sub_class" || tracking === "parent_customer") return mapped(null);
  const deps = new DependencyCollector();
  const entity = tracking === "class" ? "Class" : "Department";
  const parentId = deps.require(
    entity,
    "property",
    unit.property_id,
    ownEntry(tracking === "class" ? ctx.links.classes : ctx.links.departments, unit.property_id),
  );
  if (deps.hasMissing()) return deps.failure();
  const name = sanitizeQboName(unit.unit_number, 100);
  return mapped({
    entity,
    key: "unit",
    payload: compact({
      Name: name,
      ...(entity === "Class" ? { SubClass: true } : { SubDepartment: true }),
      ParentRef: ref(parentId),
      Active: unit.active,
    }),
  });
}
