import assert from "node:assert/strict";
import { referencesOf } from "../../../src/intake/record_references.ts";

Deno.test("referencesOf names each referenced record with its field path", () => {
  assert.deepEqual(
    referencesOf("payment", {
      id: "pay1",
      tenant_id: "t1",
      lease_id: "l1",
      allocations: [{ charge_id: "c1" }, { charge_id: "c2" }],
    }),
    [
      { path: "tenant_id", type: "tenant", id: "t1" },
      { path: "lease_id", type: "lease", id: "l1" },
      { path: "allocations.0.charge_id", type: "charge", id: "c1" },
      { path: "allocations.1.charge_id", type: "charge", id: "c2" },
    ],
  );
  assert.deepEqual(referencesOf("lease", { id: "l1", property_id: "p1", tenant_ids: ["t1", "t2"] }), [
    { path: "property_id", type: "property", id: "p1" },
    { path: "tenant_ids.0", type: "tenant", id: "t1" },
    { path: "tenant_ids.1", type: "tenant", id: "t2" },
  ]);
});

Deno.test("referencesOf skips optional references that are absent and types that reference nothing", () => {
  assert.deepEqual(referencesOf("tenant", { id: "t1", last_name: "Doe" }), []);
  assert.deepEqual(referencesOf("vendor", { id: "v1", name: "Ace" }), []);
  assert.deepEqual(referencesOf("property", { id: "p1", organization_id: "o", name: "P" }), []);
});
