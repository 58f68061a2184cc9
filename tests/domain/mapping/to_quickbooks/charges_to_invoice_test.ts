import assert from "node:assert/strict";
import { mapChargesToInvoice } from "../../../../domain/mapping/to_quickbooks/charges_to_invoice.ts";
import { docNumber } from "../../../../domain/mapping/doc_numbers.ts";
import { SyncSettingsSchema } from "../../../../domain/ports/sync_settings_repository.ts";
import { TransformationRulesSchema } from "../../../../domain/mapping/transformation_rules.ts";
import { isDomainError } from "../../../../domain/errors.ts";
import { ChargeSchema } from "../../../../domain/model/estatecore/charge.ts";
import { context, rentMarch, usd } from "../mapping_fixtures.ts";

Deno.test("mapChargesToInvoice: $1,500 rent -> one line, Qty 1, UnitPrice = Amount, Rent item, property class", () => {
  const result = mapChargesToInvoice([rentMarch], context());
  assert.deepEqual(result, {
    ok: true,
    value: {
      CustomerRef: { value: "58" },
      TxnDate: "2026-03-01",
      DueDate: "2026-03-01",
      DocNumber: docNumber("rent_invoice", "2026-03", "lease_1|ten_1|2026-03"),
      Line: [{
        Amount: 1500,
        DetailType: "SalesItemLineDetail",
        Description: "Rent 2026-03-01 to 2026-03-31",
        SalesItemLineDetail: {
          ItemRef: { value: "7" },
          Qty: 1,
          UnitPrice: 1500,
          ServiceDate: "2026-03-01",
          ClassRef: { value: "900" },
        },
      }],
      PrivateNote: "EstateCore lease lease_1, period 2026-03, charges chg_rent_2026_03",
    },
  });
  if (result.ok) assert.ok(String(result.value.DocNumber).length <= 21);
});

Deno.test("mapChargesToInvoice: deposit and pet fee share the period invoice; deposit line uses the liability item", () => {
  const deposit = ChargeSchema.parse({
    ...rentMarch,
    id: "chg_dep",
    type: "security_deposit",
    amount: usd(100_000),
    description: "Security deposit",
  });
  const pet = ChargeSchema.parse({
    ...rentMarch,
    id: "chg_pet_2026_03",
    type: "pet_fee",
    amount: usd(3_550),
  });
  const unitCharge = { ...rentMarch, unit_id: "unit_4b" };
  const result = mapChargesToInvoice([deposit, pet, unitCharge], context());
  assert.equal(result.ok, true);
  if (!result.ok) return;
  const lines = result.value.Line as Array<Record<string, unknown>>;
  assert.deepEqual(lines.map((l) => [l.Amount, (l.SalesItemLineDetail as { ItemRef: unknown }).ItemRef]), [
    [1500, { value: "7" }],
    [35.5, { value: "11" }],
    [1000, { value: "9" }],
  ]);
  assert.equal(lines[0].Description, "Rent 2026-03-01 to 2026-03-31, Unit 4B");
  for (const line of lines) {
    const detail = line.SalesItemLineDetail as { Qty: number; UnitPrice: number };
    assert.equal(detail.Qty * detail.UnitPrice, line.Amount);
  }
});

Deno.test("mapChargesToInvoice: location tracking puts DepartmentRef on the header, no ClassRef", () => {
  const ctx = context({
    settings: SyncSettingsSchema.parse({ property_tracking: "location" }),
  });
  const result = mapChargesToInvoice([rentMarch], ctx);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual(result.value.DepartmentRef, { value: "3" });
  const line = (result.value.Line as Array<{ SalesItemLineDetail: Record<string, unknown> }>)[0];
  assert.equal("ClassRef" in line.SalesItemLineDetail, false);
});

Deno.test("mapChargesToInvoice: unit sub-class replaces the property class when units are sub-classes", () => {
  const ctx = context({
    settings: SyncSettingsSchema.parse({ unit_tracking: "sub_class" }),
  });
  const result = mapChargesToInvoice([{ ...rentMarch, unit_id: "unit_4b" }], ctx);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  const line =
    (result.value.Line as Array<{ SalesItemLineDetail: Record<string, unknown>; Description: string }>)[0];
  assert.deepEqual(line.SalesItemLineDetail.ClassRef, { value: "901" });
  assert.equal(line.Description, "Rent 2026-03-01 to 2026-03-31");
});

Deno.test("mapChargesToInvoice: memo and custom fields come from the org's rules", () => {
  const rules = TransformationRulesSchema.parse({
    invoice_memo_template: "Rent for {billing_period}, {property_name}",
    custom_fields: [
      { definition_id: "1", name: "Lease", value: "{lease_id}", transforms: ["upper"] },
      { definition_id: "2", name: "Unit", value: "{unit_number}", transforms: ['default:"n/a"'] },
    ],
  });
  const result = mapChargesToInvoice([rentMarch], context({ rules }));
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual(result.value.CustomerMemo, { value: "Rent for 2026-03, Maple Ct" });
  assert.deepEqual(result.value.CustomField, [
    { DefinitionId: "1", Name: "Lease", Type: "StringType", StringValue: "LEASE_1" },
    { DefinitionId: "2", Name: "Unit", Type: "StringType", StringValue: "n/a" },
  ]);
});

Deno.test("mapChargesToInvoice: names every missing dependency instead of building a payload", () => {
  const base = context();
  const ctx = context({ links: { ...base.links, customers: {}, items: {}, classes: {} } });
  assert.deepEqual(mapChargesToInvoice([rentMarch], ctx), {
    ok: false,
    missing: [
      { entity: "Customer", source: "tenant", id: "ten_1" },
      { entity: "Class", source: "property", id: "prop_1" },
      { entity: "Item", source: "item", id: "Rent" },
    ],
  });
});

Deno.test("mapChargesToInvoice: late fees are refused on the rent invoice and get their own", () => {
  const lateFee = ChargeSchema.parse({ ...rentMarch, id: "chg_lf", type: "late_fee", amount: usd(5_000) });
  assert.throws(
    () => mapChargesToInvoice([rentMarch, lateFee], context()),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED",
  );
  const result = mapChargesToInvoice([lateFee], context());
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(result.value.DocNumber, docNumber("late_fee_invoice", "2026-03", "late_fee|chg_lf"));
  const line = (result.value.Line as Array<{ Amount: number; SalesItemLineDetail: { ItemRef: unknown } }>)[0];
  assert.deepEqual([line.Amount, line.SalesItemLineDetail.ItemRef], [50, { value: "8" }]);
});

Deno.test("mapChargesToInvoice: an unmapped charge type throws QB006 naming property and charge type", () => {
  const ctx = context();
  const noLateFee = {
    ...ctx.accounts,
    defaults: {
      ...ctx.accounts.defaults,
      accounts: { ...ctx.accounts.defaults.accounts, late_fee_income: undefined },
    },
  };
  const lateFee = ChargeSchema.parse({ ...rentMarch, id: "chg_lf", type: "late_fee", amount: usd(5_000) });
  assert.throws(
    () => mapChargesToInvoice([lateFee], context({ accounts: noLateFee })),
    (e) =>
      isDomainError(e) && e.code === "QB006" && e.details.property_id === "prop_1" &&
      e.details.charge_type === "late_fee",
  );
});
