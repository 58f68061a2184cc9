import assert from "node:assert/strict";
import type { Discrepancy } from "../../../domain/reconciliation/discrepancy.ts";
import { applyResolutionPolicy } from "../../../domain/reconciliation/resolution_policy.ts";

const base = {
  estatecoreId: "inv:a",
  quickbooksId: "Invoice:1",
  estatecoreValue: 1,
  quickbooksValue: 2,
  amountAtStakeCents: 1,
  description: "",
  requiresConfirmation: false,
};
const found: Discrepancy[] = [
  { ...base, type: "amount_mismatch", autoResolvable: false, action: "update_quickbooks" },
  { ...base, type: "missing_in_quickbooks", autoResolvable: false, action: "review" },
  {
    ...base,
    type: "missing_in_quickbooks",
    quickbooksId: null,
    autoResolvable: true,
    action: "push_missing",
  },
  { ...base, type: "deposit_booked_as_income", autoResolvable: false, action: "review" },
  {
    ...base,
    type: "duplicate_in_quickbooks",
    autoResolvable: false,
    action: "void_duplicate",
    requiresConfirmation: true,
  },
  { ...base, type: "unknown_in_quickbooks", autoResolvable: false, action: "review" },
];
const view = (ds: Discrepancy[]) => ds.map((d) => [d.type, d.autoResolvable, d.action]);

Deno.test("applyResolutionPolicy: estatecore_wins rewrites QBO edits and re-pushes deletions", () => {
  assert.deepEqual(view(applyResolutionPolicy(found, "estatecore_wins")), [
    ["amount_mismatch", true, "update_quickbooks"],
    ["missing_in_quickbooks", true, "push_missing"],
    ["missing_in_quickbooks", true, "push_missing"],
    ["deposit_booked_as_income", true, "update_quickbooks"],
    ["duplicate_in_quickbooks", false, "void_duplicate"],
    ["unknown_in_quickbooks", false, "review"],
  ]);
});

Deno.test("applyResolutionPolicy: other policies leave QBO-side edits and deletions to a person", () => {
  for (const policy of ["manual", "quickbooks_wins", "timestamp_based"] as const) {
    assert.deepEqual(view(applyResolutionPolicy(found, policy)), [
      ["amount_mismatch", false, "update_quickbooks"],
      ["missing_in_quickbooks", false, "review"],
      ["missing_in_quickbooks", true, "push_missing"],
      ["deposit_booked_as_income", true, "update_quickbooks"],
      ["duplicate_in_quickbooks", false, "void_duplicate"],
      ["unknown_in_quickbooks", false, "review"],
    ], policy);
  }
});
