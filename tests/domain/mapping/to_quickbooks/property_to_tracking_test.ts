import assert from "node:assert/strict";
import { assignDisplayNames } from "../../../../domain/mapping/display_names.ts";
import {
  mapPropertyToTracking,
  mapUnitToTracking,
  propertyDisplayNameCandidate,
} from "../../../../domain/mapping/to_quickbooks/property_to_tracking.ts";
import { SyncSettingsSchema } from "../../../../domain/ports/sync_settings_repository.ts";
import { context, maple, unit4b } from "../mapping_fixtures.ts";

const settings = (extra: Record<string, string>) => SyncSettingsSchema.parse({ ...extra });

Deno.test("mapPropertyToTracking: Class, Department or parent Customer per property_tracking", () => {
  assert.deepEqual(mapPropertyToTracking(maple, { settings: settings({}) }), {
    entity: "Class",
    key: "property",
    payload: { Name: "Maple Ct", Active: true },
  });
  assert.deepEqual(mapPropertyToTracking(maple, { settings: settings({ property_tracking: "location" }) }), {
    entity: "Department",
    key: "property",
    payload: { Name: "Maple Ct", Active: true },
  });
  assert.deepEqual(
    mapPropertyToTracking({ ...maple, name: "Maple: Ct" }, {
      settings: settings({ property_tracking: "parent_customer" }),
    }),
    {
      entity: "Customer",
      key: "property",
      payload: { DisplayName: "Maple Ct", CompanyName: "Maple Ct", Job: false, Active: true },
    },
  );
});

Deno.test("mapUnitToTracking: sub-class under the property's class, or nothing", () => {
  assert.deepEqual(
    mapUnitToTracking(unit4b, context({ settings: settings({ unit_tracking: "sub_class" }) })),
    {
      ok: true,
      value: {
        entity: "Class",
        key: "unit",
        payload: { Name: "4B", SubClass: true, ParentRef: { value: "900" }, Active: true },
      },
    },
  );
  const location = settings({ unit_tracking: "sub_class", property_tracking: "location" });
  const result = mapUnitToTracking(unit4b, context({ settings: location }));
  assert.deepEqual(result.ok && result.value?.payload, {
    Name: "4B",
    SubDepartment: true,
    ParentRef: { value: "3" },
    Active: true,
  });
  assert.deepEqual(mapUnitToTracking(unit4b, context()), { ok: true, value: null });
});

Deno.test("propertyDisplayNameCandidate: a parent customer named like a tenant is told apart", () => {
  const parentCustomer = settings({ property_tracking: "parent_customer" });
  const names = assignDisplayNames([
    propertyDisplayNameCandidate({ ...maple, name: "Jane Doe" }),
    { id: "ten_1", preferred: "Jane Doe", qualifier: "Maple Ct 4B" },
  ]);
  assert.deepEqual(Object.fromEntries(names), {
    "property:prop_1": "Jane Doe (Property)",
    ten_1: "Jane Doe (Maple Ct 4B)",
  });
  const object = mapPropertyToTracking(maple, { settings: parentCustomer }, names.get("property:prop_1"));
  assert.equal(object.payload.DisplayName, "Jane Doe (Property)");
});
