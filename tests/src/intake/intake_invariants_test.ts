import type { Atomically } from "../../../domain/ports/unit_of_work.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import type { Caller } from "../../../domain/access/caller.ts";
import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlRecordMirror } from "../../../adapters/persistence/repositories/record_mirror_repository.ts";
import { SyncSettingsSchema } from "../../../domain/ports/sync_settings_repository.ts";
import { ingestRecords, type IntakeItem, type IntakeOutcome } from "../../../src/intake/ingest_records.ts";

/** These tests look at what intake stores; what it records in the audit trail is tested on its own. */
const ignoredAudit = () => Promise.resolve();

const clock = { now: () => new Date("2026-06-01T12:00:00.000Z") };
const admin: Caller = { orgId: "org-a", userId: "u1", role: "admin" };
const usd = (cents: number) => ({ cents, currency: "USD" });

async function withMirror(fn: (mirror: SqlRecordMirror, atomically: Atomically) => Promise<void>) {
  const database = await openDatabase(":memory:");
  try {
    await migrateToLatest(database);
    await fn(new SqlRecordMirror(database), sqlUnitOfWork(database));
  } finally {
    await database.close();
  }
}

const base: IntakeItem[] = [
  { type: "property", data: { id: "prop_1", organization_id: "org-a", name: "One" } },
  { type: "unit", data: { id: "unit_1", property_id: "prop_1", unit_number: "1" } },
  { type: "tenant", data: { id: "ten_1", first_name: "A", property_id: "prop_1", unit_id: "unit_1" } },
  { type: "tenant", data: { id: "ten_2", first_name: "B", property_id: "prop_1", unit_id: "unit_1" } },
  {
    type: "lease",
    data: {
      id: "lease_1",
      property_id: "prop_1",
      unit_id: "unit_1",
      tenant_ids: ["ten_1", "ten_2"],
      rent: usd(1000),
      due_day: 1,
      start_date: "2026-01-01",
      security_deposit: usd(1000),
    },
  },
  ...["ten_1", "ten_2"].map((tenant) => ({
    type: "charge",
    data: {
      id: `chg_${tenant}`,
      lease_id: "lease_1",
      tenant_id: tenant,
      property_id: "prop_1",
      type: "rent",
      amount: usd(1000),
      billing_period: "2026-03",
      service_period: { start: "2026-03-01", end: "2026-03-31" },
      due_date: "2026-03-01",
    },
  })),
];

const payment = (id: string, cents: number, extra: Record<string, unknown> = {}): IntakeItem => ({
  type: "payment",
  data: {
    id,
    tenant_id: "ten_1",
    lease_id: "lease_1",
    property_id: "prop_1",
    amount: usd(cents),
    date: "2026-03-03",
    method: "ach",
    allocations: [{ charge_id: "chg_ten_1", amount: usd(cents) }],
    ...extra,
  },
});

function issuePaths(outcome: IntakeOutcome): string[] {
  assert.equal(outcome.status, "invalid", JSON.stringify(outcome));
  return outcome.status === "invalid" ? outcome.error.issues.map((i) => i.path) : [];
}

Deno.test("intake: money must be in the organization's currency from its settings (Seen: EUR payment in a USD org)", async () => {
  await withMirror(async (mirror, atomically) => {
    assert.ok(
      (await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, base)).every((o) =>
        o.status === "created"
      ),
    );
    const eur = payment("pay_eur", 100, {
      amount: { cents: 100, currency: "EUR" },
      allocations: [{ charge_id: "chg_ten_1", amount: { cents: 100, currency: "EUR" } }],
    });
    const [refused] = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [eur]);
    assert.ok(issuePaths(refused).includes("amount.currency"));
    assert.equal(refused.status === "invalid" && refused.error.code, "VALIDATION_FAILED");
    assert.equal(await mirror.get("org-a", "payment", "pay_eur"), null);
    // An organization whose settings say EUR refuses the USD payment instead.
    const settings = {
      get: () =>
        Promise.resolve({
          settings: SyncSettingsSchema.parse({ currency: "EUR" }),
          chosen: [],
          validatedAgainstCompany: false,
          realmId: null,
          version: 1,
          updatedAt: "2026-01-01T00:00:00.000Z",
        }),
    };
    const [usdRefused] = await ingestRecords(
      { mirror, clock, settings, audit: ignoredAudit, atomically },
      admin,
      [
        payment("pay_usd", 100),
      ],
    );
    assert.ok(issuePaths(usdRefused).includes("amount.currency"));
  });
});

Deno.test("intake: an allocation to another tenant's charge is refused naming the allocation (Seen)", async () => {
  await withMirror(async (mirror, atomically) => {
    await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, base);
    const [refused] = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      payment("pay_x", 100, { allocations: [{ charge_id: "chg_ten_2", amount: usd(100) }] }),
    ]);
    assert.deepEqual(issuePaths(refused), ["allocations.0.charge_id"]);
  });
});

Deno.test("intake: allocations to a charge never exceed it, across stored and same-request payments (Seen: over-allocation)", async () => {
  await withMirror(async (mirror, atomically) => {
    await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, base);
    assert.equal(
      (await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
        payment("pay_1", 600),
      ]))[0].status,
      "created",
    );
    // Stored 600 + 500 > 1000.
    const [over] = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      payment("pay_2", 500),
    ]);
    assert.deepEqual(issuePaths(over), ["allocations.0.amount"]);
    // In one request: 300 fits, the next 300 does not (600 + 300 + 300 > 1000); nothing of it is stored.
    const bulk = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      payment("pay_3", 300),
      payment("pay_4", 300),
    ]);
    assert.deepEqual(bulk.map((o) => o.status), ["created", "invalid"]);
    assert.equal(await mirror.get("org-a", "payment", "pay_4"), null);
    // Re-sending pay_1 with 700 replaces its own 600 (600 -> 700 + 300 = 1000 fits).
    assert.equal(
      (await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
        payment("pay_1", 700),
      ]))[0].status,
      "updated",
    );
    // A returned payment releases its allocation, so another payment can take it.
    const released = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      payment("pay_1", 700, { status: "returned", returned_on: "2026-03-10" }),
      payment("pay_5", 700),
    ]);
    assert.deepEqual(released.map((o) => o.status), ["updated", "created"]);
  });
});

Deno.test("intake: deposit dispositions count toward a charge's allocations and must belong to its lease", async () => {
  await withMirror(async (mirror, atomically) => {
    await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      ...base,
      payment("pay_1", 900),
    ]);
    const disposition = (cents: number) => ({
      type: "deposit_disposition",
      data: {
        id: "disp_1",
        lease_id: "lease_1",
        tenant_id: "ten_1",
        property_id: "prop_1",
        date: "2026-06-30",
        deposit_held: usd(1000),
        refund: usd(1000 - cents),
        kept_for_damages: usd(0),
        applied_to_unpaid_rent: usd(cents),
        applied_charges: [{ charge_id: "chg_ten_1", amount: usd(cents) }],
      },
    });
    assert.deepEqual(
      issuePaths(
        (await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [disposition(200)]))[
          0
        ],
      ),
      [
        "applied_charges.0.amount",
      ],
    );
    assert.equal(
      (await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [disposition(100)]))[0]
        .status,
      "created",
    );
  });
});

Deno.test("intake: unknown fields are refused with their own paths", async () => {
  await withMirror(async (mirror, atomically) => {
    const [refused] = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [{
      type: "property",
      data: {
        id: "prop_9",
        organization_id: "org-a",
        name: "P",
        colour: "red",
        address: { line1: "x", zip: "1" },
      },
    }]);
    assert.deepEqual(issuePaths(refused).sort(), ["address.zip", "colour"]);
    assert.match(refused.status === "invalid" ? refused.error.message : "", /colour/);
  });
});

Deno.test("intake: an item leaning on one refused for an invariant is refused too, and nothing of either is stored", async () => {
  await withMirror(async (mirror, atomically) => {
    await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, base);
    const outcomes = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      {
        type: "charge",
        data: {
          id: "chg_bad",
          lease_id: "lease_1",
          tenant_id: "ten_9",
          property_id: "prop_1",
          type: "rent",
          amount: usd(10),
          billing_period: "2026-04",
          service_period: { start: "2026-04-01", end: "2026-04-30" },
          due_date: "2026-04-01",
        },
      },
      payment("pay_on_bad", 10, { allocations: [{ charge_id: "chg_bad", amount: usd(10) }] }),
      payment("pay_ok", 10),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ["invalid", "invalid", "created"]);
    assert.deepEqual(issuePaths(outcomes[0]), ["tenant_id"]);
    assert.equal(outcomes[1].status === "invalid" && outcomes[1].error.issues[0].code, "missing_reference");
    assert.equal(await mirror.get("org-a", "charge", "chg_bad"), null);
    assert.equal(await mirror.get("org-a", "payment", "pay_on_bad"), null);
  });
});

Deno.test("intake: a charge re-sent below what payments apply to it, or voided under them, is refused; shrinking both together is not", async () => {
  await withMirror(async (mirror, atomically) => {
    await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, base);
    await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [payment("pay_1", 600)]);
    const charge = base.find((i) => i.type === "charge")!.data as Record<string, unknown>;
    const smaller = { type: "charge", data: { ...charge, amount: usd(500) } };
    const [shrunk] = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      smaller,
    ]);
    assert.deepEqual(issuePaths(shrunk), ["amount"]);
    assert.equal(shrunk.status === "invalid" && shrunk.error.issues[0].code, "over_allocation");
    const [voided] = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      { type: "charge", data: { ...charge, status: "void" } },
    ]);
    assert.deepEqual(issuePaths(voided), ["status"]);
    assert.equal(
      ((await mirror.get("org-a", "charge", "chg_ten_1"))!.data.amount as { cents: number }).cents,
      1000,
      "the stored charge is untouched",
    );
    // The charge first, its payment after, in one request: checked against the request's final state.
    const together = await ingestRecords({ mirror, clock, audit: ignoredAudit, atomically }, admin, [
      smaller,
      payment("pay_1", 500),
    ]);
    assert.deepEqual(together.map((o) => o.status), ["updated", "updated"]);
  });
});
