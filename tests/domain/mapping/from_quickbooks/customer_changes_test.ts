import assert from "node:assert/strict";
import { tenantChangesFromCustomer } from "../../../../domain/mapping/from_quickbooks/customer_changes.ts";
import { QboCustomerSchema } from "../../../../domain/model/quickbooks/qbo_customer.ts";

const base = QboCustomerSchema.parse({
  id: "58",
  syncToken: "3",
  lastUpdated: "2026-03-01T00:00:00Z",
  displayName: "Jane Doe",
  givenName: "Jane",
  familyName: "Doe",
  email: "jane@example.com",
  billAddr: { line1: "12 Maple Ct", city: "Austin" },
});

Deno.test("tenantChangesFromCustomer: reports only the fields edited in QBO, in EstateCore terms", () => {
  const current = {
    ...base,
    syncToken: "4",
    displayName: "Jane Q. Doe",
    email: "jane.doe@example.com",
    phone: "512-555-0199",
    billAddr: { line1: "14 Oak St", city: "Austin", postalCode: "78702" },
  };
  assert.deepEqual(tenantChangesFromCustomer(base, current), [
    { field: "email", before: "jane@example.com", after: "jane.doe@example.com" },
    { field: "phone", before: undefined, after: "512-555-0199" },
    {
      field: "mailing_address",
      before: { line1: "12 Maple Ct", city: "Austin" },
      after: { line1: "14 Oak St", city: "Austin", postal_code: "78702" },
    },
  ]);
});

Deno.test("tenantChangesFromCustomer: nothing when only the sync token moved", () => {
  assert.deepEqual(tenantChangesFromCustomer(base, { ...base, syncToken: "9" }), []);
});
