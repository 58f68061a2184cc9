import assert from "node:assert/strict";
import { accountingHarness, faultOf } from "./accounting_harness.ts";

Deno.test("customerRules: a new customer gets QBO's defaults and a MetaData in company time", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Doe5, Jane" });
  assert.equal(c.Id, "1");
  assert.equal(c.SyncToken, "0");
  assert.equal(c.domain, "QBO");
  assert.equal(c.sparse, false);
  assert.equal(c.Taxable, true);
  assert.equal(c.Job, false);
  assert.equal(c.BillWithParent, false);
  assert.equal(c.Balance, 0);
  assert.equal(c.BalanceWithJobs, 0);
  assert.deepEqual(c.CurrencyRef, { value: "USD", name: "United States Dollar" });
  assert.equal(c.PreferredDeliveryMethod, "Print");
  assert.equal(c.FullyQualifiedName, "Doe5, Jane");
  assert.equal(c.PrintOnCheckName, "Doe5, Jane");
  assert.equal(c.Active, true);
  assert.equal(c.MetaData.CreateTime, "2026-03-10T10:00:00-07:00");
});

Deno.test("customerRules: sub-customers carry ParentRef, Job, Level and Parent:Child names", async () => {
  const h = accountingHarness();
  const parent = await h.ok("/customer", { DisplayName: "Maple Court" });
  const child = await h.ok("/customer", { DisplayName: "Unit 4B", ParentRef: { value: parent.Id } });
  assert.equal(child.Job, true);
  assert.equal(child.Level, 1);
  assert.equal(child.ParentRef.value, parent.Id);
  assert.equal(child.FullyQualifiedName, "Maple Court:Unit 4B");
  const grandChild = await h.ok("/customer", { DisplayName: "Tenant Smith", ParentRef: { value: child.Id } });
  assert.equal(grandChild.Level, 2);
  assert.equal(grandChild.FullyQualifiedName, "Maple Court:Unit 4B:Tenant Smith");
});

Deno.test("customerRules: nesting deeper than 5 levels is fault 6180", async () => {
  const h = accountingHarness();
  let parent = await h.ok("/customer", { DisplayName: "L0" });
  for (let level = 1; level <= 4; level++) {
    parent = await h.ok("/customer", { DisplayName: `L${level}`, ParentRef: { value: parent.Id } });
  }
  const res = await h.call("POST", "/customer", { DisplayName: "L5", ParentRef: { value: parent.Id } });
  assert.equal(res.status, 400);
  assert.equal(faultOf(res.json).code, "6180");
});

Deno.test("customerRules: DisplayName is unique across customers, vendors and employees (6240)", async () => {
  const h = accountingHarness();
  await h.ok("/vendor", { DisplayName: "Weiskopf Consulting" });
  const res = await h.call("POST", "/customer", { DisplayName: "weiskopf consulting" });
  assert.equal(res.status, 400);
  const fault = faultOf(res.json);
  assert.equal(fault.code, "6240");
  assert.equal(fault.Message, "Duplicate Name Exists Error");
  assert.equal(fault.type, "ValidationFault");
  assert.ok(typeof res.json.time === "string");
  const employee = await h.call("POST", "/employee", { DisplayName: "Weiskopf Consulting" });
  assert.equal(faultOf(employee.json).code, "6240");
});

Deno.test("customerRules: a customer without any name part is fault 6080; name parts build DisplayName", async () => {
  const h = accountingHarness();
  const res = await h.call("POST", "/customer", { Notes: "nameless" });
  assert.equal(faultOf(res.json).code, "6080");
  const built = await h.ok("/customer", { GivenName: "Ann", FamilyName: "Lee" });
  assert.equal(built.DisplayName, "Ann Lee");
});

Deno.test("customerRules: an unknown or inactive parent is 2500 / 610", async () => {
  const h = accountingHarness();
  const missing = await h.call("POST", "/customer", { DisplayName: "X", ParentRef: { value: "999" } });
  assert.equal(faultOf(missing.json).code, "2500");
  const parent = await h.ok("/customer", { DisplayName: "Old Owner" });
  await h.ok("/customer", { Id: parent.Id, SyncToken: parent.SyncToken, sparse: true, Active: false });
  const inactive = await h.call("POST", "/customer", { DisplayName: "Y", ParentRef: { value: parent.Id } });
  assert.equal(faultOf(inactive.json).code, "610");
});

Deno.test("employeeRules: deactivation appends (deleted) like QBO and frees the name", async () => {
  const h = accountingHarness();
  const e = await h.ok("/employee", { GivenName: "Emily", FamilyName: "Platt" });
  assert.equal(e.BillableTime, false);
  assert.equal(e.PrintOnCheckName, "Emily Platt");
  const off = await h.ok("/employee", { Id: e.Id, SyncToken: e.SyncToken, sparse: true, Active: false });
  assert.equal(off.Active, false);
  assert.equal(off.DisplayName, "Emily Platt (deleted)");
  assert.equal(off.SyncToken, "1");
  const again = await h.ok("/employee", { DisplayName: "Emily Platt" });
  assert.equal(again.DisplayName, "Emily Platt");
});

Deno.test("vendorRules: defaults and Balance from open bills", async () => {
  const h = accountingHarness();
  const v = await h.ok("/vendor", { DisplayName: "Boraski Family Store" });
  assert.equal(v.Vendor1099, false);
  assert.equal(v.Balance, 0);
  await h.ok("/bill", {
    VendorRef: { value: v.Id },
    Line: [{
      Amount: 315,
      DetailType: "AccountBasedExpenseLineDetail",
      AccountBasedExpenseLineDetail: { AccountRef: { value: h.idOf("Account", "Utilities") } },
    }],
  });
  assert.equal((await h.get(`/vendor/${v.Id}`)).Balance, 315);
});
