import assert from "node:assert/strict";
import fc from "fast-check";
import { ChargeSchema } from "../../../../domain/model/estatecore/charge.ts";
import { DepositDispositionSchema } from "../../../../domain/model/estatecore/deposit_disposition.ts";
import { EntityIdSchema, isEntityId } from "../../../../domain/model/estatecore/entity_id.ts";
import { ExpenseSchema } from "../../../../domain/model/estatecore/expense.ts";
import { LeaseSchema } from "../../../../domain/model/estatecore/lease.ts";
import { PaymentSchema } from "../../../../domain/model/estatecore/payment.ts";
import { PropertySchema } from "../../../../domain/model/estatecore/property.ts";
import { TenantSchema } from "../../../../domain/model/estatecore/tenant.ts";
import { UnitSchema } from "../../../../domain/model/estatecore/unit.ts";
import { VendorSchema } from "../../../../domain/model/estatecore/vendor.ts";
import { ACTIVE_ISO_4217_CODES } from "../../../../domain/shared/iso_4217.ts";
import { CurrencySchema, MoneySchema } from "../../../../domain/shared/money.ts";
import type { z } from "zod";

const usd = (cents: number) => ({ cents, currency: "USD" });

const lease = {
  id: "lease_1",
  property_id: "prop_1",
  unit_id: "unit_1",
  tenant_ids: ["ten_1"],
  rent: usd(150_000),
  due_day: 1,
  start_date: "2026-01-01",
  security_deposit: usd(100_000),
};
const payment = {
  id: "pay_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  amount: usd(70_000),
  date: "2026-03-03",
  method: "check",
  allocations: [{ charge_id: "chg_1", amount: usd(70_000) }],
};
const charge = {
  id: "chg_1",
  lease_id: "lease_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  type: "rent",
  amount: usd(150_000),
  billing_period: "2026-03",
  service_period: { start: "2026-03-01", end: "2026-03-31" },
  due_date: "2026-03-01",
};
const disposition = {
  id: "disp_1",
  lease_id: "lease_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  date: "2026-07-05",
  deposit_held: usd(100_000),
  refund: usd(60_000),
  kept_for_damages: usd(25_000),
  applied_to_unpaid_rent: usd(15_000),
  applied_charges: [{ charge_id: "chg_1", amount: usd(15_000) }],
};
const expense = {
  id: "exp_1",
  vendor_id: "ven_1",
  property_id: "prop_1",
  category: "repairs_maintenance",
  amount: usd(32_500),
  bill_date: "2026-03-10",
  due_date: "2026-04-09",
  settlement: "bill",
};

/** The issue paths of a refused parse (fails the test when it is accepted). */
function refusedPaths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, `expected ${JSON.stringify(value)} to be refused`);
  return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
}

Deno.test("CurrencySchema: active ISO 4217 codes only; XXX, XTS, metals and made-up codes refused", () => {
  for (const code of ["USD", "EUR", "CAD", "JPY", "XOF"]) assert.equal(CurrencySchema.parse(code), code);
  for (const code of ["XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "ABC", "usd", "US", "ZZZ"]) {
    assert.equal(CurrencySchema.safeParse(code).success, false, code);
  }
  assert.ok(ACTIVE_ISO_4217_CODES.every((c) => /^[A-Z]{3}$/.test(c)));
  assert.equal(new Set(ACTIVE_ISO_4217_CODES).size, ACTIVE_ISO_4217_CODES.length);
});

Deno.test("CurrencySchema: any 3 letters outside the active list are refused (property)", () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Z]{3}$/), (code) => {
      assert.equal(CurrencySchema.safeParse(code).success, ACTIVE_ISO_4217_CODES.includes(code));
    }),
  );
});

Deno.test("EntityIdSchema: the fuzzed property ids are refused, ordinary ids accepted", () => {
  for (
    const bad of [
      "x'; DROP TABLE record_mirror;--",
      "\u0000",
      "../../../../etc/passwd",
      "a/b",
      "a\\b",
      "a..b",
      " p",
      "p 1",
      "",
      "x".repeat(101),
      '"q"',
    ]
  ) {
    assert.equal(EntityIdSchema.safeParse(bad).success, false, JSON.stringify(bad));
  }
  for (const good of ["prop_1", "lease_2_1", "chg_rent_1_1_01", "ten-1", "a.b", "user@x", "urn:x:1", "9"]) {
    assert.equal(EntityIdSchema.parse(good), good);
  }
});

Deno.test("EntityIdSchema: an id with a control character, separator, quote, semicolon or space is refused (property)", () => {
  const bad = fc.constantFrom("/", "\\", "'", '"', ";", " ", "\t", "\n", "\u0000", "\u007f", "..");
  fc.assert(
    fc.property(
      fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
      bad,
      fc.stringMatching(/^[A-Za-z0-9]{0,20}$/),
      (a, b, c) => {
        assert.equal(isEntityId(`${a}${b}${c}`), false);
      },
    ),
  );
});

Deno.test("record ids and reference fields all follow the id grammar", () => {
  assert.deepEqual(
    refusedPaths(PropertySchema, { id: "../../../../etc/passwd", organization_id: "org_1", name: "P" }),
    ["id"],
  );
  assert.deepEqual(refusedPaths(UnitSchema, { id: "u1", property_id: "\u0000", unit_number: "1" }), [
    "property_id",
  ]);
  assert.deepEqual(refusedPaths(LeaseSchema, { ...lease, tenant_ids: ["ten_1", "x'; DROP TABLE t;--"] }), [
    "tenant_ids.1",
  ]);
  assert.deepEqual(
    refusedPaths(PaymentSchema, { ...payment, allocations: [{ charge_id: "a/b", amount: usd(1) }] }),
    ["allocations.0.charge_id"],
  );
});

Deno.test("record data is strict: unknown fields are refused, nested ones too", () => {
  for (
    const [schema, value] of [
      [PropertySchema, { id: "p", organization_id: "o", name: "P", color: "red" }],
      [UnitSchema, { id: "u", property_id: "p", unit_number: "1", floor: 2 }],
      [TenantSchema, { id: "t", first_name: "A", nickname: "x" }],
      [LeaseSchema, { ...lease, discount: 5 }],
      [ChargeSchema, { ...charge, extra: true }],
      [PaymentSchema, { ...payment, tip: usd(1) }],
      [DepositDispositionSchema, { ...disposition, note: "x" }],
      [VendorSchema, { id: "v", name: "V", rating: 5 }],
      [ExpenseSchema, { ...expense, approved: true }],
    ] as const
  ) {
    const result = (schema as z.ZodType).safeParse(value);
    assert.equal(result.success, false);
    assert.equal(!result.success && result.error.issues[0].code, "unrecognized_keys");
  }
  assert.deepEqual(
    refusedPaths(ChargeSchema, { ...charge, service_period: { ...charge.service_period, x: 1 } }),
    ["service_period"],
  );
  assert.deepEqual(refusedPaths(MoneySchema, { cents: 1, currency: "USD", rate: 1 }), [""]);
});

Deno.test("amounts are not negative where the meaning requires it (Seen: negative rent and deposit)", () => {
  assert.deepEqual(refusedPaths(LeaseSchema, { ...lease, rent: usd(-150_000), security_deposit: usd(-1) }), [
    "rent.cents",
    "security_deposit.cents",
  ]);
  assert.ok(LeaseSchema.safeParse({ ...lease, rent: usd(0), security_deposit: usd(0) }).success);
  assert.deepEqual(refusedPaths(ChargeSchema, { ...charge, amount: usd(-5) }), ["amount.cents"]);
  assert.deepEqual(refusedPaths(PaymentSchema, { ...payment, amount: usd(0), allocations: [] }), [
    "amount.cents",
  ]);
  assert.deepEqual(
    refusedPaths(DepositDispositionSchema, {
      ...disposition,
      deposit_held: usd(-1),
      refund: usd(-1),
      kept_for_damages: usd(0),
      applied_to_unpaid_rent: usd(0),
      applied_charges: [],
    }),
    ["deposit_held.cents", "refund.cents"],
  );
  assert.deepEqual(refusedPaths(ExpenseSchema, { ...expense, amount: usd(-1) }), ["amount.cents"]);
});

Deno.test("a negative amount anywhere is refused at that amount's path (property)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1_000_000_000, max: -1 }),
      fc.constantFrom("rent", "security_deposit"),
      (cents, field) => {
        assert.deepEqual(refusedPaths(LeaseSchema, { ...lease, [field]: usd(cents) }), [`${field}.cents`]);
      },
    ),
  );
  fc.assert(
    fc.property(fc.integer({ min: -1_000_000_000, max: 0 }), (cents) => {
      assert.deepEqual(refusedPaths(ChargeSchema, { ...charge, amount: usd(cents) }), ["amount.cents"]);
    }),
  );
});

Deno.test("names are not blank after trimming", () => {
  assert.deepEqual(refusedPaths(TenantSchema, { id: "t", first_name: "   ", last_name: "\t " }), [
    "last_name",
  ]);
  assert.deepEqual(refusedPaths(TenantSchema, { id: "t", first_name: "A", company_name: "  " }), [
    "company_name",
  ]);
  assert.ok(TenantSchema.safeParse({ id: "t", company_name: "Acme" }).success);
  assert.deepEqual(refusedPaths(VendorSchema, { id: "v", name: "  " }), ["name"]);
  assert.deepEqual(refusedPaths(PropertySchema, { id: "p", organization_id: "o", name: " " }), ["name"]);
  assert.deepEqual(refusedPaths(UnitSchema, { id: "u", property_id: "p", unit_number: "  " }), [
    "unit_number",
  ]);
  assert.deepEqual(refusedPaths(VendorSchema, { id: "v", name: "V", address: { line1: "  " } }), [
    "address.line1",
  ]);
});

Deno.test("a tenant whose names are all whitespace is refused (property)", () => {
  const blank = fc.stringMatching(/^[ \t\n]{0,5}$/);
  fc.assert(
    fc.property(
      blank,
      blank,
      fc.option(blank.filter((s) => s.length > 0), { nil: undefined }),
      (first, last, company) => {
        assert.equal(
          TenantSchema.safeParse({ id: "t", first_name: first, last_name: last, company_name: company })
            .success,
          false,
        );
      },
    ),
  );
});

Deno.test("dates are ordered", () => {
  assert.deepEqual(refusedPaths(LeaseSchema, { ...lease, end_date: "2025-12-31" }), ["end_date"]);
  assert.deepEqual(
    refusedPaths(ChargeSchema, { ...charge, service_period: { start: "2026-03-02", end: "2026-03-01" } }),
    ["service_period.end"],
  );
  assert.deepEqual(refusedPaths(ChargeSchema, { ...charge, due_date: "2026-02-30" }), ["due_date"]);
  assert.deepEqual(refusedPaths(ExpenseSchema, { ...expense, due_date: "2026-03-09" }), ["due_date"]);
  assert.deepEqual(
    refusedPaths(ExpenseSchema, {
      ...expense,
      payment: { id: "bp", date: "2026-03-01", amount: usd(32_500), method: "check" },
    }),
    ["payment.date"],
  );
  // returned_on: required with (and only with) status returned, never before the payment date.
  assert.deepEqual(refusedPaths(PaymentSchema, { ...payment, status: "returned" }), ["returned_on"]);
  assert.deepEqual(refusedPaths(PaymentSchema, { ...payment, returned_on: "2026-03-10" }), ["returned_on"]);
  assert.deepEqual(
    refusedPaths(PaymentSchema, { ...payment, status: "returned", returned_on: "2026-03-01" }),
    ["returned_on"],
  );
  assert.ok(PaymentSchema.safeParse({ ...payment, status: "returned", returned_on: "2026-03-03" }).success);
  assert.deepEqual(refusedPaths(PaymentSchema, { ...payment, nsf_fee: usd(3_500) }), ["nsf_fee"]);
});

Deno.test("money inside one record is in one currency", () => {
  const eur = (cents: number) => ({ cents, currency: "EUR" });
  assert.deepEqual(
    refusedPaths(PaymentSchema, { ...payment, allocations: [{ charge_id: "chg_1", amount: eur(70_000) }] }),
    ["allocations.0.amount.currency"],
  );
  assert.deepEqual(refusedPaths(DepositDispositionSchema, { ...disposition, refund: eur(60_000) }), [
    "refund.currency",
  ]);
  assert.deepEqual(
    refusedPaths(ExpenseSchema, {
      ...expense,
      payment: { id: "bp", date: "2026-03-22", amount: eur(32_500), method: "check" },
    }),
    ["payment.amount.currency"],
  );
  assert.deepEqual(
    refusedPaths(PaymentSchema, {
      ...payment,
      allocations: [{ charge_id: "c", amount: usd(1) }, { charge_id: "c", amount: usd(1) }],
    }),
    ["allocations.1.charge_id"],
  );
});

Deno.test("the documented examples are valid records", () => {
  for (
    const [schema, value] of [[LeaseSchema, lease], [ChargeSchema, charge], [PaymentSchema, payment], [
      DepositDispositionSchema,
      disposition,
    ], [ExpenseSchema, expense]] as const
  ) {
    assert.ok((schema as z.ZodType).safeParse(value).success);
  }
});
