import assert from "node:assert/strict";
import { createEmulator, type Emulator } from "../../../../adapters/quickbooks-emulator/emulator.ts";
import type { Json } from "../accounting/accounting_harness.ts";

async function withEmulator(run: (e: Emulator, realmId: string) => Promise<void>): Promise<void> {
  const emulator = await createEmulator({ clock: { mode: "frozen", start: "2026-04-01T16:00:00Z" } });
  try {
    await run(emulator, emulator.companies.listCompanies()[0].realmId);
  } finally {
    await emulator.close();
  }
}

async function browse(e: Emulator, path: string): Promise<{ status: number; json: Json }> {
  const res = await e.app.request(`/_emulator/companies/${path}`, {
    headers: { authorization: `Bearer ${e.adminToken}` },
  });
  return { status: res.status, json: await res.json() };
}

Deno.test("adminRoutes browse: lists an entity's objects with field filters, no QuickBooks token needed", async () => {
  await withEmulator(async (e, realmId) => {
    const { status, json } = await browse(e, `${realmId}/account?AccountType=bank`);
    assert.equal(status, 200);
    assert.equal(json.realmId, realmId);
    assert.equal(json.entity, "Account");
    assert.equal(json.total, 2);
    assert.deepEqual(json.items.map((a: { Name: string }) => a.Name), ["Checking", "Savings"]);
    assert.equal(json.items[0].domain, "QBO");
    assert.equal(json.items[0].CurrentBalance, 0, "rendered as the API renders it");
    const travel = await browse(e, `${realmId}/Account?Name=Travel&Classification=Expense`);
    assert.deepEqual(travel.json.items.map((a: { AccountSubType: string }) => a.AccountSubType), ["Travel"]);
  });
});

Deno.test("adminRoutes browse: filters reach into references, include inactive objects and page", async () => {
  await withEmulator(async (e, realmId) => {
    const ops = e.companies.operations(realmId)!;
    const ann = ops.create("Customer", { DisplayName: "Ann Tenant" });
    const bob = ops.create("Customer", { DisplayName: "Bob Tenant" });
    const rent = e.companies.company(realmId)!.listNameOwner("Item", "Rent")!;
    for (const [customer, amount] of [[ann, 100], [bob, 200], [ann, 300]] as const) {
      ops.create("Invoice", {
        CustomerRef: { value: customer.Id },
        Line: [{
          Amount: amount,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: rent } },
        }],
      });
    }
    ops.update("Customer", { Id: bob.Id, SyncToken: bob.SyncToken, sparse: true, Active: false });
    const anns = await browse(e, `${realmId}/invoice?CustomerRef=${ann.Id}`);
    assert.deepEqual(anns.json.items.map((i: { TotalAmt: number }) => i.TotalAmt), [100, 300]);
    const byName = await browse(e, `${realmId}/invoice?CustomerRef.name=bob%20tenant`);
    assert.equal(byName.json.total, 1);
    const people = await browse(e, `${realmId}/customer?Active=false`);
    assert.deepEqual(people.json.items.map((c: { DisplayName: string }) => c.DisplayName), [
      "Bob Tenant (deleted)",
    ], "QBO renames what it deactivates");
    const page = await browse(e, `${realmId}/invoice?limit=1&offset=1`);
    assert.equal(page.json.total, 3);
    assert.deepEqual([page.json.offset, page.json.limit, page.json.items.length], [1, 1, 1]);
    assert.equal(page.json.items[0].TotalAmt, 200);
    assert.equal((await browse(e, `${realmId}/preferences`)).json.items.length, 1);
  });
});

Deno.test("adminRoutes browse: unknown realm, entity or field and a bad limit are coded errors", async () => {
  await withEmulator(async (e, realmId) => {
    const realm = await browse(e, "123/account");
    assert.equal(realm.status, 404);
    assert.equal(realm.json.error, "unknown_realm");
    const entity = await browse(e, `${realmId}/widget`);
    assert.equal(entity.status, 404);
    assert.equal(entity.json.error, "unknown_entity");
    assert.ok(entity.json.entities.includes("Invoice"));
    const field = await browse(e, `${realmId}/account?Colour=red`);
    assert.equal(field.status, 400);
    assert.deepEqual([field.json.error, field.json.field], ["unknown_field", "Colour"]);
    assert.ok(field.json.fields.includes("AccountSubType"));
    for (const bad of ["limit=0", "limit=1001", "limit=ten", "offset=-1"]) {
      const res = await browse(e, `${realmId}/account?${bad}`);
      assert.deepEqual([res.status, res.json.error], [400, "invalid_request"], bad);
    }
  });
});

Deno.test("adminRoutes browse: reading writes nothing and emits no change", async () => {
  await withEmulator(async (e, realmId) => {
    const before = JSON.stringify(e.companies.snapshot());
    await browse(e, `${realmId}/account`);
    assert.equal(JSON.stringify(e.companies.snapshot()), before);
    assert.deepEqual(e.webhooks.backlog(), {});
  });
});
