import assert from "node:assert/strict";
import fc from "fast-check";
import {
  mapTenantToCustomer,
  tenantDisplayNameCandidate,
} from "../../../../domain/mapping/to_quickbooks/tenant_to_customer.ts";
import { assignDisplayNames } from "../../../../domain/mapping/display_names.ts";
import { SyncSettingsSchema } from "../../../../domain/ports/sync_settings_repository.ts";
import { TenantSchema } from "../../../../domain/model/estatecore/tenant.ts";
import { context, jane } from "../mapping_fixtures.ts";

Deno.test("mapTenantToCustomer: names, email, phone, address", () => {
  const withAddress = { ...jane, mailing_address: { line1: "12 Maple Ct", city: "Austin", region: "TX" } };
  assert.deepEqual(mapTenantToCustomer(withAddress, "Jane Doe", context()), {
    ok: true,
    value: {
      DisplayName: "Jane Doe",
      GivenName: "Jane",
      FamilyName: "Doe",
      PrimaryEmailAddr: { Address: "jane@example.com" },
      PrimaryPhone: { FreeFormNumber: "512-555-0100" },
      BillAddr: { Line1: "12 Maple Ct", City: "Austin", CountrySubDivisionCode: "TX" },
      Active: true,
    },
  });
});

Deno.test("mapTenantToCustomer: a sub-customer of the property's parent customer under parent-customer tracking", () => {
  const ctx = context({
    settings: SyncSettingsSchema.parse({
      property_tracking: "parent_customer",
    }),
  });
  const result = mapTenantToCustomer(jane, "Jane Doe", ctx);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual([result.value.Job, result.value.ParentRef, result.value.BillWithParent], [
    true,
    { value: "57" },
    false,
  ]);
  const unlinked = context({ settings: ctx.settings, links: { ...ctx.links, propertyCustomers: {} } });
  assert.deepEqual(mapTenantToCustomer(jane, "Jane Doe", unlinked), {
    ok: false,
    missing: [{ entity: "Customer", source: "property", id: "prop_1" }],
  });
});

Deno.test("tenantDisplayNameCandidate: renders the org template; namesakes are told apart by property and unit", () => {
  const settings = SyncSettingsSchema.parse({
    display_name_template: "{first_name} {last_name} - {property_name}",
  });
  assert.deepEqual(tenantDisplayNameCandidate(jane, context({ settings })), {
    id: "ten_1",
    preferred: "Jane Doe - Maple Ct",
    qualifier: "Maple Ct 4B",
    pinned: undefined,
  });
  const otherJane = TenantSchema.parse({
    id: "ten_2",
    first_name: "Jane",
    last_name: "Doe",
    property_id: "prop_1",
  });
  const ctx = context();
  const names = assignDisplayNames([jane, otherJane].map((t) => tenantDisplayNameCandidate(t, ctx)));
  assert.deepEqual([...names], [["ten_1", "Jane Doe (Maple Ct 4B)"], ["ten_2", "Jane Doe (Maple Ct)"]]);
});

Deno.test("tenantDisplayNameCandidate + assignDisplayNames: unique, colon-free customer names for any tenants (property)", () => {
  const nameChars = fc.constantFrom("Jane", "JANE", "Doe", "O'Neil", "A:B", "\t", "", "Lee");
  const tenant = fc.record({
    id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_]{0,4}$/),
    first_name: nameChars,
    last_name: nameChars,
    unit: fc.constantFrom(undefined, "unit_4b"),
  });
  fc.assert(fc.property(fc.uniqueArray(tenant, { selector: (t) => t.id, maxLength: 20 }), (raw) => {
    const ctx = context();
    const tenants = raw.map((t) =>
      TenantSchema.parse({
        id: t.id,
        first_name: t.first_name,
        last_name: t.last_name.trim() || "X",
        property_id: "prop_1",
        unit_id: t.unit,
      })
    );
    const names = assignDisplayNames(tenants.map((t) => tenantDisplayNameCandidate(t, ctx)));
    const displayNames = tenants.map((t) => {
      const result = mapTenantToCustomer(t, names.get(t.id) ?? "", ctx);
      assert.equal(result.ok, true);
      return result.ok ? String(result.value.DisplayName) : "";
    });
    assert.equal(new Set(displayNames.map((n) => n.toLowerCase())).size, tenants.length);
    for (const name of displayNames) assert.ok(name !== "" && !/[:\t\n]/.test(name), name);
  }));
});
