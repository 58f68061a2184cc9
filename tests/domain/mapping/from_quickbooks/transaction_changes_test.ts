import assert from "node:assert/strict";
import { describeQboChange } from "../../../../domain/mapping/from_quickbooks/transaction_changes.ts";

Deno.test("describeQboChange: a payment voided in QBO asks EstateCore to void it", () => {
  assert.deepEqual(
    describeQboChange({ entity: "Payment", id: "140", operation: "Void" }, {
      record_type: "payment",
      record_ids: ["pay_1"],
    }),
    {
      event: "quickbooks.voided",
      record: { record_type: "payment", record_ids: ["pay_1"] },
      qbo: { entity: "Payment", id: "140" },
      suggested_action: "mark_payment_void",
    },
  );
});

Deno.test("describeQboChange: a deleted invoice puts its charges up for review", () => {
  const report = describeQboChange({ entity: "Invoice", id: "130", operation: "Delete" }, {
    record_type: "charges",
    record_ids: ["chg_a", "chg_b"],
  });
  assert.deepEqual([report?.event, report?.suggested_action], ["quickbooks.deleted", "review_charges"]);
});

Deno.test("describeQboChange: merges relink, edits compare fields, creates and unlinked objects are silent", () => {
  const tenant = { record_type: "tenant" as const, record_ids: ["ten_1"] };
  const merged = describeQboChange(
    { entity: "Customer", id: "58", operation: "Merge", mergedIntoId: "61" },
    tenant,
  );
  assert.deepEqual(merged?.qbo, { entity: "Customer", id: "58", merged_into_id: "61" });
  assert.equal(merged?.suggested_action, "relink");
  assert.equal(
    describeQboChange({ entity: "Customer", id: "58", operation: "Update" }, tenant)?.suggested_action,
    "compare_fields",
  );
  assert.equal(describeQboChange({ entity: "Customer", id: "58", operation: "Create" }, tenant), null);
  assert.equal(describeQboChange({ entity: "Bill", id: "9", operation: "Void" }, undefined), null);
});
