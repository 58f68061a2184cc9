import assert from "node:assert/strict";
import { upgradeCamelCaseOptions } from "../../../domain/automation/camel_case_options.ts";
import { LateFeeOptionsSchema, toLateFeePolicy } from "../../../domain/automation/workflow_options.ts";

Deno.test("upgradeCamelCaseOptions renames camelCase policy keys, naming each, into options the snake_case schema accepts", () => {
  const { options, renamed } = upgradeCamelCaseOptions("late_fee_processing", {
    starts_on: "2026-01-01",
    default_policy: { graceDays: 5, initialFee: { kind: "flat", amountCents: 5_000 }, appliesTo: ["rent"] },
    property_policies: { p1: { grace_days: 2, initial_fee: { kind: "percent", basis_points: 100 } } },
  });
  assert.deepEqual(renamed, [
    "options.default_policy.graceDays",
    "options.default_policy.initialFee",
    "options.default_policy.appliesTo",
    "options.default_policy.initial_fee.amountCents",
  ]);
  const parsed = LateFeeOptionsSchema.parse(options);
  assert.deepEqual(toLateFeePolicy(parsed.default_policy!), {
    graceDays: 5,
    initialFee: { kind: "flat", amountCents: 5_000 },
    dailyAccrualCents: 0,
    appliesTo: ["rent"],
  });
  assert.deepEqual(toLateFeePolicy(parsed.property_policies.p1).initialFee, {
    kind: "percent",
    basisPoints: 100,
  });
});

Deno.test("upgradeCamelCaseOptions leaves snake_case, other workflows and a key sent in both forms alone", () => {
  const snake = { default_policy: { grace_days: 1, initial_fee: { kind: "flat", amount_cents: 1 } } };
  assert.deepEqual(upgradeCamelCaseOptions("late_fee_processing", snake), { options: snake, renamed: [] });
  const rent = { graceDays: 1 };
  assert.deepEqual(upgradeCamelCaseOptions("rent_invoice_generation", rent), { options: rent, renamed: [] });
  const both = {
    default_policy: { grace_days: 1, graceDays: 2, initial_fee: { kind: "flat", amount_cents: 1 } },
  };
  const upgraded = upgradeCamelCaseOptions("late_fee_processing", both);
  assert.deepEqual(upgraded.renamed, []);
  const refused = LateFeeOptionsSchema.safeParse(upgraded.options);
  assert.equal(refused.success, false);
  assert.deepEqual(refused.error?.issues.map((i) => [i.code, i.path.join(".")]), [
    ["unrecognized_keys", "default_policy"],
  ]);
});
