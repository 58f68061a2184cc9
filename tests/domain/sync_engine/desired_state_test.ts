import assert from "node:assert/strict";
import { buildDesiredState } from "../../../domain/sync_engine/desired_state.ts";
import { emptyPortfolio, type Portfolio } from "../../../domain/sync_engine/portfolio.ts";
import { SyncSettingsSchema } from "../../../domain/ports/sync_settings_repository.ts";
import { TransformationRulesSchema } from "../../../domain/mapping/transformation_rules.ts";
import { AccountMappingSchema } from "../../../domain/mapping/account_mapping.ts";
import { PaymentSchema } from "../../../domain/model/estatecore/payment.ts";
import { TenantSchema } from "../../../domain/model/estatecore/tenant.ts";
import { planSync } from "../../../domain/sync/sync_plan.ts";
import { applySyncResults } from "../../../domain/sync/apply_sync_results.ts";
import type { SyncLink } from "../../../domain/sync/sync_record.ts";
import { accounts, jane, maple, rentMarch, unit4b, usd } from "../mapping/mapping_fixtures.ts";

const settings = SyncSettingsSchema.parse({});
const rules = TransformationRulesSchema.parse({});
const v = <T>(data: T, version = 1, deleted = false) => ({ data, version, deleted });

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

function portfolio(extra: Partial<Portfolio> = {}): Portfolio {
  return {
    ...emptyPortfolio(),
    properties: [v(maple)],
    units: [v(unit4b)],
    tenants: [v(jane)],
    charges: [v(rentMarch)],
    payments: [v(payment)],
    ...extra,
  };
}

/** Runs plan -> fake QBO (assigns ids) -> links until nothing is left to write; returns the rounds. */
function syncToFixpoint(p: Portfolio, start: SyncLink[] = []) {
  let links = start;
  let nextId = 1000;
  const rounds: string[][] = [];
  for (let round = 0; round < 10; round++) {
    const state = buildDesiredState({ portfolio: p, settings, accounts, rules, links });
    assert.deepEqual(state.errors, []);
    const plan = planSync(state.desired, links);
    if (plan.writes.length === 0) return { links, rounds, state };
    rounds.push(plan.writes.map((w) => `${w.kind}:${w.entityType}`));
    links = applySyncResults(
      links,
      plan.writes,
      plan.writes.map((w) => ({
        requestId: w.requestId,
        ok: true,
        qboId: w.qboId ?? String(nextId++),
        syncToken: "0",
      })),
    );
  }
  throw new Error("no fixpoint after 10 rounds");
}

Deno.test("buildDesiredState writes lists and names first and blocks what references unsynced objects", () => {
  const state = buildDesiredState({ portfolio: portfolio(), settings, accounts, rules, links: [] });
  const types = state.desired.map((d) => d.entityType);
  assert.ok(types.includes("Item"));
  assert.ok(types.includes("Class"), "the property becomes a Class (default tracking)");
  assert.ok(types.includes("Customer"), "the tenant needs nothing else to be mapped");
  assert.ok(!types.includes("Invoice"), "the invoice waits for its customer and items");
  assert.deepEqual(
    state.blocked.map((b) => b.recordType).sort(),
    ["charge", "payment"],
  );
  const invoiceBlock = state.blocked.find((b) => b.recordType === "charge")!;
  assert.ok(invoiceBlock.missing.some((m) => m.entity === "Customer" && m.id === "ten_1"));
});

Deno.test("buildDesiredState reaches a fixpoint: every record lands once and a second sync writes nothing", () => {
  const { links, rounds, state } = syncToFixpoint(portfolio());
  assert.deepEqual(state.blocked, []);
  const created = rounds.flat();
  assert.equal(created.filter((c) => c === "create:Invoice").length, 1);
  assert.equal(created.filter((c) => c === "create:Payment").length, 1);
  assert.equal(created.filter((c) => c === "create:Customer").length, 1);
  assert.ok(created.every((c) => c.startsWith("create:")), "first sync only creates");
  const again = planSync(
    buildDesiredState({ portfolio: portfolio(), settings, accounts, rules, links }).desired,
    links,
  );
  assert.equal(again.writes.length, 0);
});

Deno.test("buildDesiredState: a changed tenant email is a sparse update; a returned payment is voided", () => {
  const { links } = syncToFixpoint(portfolio());
  const moved = TenantSchema.parse({ ...jane, email: "jane.doe@example.com" });
  const returned = PaymentSchema.parse({ ...payment, status: "returned", returned_on: payment.date });
  const state = buildDesiredState({
    portfolio: portfolio({ tenants: [v(moved, 2)], payments: [v(returned, 2)] }),
    settings,
    accounts,
    rules,
    links,
  });
  const plan = planSync(state.desired, links);
  const update = plan.writes.find((w) => w.entityType === "Customer")!;
  assert.equal(update.kind, "update");
  assert.deepEqual(Object.keys(update.body).sort(), ["PrimaryEmailAddr"]);
  const voided = plan.writes.find((w) => w.entityType === "Payment")!;
  assert.equal(voided.kind, "void");
});

Deno.test("buildDesiredState voids the invoice of a charge that was deleted and reports QB006 per record", () => {
  const { links } = syncToFixpoint(portfolio({ payments: [] }));
  const state = buildDesiredState({
    portfolio: portfolio({ charges: [v(rentMarch, 2, true)], payments: [] }),
    settings,
    accounts,
    rules,
    links,
  });
  const plan = planSync(state.desired, links);
  assert.deepEqual(plan.writes.map((w) => `${w.kind}:${w.entityType}`), ["void:Invoice"]);

  const noIncome = AccountMappingSchema.parse({
    organization_id: "org_1",
    defaults: { accounts: { accounts_receivable: "84" } },
  });
  const broken = buildDesiredState({
    portfolio: portfolio(),
    settings,
    accounts: noIncome,
    rules,
    links: [],
  });
  assert.ok(broken.errors.some((e) => e.code === "QB006"));
});

Deno.test("buildDesiredState keeps DisplayNames unique across tenants with the same name", () => {
  const twin = TenantSchema.parse({ ...jane, id: "ten_2" });
  const state = buildDesiredState({
    portfolio: portfolio({ tenants: [v(jane), v(twin)], charges: [], payments: [] }),
    settings,
    accounts,
    rules,
    links: [],
  });
  const names = state.desired.filter((d) => d.entityType === "Customer").map((d) => d.payload.DisplayName);
  assert.equal(names.length, 2);
  assert.notEqual(names[0], names[1]);
});

Deno.test("buildDesiredState gives the same DisplayNames whether or not an earlier sync linked some twins", () => {
  const twins = ["ten_1", "ten_2"].map((id) => v(TenantSchema.parse({ ...jane, id })));
  const p = portfolio({ tenants: twins, charges: [], payments: [] });
  const clean = buildDesiredState({ portfolio: p, settings, accounts, rules, links: [] });
  const names = (state: ReturnType<typeof buildDesiredState>) =>
    Object.fromEntries(
      state.desired.filter((d) => d.entityType === "Customer").map((
        d,
      ) => [d.recordId, d.payload.DisplayName]),
    );
  const cleanNames = names(clean);
  // An interrupted sync linked only the first twin (with the name it got then).
  const partial = buildDesiredState({
    portfolio: p,
    settings,
    accounts,
    rules,
    links: [{
      recordId: "ten_1",
      entityType: "Customer",
      qboId: "58",
      syncToken: "0",
      fingerprint: "x",
      baseSnapshot: { DisplayName: cleanNames.ten_1 },
      state: "active",
    }],
  });
  assert.deepEqual(names(partial), cleanNames);
  assert.equal(new Set(Object.values(cleanNames)).size, 2);
});

Deno.test("buildDesiredState never desires a payment whose money the company would book wrongly (QB009)", () => {
  const { links } = syncToFixpoint(portfolio());
  const eur = PaymentSchema.parse({
    ...payment,
    id: "pay_eur",
    allocations: [],
    amount: { cents: 100, currency: "EUR" },
  });
  const negative = { ...payment, id: "pay_neg", allocations: [], amount: usd(-500) };
  const state = buildDesiredState({
    portfolio: portfolio({ payments: [v(payment), v(eur), v(negative)] }),
    settings,
    accounts,
    rules,
    links,
  });
  assert.deepEqual(
    state.errors.map((e) => [e.recordId, e.code]).sort(),
    [["pay_eur", "QB009"], ["pay_neg", "QB009"]],
  );
  const payments = state.desired.filter((d) => d.entityType === "Payment").map((d) => d.recordId);
  assert.deepEqual(payments, ["pay_1"], "the good payment still goes out, the bad ones send nothing");
});

Deno.test("buildDesiredState: a deleted property is no reference (its class is being made inactive); sent again, it is reactivated and referenced", () => {
  const { links } = syncToFixpoint(portfolio());
  const classLink = links.find((l) => l.entityType === "Class" && l.recordId === maple.id)!;
  const deleted = portfolio({ properties: [v(maple, 2, true)] });
  const state = buildDesiredState({ portfolio: deleted, settings, accounts, rules, links });
  // The invoice would carry a ClassRef QBO refuses once the class is inactive: it waits instead.
  assert.deepEqual(state.blocked.map((b) => [b.recordType, b.missing]), [
    ["charge", [{ entity: "Class", source: "property", id: maple.id }]],
  ]);
  const removal = planSync(state.desired, links).writes;
  const confirmed = removal.map((w) => ({
    requestId: w.requestId,
    ok: true as const,
    qboId: w.qboId!,
    syncToken: "1",
  }));
  const removed = applySyncResults(links, removal, confirmed);
  assert.equal(removed.find((l) => l.entityType === "Class" && l.recordId === maple.id)!.state, "deleted");

  const back = syncToFixpoint(portfolio({ properties: [v(maple, 3)] }), removed);
  assert.deepEqual(back.rounds[0], ["update:Class"], "reactivated, not created again");
  assert.equal(
    back.links.find((l) => l.entityType === "Class" && l.recordId === maple.id)!.qboId,
    classLink.qboId,
  );
  assert.deepEqual(back.state.blocked, []);
});
