import assert from "node:assert/strict";
import { TransformationRulesSchema } from "../../../domain/mapping/transformation_rules.ts";
import { ChargeSchema } from "../../../domain/model/estatecore/charge.ts";
import { SyncSettingsSchema } from "../../../domain/ports/sync_settings_repository.ts";
import { PaymentSchema } from "../../../domain/model/estatecore/payment.ts";
import { TenantSchema } from "../../../domain/model/estatecore/tenant.ts";
import { buildDesiredState } from "../../../domain/sync_engine/desired_state.ts";
import { emptyPortfolio, type Portfolio } from "../../../domain/sync_engine/portfolio.ts";
import { restrictDesiredState } from "../../../domain/sync_engine/push_selection.ts";
import { RecordOwners } from "../../../domain/sync_engine/record_owners.ts";
import type { SyncLink } from "../../../domain/sync/sync_record.ts";
import { accounts, jane, maple, rentMarch, unit4b, usd } from "../mapping/mapping_fixtures.ts";

const settings = SyncSettingsSchema.parse({});
const rules = TransformationRulesSchema.parse({});
const v = <T>(data: T, version = 1, deleted = false) => ({ data, version, deleted });

const bob = TenantSchema.parse({ ...jane, id: "ten_2", first_name: "Bob", last_name: "Stone" });
const petMarch = ChargeSchema.parse({
  ...rentMarch,
  id: "chg_pet_2026_03",
  type: "other",
  amount: usd(5_000),
});
const payment = PaymentSchema.parse({
  id: "pay_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  lease_id: "lease_1",
  amount: usd(70_000),
  date: "2026-03-05",
  method: "ach",
  allocations: [{ charge_id: "chg_rent_2026_03", amount: usd(70_000) }],
});

const portfolio: Portfolio = {
  ...emptyPortfolio(),
  properties: [v(maple)],
  units: [v(unit4b)],
  tenants: [v(jane), v(bob)],
  charges: [v(rentMarch), v(petMarch)],
  payments: [v(payment)],
};
const owners = RecordOwners.of(portfolio);
const state = (links: SyncLink[] = []) => buildDesiredState({ portfolio, settings, accounts, rules, links });
const keys = (s: { desired: readonly { entityType: string; recordId: string }[] }) =>
  s.desired.map((d) => `${d.entityType}/${d.recordId}`).sort();

Deno.test("restrictDesiredState keeps a payment and, transitively, what it waits for; never other tenants", () => {
  const { state: cut, chosen } = restrictDesiredState(state(), {
    record_types: [],
    records: [{ record_type: "payment", record_id: "pay_1" }],
  }, owners);
  const got = keys(cut);
  assert.ok(got.includes("Customer/ten_1"), "the payer's customer (a dependency of its invoice too)");
  assert.ok(got.includes("Class/prop_1"), "the class the invoice is tracked by");
  assert.ok(got.some((k) => k.startsWith("Item/item:")), "the items the invoice bills");
  assert.ok(!got.includes("Customer/ten_2"), "another tenant is left alone");
  assert.deepEqual(cut.blocked.map((b) => b.recordId).sort(), ["chg_rent_2026_03", "pay_1"]);
  assert.deepEqual([...chosen], [], "the payment itself is blocked until its invoice exists");
});

Deno.test("restrictDesiredState selects every charge billed on the same invoice, and by record type", () => {
  const byCharge = restrictDesiredState(state(), {
    record_types: [],
    records: [{ record_type: "charge", record_id: "chg_pet_2026_03" }],
  }, owners);
  assert.deepEqual(byCharge.state.blocked.map((b) => [b.recordType, b.recordId]), [[
    "charge",
    "chg_rent_2026_03",
  ]]);
  const byType = restrictDesiredState(state(), { record_types: ["tenant"], records: [] }, owners);
  assert.deepEqual(keys(byType.state), ["Customer/ten_1", "Customer/ten_2"]);
  assert.deepEqual([...byType.chosen].sort(), ["Customer/ten_1", "Customer/ten_2"]);
});
