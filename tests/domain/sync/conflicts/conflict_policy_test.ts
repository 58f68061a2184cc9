import assert from "node:assert/strict";
import {
  ConflictPolicySchema,
  DEFAULT_FINANCIAL_FIELDS,
  mirrorPolicy,
} from "../../../../domain/sync/conflicts/conflict_policy.ts";

Deno.test("mirrorPolicy: swaps the wins policies, keeps the symmetric ones, and is its own inverse", () => {
  assert.equal(mirrorPolicy("estatecore_wins"), "quickbooks_wins");
  assert.equal(mirrorPolicy("quickbooks_wins"), "estatecore_wins");
  assert.equal(mirrorPolicy("timestamp_based"), "timestamp_based");
  for (const policy of ConflictPolicySchema.options) assert.equal(mirrorPolicy(mirrorPolicy(policy)), policy);
});

Deno.test("DEFAULT_FINANCIAL_FIELDS: guards amounts, lines, dates and the customer", () => {
  for (const field of ["Line", "TotalAmt", "TxnDate", "CustomerRef"]) {
    assert.ok(DEFAULT_FINANCIAL_FIELDS.includes(field));
  }
  assert.ok(!DEFAULT_FINANCIAL_FIELDS.includes("PrivateNote"));
});
