import assert from "node:assert/strict";
import fc from "fast-check";
import { allocationsOf, recordInvariantIssues } from "../../../../domain/model/estatecore/invariants/mod.ts";
import type { RecordData } from "../../../../domain/model/estatecore/invariants/record_context.ts";
import { currencyIssues } from "../../../../domain/model/estatecore/invariants/currency.ts";
import { ChargeSchema } from "../../../../domain/model/estatecore/charge.ts";
import { DepositDispositionSchema } from "../../../../domain/model/estatecore/deposit_disposition.ts";
import { LeaseSchema } from "../../../../domain/model/estatecore/lease.ts";
import { PaymentSchema } from "../../../../domain/model/estatecore/payment.ts";
import { TenantSchema } from "../../../../domain/model/estatecore/tenant.ts";
import { UnitSchema } from "../../../../domain/model/estatecore/unit.ts";
import { ExpenseSchema } from "../../../../domain/model/estatecore/expense.ts";
import type { MirrorRecordType } from "../../../../domain/ports/record_mirror.ts";

const money = (cents: number, currency = "USD") => ({ cents, currency });

/** Two properties, each with a unit, a tenant, a lease and a charge (the Seen probe's world). */
function world(currency = "USD", rent = 150_000) {
  const records = new Map<string, RecordData>();
  const put = (type: MirrorRecordType, data: RecordData) => records.set(`${type}/${data.id}`, data);
  for (const p of [1, 2]) {
    put("unit", UnitSchema.parse({ id: `unit_${p}_1`, property_id: `prop_${p}`, unit_number: "1" }));
    put(
      "tenant",
      TenantSchema.parse({
        id: `ten_${p}_1`,
        first_name: "A",
        property_id: `prop_${p}`,
        unit_id: `unit_${p}_1`,
      }),
    );
    put(
      "lease",
      LeaseSchema.parse({
        id: `lease_${p}_1`,
        property_id: `prop_${p}`,
        unit_id: `unit_${p}_1`,
        tenant_ids: [`ten_${p}_1`],
        rent: money(rent, currency),
        due_day: 1,
        start_date: "2026-01-01",
        end_date: "2026-12-31",
        security_deposit: money(rent, currency),
      }),
    );
    put(
      "charge",
      ChargeSchema.parse({
        id: `chg_${p}_1`,
        lease_id: `lease_${p}_1`,
        tenant_id: `ten_${p}_1`,
        property_id: `prop_${p}`,
        unit_id: `unit_${p}_1`,
        type: "rent",
        amount: money(rent, currency),
        billing_period: "2026-03",
        service_period: { start: "2026-03-01", end: "2026-03-31" },
        due_date: "2026-03-01",
      }),
    );
  }
  const lookup = (type: MirrorRecordType, id: string) => records.get(`${type}/${id}`);
  return { lookup, records };
}

const paymentOf = (p: number, cents: number, currency = "USD", extra: Record<string, unknown> = {}) =>
  PaymentSchema.parse({
    id: `pay_${p}`,
    lease_id: `lease_${p}_1`,
    tenant_id: `ten_${p}_1`,
    property_id: `prop_${p}`,
    amount: money(cents, currency),
    date: "2026-02-20",
    method: "ach",
    allocations: [{ charge_id: `chg_${p}_1`, amount: money(cents, currency) }],
    ...extra,
  });

const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

function check(type: MirrorRecordType, data: RecordData, currency = "USD", allocated = 0) {
  return recordInvariantIssues(type, data, {
    currency,
    lookup: world(currency).lookup,
    allocatedByOthers: () => allocated,
  });
}

Deno.test("invariants: every record of a consistent world holds, whatever its currency and amounts (property)", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("USD", "EUR", "CAD", "JPY"),
      fc.integer({ min: 1, max: 10_000_000 }),
      fc.integer({ min: 1, max: 2 }),
      (currency, rent, p) => {
        const { lookup, records } = world(currency, rent);
        for (const [key, data] of records) {
          const type = key.split("/")[0] as MirrorRecordType;
          assert.deepEqual(
            recordInvariantIssues(type, data, { currency, lookup, allocatedByOthers: () => 0 }),
            [],
          );
        }
        const pay = paymentOf(p, rent, currency);
        assert.deepEqual(
          recordInvariantIssues("payment", pay, { currency, lookup, allocatedByOthers: () => 0 }),
          [],
        );
      },
    ),
  );
});

Deno.test("invariants: money in another currency than the organization's is refused at its path (Seen: EUR payment)", () => {
  assert.deepEqual(paths(check("payment", paymentOf(1, 70_000, "EUR"))), [
    "amount.currency",
    "allocations.0.amount.currency",
    "allocations.0.amount.currency",
  ]);
  fc.assert(
    fc.property(
      fc.constantFrom("EUR", "GBP", "CAD", "MXN"),
      fc.integer({ min: 1, max: 1_000_000 }),
      (currency, cents) => {
        const issues = currencyIssues({
          rent: money(cents, currency),
          nested: [{ amount: money(cents, "USD") }],
        }, "USD");
        assert.deepEqual(paths(issues), ["rent.currency"]);
        assert.match(issues[0].message, /USD/);
      },
    ),
  );
});

Deno.test("invariants: a record claiming another property than what it refers to is refused (Seen: cross-property probe)", () => {
  const chargeOnProp2 = {
    ...(world().lookup("charge", "chg_2_1") as Record<string, unknown>),
    id: "chg_probe",
    property_id: "prop_1",
  };
  assert.deepEqual(paths(check("charge", chargeOnProp2)), ["property_id", "unit_id"]);
  const pay = { ...paymentOf(1, 100), allocations: [{ charge_id: "chg_2_1", amount: money(100) }] };
  assert.deepEqual(paths(check("payment", pay)), ["allocations.0.charge_id"]);
  const lease = LeaseSchema.parse({
    id: "lease_probe",
    property_id: "prop_1",
    unit_id: "unit_2_1",
    tenant_ids: ["ten_2_1"],
    rent: money(1),
    due_day: 1,
    start_date: "2026-01-01",
    security_deposit: money(0),
  });
  assert.deepEqual(paths(check("lease", lease)), ["unit_id", "tenant_ids.0"]);
  const tenant = TenantSchema.parse({
    id: "ten_probe",
    first_name: "A",
    property_id: "prop_1",
    unit_id: "unit_2_1",
  });
  assert.deepEqual(paths(check("tenant", tenant)), ["unit_id"]);
  const disposition = DepositDispositionSchema.parse({
    id: "disp_probe",
    lease_id: "lease_2_1",
    tenant_id: "ten_2_1",
    property_id: "prop_1",
    date: "2026-07-01",
    deposit_held: money(100),
    refund: money(100),
    kept_for_damages: money(0),
    applied_to_unpaid_rent: money(0),
  });
  assert.deepEqual(paths(check("deposit_disposition", disposition)), ["property_id"]);
  const expense = ExpenseSchema.parse({
    id: "exp_probe",
    vendor_id: "ven_1",
    property_id: "prop_1",
    unit_id: "unit_2_1",
    category: "repairs",
    amount: money(1),
    bill_date: "2026-03-01",
    settlement: "bill",
  });
  assert.deepEqual(paths(check("expense", expense)), ["unit_id"]);
});

Deno.test("invariants: any record pointing into the other property is refused at the pointing field (property)", () => {
  fc.assert(
    fc.property(fc.constantFrom("unit_id", "lease"), fc.integer({ min: 1, max: 1_000 }), (what, cents) => {
      const base = world().lookup("charge", "chg_1_1") as Record<string, unknown>;
      const probe = what === "unit_id"
        ? { ...base, unit_id: "unit_2_1" }
        : { ...base, lease_id: "lease_2_1", amount: money(cents) };
      const issues = check("charge", probe);
      assert.ok(issues.length > 0);
      assert.ok(issues.some((i) => i.path === (what === "unit_id" ? "unit_id" : "property_id")));
    }),
  );
});

Deno.test("invariants: allocations go to live charges of the payment's own tenant and lease (Seen: another tenant's charge)", () => {
  const { records } = world();
  records.set("charge/chg_other", {
    ...(records.get("charge/chg_1_1") as Record<string, unknown>),
    id: "chg_other",
    tenant_id: "ten_x",
  });
  records.set("charge/chg_void", {
    ...(records.get("charge/chg_1_1") as Record<string, unknown>),
    id: "chg_void",
    status: "void",
  });
  records.set("charge/chg_lease_b", {
    ...(records.get("charge/chg_1_1") as Record<string, unknown>),
    id: "chg_lease_b",
    lease_id: "lease_b",
  });
  const lookup = (type: MirrorRecordType, id: string) => records.get(`${type}/${id}`);
  const pay = (chargeId: string, extra: Record<string, unknown> = {}) => ({
    ...paymentOf(1, 100),
    allocations: [{ charge_id: chargeId, amount: money(100) }],
    ...extra,
  });
  const issuesOf = (data: RecordData) =>
    recordInvariantIssues("payment", data, { currency: "USD", lookup, allocatedByOthers: () => 0 });
  assert.match(issuesOf(pay("chg_other"))[0].message, /billed to tenant ten_x/);
  assert.equal(issuesOf(pay("chg_void"))[0].code, "void_charge");
  assert.equal(paths(issuesOf(pay("chg_lease_b")))[0], "allocations.0.charge_id");
  // A void payment allocating to a void charge applies nothing, so it is not refused for that.
  assert.deepEqual(issuesOf(pay("chg_void", { status: "void" })), []);
});

Deno.test("invariants: what others allocated plus this record never exceeds the charge (property)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 300_000 }),
      fc.integer({ min: 1, max: 300_000 }),
      (others, mine) => {
        const issues = check("payment", paymentOf(1, mine), "USD", others);
        const over = others + mine > 150_000;
        assert.deepEqual(paths(issues), over ? ["allocations.0.amount"] : []);
        if (over) assert.equal(issues[0].code, "over_allocation");
      },
    ),
  );
});

Deno.test("allocationsOf: live payments and dispositions apply their allocations; void and returned payments nothing", () => {
  assert.deepEqual(allocationsOf("payment", paymentOf(1, 10)), [{ chargeId: "chg_1_1", cents: 10 }]);
  assert.deepEqual(allocationsOf("payment", { ...paymentOf(1, 10), status: "void" }), []);
  assert.deepEqual(allocationsOf("payment", { ...paymentOf(1, 10), status: "returned" }), []);
  assert.deepEqual(allocationsOf("charge", { id: "c" }), []);
  assert.deepEqual(
    allocationsOf("deposit_disposition", { applied_charges: [{ charge_id: "c", amount: money(5) }] }),
    [{ chargeId: "c", cents: 5 }],
  );
});

Deno.test("invariants: charge service period inside the lease term, disposition not before the lease", () => {
  const base = world().lookup("charge", "chg_1_1") as Record<string, unknown>;
  assert.deepEqual(
    paths(check("charge", { ...base, service_period: { start: "2025-12-01", end: "2027-01-31" } })),
    [
      "service_period.start",
      "service_period.end",
    ],
  );
  const disposition = DepositDispositionSchema.parse({
    id: "d",
    lease_id: "lease_1_1",
    tenant_id: "ten_1_1",
    property_id: "prop_1",
    date: "2025-12-31",
    deposit_held: money(100),
    refund: money(100),
    kept_for_damages: money(0),
    applied_to_unpaid_rent: money(0),
  });
  assert.deepEqual(paths(check("deposit_disposition", disposition)), ["date"]);
  // A payment dated before the charge's period is a prepayment and is allowed.
  assert.deepEqual(check("payment", { ...paymentOf(1, 100), date: "2025-01-01" }), []);
});
