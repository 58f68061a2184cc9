import assert from "node:assert/strict";
import { accountingHarness, faultOf } from "./accounting_harness.ts";

Deno.test("accountRules: create from a sub type derives type and classification", async () => {
  const h = accountingHarness();
  const a = await h.ok("/account", { Name: "Tenant Trust", AccountSubType: "TrustAccounts" });
  assert.equal(a.AccountType, "Bank");
  assert.equal(a.Classification, "Asset");
  assert.equal(a.SubAccount, false);
  assert.equal(a.CurrentBalance, 0);
  assert.equal(a.FullyQualifiedName, "Tenant Trust");
  const sub = await h.ok("/account", { Name: "Building A", AccountType: "Bank", ParentRef: { value: a.Id } });
  assert.equal(sub.SubAccount, true);
  assert.equal(sub.FullyQualifiedName, "Tenant Trust:Building A");
});

Deno.test("accountRules: missing or mismatched type is 6010, missing name 2020, duplicate name 6240", async () => {
  const h = accountingHarness();
  assert.equal(faultOf((await h.call("POST", "/account", { Name: "No Type" })).json).code, "6010");
  assert.equal(
    faultOf(
      (await h.call("POST", "/account", { Name: "Bad", AccountType: "Bank", AccountSubType: "Utilities" }))
        .json,
    ).code,
    "6010",
  );
  const noName = faultOf((await h.call("POST", "/account", { AccountType: "Bank" })).json);
  assert.equal(noName.code, "2020");
  assert.equal(noName.Message, "Required param missing, need to supply the required value for the API");
  assert.equal(
    faultOf((await h.call("POST", "/account", { Name: "Checking", AccountType: "Bank" })).json).code,
    "6240",
  );
});

Deno.test("accountRules: deactivation is a sparse update with Active false (no hard delete)", async () => {
  const h = accountingHarness();
  const id = h.idOf("Account", "Late Fee Income");
  const a = await h.get(`/account/${id}`);
  const off = await h.ok("/account", {
    Id: id,
    SyncToken: a.SyncToken,
    sparse: true,
    Active: false,
    Name: "Late Fee Income (deleted)",
  });
  assert.equal(off.Active, false);
  assert.equal(off.Name, "Late Fee Income (deleted)");
  assert.equal(off.AccountType, "Income");
  const del = await h.call("POST", "/account?operation=delete", { Id: id, SyncToken: off.SyncToken });
  assert.equal(faultOf(del.json).code, "500");
});

Deno.test("classRules / departmentRules: names, nesting and Active", async () => {
  const h = accountingHarness({ classTracking: true, locationTracking: true });
  const cls = await h.ok("/class", { Name: "Residential" });
  const sub = await h.ok("/class", { Name: "Multifamily", ParentRef: { value: cls.Id } });
  assert.equal(sub.SubClass, true);
  assert.equal(sub.FullyQualifiedName, "Residential:Multifamily");
  const dep = await h.ok("/department", { Name: "Downtown" });
  assert.equal(dep.SubDepartment, false);
  assert.equal(dep.Active, true);
  assert.equal(faultOf((await h.call("POST", "/department", { Name: "Downtown" })).json).code, "6240");
});

Deno.test("itemRules: a service item needs an income account; type enumeration is checked", async () => {
  const h = accountingHarness();
  assert.equal(
    faultOf((await h.call("POST", "/item", { Name: "Parking", Type: "Service" })).json).code,
    "2020",
  );
  assert.equal(
    faultOf((await h.call("POST", "/item", { Name: "Parking", Type: "Gadget" })).json).code,
    "2170",
  );
  const item = await h.ok("/item", {
    Name: "Parking",
    Type: "Service",
    IncomeAccountRef: { value: h.idOf("Account", "Rental Income") },
  });
  assert.equal(item.IncomeAccountRef.name, "Rental Income");
  assert.equal(item.Active, true);
});

Deno.test("termRules / paymentMethodRules: seeded defaults exist and new ones get defaults", async () => {
  const h = accountingHarness();
  const net30 = await h.get(`/term/${h.idOf("Term", "Net 30")}`);
  assert.equal(net30.DueDays, 30);
  const pm = await h.ok("/paymentmethod", { Name: "Money Order" });
  assert.equal(pm.Type, "NON_CREDIT_CARD");
  assert.equal(faultOf((await h.call("POST", "/paymentmethod", { Name: "Check" })).json).code, "6240");
});
